"""A large vault read by several processes gives what one process reading the files in order gives."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from note_fuzz import random_note

from cite_export.notes import FILES_PER_CHUNK, NotesError, read_sources

SEED = Path(__file__).parents[2] / "seeds" / "000_ae20b5798b0ea146.txt"


@pytest.fixture(scope="module")
def vault(tmp_path_factory) -> Path:
    """Digests, vault notes and fuzzed notes over more files than one chunk, in nested folders."""
    folder = tmp_path_factory.mktemp("vault")
    generator = random.Random(11)
    seed = SEED.read_text(encoding="utf-8")
    for number in range(FILES_PER_CHUNK + 150):
        path = folder / str(2000 + number % 7) / f"{230101 + number % 28:06d} note {number}.md"
        path.parent.mkdir(exist_ok=True)
        text = seed if number % 50 == 0 else random_note(generator, pieces=generator.randint(3, 40))
        path.write_text(text, encoding="utf-8")
    return folder


def test_several_readers_give_the_entries_and_warnings_of_one_in_the_same_order(vault):
    alone = read_sources([str(vault)], workers=1)
    shared = read_sources([str(vault)], workers=2)
    assert len(alone.entries) > FILES_PER_CHUNK and alone.problems
    assert shared.entries == alone.entries
    assert shared.problems == alone.problems
    assert shared.files == alone.files == FILES_PER_CHUNK + 150


def test_the_notes_of_a_day_share_one_date_whichever_reader_read_them(vault):
    # A date per note would be 3 MB at 100k notes.
    shared = read_sources([str(vault)], workers=2)
    dates = [entry.date for entry in shared.entries if entry.date]
    assert len({id(date) for date in dates}) == len(set(dates)) < len(dates) / 10


def test_readers_started_beside_running_threads_read_the_same(vault):
    # A fork copies other threads' locks as they stand; readers started now come from a fork server instead.
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        shared = read_sources([str(vault)], workers=2)
    finally:
        stop.set()
        waiter.join()
    assert shared.entries == read_sources([str(vault)], workers=1).entries


def test_a_file_no_reader_can_decode_stops_the_run_naming_it(vault, tmp_path):
    broken = tmp_path / "vault"
    broken.symlink_to(vault)
    bad = tmp_path / "zz-bad.md"
    bad.write_bytes(b"https://arxiv.org/abs/2305.01115\n\xff\xfe\xfd\x81\x82 (A B)\n")
    with pytest.raises(NotesError) as alone:
        read_sources([str(broken), str(bad)], workers=1)
    with pytest.raises(NotesError) as shared:
        read_sources([str(broken), str(bad)], workers=2)
    assert str(shared.value) == str(alone.value)
    assert str(bad) in str(shared.value)


def test_the_module_run_as_a_reader_process_imports_it_does_not_run_the_command():
    # Where readers are spawned (macOS, Windows) each imports the main module again, under another name.
    done = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_module('cite_export', run_name='__mp_main__')"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
