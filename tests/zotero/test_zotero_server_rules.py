"""The local Zotero server keeps the Web API's rules, as pyzotero sees them over HTTP."""

from __future__ import annotations

import httpx2
import pytest
from pyzotero import zotero as pyzotero
from pyzotero.errors import PreConditionFailedError
from servers.zotero import ZoteroServer

KEY = "RulesTestKey"


@pytest.fixture
def server():
    with ZoteroServer() as running:
        running.add_key(KEY, 5)
        yield running


@pytest.fixture
def zot(server):
    client = pyzotero.Zotero(5, "user", KEY)
    client.endpoint = server.url
    return client


def preprint(**fields):
    return {"itemType": "preprint", "title": "A paper", "creators": [], "tags": [], **fields}


def test_per_object_validation(zot):
    result = zot.create_items(
        [
            preprint(),
            preprint(websiteTitle="x"),
            preprint(creators=[{"creatorType": "bookAuthor", "lastName": "X"}]),
            preprint(note="<p>x</p>"),
            preprint(tags=["x"]),
            preprint(tags=[{"tag": "t" * 256}]),
            {"itemType": "thesisX"},
            preprint(foo="bar"),
            preprint(relations={"dc:relation": "https://example.org/not-an-item"}),
            preprint(collections=["ABCD2345"]),
        ]
    )
    assert list(result["success"]) == ["0"]
    failed = {int(index): failure for index, failure in result["failed"].items()}
    assert failed[1]["message"] == "'websiteTitle' is not a valid field for type 'preprint'"
    assert "not a valid creator type" in failed[2]["message"]
    assert failed[3]["message"] == "'note' property is valid only for note and attachment items"
    assert failed[4]["message"] == "Tag must be an object"
    assert failed[5]["code"] == 413
    assert failed[6]["message"] == "'thesisX' is not a valid itemType"
    assert failed[7]["message"] == "Invalid property 'foo'"
    assert failed[8]["code"] == 400 and failed[9]["code"] == 409


def test_client_keys_make_creates_idempotent(zot):
    item = preprint(key="ABCD2345", version=0)
    assert zot.create_items([item])["success"] == {"0": "ABCD2345"}
    again = zot.create_items([item])
    assert again["failed"]["0"]["code"] == 412
    assert zot.create_items([preprint(key="BCDE2345")])["failed"]["0"]["code"] == 428
    assert zot.create_items([preprint(key="CDEF2345", version=3)])["failed"]["0"]["code"] == 404
    orphan = {"itemType": "note", "note": "<p>n</p>", "parentItem": "DEFG2345", "key": "EFGH2345", "version": 0}
    assert zot.create_items([orphan])["failed"]["0"]["code"] == 409
    assert len(zot.items()) == 1


def test_library_version_preconditions(zot):
    zot.create_items([preprint()])
    with pytest.raises(PreConditionFailedError):
        zot.create_items([preprint()], last_modified=0)


@pytest.mark.parametrize(
    ("kind", "make"),
    [("items", lambda number: preprint()), ("collections", lambda number: {"name": f"Week {number}"})],
)
def test_writes_of_every_kind_are_limited_to_50_objects(server, kind, make):
    def post(count: int) -> httpx2.Response:
        return httpx2.post(
            f"{server.url}/users/5/{kind}",
            json=[make(number) for number in range(count)],
            headers={"Authorization": f"Bearer {KEY}", "Zotero-API-Version": "3"},
            timeout=5,
        )

    refused = post(51)
    assert refused.status_code == 413 and refused.text == f"Cannot add more than 50 {kind} at a time"
    assert post(50).status_code == 200


def test_collections_take_client_keys_like_items(zot):
    week = {"name": "2024-W01", "key": "WEEK2345", "version": 0}
    assert zot.create_collections([week])["success"] == {"0": "WEEK2345"}
    assert zot.create_collections([week])["failed"]["0"]["code"] == 412
    assert zot.create_collections([{**week, "key": "WEEK3456", "version": 4}])["failed"]["0"]["code"] == 404
    assert zot.create_collections([{**week, "key": "week2345"}])["failed"]["0"]["code"] == 400
    child = {"name": "Child", "key": "KID23456", "version": 0, "parentCollection": "NONE2345"}
    assert zot.create_collections([child])["failed"]["0"]["code"] == 409
    assert zot.collection_versions() == {"WEEK2345": 1}


def test_versions_since_and_paging(zot):
    for start in range(0, 120, 50):
        zot.create_items([preprint(title=f"Paper {number}") for number in range(start, min(start + 50, 120))])
    assert len(zot.everything(zot.items(limit=100))) == 120
    versions = zot.item_versions(since=2)
    assert len(versions) == 20 and set(versions.values()) == {3}
    assert zot.key_info()["access"]["user"]["write"] is True


def test_read_only_keys_and_other_libraries(server, zot):
    server.add_key("ReadOnly", 5, write=False)
    reader = pyzotero.Zotero(5, "user", "ReadOnly")
    reader.endpoint = server.url
    assert reader.items() == []
    with pytest.raises(Exception, match="Write access denied"):
        reader.create_items([preprint()])
    stranger = pyzotero.Zotero(6, "user", KEY)
    stranger.endpoint = server.url
    with pytest.raises(Exception, match="Forbidden"):
        stranger.items()
