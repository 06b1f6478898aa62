"""Sync under faults, user edits, group libraries and bad keys: the library ends right, with no duplicate."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from click.testing import CliRunner
from servers.zotero import ZoteroServer
from zotero_helpers import API_KEY, CLOSED_ARXIV, SEED, USER_ID, notes, run_cli, top_items

from cite_export.cli import main
from cite_export.zotero.client import ZoteroClient

GROUP_ID = 777


@pytest.fixture
def zotero():
    with ZoteroServer() as server:
        server.add_key(API_KEY, USER_ID, groups={str(GROUP_ID): True})
        yield server


def assert_seed_library(library) -> None:
    """13 items, 12 notes, each note under an item, no paper twice."""
    items = top_items(library)
    assert len(items) == 13
    identities = Counter(item.get("archiveID") or item["url"] for item in items)
    assert max(identities.values()) == 1
    assert len(notes(library)) == 12
    assert Counter(note["parentItem"] for note in notes(library)).most_common(1)[0][1] == 1


def assert_quiet_rerun(zotero, tmp_path) -> None:
    zotero.reset_counts()
    again = run_cli(zotero.url, tmp_path, "sync")
    assert again.exit_code == 0, again.stderr
    assert "13 unchanged" in again.stderr and sum(zotero.requests.values()) <= 2


@pytest.mark.parametrize(
    ("kind", "status", "headers"),
    [
        ("write items", 429, {"Retry-After": "1"}),
        ("write items", 503, {"Retry-After": "1"}),
        ("write items", 500, {}),
        ("versions", 503, {"Retry-After": "1"}),
        ("keys", 500, {}),
    ],
)
def test_errors_are_retried(zotero, tmp_path, kind, status, headers):
    zotero.inject(kind, status, headers)
    started = time.monotonic()
    result = run_cli(zotero.url, tmp_path, "sync")
    assert result.exit_code == 0, result.stderr
    assert zotero.requests[kind] == 2
    if headers:
        assert time.monotonic() - started >= 1.0
    assert_seed_library(zotero.library("users", USER_ID))
    assert_quiet_rerun(zotero, tmp_path)


def test_backoff_on_a_success_delays_the_next_request(zotero, tmp_path):
    zotero.inject("versions", headers={"Backoff": "1"})
    started = time.monotonic()
    result = run_cli(zotero.url, tmp_path, "sync")
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started >= 1.0
    assert_seed_library(zotero.library("users", USER_ID))


def test_a_write_whose_response_is_lost_is_not_repeated(zotero, tmp_path):
    zotero.inject("write items", drop_response=True)
    result = run_cli(zotero.url, tmp_path, "sync")
    assert result.exit_code == 0, result.stderr
    assert_seed_library(zotero.library("users", USER_ID))
    assert_quiet_rerun(zotero, tmp_path)


def test_a_lost_collection_write_is_not_repeated(zotero, tmp_path):
    zotero.inject("write collections", drop_response=True)
    result = run_cli(zotero.url, tmp_path, "sync")
    assert result.exit_code == 0, result.stderr
    assert len(zotero.library("users", USER_ID).collections) == 2
    assert_seed_library(zotero.library("users", USER_ID))


def edited_seed(tmp_path, old: str, new: str):
    source = tmp_path / "notes" / SEED.name
    source.parent.mkdir(exist_ok=True)
    source.write_text(SEED.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return source


def test_a_user_edit_is_kept_and_reported(zotero, tmp_path):
    assert run_cli(zotero.url, tmp_path, "sync").exit_code == 0
    library = zotero.library("users", USER_ID)
    item = next(item for item in top_items(library) if item.get("archiveID") == "arXiv:2305.03053")
    note = next(note for note in notes(library) if note["parentItem"] == item["key"])
    zotero.user_edit(library, item["key"], title="ZipIt! (my title)")
    zotero.user_edit(library, note["key"], note="<p>my own words</p>")

    kept = run_cli(zotero.url, tmp_path, "sync")
    assert kept.exit_code == 0, kept.stderr
    assert "13 unchanged, 0 conflict (1 edited in Zotero, kept)" in kept.stderr
    assert library.items[item["key"]]["title"] == "ZipIt! (my title)"
    assert library.items[note["key"]]["note"] == "<p>my own words</p>"

    changed = edited_seed(tmp_path, "재미있네요.", "재미있네요. 다시 읽어 봄.")
    conflict = run_cli(zotero.url, tmp_path, "sync", "--dry-run", source=changed)
    assert "conflict  " in conflict.output and "1 conflict" in conflict.stderr
    conflict = run_cli(zotero.url, tmp_path, "sync", source=changed)
    assert conflict.exit_code == 0 and "1 conflict" in conflict.stderr
    assert library.items[note["key"]]["note"] == "<p>my own words</p>"

    forced = run_cli(zotero.url, tmp_path, "sync", "--force", source=changed)
    assert forced.exit_code == 0, forced.stderr
    assert "다시 읽어 봄" in library.items[note["key"]]["note"]
    assert library.items[item["key"]]["title"] == "ZipIt! (my title)"  # only the note was ours to change
    assert_seed_library(library)


def test_our_own_change_updates_the_note(zotero, tmp_path):
    assert run_cli(zotero.url, tmp_path, "sync").exit_code == 0
    changed = edited_seed(tmp_path, "재미있네요.", "재미있네요. 다시 읽어 봄.")
    zotero.reset_counts()
    result = run_cli(zotero.url, tmp_path, "sync", source=changed)
    assert result.exit_code == 0 and "1 update, 12 unchanged" in result.stderr
    assert zotero.write_sizes == [1]
    library = zotero.library("users", USER_ID)
    assert sum("다시 읽어 봄" in note["note"] for note in notes(library)) == 1
    assert_seed_library(library)


def test_a_group_library(zotero, tmp_path):
    result = run_cli(zotero.url, tmp_path, "sync", "--library-type", "group", "--library-id", str(GROUP_ID))
    assert result.exit_code == 0, result.stderr
    assert_seed_library(zotero.library("groups", GROUP_ID))
    assert not zotero.library("users", USER_ID).items


def test_a_read_only_key_is_refused_before_any_write(zotero, tmp_path):
    zotero.add_key("ReadOnlyKeyValue00000000", USER_ID, write=False)
    result = run_cli(zotero.url, tmp_path, "sync", key="ReadOnlyKeyValue00000000")
    assert result.exit_code != 0
    assert "read-only" in result.stderr and "ReadOnlyKeyValue00000000" not in result.output + result.stderr
    assert not any(kind.startswith("write") for kind in zotero.requests)
    dry = run_cli(zotero.url, tmp_path, "status", key="ReadOnlyKeyValue00000000", arxiv_url=CLOSED_ARXIV)
    assert dry.exit_code == 0 and "13 create" in dry.stderr


def test_a_bad_key_is_never_printed(zotero, tmp_path):
    result = run_cli(zotero.url, tmp_path, "sync", key="NotAKnownKeyAtAll0000000")
    assert result.exit_code != 0 and "refused" in result.stderr
    assert "NotAKnownKeyAtAll0000000" not in result.output + result.stderr


def test_plain_http_is_refused_off_loopback(tmp_path):
    result = run_cli("http://zotero.example.org", tmp_path, "sync")
    assert result.exit_code != 0 and "https" in result.stderr


def test_links_between_notes_become_relations(zotero, tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    notes_text = {
        "200619 Denoising Diffusion Probabilistic Models.md": (
            "https://arxiv.org/abs/2006.11239\n\nDenoising Diffusion Probabilistic Models (Jonathan Ho, Ajay Jain)\n\n"
            "확산 모델.\n\n#ddpm\n"
        ),
        "201214 Learning EBM.md": (
            "https://arxiv.org/abs/2012.08125\n\nLearning Energy-Based Models by Diffusion Recovery Likelihood "
            "(Ruiqi Gao, Yang Song)\n\nebm에 결합.\n\n[[200619 Denoising Diffusion Probabilistic Models]]\n\n#ebm\n"
        ),
        "210218 Improved DDPM.md": (
            "https://arxiv.org/abs/2102.09672\n\nImproved Denoising Diffusion Probabilistic Models (Alex Nichol)\n\n"
            "https://arxiv.org/abs/2006.11239 을 개선.\n\n#ddpm\n"
        ),
    }
    for name, text in notes_text.items():
        (vault / name).write_text(text, encoding="utf-8")
    result = run_cli(zotero.url, tmp_path, "sync", source=vault)
    assert result.exit_code == 0, result.stderr
    library = zotero.library("users", USER_ID)
    by_id = {item["archiveID"]: item for item in top_items(library)}
    uri = f"http://zotero.org/users/{USER_ID}/items/"
    ddpm = by_id["arXiv:2006.11239"]
    assert set(ddpm["relations"]["dc:relation"]) == {
        uri + by_id["arXiv:2012.08125"]["key"],
        uri + by_id["arXiv:2102.09672"]["key"],
    }
    assert by_id["arXiv:2012.08125"]["relations"]["dc:relation"] == [uri + ddpm["key"]]
    weeks = {data["name"] for data in library.collections.values()}
    assert weeks == {"cite-export", "2020-W25", "2020-W51", "2021-W07"}
    zotero.reset_counts()
    again = run_cli(zotero.url, tmp_path, "sync", source=vault)
    assert "3 unchanged" in again.stderr and sum(zotero.requests.values()) <= 2


def test_an_item_deleted_in_zotero_stays_deleted(zotero, tmp_path):
    assert run_cli(zotero.url, tmp_path, "sync").exit_code == 0
    library = zotero.library("users", USER_ID)
    item = next(item for item in top_items(library) if item.get("archiveID") == "arXiv:2305.03053")
    note = next(note for note in notes(library) if note["parentItem"] == item["key"])
    zotero.user_delete(library, note["key"])
    zotero.user_delete(library, item["key"])
    kept = run_cli(zotero.url, tmp_path, "sync")
    assert kept.exit_code == 0 and "(1 edited in Zotero, kept)" in kept.stderr
    assert item["key"] not in library.items
    forced = run_cli(zotero.url, tmp_path, "sync", "--force")
    assert forced.exit_code == 0 and "1 create" in forced.stderr
    assert_seed_library(library)


def test_a_config_file_others_can_read_is_refused(zotero, tmp_path):
    config = tmp_path / "cite-export.toml"
    config.write_text('[zotero]\napi_key = "KeyInAWorldReadableFile0"\n', encoding="utf-8")
    config.chmod(0o644)
    result = CliRunner().invoke(
        main,
        ["--config", str(config), "zotero", "sync", "--library-id", str(USER_ID), "--offline", str(SEED)],
        env={"CITE_EXPORT_ZOTERO_API": zotero.url, "CITE_EXPORT_CACHE_DIR": str(tmp_path), "ZOTERO_API_KEY": ""},
    )
    assert result.exit_code != 0 and "chmod 600" in result.stderr
    assert "KeyInAWorldReadableFile0" not in result.output + result.stderr
    assert not zotero.requests
    config.chmod(0o600)
    zotero.add_key("KeyInAWorldReadableFile0", USER_ID)
    result = CliRunner().invoke(
        main,
        ["--config", str(config), "zotero", "sync", "--library-id", str(USER_ID), "--offline", str(SEED)],
        env={"CITE_EXPORT_ZOTERO_API": zotero.url, "CITE_EXPORT_CACHE_DIR": str(tmp_path), "ZOTERO_API_KEY": ""},
    )
    assert result.exit_code == 0, result.stderr
    assert_seed_library(zotero.library("users", USER_ID))


def test_a_paper_saved_earlier_with_the_connector_is_matched_not_duplicated(zotero, tmp_path):
    library = zotero.library("users", USER_ID)
    library.version = 1
    library.items["CNCT2345"] = {
        "key": "CNCT2345",
        "version": 1,
        "itemType": "preprint",
        "title": "In-Context Learning Unlocked for Diffusion Models",
        "creators": [],
        "url": "http://arxiv.org/abs/2305.01115v2",
        "extra": "arXiv:2305.01115 [cs]",
        "tags": [],
        "collections": [],
        "relations": {},
    }
    result = run_cli(zotero.url, tmp_path, "sync")
    assert result.exit_code == 0, result.stderr
    assert "12 create, 0 update, 0 unchanged, 1 conflict" in result.stderr
    assert library.items["CNCT2345"]["creators"] == []  # the user's item is left as it was
    assert len(top_items(library)) == 13 and len(notes(library)) == 12
    assert any(note["parentItem"] == "CNCT2345" for note in notes(library))  # our commentary joins their item


def test_the_parent_collection_is_configurable(zotero, tmp_path):
    result = run_cli(zotero.url, tmp_path, "sync", "--parent-collection", "Reading log")
    assert result.exit_code == 0, result.stderr
    collections = zotero.library("users", USER_ID).collections.values()
    parent = next(data for data in collections if data["name"] == "Reading log")
    assert [data["name"] for data in collections if data["parentCollection"] == parent["key"]] == ["2023년 5월 1주차"]


def test_a_stalled_read_ends_by_our_timeout_and_is_retried(zotero):
    # pyzotero would wait its own 30 s on a read; ours reaches every request it sends.
    zotero.inject("versions", hang=5.0)
    client = ZoteroClient(str(USER_ID), "user", API_KEY, zotero.url, timeout=0.3, attempts=2)
    started = time.monotonic()
    versions, library_version = client.item_versions(since=0)
    assert (versions, library_version) == ({}, 0)
    assert zotero.requests["versions"] == 2
    assert time.monotonic() - started < 3.0
