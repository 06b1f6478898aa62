"""Sync notes into the local Zotero API server; print requests by kind, objects per write, and the library.

Usage:
    python benchmarks/zotero_sync.py [--count 2000] [--weeks 300]   # synthetic vault notes
    python benchmarks/zotero_sync.py --notes NOTES_DIR               # a real vault, through the CLI

Three syncs each: a first one into an empty library, a repeat with nothing changed (target: at most
2 requests), and one from a fresh machine with no local state against the full library (target:
nothing written, at most ceil(top-level items/100) + ceil(notes/100) + 3 requests). Synthetic notes
are spread over ``--weeks`` ISO weeks, as a real vault's are, and a fifth of the papers are noted twice.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from servers.zotero import ZoteroServer

REPO = Path(__file__).resolve().parents[1]

API_KEY = "BenchmarkKeyNeverPrinted"
USER_ID = 1


def write_vault(folder: Path, count: int, weeks: int) -> None:
    """``count`` notes over ``weeks`` weeks; every fifth paper is noted again in a later week."""
    start = datetime.date(2019, 1, 7)
    for number in range(count):
        date = start + datetime.timedelta(days=number * weeks * 7 // count)
        paper = number - 1 if number % 5 == 4 else number
        arxiv_id = f"{19 + paper // 12 // 90000}{paper % 12 + 1:02d}.{paper // 12 % 90000 + 10000:05d}"
        text = (
            f"https://arxiv.org/abs/{arxiv_id}\n\nSynthetic Paper {paper}: Scaling Things Further "
            f"(Author{paper} Family{paper}, Second Writer)\n\n논문 {paper}에 대한 메모 {number}.\n\n"
            "A second paragraph with <b>markup</b> & symbols.\n\n"
            f"#llm #topic_{number % 17}\n"
        )
        (folder / f"{date:%y%m%d} Synthetic {number}.md").write_text(text, encoding="utf-8")


def run_cli(server: ZoteroServer, notes: Path, cache_dir: Path) -> tuple[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ZOTERO_API_KEY": API_KEY,
        "CITE_EXPORT_ZOTERO_API": server.url,
        "CITE_EXPORT_CACHE_DIR": str(cache_dir),
    }
    command = [sys.executable, "-m", "cite_export", "zotero", "sync", "--library-id", str(USER_ID), "--offline"]
    started = time.perf_counter()
    done = subprocess.run([*command, str(notes)], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"zotero sync failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stderr.strip().splitlines()[-1], elapsed


def library_counts(server: ZoteroServer) -> tuple[int, int, int, int]:
    """Top-level items, notes, collections, and papers held by more than one item."""
    library = server.library("users", USER_ID)
    items = [data for data in library.items.values() if data["itemType"] != "note"]
    notes = len(library.items) - len(items)
    twice = sum(count > 1 for count in Counter(data.get("archiveID") or data["url"] for data in items).values())
    return len(items), notes, len(library.collections), twice


def report(label: str, server: ZoteroServer, summary: str, elapsed: float) -> None:
    requests = ", ".join(f"{kind} {count}" for kind, count in sorted(server.requests.items()))
    print(label)
    print(f"  summary:   {summary}")
    print(f"  requests:  {sum(server.requests.values())} ({requests})")
    for kind in ("items", "collections"):
        sizes = [size for written, size in server.writes if written == kind]
        if sizes:
            print(
                f"  writes of {kind}: {len(sizes)} requests, {sum(sizes)} objects, "
                f"{sum(sizes) / len(sizes):.1f} per write (largest {max(sizes)})"
            )
    items, notes, collections, twice = library_counts(server)
    print(f"  library:   {items} items, {notes} notes, {collections} collections, {twice} papers twice")
    print(f"  time:      {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="synthetic notes (default 2000)")
    parser.add_argument("--weeks", type=int, default=300, help="weeks the synthetic notes span (default 300)")
    parser.add_argument("--notes", type=Path, help="a folder of real notes instead of synthetic ones")
    options = parser.parse_args()
    with ZoteroServer() as server, tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        notes = options.notes
        if notes is None:
            notes = scratch / "vault"
            notes.mkdir()
            write_vault(notes, options.count, options.weeks)
            print(f"{options.count} synthetic vault notes over {options.weeks} weeks, {datetime.date.today()}")
        else:
            print(f"notes: {notes}, {datetime.date.today()}")
        server.add_key(API_KEY, USER_ID)
        for label, cache in (
            ("first sync (empty library)", "first"),
            ("repeated sync (nothing changed)", "first"),
            ("fresh machine (no local state, full library)", "fresh"),
        ):
            server.reset_counts()
            summary, elapsed = run_cli(server, notes, scratch / cache)
            report(label, server, summary, elapsed)
        items, notes_count, _, _ = library_counts(server)
        bound = math.ceil(items / 100) + math.ceil(notes_count / 100) + 3
        print(f"fresh-machine bound: ceil({items}/100) + ceil({notes_count}/100) + 3 = {bound} requests")


if __name__ == "__main__":
    main()
