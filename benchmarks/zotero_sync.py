"""Sync N synthetic notes into the local Zotero API server; print requests by kind, objects per write and time.

Usage: python benchmarks/zotero_sync.py [--count 2000]

Runs three syncs: a first one into an empty library (target: at least 45 objects per write request),
a repeated one with nothing changed (target: at most 2 requests), and one from a fresh machine with
no local state against the full library (it must create nothing).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from servers.zotero import ZoteroServer

from cite_export.model import Entry, Kind, Origin, PartialDate, Person, Record, Resolution, Week
from cite_export.store import connect
from cite_export.zotero.client import ZoteroClient
from cite_export.zotero.sync import SyncSettings, sync

API_KEY = "BenchmarkKeyNeverPrinted"
USER_ID = 1


def synthetic_records(count: int) -> list[Record]:
    """Papers spread over digest weeks, each with two paragraphs of commentary and a few tags."""
    records = []
    for number in range(count):
        month = number % 12 + 1
        arxiv_id = f"24{month:02d}.{number:05d}"
        week = Week(2024, month, number % 4 + 1, f"2024년 {month}월 {number % 4 + 1}주차")
        entry = Entry(
            origin=Origin("synthetic.txt", number * 4 + 1),
            links=[f"https://arxiv.org/abs/{arxiv_id}"],
            title=f"Synthetic Paper {number}: Scaling Things Further",
            authors=[f"Author{number} Family{number}", "Second Writer"],
            commentary=[f"논문 {number}에 대한 메모입니다.", "A second paragraph with <b>markup</b> & symbols."],
            tags=["llm", f"topic_{number % 17}"],
            week=week,
        )
        records.append(
            Record(
                entry=entry,
                kind=Kind.ARXIV,
                title=entry.title,
                authors=[Person(f"Author{number}", f"Family{number}"), Person("Second", "Writer")],
                date=PartialDate(2024, month, 1 + number % 28),
                arxiv_id=arxiv_id,
                version=1,
                primary_class="cs.LG",
                abstract=f"Abstract of synthetic paper {number}.",
                resolution=Resolution.ARXIV,
            )
        )
    return records


def run(label: str, server: ZoteroServer, records: list[Record], keys: dict[str, str], cache_dir: str) -> None:
    server.reset_counts()
    client = ZoteroClient(str(USER_ID), "user", API_KEY, server.url)
    with closing(connect(cache_dir)) as connection:
        started = time.perf_counter()
        report = sync(records, keys, connection, client, SyncSettings())
        elapsed = time.perf_counter() - started
    writes = server.write_sizes
    per_write = sum(writes) / len(writes) if writes else 0.0
    counts = ", ".join(f"{count} {action}" for action, count in sorted(report.counts().items()))
    requests = ", ".join(f"{kind} {count}" for kind, count in sorted(server.requests.items()))
    print(f"{label}")
    print(f"  plan:        {counts}")
    print(f"  requests:    {sum(server.requests.values())} ({requests})")
    print(f"  writes:      {len(writes)} requests, {sum(writes)} objects, {per_write:.1f} objects per write")
    print(f"  time:        {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="number of synthetic notes (default 2000)")
    options = parser.parse_args()
    records = synthetic_records(options.count)
    keys = {record.identity: f"family{number}2024synthetic" for number, record in enumerate(records)}
    with ZoteroServer() as server, tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as fresh:
        server.add_key(API_KEY, USER_ID)
        print(f"{options.count} synthetic notes, local Zotero API server, {datetime.date.today()}")
        run("first sync (empty library)", server, records, keys, first)
        run("repeated sync (nothing changed)", server, records, keys, first)
        run("fresh machine (no local state, full library)", server, records, keys, fresh)
        library = server.library("users", USER_ID)
        items = sum(data["itemType"] != "note" for data in library.items.values())
        note_count = len(library.items) - items
        print(f"library: {items} items, {note_count} notes, {len(library.collections)} collections")


if __name__ == "__main__":
    main()
