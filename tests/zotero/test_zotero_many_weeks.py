"""A vault of 300 weeks syncs within Zotero's write limits, resumes after a failure, and is found again."""

from __future__ import annotations

import datetime
import math
from collections import Counter

import pytest
from servers.zotero import ZoteroServer
from zotero_helpers import API_KEY, USER_ID, notes, run_cli, top_items

WEEKS = 300
FIRST_MONDAY = datetime.date(2019, 1, 7)


@pytest.fixture
def zotero():
    with ZoteroServer() as server:
        server.add_key(API_KEY, USER_ID)
        yield server


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """Two notes a week for 300 weeks, as a reading vault names them: ``YYMMDD Title.md``."""
    folder = tmp_path_factory.mktemp("vault")
    for week in range(WEEKS):
        for day in (0, 3):
            date = FIRST_MONDAY + datetime.timedelta(weeks=week, days=day)
            number = week * 2 + day // 3
            arxiv_id = f"{date:%y%m}.{10000 + number:05d}"
            title = f"Scaling Study {number} of Sparse Mixtures"
            text = (
                f"https://arxiv.org/abs/{arxiv_id}\n\n{title} (Ada Writer, Bo Reader)\n\n"
                f"이 논문은 {number}번째 메모.\n\n#moe #week{week % 7}\n"
            )
            (folder / f"{date:%y%m%d} Study {number}.md").write_text(text, encoding="utf-8")
    return folder


def week_label(item_date: datetime.date) -> str:
    year, week, _ = item_date.isocalendar()
    return f"{year}-W{week:02d}"


def assert_vault_library(library) -> None:
    """600 items, each with its note and in its week's collection under the parent; no name twice."""
    items = top_items(library)
    assert len(items) == WEEKS * 2 and len(notes(library)) == WEEKS * 2
    assert max(Counter(item["archiveID"] for item in items).values()) == 1
    collections = library.collections.values()
    parent = [data for data in collections if data["name"] == "cite-export"]
    assert len(parent) == 1
    weeks = {data["key"]: data["name"] for data in collections if data["parentCollection"] == parent[0]["key"]}
    assert len(weeks) == len(set(weeks.values())) == WEEKS and len(library.collections) == WEEKS + 1
    for item in items:
        assert [weeks[key] for key in item["collections"]] == [week_label(noted_on(item))]


def noted_on(item) -> datetime.date:
    """The note's date, from the number in its title (two notes a week, Monday and Thursday)."""
    week, thursday = divmod(int(item["title"].split()[2]), 2)
    return FIRST_MONDAY + datetime.timedelta(weeks=week, days=3 * thursday)


def test_a_vault_of_300_weeks_syncs_within_the_limits(zotero, tmp_path, vault):
    first = run_cli(zotero.url, tmp_path, "sync", source=vault)
    assert first.exit_code == 0, first.stderr
    assert "600 create" in first.stderr
    assert all(size <= 50 for _, size in zotero.writes)
    collection_writes = [size for kind, size in zotero.writes if kind == "collections"]
    assert sum(collection_writes) == WEEKS + 1 and len(collection_writes) == 7
    library = zotero.library("users", USER_ID)
    assert_vault_library(library)

    zotero.reset_counts()
    again = run_cli(zotero.url, tmp_path, "sync", source=vault)
    assert again.exit_code == 0 and "600 unchanged" in again.stderr
    assert sum(zotero.requests.values()) <= 2

    zotero.reset_counts()
    fresh = run_cli(zotero.url, tmp_path / "fresh machine", "sync", source=vault)
    assert fresh.exit_code == 0 and "600 unchanged" in fresh.stderr, fresh.stderr
    assert not zotero.writes
    # The whole library read in pages of 100, after one listing of versions: ceil(items/100) + ceil(notes/100) + 3.
    assert sum(zotero.requests.values()) <= math.ceil(WEEKS * 2 / 100) * 2 + 3
    assert_vault_library(library)


def test_a_run_stopped_after_the_first_collection_write_resumes_without_duplicates(zotero, tmp_path, vault):
    # The first write of collections happens but its reply is lost; the second is refused, ending the run.
    zotero.inject("write collections", drop_response=True)
    zotero.inject("write collections", 400, skip=1)
    stopped = run_cli(zotero.url, tmp_path, "sync", source=vault)
    assert stopped.exit_code != 0 and "400" in stopped.stderr
    library = zotero.library("users", USER_ID)
    assert len(library.collections) == 50 and not library.items

    zotero.reset_counts()
    resumed = run_cli(zotero.url, tmp_path, "sync", source=vault)
    assert resumed.exit_code == 0, resumed.stderr
    assert [size for kind, size in zotero.writes if kind == "collections"] == [50, 50, 50, 50, 50, 1]
    assert_vault_library(library)
