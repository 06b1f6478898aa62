"""Readings kept in the cache database: a note whose bytes are unchanged is taken from the last run, exactly as it
read then; a changed note, another version of the reading code, or a note from stdin is read anew."""

from __future__ import annotations

import concurrent.futures
import datetime
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from note_fuzz import random_note

from cite_export.filestate import file_state
from cite_export.model import Entry, Origin, Problem, Week
from cite_export.notes import FILES_FOR_A_READER, FILES_PER_CHUNK, kept, read_sources, sources
from cite_export.notes.sources import note_files
from cite_export.store import code_version, connect

SEED = Path(__file__).parents[2] / "seeds" / "000_ae20b5798b0ea146.txt"
NOTE = "https://arxiv.org/abs/2305.01115\n\nOld Title (Ann Author, Bo Two)\n\n설명입니다.\n\n#llm\n"


@pytest.fixture
def vault(tmp_path) -> Path:
    folder = tmp_path / "vault"
    generator = random.Random(5)
    for number in range(60):
        path = folder / str(2020 + number % 3) / f"{230101 + number % 28:06d} note {number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(random_note(generator, pieces=generator.randint(3, 30)), encoding="utf-8")
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def kept_rows(connection: sqlite3.Connection) -> dict[str, str]:
    return dict(connection.execute("SELECT name, reader FROM note_readings"))


def test_every_field_of_an_entry_and_warning_comes_back_as_it_was_kept():
    week = Week(2023, 5, 1, "2023년 5월 1주차")
    entries = [
        Entry(
            Origin("digest.txt", 12),
            links=("https://arxiv.org/abs/2305.01115",),
            title="A Title",
            authors=("Ann Author", "Bo Two"),
            author_is_organisation=True,
            commentary=("한국어 설명.", "Second paragraph."),
            english=("In English.",),
            abstract="An abstract.",
            tags=("llm",),
            related_links=("https://github.com/a/b",),
            wiki_links=("note",),
            week=week,
            date=datetime.date(2023, 5, 2),
        ),
        Entry(Origin("digest.txt", 30), week=week),
    ]
    problems = [Problem(Origin("digest.txt", 3), "a warning")]
    back_entries, back_problems = kept.decode("digest.txt", kept.encode((entries, problems)))
    assert back_entries == entries and back_problems == problems
    assert back_entries[0].week is back_entries[1].week


def test_a_second_run_gives_what_the_first_read_and_keeps_one_reading_per_file(vault):
    connection = connect(vault.parent / "cache")
    first = read_sources([str(vault)], cache=connection)
    again = read_sources([str(vault)], cache=connection)
    assert first.entries and first.problems
    assert again.entries == first.entries == read_sources([str(vault)]).entries
    assert again.problems == first.problems
    assert again.files == first.files == 61
    assert set(kept_rows(connection)) == set(note_files([str(vault)]))


def read_once(tmp_path: Path) -> tuple[Path, sqlite3.Connection]:
    """A note, read once with a cache; the cache then holds its reading."""
    note = tmp_path / "230418 Paper.md"
    note.write_text(NOTE, encoding="utf-8")
    connection = connect(tmp_path / "cache")
    read_sources([str(note)], cache=connection)
    return note, connection


def titles(note: Path, connection: sqlite3.Connection) -> list[str | None]:
    return [entry.title for entry in read_sources([str(note)], cache=connection).entries]


PLANTED = kept.encode(([Entry(Origin("any.md", 1), title="Planted")], []))


def test_an_unchanged_file_is_taken_from_the_cache_and_a_changed_one_read_again(tmp_path):
    note, connection = read_once(tmp_path)
    # What the cache holds for these very bytes is what the run reports: the file is not read again.
    connection.execute("UPDATE note_readings SET reading = ?", (PLANTED,))
    connection.commit()
    assert titles(note, connection) == ["Planted"]
    note.write_text(NOTE.replace("Old Title", "New Title"), encoding="utf-8")
    assert titles(note, connection) == ["New Title"]
    assert titles(note, connection) == ["New Title"]


OPENED: list[str] | None = None  # the files this process opens while a test watches (watched_opens)


def record_open(event: str, arguments: tuple) -> None:
    if OPENED is not None and event == "open" and isinstance(arguments[0], str):
        OPENED.append(arguments[0])


sys.addaudithook(record_open)  # idle but while a test watches: an audit hook cannot be removed


@pytest.fixture
def watched_opens() -> Iterator[list[str]]:
    global OPENED
    OPENED = []
    yield OPENED
    OPENED = None


@pytest.fixture
def lasting_at_once(monkeypatch) -> None:
    """A file's state tells it unchanged as soon as it is read (in a run, only once it is RACY_NS old)."""
    monkeypatch.setattr(sources, "RACY_NS", 0)


def kept_states(connection: sqlite3.Connection) -> dict[str, bytes | None]:
    return dict(connection.execute("SELECT name, state FROM note_readings"))


def test_a_file_in_the_state_it_was_read_in_is_not_opened_again(tmp_path, lasting_at_once, watched_opens):
    note, connection = read_once(tmp_path)
    assert kept_states(connection)[str(note)] == file_state(note.stat())
    connection.execute("UPDATE note_readings SET reading = ?", (PLANTED,))
    connection.commit()
    watched_opens.clear()
    assert titles(note, connection) == ["Planted"]
    assert str(note) not in watched_opens
    # Written again to the same size, its time of writing set back: its time of change still tells it changed.
    written = note.stat()
    time.sleep(0.05)  # past a tick of the file system's clock
    note.write_text(NOTE.replace("Old Title", "New Title"), encoding="utf-8")
    os.utime(note, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert note.stat().st_size == written.st_size and note.stat().st_mtime_ns == written.st_mtime_ns
    assert titles(note, connection) == ["New Title"]
    assert str(note) in watched_opens


def test_a_file_touched_but_unchanged_is_read_and_kept_again_in_its_new_state(tmp_path, lasting_at_once, watched_opens):
    note, connection = read_once(tmp_path)
    connection.execute("UPDATE note_readings SET reading = ?", (PLANTED,))
    connection.commit()
    os.utime(note, ns=(0, note.stat().st_mtime_ns - 10**9))
    watched_opens.clear()
    assert titles(note, connection) == ["Planted"]  # its bytes are the same: the reading is taken back
    assert watched_opens.count(str(note)) == 1
    assert kept_states(connection)[str(note)] == file_state(note.stat())
    assert titles(note, connection) == ["Planted"]
    assert watched_opens.count(str(note)) == 1


def test_a_file_written_just_before_it_was_read_is_told_unchanged_by_its_bytes_alone(tmp_path):
    note, connection = read_once(tmp_path)
    assert kept_states(connection) == {str(note): None}
    now = time.time_ns()
    old = now - sources.RACY_NS - 1
    for mtime, ctime, lasting in ((old, old, True), (now - sources.RACY_NS + 1, old, False), (old, now, False),
                                  (now + 10**9, old, False)):  # fmt: skip
        stat = os.stat_result((0o100644, 7, 1, 1, 0, 0, 42, 0, 0, 0, 0.0, 0.0, 0.0, 0, mtime, ctime))
        assert sources.lasting_state(stat, now) == (file_state(stat) if lasting else None)


def test_readings_kept_by_a_version_without_file_states_are_still_taken_back(tmp_path, lasting_at_once):
    note, connection = read_once(tmp_path)
    rows = connection.execute("SELECT name, reader, digest, reading FROM note_readings").fetchall()
    connection.executescript("DROP TABLE note_readings; CREATE TABLE note_readings (name TEXT PRIMARY KEY, "
                             "reader TEXT NOT NULL, digest BLOB NOT NULL, reading BLOB NOT NULL)")  # fmt: skip
    connection.executemany("INSERT INTO note_readings VALUES (?, ?, ?, ?)", rows)
    connection.execute("UPDATE note_readings SET reading = ?", (PLANTED,))
    connection.commit()
    assert titles(note, connection) == ["Planted"]
    assert kept_states(connection) == {str(note): file_state(note.stat())}


def test_a_run_whose_notes_are_all_taken_back_never_loads_the_reader_of_notes(vault):
    # Loading it compiles its patterns (~25 ms), most of the start of a run over a vault read before.
    code = (
        "import sys; from cite_export.notes import read_sources; from cite_export.store import connect; "
        f"read_sources([{str(vault)!r}], cache=connect({str(vault.parent / 'cache')!r})); "
        "print('cite_export.notes.document' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True) for _ in range(2)]
    assert [run.stdout.strip() for run in runs] == ["True", "False"]


def test_readings_by_other_code_are_never_used_and_dropped_once_this_code_keeps_its_own(tmp_path):
    note, connection = read_once(tmp_path)
    connection.execute("UPDATE note_readings SET reading = ?, reader = 'older code'", (PLANTED,))
    connection.execute(
        "INSERT INTO note_readings (name, reader, digest, reading) VALUES ('gone.md', 'older code', x'00', ?)",
        (PLANTED,),
    )
    connection.commit()
    assert titles(note, connection) == ["Old Title"]
    assert kept_rows(connection) == {str(note): code_version()}


def test_a_change_to_any_module_of_the_package_is_another_version_of_the_reading_code(tmp_path):
    # A fix anywhere may change how notes read (the links, the names, the model): every module counts.
    package = Path(kept.__file__).resolve().parents[1]
    copy = tmp_path / "cite_export"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    code = "from cite_export.store import code_version; print(code_version())"

    def version() -> str:
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    original = version()
    assert original == code_version()
    for module in ("links.py", "names.py", "notes/bylines.py"):
        text = (copy / module).read_bytes()
        (copy / module).write_bytes(text + b"\n")
        assert version() != original, module
        (copy / module).write_bytes(text)
    assert version() == original
    # Installed as compiled modules only, the code cannot be told apart from other code: nothing is kept.
    subprocess.run([sys.executable, "-m", "compileall", "-b", "-q", str(copy)], check=True)
    for source in copy.rglob("*.py"):
        source.unlink()
    assert version() == "None"


@pytest.fixture
def big_vault(tmp_path) -> Path:
    """Two chunks of notes, each with enough to read for a reader process."""
    folder = tmp_path / "big"
    generator = random.Random(6)
    for number in range(FILES_PER_CHUNK + FILES_FOR_A_READER):
        path = folder / f"{230101 + number % 28:06d} note {number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(random_note(generator, pieces=generator.randint(3, 12)), encoding="utf-8")
    return folder


@pytest.fixture
def readers_started(monkeypatch) -> list[int]:
    """How many reader processes each pool of a run was started with (the pools still run)."""
    started = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, workers: int, **options) -> None:
            started.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    return started


def test_several_readers_use_and_fill_the_cache_as_one_does(big_vault, readers_started):
    connection = connect(big_vault.parent / "cache")
    alone = read_sources([str(big_vault)], workers=1)
    first = read_sources([str(big_vault)], workers=2, cache=connection)
    assert readers_started == [2]
    assert len(kept_rows(connection)) == first.files
    name = str(next(big_vault.rglob("*.md")))
    connection.execute("UPDATE note_readings SET reading = ? WHERE name = ?", (PLANTED, name))
    connection.commit()
    again = read_sources([str(big_vault)], workers=2, cache=connection)
    assert first.entries == alone.entries and first.problems == alone.problems
    assert [entry for entry in again.entries if entry.origin.path != name] == [
        entry for entry in alone.entries if entry.origin.path != name
    ]
    assert [entry.title for entry in again.entries if entry.origin.path == name] == ["Planted"]
    assert readers_started == [2], "a vault read before is taken back without a reader process"


def test_a_few_changed_notes_are_read_without_a_reader_and_many_with_one(big_vault, readers_started):
    connection = connect(big_vault.parent / "cache")
    read_sources([str(big_vault)], workers=2, cache=connection)
    names = list(note_files([str(big_vault)]))
    few, many = names[: FILES_FOR_A_READER - 1], names[FILES_PER_CHUNK:]
    for changed in few:
        Path(changed).write_text(NOTE.replace("Old Title", Path(changed).stem), encoding="utf-8")
    again = read_sources([str(big_vault)], workers=2, cache=connection)
    assert readers_started == [2]
    for changed in many:
        Path(changed).write_text(NOTE.replace("Old Title", Path(changed).stem), encoding="utf-8")
    last = read_sources([str(big_vault)], workers=2, cache=connection)
    assert readers_started == [2, 2]
    for reading, changed in ((again, few), (last, few + many)):
        titles = {entry.origin.path: entry.title for entry in reading.entries}
        assert [titles[name] for name in changed] == [Path(name).stem for name in changed]
    assert last.entries == read_sources([str(big_vault)], workers=1).entries


def test_a_database_in_memory_or_stdin_keeps_nothing_and_reads_the_same(tmp_path, monkeypatch):
    memory = sqlite3.connect(":memory:")
    note = tmp_path / "230418 Paper.md"
    note.write_text(NOTE, encoding="utf-8")
    assert read_sources([str(note)], cache=memory).entries == read_sources([str(note)]).entries
    assert memory.execute("SELECT name FROM sqlite_master").fetchall() == []
    connection = connect(tmp_path / "cache")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NOTE.encode())))
    from_stdin = read_sources(["-"], cache=connection)
    assert [entry.origin.path for entry in from_stdin.entries] == ["<stdin>"]
    assert kept_rows(connection) == {}


def test_notes_read_with_stdin_are_taken_back_from_the_cache_and_stdin_is_read_here(tmp_path, monkeypatch):
    connection = connect(tmp_path / "cache")
    note = tmp_path / "230418 Paper.md"
    note.write_text(NOTE, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NOTE.encode())))
    read_sources([str(note), "-"], workers=2, cache=connection)
    connection.execute("UPDATE note_readings SET reading = ? WHERE name = ?", (PLANTED, str(note)))
    connection.commit()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NOTE.encode())))
    again = read_sources([str(note), "-"], workers=2, cache=connection)
    assert [(entry.origin.path, entry.title) for entry in again.entries] == [
        (str(note), "Planted"),
        ("<stdin>", "Old Title"),
    ]


def test_a_note_in_a_legacy_encoding_is_read_anew_each_time(tmp_path):
    # Its text is charset-normalizer's judgement of its bytes, which our code's version does not pin down.
    korean = tmp_path / "230418 Korean.md"
    korean.write_bytes(NOTE.replace("Old Title", "제목 없는 노트").encode("cp949"))
    plain = tmp_path / "230419 Plain.md"
    plain.write_text(NOTE, encoding="utf-8")
    connection = connect(tmp_path / "cache")
    first = read_sources([str(tmp_path)], cache=connection)
    assert [entry.origin.path for entry in first.entries] == [str(korean), str(plain)]
    assert "설명입니다." in first.entries[0].commentary
    assert set(kept_rows(connection)) == {str(plain)}
