"""Read a folder of notes and print what came out: notes, entries, merged entries, fields, warnings by kind, time.

Then time the whole offline export as a user runs it (`cite-export bib --offline`, process start included),
with a fresh cache folder and again with the keys it issued.

Usage: python benchmarks/read_notes.py FOLDER [--problems N]
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cite_export.links import arxiv_ref
from cite_export.notes import read_sources
from cite_export.pipeline import read_and_resolve
from cite_export.resolve import ResolveSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="files or folders of notes")
    parser.add_argument("--problems", type=int, default=0, metavar="N", help="also print the first N warnings")
    options = parser.parse_args()

    start = time.perf_counter()
    reading = read_sources(options.sources)
    elapsed = time.perf_counter() - start
    # What the pipeline reports offline: the notes of one paper merged into one entry.
    run = read_and_resolve(options.sources, None, ResolveSettings(offline=True))

    entries = reading.entries
    files_with_entries = {entry.origin.path for entry in entries}
    kinds = collections.Counter(re.sub(r"\d+", "N", problem.message.split(":")[0]) for problem in run.problems)
    rows = [
        ("files", reading.files),
        ("files with an entry", len(files_with_entries)),
        ("notes (entries read)", len(entries)),
        ("entries (one per paper)", len(run.records)),
        ("merged (of several notes)", run.merged),
        ("with a link", sum(bool(entry.links) for entry in entries)),
        ("with arXiv id", sum(any(arxiv_ref(link) for link in entry.links) for entry in entries)),
        ("with title", sum(bool(entry.title) for entry in entries)),
        ("with authors", sum(bool(entry.authors) for entry in entries)),
        ("with an organisation", sum(entry.author_is_organisation for entry in entries)),
        ("with tags", sum(bool(entry.tags) for entry in entries)),
        ("with commentary", sum(bool(entry.commentary) for entry in entries)),
        ("with related links", sum(bool(entry.related_links) for entry in entries)),
        ("with wiki links", sum(bool(entry.wiki_links) for entry in entries)),
        ("with a week", sum(entry.week is not None for entry in entries)),
        ("with a date", sum(entry.date is not None for entry in entries)),
        ("warnings", len(run.problems)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, count in rows:
        print(f"{name:<{width}}  {count:>6}")
    for kind, count in kinds.most_common():
        print(f"  {count:>5}  {kind}")
    print(f"{'read time':<{width}}  {elapsed:>6.3f} s")
    print(run.summary())
    for problem in run.problems[: options.problems]:
        print(problem)
    with tempfile.TemporaryDirectory() as folder:
        for run in ("first", "second"):
            wall = time_offline_export(options.sources, Path(folder))
            print(f"{'export, ' + run + ' run':<{width}}  {wall:>6.3f} s (cite-export bib --offline, wall)")


def time_offline_export(sources: list[str], folder: Path) -> float:
    command = [sys.executable, "-m", "cite_export", "bib", "--offline", "--cache-dir", str(folder)]
    command += ["-o", str(folder / "refs.bib"), *sources]
    start = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
