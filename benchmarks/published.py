"""`--published` over a folder of notes against local Semantic Scholar, DBLP and Crossref servers, cold then warm.

The notes are first resolved against a local arXiv server (as benchmarks/resolve_arxiv.py builds it;
not measured). The three services then know every arXiv paper, in a fixed mix drawn from each id:
a DOI of record Crossref holds (30 %), a Semantic Scholar venue DBLP confirms (25 %), a null batch
answer DBLP places (5 %), Semantic Scholar's venue with the arXiv DOI and year, placed by DBLP
(5 %), a rejected OpenReview-style venue (5 %), a DOI leading to another paper of the same title
(5 %), and arXiv only (25 %). Each server enforces its service's spacing (429 + Retry-After when
broken) and counts violations. Prints requests per service against the fewest possible, rate
violations, wall time against each service's floor (requests x spacing), and a warm re-run.

Usage: python benchmarks/published.py FOLDER [--scale 1.0] [--cache-dir DIR]
(--scale multiplies every spacing, e.g. 0.05 for a quick run; the servers enforce the scaled spacing.)
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolve_arxiv import server_papers
from servers.arxiv import ArxivServer, Paper
from servers.crossref import CrossrefServer, crossref_work
from servers.dblp import DblpServer, dblp_record
from servers.semantic_scholar import SemanticScholarServer, s2_paper

from cite_export.names import split_name
from cite_export.notes import read_sources
from cite_export.resolve import ResolveSettings, resolve
from cite_export.resolve.offline import record_from_note
from cite_export.resolve.published import PublishedSettings, find_published
from cite_export.store import connect

MIX = ["crossref"] * 6 + ["dblp"] * 5 + ["s2 null", "s2 arxiv doi", "rejected", "other paper"] + ["arxiv only"] * 5
SPACING = {"Semantic Scholar": 1.0, "DBLP": 1.0, "Crossref": 0.1}


def kind_of(arxiv_id: str) -> str:
    return MIX[int(hashlib.sha256(arxiv_id.encode()).hexdigest(), 16) % len(MIX)]


def services(papers: list[Paper]) -> tuple[list, list, list, set[str], dict[str, int]]:
    s2, dblp, crossref, nulls = [], [], [], set()
    for paper in papers:
        kind, year = kind_of(paper.id), int(paper.published[:4])
        key = f"abs-{paper.id.replace('.', '-').replace('/', '-')}"
        dblp.append(dblp_record(f"journals/corr/{key}", paper.title, paper.authors, year, "CoRR", "informal"))
        venue = {"venue": "arXiv.org"}
        if kind in ("crossref", "other paper"):
            doi = f"10.5555/{key}"
            venue = {"venue": "Some Venue", "doi": doi, "publicationTypes": ["Conference"]}
            authors = [split_name(name) for name in paper.authors]
            if kind == "other paper":
                authors = [split_name("Zed Nobody")]
            work_type = "proceedings-article" if len(paper.id) % 2 else "journal-article"
            crossref.append(
                crossref_work(
                    doi,
                    work_type,
                    paper.title,
                    [(p.given, p.family) for p in authors],
                    year + 1,
                    container_title=["Proceedings of Things"],
                    page="1-10",
                )
            )
        elif kind in ("dblp", "s2 null", "s2 arxiv doi"):
            dblp.append(
                dblp_record(f"conf/things/{key}", paper.title, paper.authors, year + 1, "THINGS", "proceedings")
            )
            venue = {"venue": "Conference on Things", "publicationTypes": ["Conference"]}
            if kind == "s2 arxiv doi":
                venue["doi"] = f"10.48550/arXiv.{paper.id}"
            nulls |= {paper.id} if kind == "s2 null" else set()
        elif kind == "rejected":
            venue = {"venue": "Submitted to ICLR 2024", "publicationTypes": ["Conference"]}
        s2.append(s2_paper(paper.id, paper.title, paper.authors, year, **venue))
    expected = {kind: sum(kind_of(paper.id) == kind for paper in papers) for kind in dict.fromkeys(MIX)}
    return s2, dblp, crossref, nulls, expected


def fewest(ids: int, expected: dict[str, int]) -> dict[str, int]:
    asked_dblp = ids - expected["crossref"] - expected["other paper"]
    return {
        "Semantic Scholar": math.ceil(ids / 500),
        "DBLP": asked_dblp,
        "Crossref": expected["crossref"] + expected["other paper"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="files or folders of notes")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply each service's spacing (default 1: real)")
    parser.add_argument("--cache-dir", type=Path, help="database folder (default: a new temporary folder)")
    options = parser.parse_args()
    spacing = {name: seconds * options.scale for name, seconds in SPACING.items()}

    reading = read_sources(options.sources)
    papers = server_papers([record_from_note(entry) for entry in reading.entries])
    s2_papers, dblp_records, works, nulls, expected = services(papers)
    with tempfile.TemporaryDirectory() as scratch, ArxivServer(papers) as arxiv:
        cache_dir = options.cache_dir or Path(scratch)
        with closing(connect(cache_dir)) as connection:
            records = resolve(reading.entries, connection, ResolveSettings(api_url=arxiv.url, delay=0)).records
        ids = len({record.arxiv_id for record in records if record.arxiv_id})
        need = fewest(ids, expected)
        print(f"{reading.files} files, {len(reading.entries)} entries, {ids} distinct arXiv papers")
        print("mix: " + ", ".join(f"{kind} {count}" for kind, count in expected.items()))
        with (
            SemanticScholarServer(s2_papers, min_interval=spacing["Semantic Scholar"], null_ids=nulls) as s2,
            DblpServer(dblp_records, min_interval=spacing["DBLP"]) as dblp,
            CrossrefServer(works, min_interval=spacing["Crossref"]) as crossref,
        ):
            servers = {"Semantic Scholar": s2, "DBLP": dblp, "Crossref": crossref}
            settings = PublishedSettings(
                s2_api=s2.url,
                dblp_api=dblp.url,
                crossref_api=crossref.url,
                mailto="bench@example.org",
                s2_delay=spacing["Semantic Scholar"],
                dblp_delay=spacing["DBLP"],
                crossref_delay=spacing["Crossref"],
            )
            for label in ("cold", "warm"):
                before = {name: server.request_count for name, server in servers.items()}
                started = time.perf_counter()
                with closing(connect(cache_dir)) as connection:
                    report = find_published(records, connection, settings)
                wall = time.perf_counter() - started
                made = {name: server.request_count - before[name] for name, server in servers.items()}
                published = len({r.arxiv_id for r in records if r.version_of_record})
                print(
                    f"{label}: {sum(made.values())} requests, wall {wall:.1f} s, {published} papers published, "
                    f"{len(report.problems)} warnings"
                )
                floor_total = 0.0
                for name, count in made.items():
                    floor = max(0, count - 1) * spacing[name]
                    floor_total += floor
                    print(
                        f"  {name}: {count} requests (fewest {need[name] if label == 'cold' else 0}), "
                        f"{servers[name].violations()} rate violations, floor {floor:.1f} s "
                        f"({spacing[name]:g} s apart)"
                    )
                if sum(made.values()):
                    ratio = wall / max(floor_total, 1e-9)
                    print(f"  wall vs summed floors: {wall:.1f} s vs {floor_total:.1f} s ({ratio:.2f}x)")
            placed = expected["crossref"] + expected["dblp"] + expected["s2 null"] + expected["s2 arxiv doi"]
            print(f"published {published}, expected {placed} (the rejected, other-paper and arXiv-only stay preprints)")
            print(
                f"S2 requests = ceil({ids}/500) = {need['Semantic Scholar']}: "
                f"{servers['Semantic Scholar'].request_count == need['Semantic Scholar']}"
            )


if __name__ == "__main__":
    main()
