"""Resolve a folder of notes against a local arXiv server that enforces a rate policy, cold then warm.

The server holds a paper for every arXiv id in the notes (the note's title and authors) and for
half of the non-arXiv entries that have a title and authors (so title search both hits and
misses). It answers after a realistic latency and counts requests that come closer together
than the policy allows. Prints requests made, rate violations, wall time and the floor: the
fewest requests the notes need (ceil(ids / 1000) id lookups, ceil(titles / 10) searches), one
at a time, each starting at least the delay after the one before (the first at once), each
taking the server's latency, which grows with the batch as arXiv's does.

``--padding N`` first fills the cache with N other papers, to show that a warm run does not
slow down with the size of the cache (it reads cached papers in one query, not one per id).

Usage: python benchmarks/resolve_arxiv.py FOLDER [--delay 3] [--cache-dir DIR] [--padding 120000]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from servers.arxiv import ArxivServer, Paper

from cite_export.links import arxiv_id_month
from cite_export.model import Kind, Resolution
from cite_export.notes import read_sources
from cite_export.resolve import resolve, titles
from cite_export.resolve.offline import record_from_note
from cite_export.resolve.settings import ResolveSettings
from cite_export.store import connect


def latency(params: dict[str, str]) -> float:
    """Roughly what export.arxiv.org takes: half a second, plus about a second per 100 ids, or a search."""
    ids = len([item for item in params.get("id_list", "").split(",") if item])
    return 0.5 + 0.01 * ids if ids else 0.8


def server_papers(records) -> list[Paper]:
    papers: dict[str, Paper] = {}
    for record in records:
        if record.arxiv_id and record.arxiv_id not in papers:
            year, month = arxiv_id_month(record.arxiv_id) or (2020, 1)
            papers[record.arxiv_id] = Paper(
                record.arxiv_id,
                record.title or f"Paper {record.arxiv_id}",
                [person.full for person in record.authors] or ["Unknown Author"],
                f"{year}-{month:02d}-01T00:00:00Z",
                "cs.LG",
            )
    searchable = [r for r in records if r.kind is not Kind.ARXIV and titles.searchable(r.entry)]
    for number, record in enumerate(searchable[::2]):
        arxiv_id = f"2312.{90000 + number:05d}"
        papers[arxiv_id] = Paper(arxiv_id, record.title, list(record.entry.authors), "2023-12-01T00:00:00Z", "cs.LG")
    return list(papers.values())


def distinct_ids(records) -> set[str]:
    return {record.arxiv_id for record in records if record.arxiv_id}


def distinct_title_searches(records) -> set[str]:
    return {titles.search_key(r.entry) for r in records if r.kind is not Kind.ARXIV and titles.searchable(r.entry)}


def fewest_requests(records, settings: ResolveSettings) -> list[dict[str, str]]:
    """The parameters (as far as latency goes) of the fewest requests the records need."""
    ids, searches = len(distinct_ids(records)), len(distinct_title_searches(records))
    batches = [min(settings.batch_size, ids - start) for start in range(0, ids, settings.batch_size)]
    lookups = [{"id_list": ",".join(["x"] * size)} for size in batches]
    return lookups + [{"search_query": "ti"}] * math.ceil(searches / settings.titles_per_search)


def floor_seconds(requests: list[dict[str, str]], delay: float) -> float:
    """One request at a time, starts at least ``delay`` apart, the first at once."""
    started = ended = 0.0
    for index, params in enumerate(requests):
        started = ended if index == 0 else max(started + delay, ended)
        ended = started + latency(params)
    return ended


def pad_cache(cache_dir: Path, count: int) -> None:
    from cite_export.resolve.cache import ArxivCache
    from cite_export.resolve.paper import ArxivPaper

    template = ArxivPaper.from_json(
        '{"id": "0000.00000", "version": 1, "title": "Padding paper", "authors": ["A. Author"], '
        '"published": "2020-01-01", "updated": "2020-01-01", "primary_class": "cs.LG", "doi": null, '
        '"journal_ref": null, "abstract": "' + "x" * 900 + '"}'
    )
    with closing(connect(cache_dir)) as connection:
        cache = ArxivCache(connection)
        for start in range(0, count, 10000):
            batch = range(start, min(count, start + 10000))
            cache.store_papers(
                dataclasses.replace(template, id=f"9{number // 100000:03d}.{number % 100000:05d}") for number in batch
            )


def timed_run(entries, cache_dir: Path, settings: ResolveSettings, server: ArxivServer, label: str, floor: float):
    before = server.request_count
    started = time.perf_counter()
    with closing(connect(cache_dir)) as connection:
        report = resolve(entries, connection, settings)
    wall = time.perf_counter() - started
    made = server.request_count - before
    resolved = sum(record.resolution is not Resolution.NOTE for record in report.records)
    by_title = sum(record.resolution is Resolution.TITLE_SEARCH for record in report.records)
    print(f"{label}: {made} requests, {server.violations()} rate violations so far, wall {wall:.1f} s", end="")
    print(f" (floor {floor:.1f} s, {wall / floor:.2f}x)" if floor and made else "")
    warnings = len(report.problems)
    print(f"  {resolved}/{len(entries)} entries from arXiv ({by_title} by title search), {warnings} warnings", end="")
    print(f", waited {report.waited:.1f} s for our turn")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="files or folders of notes")
    parser.add_argument("--delay", type=float, default=3.0, help="the server's rate policy and the client's delay")
    parser.add_argument("--cache-dir", type=Path, help="database folder (default: a new temporary folder)")
    parser.add_argument("--padding", type=int, default=0, help="other papers put in the cache first")
    options = parser.parse_args()

    reading = read_sources(options.sources)
    notes = [record_from_note(entry) for entry in reading.entries]
    with ArxivServer(server_papers(notes), latency=latency, min_interval=options.delay) as server:
        settings = ResolveSettings(api_url=server.url, delay=options.delay, timeout=20)
        fewest = fewest_requests(notes, settings)
        floor = floor_seconds(fewest, options.delay)
        ids, searches = len(distinct_ids(notes)), len(distinct_title_searches(notes))
        print(f"{reading.files} files, {len(reading.entries)} entries: ", end="")
        print(f"{ids} distinct arXiv ids, {searches} titles to search")
        print(
            f"fewest requests: {len(fewest)} (ceil({ids}/{settings.batch_size}) id lookups, "
            f"ceil({searches}/{settings.titles_per_search}) searches); floor {floor:.1f} s "
            f"(first request at once, then {options.delay:g} s apart, latency 0.5 s + 0.01 s per id)"
        )
        with tempfile.TemporaryDirectory() as scratch:
            cache_dir = options.cache_dir or Path(scratch)
            if options.padding:
                pad_cache(cache_dir, options.padding)
                print(f"cache padded with {options.padding} other papers")
            cold = timed_run(reading.entries, cache_dir, settings, server, "cold cache", floor)
            warm = timed_run(reading.entries, cache_dir, settings, server, "warm cache", floor)
        print(f"rate violations: {server.violations()} (intervals >= {options.delay:g} s required)")
        print(f"cold within 10% of floor: {abs(cold - floor) <= 0.1 * floor}; warm under 2 s: {warm < 2}; ", end="")
        print(f"warm faster than cold: {warm < cold}")


if __name__ == "__main__":
    main()
