"""The whole product over a real vault, against the local arXiv and Zotero servers, in one table.

    python benchmarks/real_vault.py NOTES_DIR [--keep DIR]

- ``bib`` -> pdflatex + bibtex (natbib, plainnat, the preamble of examples/paper-natbib.tex) and
  ``bib --style biblatex`` -> biber (and ``biber --validate-datamodel``): errors and warnings counted,
  entries in the .bbl against entries exported;
- ``csl`` -> ``pandoc --citeproc``: warnings, and references rendered against items exported;
- ``zotero sync``: the first sync into an empty library, a repeat, and a fresh machine (no local state):
  requests, objects per write, items, notes, collections and duplicates in the library.

The local arXiv server knows every arXiv paper the vault links, made up from the note (its title and
authors, else the file name), so every command runs online exactly as it would against arxiv.org.
Every command is a separate ``python -m cite_export`` process, as a user runs it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers.arxiv import ArxivServer, Paper  # noqa: E402
from servers.zotero import ZoteroServer  # noqa: E402

from cite_export.links import arxiv_ref  # noqa: E402
from cite_export.notes import read_sources  # noqa: E402

API_KEY = "RealVaultBenchmarkKey000"  # a real key's shape: 24 letters and digits
USER_ID = 1
TOOL_TIMEOUT = 1800
LATEX_RUNS = 4  # after the bib tool, at most
HANGUL = re.compile(r"U\+(AC|AD|AE|AF|B[0-9A-F]|C[0-9A-F]|D[0-7]|11[0-9A-F]{2}|31[3-8])", re.IGNORECASE)
NATBIB_BODY = "\\nocite{*}\n\\bibliographystyle{plainnat}\n\\bibliography{refs}\n"
BIBLATEX_BODY = "\\nocite{*}\n\\printbibliography\n"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, check: str, status: object, errors: object, warnings: object, entries: str, details: str) -> None:
        self.rows.append((check, str(status), str(errors), str(warnings), entries, details))
        print(f"  done: {check}", file=sys.stderr)

    def render(self) -> str:
        header = ("check", "exit", "errors", "warnings", "entries", "details")
        rows = [header, *self.rows]
        widths = [max(len(row[column]) for row in rows) for column in range(5)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True)) + "  " + row[5]
            for row in rows
        ]
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(line.rstrip() for line in lines)


def papers_of(notes: Path) -> list[Paper]:
    """One made-up arXiv record per arXiv id the notes link: the note's title and authors, its date's month."""
    papers: dict[str, Paper] = {}
    for entry in read_sources([str(notes)]).entries:
        refs = [ref for ref in map(arxiv_ref, entry.links) if ref]
        if not refs or refs[0].id in papers:
            continue
        arxiv_id = refs[0].id
        title = entry.title or Path(entry.origin.path).stem.partition(" ")[2] or f"Paper {arxiv_id}"
        authors = entry.authors or [f"Author {arxiv_id}"]
        year, month = published_month(arxiv_id, entry)
        published = f"{year:04d}-{month:02d}-15T17:59:58Z"
        papers[arxiv_id] = Paper(arxiv_id, title, authors, published, "cs.LG")
    return list(papers.values())


def published_month(arxiv_id: str, entry) -> tuple[int, int]:
    modern = re.fullmatch(r"(\d\d)(\d\d)\.\d{4,5}", arxiv_id)
    if modern:
        return 2000 + int(modern.group(1)), int(modern.group(2))
    old = re.search(r"/(\d\d)(\d\d)\d{3}$", arxiv_id)
    if old:
        year = int(old.group(1))
        return (1900 + year if year > 90 else 2000 + year), int(old.group(2))
    return (entry.date.year, entry.date.month) if entry.date else (2020, 1)


def cite_export(arguments: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    """Exit status, stderr and wall time of one ``cite-export`` process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cite_export", *arguments],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
        check=False,
    )
    return done.returncode, done.stderr, time.perf_counter() - started


def tool(command: list[str], cwd: Path) -> str:
    if shutil.which(command[0]) is None:
        raise SystemExit(f"{command[0]} is not installed (see .ci/run for the packages)")
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=TOOL_TIMEOUT)
    return done.stdout + done.stderr


def summary_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else ""


def latex_paper(folder: Path, name: str, example: str, body: str) -> None:
    """``examples/<example>.tex``'s preamble, citing every entry of the .bib."""
    source = (ROOT / "examples" / f"{example}.tex").read_text(encoding="utf-8")
    preamble = source[: source.index("\\begin{document}")]
    (folder / f"{name}.tex").write_text(f"{preamble}\\begin{{document}}\n{body}\\end{{document}}\n", encoding="utf-8")


def latex_errors(log: str) -> tuple[list[str], list[str]]:
    """(errors other than Hangul, Hangul errors) in a pdflatex log."""
    errors = [line for line in log.splitlines() if line.startswith("!")]
    hangul = [line for line in errors if HANGUL.search(line)]
    return [line for line in errors if line not in hangul], hangul


def latex_warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"Warning", line)]


def build(folder: Path, name: str, bib_tool: str) -> tuple[str, str]:
    """pdflatex, the bib tool, pdflatex until it asks for no rerun; the last .log and the .blg."""
    latex = ["pdflatex", "-interaction=nonstopmode", name]
    tool(latex, folder)
    tool([bib_tool, name], folder)
    read = lambda suffix: (folder / f"{name}{suffix}").read_text(encoding="utf-8", errors="replace")  # noqa: E731
    # As latexmk does: LaTeX again while it asks for a rerun (biblatex with 1,600 entries asks a third time).
    for _ in range(LATEX_RUNS):
        tool(latex, folder)
        if not re.search(r"Please rerun LaTeX|Rerun to get", read(".log")):
            break
    return read(".log"), read(".blg")


def exported_bib_entries(path: Path) -> int:
    entry_start = re.compile(r"^@(?!comment|preamble|string)\w+\{", flags=re.MULTILINE | re.IGNORECASE)
    return len(entry_start.findall(path.read_text(encoding="utf-8")))


def check_bibtex(table: Table, work: Path, notes: Path, arxiv_url: str, cache: Path) -> None:
    status, stderr, wall = cite_export(
        [
            "bib",
            "--arxiv-api",
            arxiv_url,
            "--arxiv-delay",
            "0",
            "--cache-dir",
            str(cache),
            "-o",
            "refs.bib",
            str(notes),
        ],
        work,
    )
    exported = exported_bib_entries(work / "refs.bib")
    table.add(
        "bib (online, local arXiv)", status, "-", "-", f"{exported} exported", f"{wall:.1f} s; {summary_line(stderr)}"
    )
    latex_paper(work, "natbib", "paper-natbib", NATBIB_BODY)
    log, blg = build(work, "natbib", "bibtex")
    errors, hangul = latex_errors(log)
    bbl = (work / "natbib.bbl").read_text(encoding="utf-8", errors="replace").count("\\bibitem")
    table.add(
        "  pdflatex (natbib)",
        "-",
        len(errors),
        len(latex_warnings(log)),
        f"{bbl}/{exported} in .bbl",
        f"{len(hangul)} Hangul errors (pdflatex cannot set Hangul); first: {first(errors)}",
    )
    blg_errors = [line for line in blg.splitlines() if re.search(r"error message|I was expecting|I'm ignoring", line)]
    blg_warnings = [line for line in blg.splitlines() if line.startswith("Warning--")]
    table.add(
        "  bibtex (plainnat)",
        "-",
        len(blg_errors),
        len(blg_warnings),
        f"{bbl}/{exported} in .bbl",
        f"first: {first(blg_errors + blg_warnings)}",
    )


def check_biblatex(table: Table, work: Path, notes: Path, cache: Path) -> None:
    status, stderr, wall = cite_export(
        ["bib", "--style", "biblatex", "--offline", "--cache-dir", str(cache), "-o", "refs-biblatex.bib", str(notes)],
        work,
    )
    exported = exported_bib_entries(work / "refs-biblatex.bib")
    table.add("bib --style biblatex", status, "-", "-", f"{exported} exported", f"{wall:.1f} s; {summary_line(stderr)}")
    latex_paper(work, "biblatex", "paper-biblatex", BIBLATEX_BODY)
    log, blg = build(work, "biblatex", "biber")
    errors, hangul = latex_errors(log)
    bbl = (work / "biblatex.bbl").read_text(encoding="utf-8", errors="replace").count("\\entry{")
    biber_errors = [line for line in blg.splitlines() if "] ERROR - " in line]
    biber_warnings = [line for line in blg.splitlines() if "] WARN - " in line]
    table.add(
        "  biber",
        "-",
        len(biber_errors),
        len(biber_warnings),
        f"{bbl}/{exported} in .bbl",
        f"first: {first(biber_errors + biber_warnings)}",
    )
    validation = tool(["biber", "--validate-datamodel", "--output-directory", str(work / "validate"), "biblatex"], work)
    invalid = [line for line in validation.splitlines() if re.search(r"\] (WARN|ERROR) - ", line)]
    table.add("  biber --validate-datamodel", "-", "-", len(invalid), "-", f"first: {first(invalid)}")
    table.add(
        "  pdflatex (biblatex)",
        "-",
        len(errors),
        len(latex_warnings(log)),
        f"{bbl}/{exported} in .bbl",
        f"{len(hangul)} Hangul errors; first: {first(errors)}",
    )


def check_csl(table: Table, work: Path, notes: Path, cache: Path) -> None:
    status, stderr, wall = cite_export(
        ["csl", "--offline", "--cache-dir", str(cache), "-o", "refs.json", str(notes)], work
    )
    exported = len(json.loads((work / "refs.json").read_text(encoding="utf-8")))
    table.add("csl", status, "-", "-", f"{exported} exported", f"{wall:.1f} s; {summary_line(stderr)}")
    (work / "cited.md").write_text(
        "---\nbibliography: refs.json\nnocite: '@*'\n---\n\n# References\n", encoding="utf-8"
    )
    output = tool(["pandoc", "--citeproc", "-t", "html", "cited.md", "-o", "cited.html"], work)
    warnings = [line for line in output.splitlines() if "[WARNING]" in line]
    errors = [line for line in output.splitlines() if "[ERROR]" in line or "Error" in line]
    html = (work / "cited.html").read_text(encoding="utf-8") if (work / "cited.html").exists() else ""
    rendered = html.count('class="csl-entry"')
    table.add(
        "  pandoc --citeproc",
        "-",
        len(errors),
        len(warnings),
        f"{rendered}/{exported} rendered",
        f"first: {first(errors + warnings)}",
    )


def check_zotero(table: Table, work: Path, notes: Path, arxiv_url: str, cache: Path) -> None:
    fresh = work / "fresh-machine-cache"
    with ZoteroServer() as server:
        server.add_key(API_KEY, USER_ID)
        library = server.library("users", USER_ID)
        env = {"ZOTERO_API_KEY": API_KEY}
        common = [
            "zotero",
            "sync",
            "--library-id",
            str(USER_ID),
            "--zotero-api",
            server.url,
            "--arxiv-api",
            arxiv_url,
            "--arxiv-delay",
            "0",
        ]
        for label, cache_dir in (
            ("zotero sync: first (empty library)", cache),
            ("zotero sync: repeat", cache),
            ("zotero sync: fresh machine", fresh),
        ):
            server.reset_counts()
            status, stderr, wall = cite_export([*common, "--cache-dir", str(cache_dir), str(notes)], work, env)
            writes = list(server.write_sizes)
            per_write = f"{sum(writes) / len(writes):.1f}" if writes else "-"
            requests = sum(server.requests.values())
            kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(server.requests.items()))
            items, child_notes, collections, duplicates = library_counts(library)
            errors = stderr.count("Error:") + stderr.count("Traceback")
            table.add(
                label,
                status,
                errors,
                stderr.count("warning:"),
                f"{items} items",
                f"{requests} requests ({kinds}); {len(writes)} writes, {per_write} objects/write, max "
                f"{max(writes, default=0)}; {child_notes} notes, {collections} collections, "
                f"{duplicates} duplicates; {wall:.1f} s; {summary_line(stderr)}",
            )


def library_counts(library) -> tuple[int, int, int, str]:
    """Top-level items, child notes, collections, and duplicates: a second item for a DOI or url, a second
    collection of a name under one parent, a second note of the same text under one item."""
    items = [data for data in library.items.values() if data.get("itemType") != "note"]
    child_notes = [data for data in library.items.values() if data.get("itemType") == "note"]
    collections_ = list(library.collections.values())
    identities = collections.Counter((data.get("DOI") or data.get("url") or data["key"]).casefold() for data in items)
    names = collections.Counter((data.get("parentCollection"), data.get("name")) for data in collections_)
    note_texts = collections.Counter((data.get("parentItem"), data.get("note")) for data in child_notes)
    counts = [sum(count - 1 for count in counter.values()) for counter in (identities, names, note_texts)]
    duplicates = f"{sum(counts)} (items {counts[0]}, collections {counts[1]}, notes {counts[2]})"
    return len(items), len(child_notes), len(collections_), duplicates


def first(lines: list[str]) -> str:
    return lines[0].strip()[:110] if lines else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path, help="the vault (a folder of notes)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (the .bib, logs, PDFs)")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="cite-export-real-vault-"))
    work.mkdir(parents=True, exist_ok=True)
    notes = options.notes.resolve()
    papers = papers_of(notes)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    commit.stdout = commit.stdout or "(not a git checkout)"
    print(
        f"{notes}: {len(papers)} arXiv papers served locally; cite-export at {commit.stdout.strip()}", file=sys.stderr
    )
    table = Table()
    try:
        with ArxivServer(papers) as arxiv:
            check_bibtex(table, work, notes, arxiv.url, work / "cache")
            check_biblatex(table, work, notes, work / "cache")
            check_csl(table, work, notes, work / "cache")
            check_zotero(table, work, notes, arxiv.url, work / "cache")
            table.add("arXiv requests (all runs)", "-", "-", "-", f"{len(papers)} papers", f"{arxiv.request_count}")
    finally:
        print(table.render())
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
