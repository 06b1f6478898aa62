"""A paper noted several times is one Zotero item with one child note per note, in every week's collection."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from servers.zotero import ZoteroServer
from zotero_helpers import API_KEY, USER_ID, notes, run_cli, top_items

from cite_export.zotero.items import object_key

ARXIV = "https://arxiv.org/abs/2305.01115"
TITLE = "In-Context Learning Unlocked for Diffusion Models (Zhendong Wang, Yifan Jiang, Mingyuan Zhou)"
FIRST_WORDS = "첫 주에 읽고 남긴 메모."


@pytest.fixture
def zotero():
    with ZoteroServer() as server:
        server.add_key(API_KEY, USER_ID)
        yield server


def write_notes(folder, fourth: bool = False, first_words: str = FIRST_WORDS):
    """Two weekly digests and a vault note about one paper (and, with ``fourth``, a later vault note)."""
    (folder / "digests").mkdir(parents=True, exist_ok=True)
    (folder / "vault").mkdir(exist_ok=True)
    other = "https://arxiv.org/abs/2305.00729\nWhat Do Self-Supervised Vision Transformers Learn? (Namuk Park)\n"
    (folder / "digests" / "2023-05-1.txt").write_text(
        f"2023년 5월 1주차\n{ARXIV}\n{TITLE}\n{first_words}\n#few_shot #ddpm\n{other}둘 다 하면 좋습니다.\n#ssl\n",
        encoding="utf-8",
    )
    (folder / "digests" / "2023-05-3.txt").write_text(
        f"2023년 5월 3주차\n{ARXIV}\n{TITLE}\n다시 읽어 보니 controlnet과 닮았네요.\n#ddpm #controlnet\n",
        encoding="utf-8",
    )
    (folder / "vault" / "230518 In-Context Diffusion.md").write_text(
        f"{ARXIV}\n\n{TITLE}\n\n볼트에 정리한 생각.\n\n#icl\n", encoding="utf-8"
    )
    if fourth:
        (folder / "vault" / "230601 ICL again.md").write_text(
            f"{ARXIV}\n\n{TITLE}\n\n한 달 뒤 다시 본 메모.\n\n#revisit\n", encoding="utf-8"
        )
    return folder


def paper_and_notes(library):
    item = next(data for data in top_items(library) if data.get("archiveID") == "arXiv:2305.01115")
    return item, {note["key"]: note for note in notes(library) if note["parentItem"] == item["key"]}


def collection_names(library, item) -> set[str]:
    return {library.collections[key]["name"] for key in item["collections"]}


def test_one_item_one_child_note_per_note_and_every_week(zotero, tmp_path):
    source = write_notes(tmp_path / "notes")
    first = run_cli(zotero.url, tmp_path, "sync", source=source)
    assert first.exit_code == 0, first.stderr
    library = zotero.library("users", USER_ID)
    assert len(top_items(library)) == 2
    item, children = paper_and_notes(library)
    assert sorted(note["note"] for note in children.values()) == sorted(
        [f"<p>{FIRST_WORDS}</p>", "<p>다시 읽어 보니 controlnet과 닮았네요.</p>", "<p>볼트에 정리한 생각.</p>"]
    )
    assert collection_names(library, item) == {"2023년 5월 1주차", "2023년 5월 3주차", "2023-W20"}
    assert [tag["tag"] for tag in item["tags"]] == ["few_shot", "ddpm", "controlnet", "icl"]

    before = {key: data["version"] for key, data in library.items.items()}
    zotero.reset_counts()
    later = run_cli(zotero.url, tmp_path, "sync", source=write_notes(source, fourth=True))
    assert later.exit_code == 0, later.stderr
    assert zotero.writes == [("collections", 1), ("items", 2)]  # the new week; the item's tags and one new note
    item, children = paper_and_notes(library)
    added = [note for key, note in children.items() if key not in before]
    assert [note["note"] for note in added] == ["<p>한 달 뒤 다시 본 메모.</p>"]
    assert all(library.items[key]["version"] == version for key, version in before.items() if key != item["key"])
    assert collection_names(library, item) == {"2023년 5월 1주차", "2023년 5월 3주차", "2023-W20", "2023-W22"}
    assert [tag["tag"] for tag in item["tags"]][-1] == "revisit"

    zotero.reset_counts()
    fresh = run_cli(zotero.url, tmp_path / "fresh machine", "sync", source=source)
    assert fresh.exit_code == 0 and "2 unchanged" in fresh.stderr, fresh.stderr
    assert not zotero.writes


def test_editing_one_child_note_never_makes_another_a_conflict(zotero, tmp_path):
    source = write_notes(tmp_path / "notes")
    assert run_cli(zotero.url, tmp_path, "sync", source=source).exit_code == 0
    library = zotero.library("users", USER_ID)
    _, children = paper_and_notes(library)
    first_note = next(key for key, note in children.items() if FIRST_WORDS in note["note"])
    edited = next(key for key, note in children.items() if "controlnet" in note["note"])
    zotero.user_edit(library, edited, note="<p>내가 Zotero에서 고친 메모.</p>")

    changed = run_cli(zotero.url, tmp_path, "sync", source=write_notes(source, first_words="첫 메모를 고쳤다."))
    assert changed.exit_code == 0, changed.stderr
    assert "0 conflict" in changed.stderr and "1 update" in changed.stderr
    assert library.items[first_note]["note"] == "<p>첫 메모를 고쳤다.</p>"
    assert library.items[edited]["note"] == "<p>내가 Zotero에서 고친 메모.</p>"


def test_a_library_synced_with_one_note_per_item_keeps_that_note_as_the_first_notes(zotero, tmp_path):
    source = write_notes(tmp_path / "notes")
    legacy_run = tmp_path / "one digest"
    legacy_run.mkdir()
    (legacy_run / "2023-05-1.txt").write_text((source / "digests" / "2023-05-1.txt").read_text("utf-8"), "utf-8")
    assert run_cli(zotero.url, tmp_path, "sync", source=legacy_run).exit_code == 0
    library = zotero.library("users", USER_ID)
    legacy_key = as_an_older_version_left_it(library, tmp_path)

    # The first note's words changed since: an update of that note (ours), not a conflict and not a new note.
    source = write_notes(source, first_words="첫 메모를 고쳤다.")
    result = run_cli(zotero.url, tmp_path, "sync", source=source)
    assert result.exit_code == 0 and "0 conflict" in result.stderr, result.stderr
    _, children = paper_and_notes(library)
    assert children[legacy_key]["note"] == "<p>첫 메모를 고쳤다.</p>"
    assert len(children) == 3 and not any(FIRST_WORDS in note["note"] for note in children.values())
    zotero.reset_counts()
    assert "2 unchanged" in run_cli(zotero.url, tmp_path, "sync", source=source).stderr
    assert sum(zotero.requests.values()) <= 2


def as_an_older_version_left_it(library, cache_dir) -> str:
    """Move the paper's child note to the key an older cite-export gave its single note, and its state to
    the single-note columns of the entries table; return that key."""
    identity = "arxiv:2305.01115"
    legacy_key = object_key(f"{identity}#note")
    _, children = paper_and_notes(library)
    key = next(iter(children))
    library.items[legacy_key] = {**library.items.pop(key), "key": legacy_key}
    with closing(sqlite3.connect(cache_dir / "cite-export.sqlite3")) as connection:
        key_, version, hash_, seen = connection.execute(
            "SELECT key, version, hash, seen_hash FROM zotero_notes WHERE identity = ?", (identity,)
        ).fetchone()
        assert key_ == key
        connection.execute("DELETE FROM zotero_notes")
        connection.execute(
            "UPDATE zotero_entries SET note_key = ?, note_version = ?, note_hash = ?, note_seen_hash = ? "
            "WHERE identity = ?",
            (legacy_key, version, hash_, seen, identity),
        )
        connection.execute("DELETE FROM zotero_objects")  # a fresh read will see the moved note
        connection.execute("UPDATE zotero_libraries SET version = 0")
        connection.commit()
    return legacy_key


def test_a_note_kept_word_for_word_in_two_folders_is_one_child_note(zotero, tmp_path):
    source = write_notes(tmp_path / "notes")
    (source / "reviews").mkdir()
    vault_note = source / "vault" / "230518 In-Context Diffusion.md"
    (source / "reviews" / vault_note.name).write_text(vault_note.read_text("utf-8"), "utf-8")
    result = run_cli(zotero.url, tmp_path, "sync", source=source)
    assert result.exit_code == 0, result.stderr
    _, children = paper_and_notes(zotero.library("users", USER_ID))
    assert len(children) == 3
    assert sum(note["note"] == "<p>볼트에 정리한 생각.</p>" for note in children.values()) == 1
