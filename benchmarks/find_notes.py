"""Time `cite-export find` on a folder of notes: the first search (which builds the index), warm searches, and a
search after one note changed; each as a user runs it (process start included) and inside the process.

The folder is copied to a temporary place first, so that a note can be edited without touching the original.
Target: a warm search answers in under 0.5 s on the 1,706-note corpus.

Usage: python benchmarks/find_notes.py FOLDER [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cite_export.find.files import note_stats
from cite_export.find.index import paper_count, refresh
from cite_export.find.query import search
from cite_export.store import connect

QUERIES = (
    ["gaussian", "splatting"],
    ["diffusion"],
    ["가우시안"],
    ["학습"],
    ["scaling", "law"],
    ["--tag", "llm", "rlhf"],
)


def cli_seconds(notes: Path, cache: Path, words: list[str]) -> tuple[float, str]:
    command = [sys.executable, "-m", "cite_export", "find", "--notes", str(notes), "--cache-dir", str(cache), *words]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return elapsed, done.stderr.strip().splitlines()[-1]


def in_process_seconds(notes: Path, cache: Path, words: list[str]) -> float:
    tag = words[words.index("--tag") + 1] if "--tag" in words else None
    plain = [word for word in words if word not in ("--tag", tag)]
    start = time.perf_counter()
    connection = connect(cache)
    refresh(connection, note_stats([str(notes)]))
    search(connection, plain, tag, 10)
    connection.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="runs of each warm query")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        notes, cache = Path(scratch) / "notes", Path(scratch) / "cache"
        shutil.copytree(options.folder, notes)
        cold, summary = cli_seconds(notes, cache, ["gaussian"])
        connection = connect(cache)
        print(f"notes: {len(note_stats([str(notes)]))} files, {paper_count(connection)} papers indexed")
        connection.close()
        print(f"first search (builds the index): {cold:.2f} s  [{summary}]")
        cli, inside = [], []
        for words in QUERIES:
            times = [cli_seconds(notes, cache, words) for _ in range(options.runs)]
            cli += [seconds for seconds, _ in times]
            inside += [in_process_seconds(notes, cache, words) for _ in range(options.runs)]
            print(f"  {' '.join(words):<22} {statistics.median(s for s, _ in times):.3f} s  [{times[-1][1]}]")
        print(f"warm search, whole process: median {statistics.median(cli):.3f} s, max {max(cli):.3f} s")
        print(
            f"warm search, inside the process (list, refresh, query): median {statistics.median(inside):.3f} s, "
            f"max {max(inside):.3f} s"
        )
        edited = next(  # a paper's note (a link first) whose commentary ends before a paragraph of hashtags
            path
            for path in sorted(notes.rglob("*.md"))
            if path.read_text(encoding="utf-8").startswith("http") and "\n\n#" in path.read_text(encoding="utf-8")
        )
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("\n\n#", " benchmarkmarker\n\n#", 1), encoding="utf-8")
        os.utime(edited)
        after, summary = cli_seconds(notes, cache, ["benchmarkmarker"])
        print(f"search after one note changed: {after:.3f} s  [{summary}]")


if __name__ == "__main__":
    main()
