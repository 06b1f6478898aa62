"""An interrupted sync resumes where it stopped; notes that exceed Zotero's limits still sync."""

from __future__ import annotations

import pytest
from servers.zotero import ZoteroServer

from cite_export.model import Entry, Kind, Origin, PartialDate, Person, Record, Week
from cite_export.store import connect
from cite_export.zotero.client import ZoteroClient
from cite_export.zotero.settings import ZoteroError
from cite_export.zotero.sync import SyncSettings, sync

KEY = "ResumeTestKey00000000000"
WEEK = Week(2024, 1, 1, "2024년 1월 1주차")


@pytest.fixture
def server():
    with ZoteroServer() as running:
        running.add_key(KEY, 9)
        yield running


def paper(number: int, **entry_fields) -> Record:
    arxiv_id = f"2401.{number:05d}"
    fields = {"commentary": [f"메모 {number}"], "tags": ["llm"]} | entry_fields
    entry = Entry(Origin("notes.txt", number + 1), [f"https://arxiv.org/abs/{arxiv_id}"], f"Paper {number}", week=WEEK)
    for name, value in fields.items():
        setattr(entry, name, value)
    return Record(entry, Kind.ARXIV, entry.title, [Person("Ada", "Writer")], PartialDate(2024, 1), arxiv_id)


def client_for(server: ZoteroServer) -> ZoteroClient:
    return ZoteroClient("9", "user", KEY, server.url, timeout=5, attempts=2, max_wait=1)


def test_an_interrupted_sync_resumes_where_it_stopped(server, tmp_path):
    records = [paper(number) for number in range(60)]  # 120 objects: three writes
    server.inject("write items", 400, skip=1)
    with pytest.raises(ZoteroError, match="400"):
        sync(records, {}, connect(tmp_path), client_for(server), SyncSettings())
    library = server.library("users", 9)
    assert len(library.items) == 50
    server.reset_counts()
    report = sync(records, {}, connect(tmp_path), client_for(server), SyncSettings())
    assert report.counts() == {"create": 35, "unchanged": 25}
    assert server.write_sizes == [50, 20]
    assert len(library.items) == 120


def test_oversized_notes_and_names_are_clipped_not_refused(server, tmp_path):
    hostile = paper(
        1,
        commentary=("<script>alert('x')</script> \u202eRTL 🎉 " + "가" * 300_000, "}{\\immediate\\write18{rm}"),
        tags=("t" * 300, "   ", "ok"),
        abstract="x" * 70_000,
    )
    hostile.authors = [Person("G" * 300, "F" * 300)]
    hostile.abstract = "é" * 40_000
    report = sync([hostile], {}, connect(tmp_path), client_for(server), SyncSettings())
    assert not report.problems
    items = server.library("users", 9).items.values()
    note = next(item for item in items if item["itemType"] == "note")
    assert "&lt;script&gt;" in note["note"] and len(note["note"]) <= 500_000
    assert {tag["tag"] for tag in next(item for item in items if item["itemType"] == "preprint")["tags"]} == {
        "t" * 255,
        "ok",
    }
