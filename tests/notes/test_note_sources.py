"""Finding note files and decoding them: folders, stdin, encodings, and the errors that stop a run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cite_export.notes import NotesError, read_sources
from cite_export.notes.sources import READ_SIZE, load

FIXTURES = Path(__file__).parent / "fixtures"
VAULT = FIXTURES / "vault"
KOREAN_NOTE = "https://arxiv.org/abs/2305.01115\n제목 없는 노트 (김철수, 이영희)\n한국어 코멘트입니다.\n#한국어_태그\n"


def test_a_folder_is_read_recursively_in_sorted_order_skipping_hidden_and_non_note_files():
    reading = read_sources([str(VAULT)])
    paths = [Path(entry.origin.path).relative_to(VAULT).as_posix() for entry in reading.entries]
    assert paths == [
        "200304 A Closer Look at Accuracy vs. Robustness.md",
        "2023/230221 Anthropic.md",
        "2023/230221 Anthropic.md",
        "2023/230418 UniMax.md",
        "2023/230502 RedPajama.md",
    ]
    assert reading.files == 6  # the empty note and the prose-only note are read too


def test_empty_files_and_files_without_an_entry_are_reported_not_fatal():
    reading = read_sources([str(VAULT / "2023")])
    messages = {(Path(problem.origin.path).name, problem.message) for problem in reading.problems}
    assert ("230601 Empty.md", "empty file: no entry") in messages
    assert ("230602 Prose only.md", "no link in this note: no entry") in messages


def test_files_and_folders_mix_in_the_order_given():
    reading = read_sources([str(VAULT / "2023" / "230502 RedPajama.md"), str(FIXTURES / "early")])
    assert Path(reading.entries[0].origin.path).name == "230502 RedPajama.md"
    assert [Path(entry.origin.path).name for entry in reading.entries[1:3]] == [
        "190325 Implicit Generation.md",
        "190620 XLNet.md",
    ]


@pytest.mark.parametrize(
    "data",
    [
        KOREAN_NOTE.encode("utf-8"),
        b"\xef\xbb\xbf" + KOREAN_NOTE.encode("utf-8"),
        KOREAN_NOTE.replace("\n", "\r\n").encode("utf-8"),
        b"\xef\xbb\xbf" + KOREAN_NOTE.replace("\n", "\r\n").encode("utf-8"),
        KOREAN_NOTE.encode("cp949"),
        KOREAN_NOTE.replace("\n", "\r\n").encode("euc-kr"),
    ],
    ids=["utf-8", "utf-8 bom", "crlf", "bom crlf", "cp949", "euc-kr crlf"],
)
def test_every_encoding_reads_the_same(tmp_path, data):
    note = tmp_path / "230501 note.md"
    note.write_bytes(data)
    (entry,) = read_sources([str(note)]).entries
    assert entry.links == ("https://arxiv.org/abs/2305.01115",)
    assert entry.commentary == ("제목 없는 노트 (김철수, 이영희)", "한국어 코멘트입니다.")
    assert entry.tags == ("한국어_태그",)


LATIN_NOTE = (
    "https://arxiv.org/abs/2305.01115\n"
    "Robust Learning for Señales (Ángel Martínez, José Pérez, François Dupont)\n"
    "A naïve approach \u2014 it\u2019s \u201cgood\u201d.\n"
    "#robustness\n"
)


@pytest.mark.parametrize(
    "data",
    [
        LATIN_NOTE.encode("cp1252"),
        LATIN_NOTE.replace("\n", "\r\n").encode("cp1252"),
        LATIN_NOTE.encode("utf-16"),
        LATIN_NOTE.encode("utf-16-be").join([b"\xfe\xff", b""]),
        LATIN_NOTE.encode("utf-32"),
    ],
    ids=["windows-1252", "windows-1252 crlf", "utf-16 bom", "utf-16-be bom", "utf-32 bom"],
)
def test_latin_notes_in_windows_1252_and_utf_16_read_as_written(tmp_path, data):
    note = tmp_path / "230501 note.md"
    note.write_bytes(data)
    (entry,) = read_sources([str(note)]).entries
    assert entry.title == "Robust Learning for Señales"
    assert entry.authors == ("Ángel Martínez", "José Pérez", "François Dupont")
    assert entry.commentary == ("A naïve approach \u2014 it\u2019s \u201cgood\u201d.",)


def test_a_short_windows_1252_title_is_not_taken_for_an_east_asian_encoding(tmp_path):
    note = tmp_path / "note.md"
    note.write_bytes("https://arxiv.org/abs/2305.01115\nÁngel (Zoë Díaz)\n".encode("cp1252"))
    (entry,) = read_sources([str(note)]).entries
    assert (entry.title, entry.authors) == ("Ángel", ("Zoë Díaz",))


def test_a_file_no_encoding_reads_cleanly_is_refused_naming_the_file_and_byte(tmp_path):
    note = tmp_path / "broken.md"
    note.write_bytes(b"https://arxiv.org/abs/2305.01115\n" + bytes(range(128, 256)))
    with pytest.raises(NotesError, match=r"broken\.md: cannot tell the text encoding \(byte 33 is not UTF-8"):
        read_sources([str(note)])


def test_a_broken_utf_16_file_is_refused_naming_the_byte(tmp_path):
    note = tmp_path / "broken.md"
    note.write_bytes(b"\xff\xfe" + "https://arxiv.org/abs/2305.01115\n".encode("utf-16-le") + b"\x00\xd8\x41\x00")
    with pytest.raises(NotesError, match=r"broken\.md: byte \d+ is not utf-16 text after its BOM"):
        read_sources([str(note)])


def test_a_missing_source_is_an_error_naming_it(tmp_path):
    with pytest.raises(NotesError, match=r"nowhere\.md: no such file or folder"):
        read_sources([str(tmp_path / "nowhere.md")])


def test_stdin_is_read_with_dash():
    code = (
        "from cite_export.notes import read_sources\n"
        "reading = read_sources(['-'])\n"
        "print(reading.files, [(str(e.origin), e.title, e.week.label) for e in reading.entries])\n"
    )
    digest = "2023년 5월 1주차\nhttps://arxiv.org/abs/2305.01115\nA Title (Ann Author)\n#tag\n"
    result = subprocess.run(
        [sys.executable, "-c", code], input=digest.encode("cp949"), capture_output=True, timeout=60, check=True
    )
    assert result.stdout.decode().strip() == "1 [('<stdin>:2', 'A Title', '2023년 5월 1주차')]"


@pytest.mark.parametrize("size", [0, 1, READ_SIZE - 1, READ_SIZE, READ_SIZE + 1, 3 * READ_SIZE + 5])
def test_a_note_of_any_size_is_read_whole(tmp_path, size):
    data = bytes(index % 251 for index in range(size))
    path = tmp_path / "note.md"
    path.write_bytes(data)
    assert load(str(path)).data == data


def test_a_note_that_is_not_there_is_refused_naming_it(tmp_path):
    missing = str(tmp_path / "gone.md")
    with pytest.raises(NotesError, match=r"gone\.md: cannot read \(No such file or directory\)"):
        load(missing)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_note_whose_size_the_system_cannot_tell_is_read_whole(tmp_path):
    # A note is read in one call sized to the file; a pipe says it holds nothing, and is read on to its end.
    pipe = tmp_path / "note.md"
    os.mkfifo(pipe)
    data = bytes(index % 251 for index in range(2 * READ_SIZE + 3))
    writer = threading.Thread(target=pipe.write_bytes, args=(data,))
    writer.start()
    try:
        assert load(str(pipe)).data == data
    finally:
        writer.join(timeout=10)
