"""The seed digest synced into the local Zotero server, with arXiv answered by the local arXiv server."""

from __future__ import annotations

from collections import Counter
from contextlib import closing

import pytest
from servers.arxiv import SEED_PAPERS, ArxivServer
from servers.zotero import ZoteroServer
from zotero_helpers import API_KEY, CLOSED_ARXIV, USER_ID, notes, run_cli, top_items

from cite_export.store import connect


@pytest.fixture
def arxiv():
    with ArxivServer(SEED_PAPERS) as server:
        yield server


@pytest.fixture
def zotero():
    with ZoteroServer() as server:
        server.add_key(API_KEY, USER_ID)
        yield server


def test_seed_into_an_empty_library(arxiv, zotero, tmp_path):
    result = run_cli(zotero.url, tmp_path, "sync", arxiv_url=arxiv.url)
    assert result.exit_code == 0, result.output + result.stderr
    assert "13 create" in result.stderr
    library = zotero.library("users", USER_ID)
    items = top_items(library)
    assert Counter(item["itemType"] for item in items) == {"preprint": 12, "forumPost": 1}
    gaussian = next(item for item in items if item["title"].startswith("3D Gaussian Splatting"))
    assert gaussian["archiveID"] == "arXiv:2308.04079"
    assert gaussian["extra"] == "arXiv:2308.04079 [cs.GR]"
    assert gaussian["DOI"] == "10.1145/3592433"
    assert gaussian["date"] == "2023-08-08"
    assert gaussian["citationKey"] == "kerbl20233d"
    assert gaussian["creators"][2] == {"creatorType": "author", "firstName": "Thomas", "lastName": "Leimkühler"}
    assert {tag["tag"] for tag in gaussian["tags"]} == {"neural_rendering", "nerf"}
    bigbench = next(item for item in items if item.get("archiveID") == "arXiv:2305.03111")
    arxiv_authors = next(paper.authors for paper in SEED_PAPERS if paper.id == "2305.03111")
    assert len(bigbench["creators"]) == len(arxiv_authors) > 16  # arXiv's full list, not the note's
    assert bigbench["repository"] == "arXiv"
    assert bigbench["url"] == "https://arxiv.org/abs/2305.03111"
    post = next(item for item in items if item["itemType"] == "forumPost")
    assert post["url"].startswith("https://twitter.com/jefrankle/status/1652918238018260992")
    assert "1653038984065433603" in post["extra"]
    assert post["date"] == "2023-05-01"
    assert len(notes(library)) == 12
    assert {note["parentItem"] for note in notes(library)} <= {item["key"] for item in items}
    unlimiformer = next(item for item in items if item.get("archiveID") == "arXiv:2305.01625")
    note = next(note for note in notes(library) if note["parentItem"] == unlimiformer["key"])
    assert note["note"].count("<p>") == 2 and "인코더-디코더" in note["note"]
    collections = {data["key"]: data for data in library.collections.values()}
    parent = next(data for data in collections.values() if data["name"] == "cite-export")
    week = next(data for data in collections.values() if data["name"] == "2023년 5월 1주차")
    assert parent["parentCollection"] is False and week["parentCollection"] == parent["key"]
    assert len(collections) == 2
    assert all(item["collections"] == [week["key"]] for item in items)
    assert max(zotero.write_sizes) <= 50 and zotero.max_in_flight == 1


def test_second_run_and_fresh_machine_create_nothing(arxiv, zotero, tmp_path):
    first = run_cli(zotero.url, tmp_path, "sync", arxiv_url=arxiv.url)
    assert first.exit_code == 0, first.stderr
    library = zotero.library("users", USER_ID)
    before = {key: data["version"] for key, data in library.items.items()}

    zotero.reset_counts()
    second = run_cli(zotero.url, tmp_path, "sync", arxiv_url=arxiv.url)
    assert second.exit_code == 0, second.stderr
    assert "0 create, 0 update, 13 unchanged" in second.stderr
    assert sum(zotero.requests.values()) <= 2 and not zotero.write_sizes

    fresh = tmp_path / "fresh-machine"  # no local state at all
    third = run_cli(zotero.url, fresh, "sync", arxiv_url=arxiv.url)
    assert third.exit_code == 0, third.stderr
    assert "0 create, 0 update, 13 unchanged" in third.stderr
    assert {key: data["version"] for key, data in library.items.items()} == before
    assert len(library.collections) == 2


def test_dry_run_and_status_write_nothing(zotero, tmp_path):
    dry = run_cli(zotero.url, tmp_path, "sync", "--dry-run", arxiv_url=CLOSED_ARXIV)
    assert dry.exit_code == 0, dry.stderr
    assert (
        dry.output.count("create ") == 13 and "13 entries (dry run, nothing written): 13 create, 0 update" in dry.stderr
    )
    status = run_cli(zotero.url, tmp_path, "status", arxiv_url=CLOSED_ARXIV)
    assert status.exit_code == 0 and "13 create" in status.stderr
    assert zotero.requests["keys"] == 2 and not zotero.write_sizes and not zotero.library("users", USER_ID).items


def pinned_keys(cache_dir) -> dict[str, str]:
    with closing(connect(cache_dir)) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'keys_issued'").fetchone():
            return {}
        return dict(connection.execute("SELECT identity, key FROM keys_issued"))


def test_a_dry_run_pins_no_citation_key(zotero, tmp_path):
    # A pinned key is never changed, so merely looking at the plan must not pin one.
    assert run_cli(zotero.url, tmp_path, "sync", "--dry-run").exit_code == 0
    assert run_cli(zotero.url, tmp_path, "status").exit_code == 0
    assert pinned_keys(tmp_path) == {}

    assert run_cli(zotero.url, tmp_path, "sync").exit_code == 0
    pinned = pinned_keys(tmp_path)
    written = {item["citationKey"] for item in top_items(zotero.library("users", USER_ID))}
    assert written == set(pinned.values()) and len(written) == 13
    again = run_cli(zotero.url, tmp_path, "sync", "--dry-run")
    assert "13 unchanged" in again.stderr and pinned_keys(tmp_path) == pinned
