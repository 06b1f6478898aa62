"""A .bib file's reading recorded as it is written (recorded.py): the next run takes it instead of reading the
file again only where the file holds the bytes written, and it is then exactly the reading of those bytes."""

import contextlib
import dataclasses
import hashlib
import marshal
from pathlib import Path
from random import Random

import pytest
from click.testing import CliRunner
from hostile_records import hostile_records
from seed_records import SEEDS, seed_records

from cite_export.cli import main
from cite_export.export import ledger
from cite_export.export.bibfile import update_bib
from cite_export.export.bibpapers import FIELDS_READ, EntryPapers
from cite_export.export.bibtex import Style
from cite_export.export.oldfile import FileReading
from cite_export.export.previous import PreviousFile
from cite_export.export.recorded import recalled
from cite_export.export.recorder import Recorder, open_ended, starts_a_command
from cite_export.files import write_atomically
from cite_export.model import Record
from cite_export.store import connect

HAND_WRITTEN = """\
% My bibliography, edited by hand. Mail me at someone@example.org
@string{neurips = "Advances in Neural Information Processing Systems"}
@preamble{ "\\newcommand{\\noop}[1]{}" }

@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and others},
  booktitle = neurips,
  year = 2017,
}
@article(paren2023,
  title = "In parentheses, with {braces}",
  journal = {arXiv preprint arXiv:2305.00729},
)
@comment{keep me, and my {unbalanced brace}
@misc{WhatIsThis, title = {The mark \\CiteExportVerbatim in a title}}
"""


def many_records(count: int) -> list[Record]:
    """Papers of the seed's shape with distinct ids and titles, and the hostile ones (odd titles, links)."""
    seeds = seed_records()
    made = [
        dataclasses.replace(seeds[number % len(seeds)], arxiv_id=f"2301.{number:05d}", title=f"Paper {number}: on x")
        for number in range(count)
    ]
    return [*seeds, *made, *hostile_records()]


def reading_state(reading: FileReading) -> tuple:
    blocks = reading.blocks
    facts = (reading.has_ledger, reading.line_ends, reading.crlf_line_ends, reading.edited, reading.mark_in_text)
    return (
        (list(blocks.ends), list(blocks.lines), blocks.keys, blocks.problems, blocks.fields),
        (reading.papers, reading.names, reading.titles, reading.hashes, *facts, reading.mark_in_kept_text),
    )


def assert_recorded_as_read(path: Path, connection, records: list[Record]) -> None:
    with PreviousFile(path) as previous:
        recording = recalled(connection, previous)
        assert recording is not None
        ledger_text = previous.tail(recording.ledger_bytes)
    with PreviousFile(path) as previous:
        read = FileReading(str(path), keep_fields=False).read(
            previous.pieces(), FIELDS_READ, EntryPapers(records, connection)
        )
    recalled_reading = FileReading(str(path), keep_fields=False).recall(
        recording, ledger_text, EntryPapers(records, connection)
    )
    assert reading_state(recalled_reading) == reading_state(read)


def export(records: list[Record], connection, path: Path, style: Style = Style.BIBTEX) -> tuple[str, list]:
    """``bib -o path`` as the command runs it: the file's text after, and the warnings."""
    with PreviousFile(path) if path.exists() else contextlib.nullcontext("") as previous:
        merged = update_bib(records, connection, style, previous, str(path), target=str(path))
        write_atomically(path, merged.pieces)
    merged.after_writing()
    return path.read_bytes().decode("utf-8"), merged.problems


def expected_export(records: list[Record], connection, path: Path, style: Style = Style.BIBTEX) -> tuple[str, list]:
    """The same, with the file read anew (from its text) and every entry made anew."""
    text = path.read_bytes().decode("utf-8")
    merged = update_bib(records, connection, style, text, str(path), read_back=False)
    return merged.text, merged.problems


@pytest.mark.parametrize(
    "existing",
    [None, "", "\n\n", HAND_WRITTEN, "\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")],
    ids=["new file", "empty", "blank lines", "hand-written", "BOM and CRLF"],
)
def test_a_file_written_is_recorded_as_it_reads_and_the_next_run_writes_what_reading_it_would(tmp_path, existing):
    path = tmp_path / "refs.bib"
    if existing is not None:
        path.write_bytes(existing.encode("utf-8"))
    connection = connect(tmp_path / "cache")
    records = many_records(300)
    if existing is None:
        assert export(records, connection, path) == (update_bib(records, None, Style.BIBTEX).text, [])
    else:
        expected = expected_export(records, connection, path)
        assert export(records, connection, path) == expected
    assert_recorded_as_read(path, connection, records)
    # A week later: papers added, one retitled, one no longer noted, in the other style and back.
    later = [*many_records(320)[:-3], dataclasses.replace(records[5], title="A Retitled Paper")]
    for style in (Style.BIBTEX, Style.BIBLATEX, Style.BIBTEX):
        expected = expected_export(later, connection, path, style)
        assert export(later, connection, path, style) == expected
        assert_recorded_as_read(path, connection, later)


def test_the_next_run_takes_the_recording_not_the_file(tmp_path):
    path, connection = tmp_path / "refs.bib", connect(tmp_path / "cache")
    text, _ = export(many_records(5), connection, path)
    assert "\r" not in text
    # Planted: a recording that says the file's lines end in CRLF. Only a run that takes it writes CRLF.
    facts = list(marshal.loads(connection.execute("SELECT facts FROM bib_readings").fetchone()[0]))
    facts[3] = facts[2]  # crlf_line_ends = line_ends
    connection.execute("UPDATE bib_readings SET facts = ?", (marshal.dumps(tuple(facts)),))
    connection.commit()
    text, _ = export(many_records(6), connection, path)
    assert "\r\n" in text


def test_bib_o_keeps_the_reading_of_the_file_it_writes(tmp_path):
    refs = tmp_path / "refs.bib"
    command = ["bib", "--offline", "--cache-dir", str(tmp_path / "cache"), "-o", str(refs), str(SEEDS)]
    for _ in range(2):
        assert CliRunner().invoke(main, command).exit_code == 0
        digest = connect(tmp_path / "cache").execute("SELECT path, digest FROM bib_readings").fetchall()
        assert digest == [(str(refs.resolve()), hashlib.sha256(refs.read_bytes()).digest())]


def test_a_file_of_no_entries_is_recorded_too(tmp_path):
    path, connection = tmp_path / "refs.bib", connect(tmp_path / "cache")
    assert export([], connection, path) == ("", [])
    assert_recorded_as_read(path, connection, [])
    assert export([], connection, path) == ("", [])


def test_a_file_changed_since_it_was_written_is_read_again(tmp_path):
    path = tmp_path / "refs.bib"
    connection = connect(tmp_path / "cache")
    records = many_records(20)
    text, _ = export(records, connection, path)
    entry_start = text.index("@misc{", text.index("@misc{") + 1)
    edited = text[:entry_start] + HAND_WRITTEN + text[entry_start:].replace("title = {", "title = {Edited: ", 1)
    path.write_bytes(edited.encode("utf-8"))
    with PreviousFile(path) as previous:
        assert recalled(connection, previous) is None
    expected = expected_export(records, connection, path)
    assert "Edited: " in expected[0] and "kept your edit" in expected[1][0].message
    assert export(records, connection, path) == expected
    assert_recorded_as_read(path, connection, records)


@pytest.mark.parametrize(
    "unreadable",
    [
        "@misc{open, title = {never closed}\n",
        "@misc{nocomma title = {x}}\n",
        "@misc{ledgerish,\n  note = {@comment{cite-export: not a ledger\n  ledgerish 0123456789abcdef\n}},\n}\n",
    ],
    ids=["an entry left open", "a field without a comma before it", "a ledger's like before the ledger"],
)
def test_a_file_with_an_unreadable_entry_or_a_ledger_before_its_last_block_is_not_recorded(tmp_path, unreadable):
    path = tmp_path / "refs.bib"
    path.write_text(HAND_WRITTEN + unreadable, encoding="utf-8")
    connection = connect(tmp_path / "cache")
    records = many_records(10)
    expected = expected_export(records, connection, path)
    assert export(records, connection, path) == expected
    with PreviousFile(path) as previous:
        assert recalled(connection, previous) is None
    assert export(records, connection, path) == expected_export(records, connection, path)


def test_a_recording_is_kept_per_file_and_only_for_the_bytes_written(tmp_path):
    connection = connect(tmp_path / "cache")
    records = many_records(5)
    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    export(records, connection, first)
    export(records[:3], connection, second)
    export(records, connection, first)
    assert connection.execute("SELECT count(*) FROM bib_readings").fetchone() == (2,)
    second.write_bytes(first.read_bytes())  # a copy of a file recorded under another name is read
    with PreviousFile(second) as previous:
        assert recalled(connection, previous) is None
    with PreviousFile(first) as previous:
        assert recalled(connection, previous) is not None


FRAGMENTS = [
    "@misc{a2023,\n  title = {A},\n  eprint = {2305.01115},\n  archivePrefix = {arXiv},\n}",
    '@article(b, title = "B {b}", doi = {10.1/b})',
    "@book{c, title = {Only a title}}",
    "@string{s = {x}}",
    '@preamble{ "\\noop" }',
    "@comment{note {open",
    "\n",
    "\r\n\r\n",
    "text, mail me@example.org",
    " @misc",
    "@",
    "{inside braces}",
    "(in parentheses)",
    " x = {1}}",
    "a line ending in CR\r",
    "메모: 한국어 note\n",
    "\\CiteExport",
    "Verbatim",
    ledger.render({"a2023": 1, "c": 2}),
]


def test_a_recording_of_any_pieces_is_none_or_the_reading_of_their_text():
    random = Random(8)
    recorded = 0
    for _ in range(3000):
        pieces = random.choices(FRAGMENTS, k=random.randint(1, 8))
        recorder = Recorder(FileReading("refs.bib").read([""], FIELDS_READ))
        written = b"".join(recorder.written(pieces))
        recording = recorder.finished()
        if recording is None:
            continue
        recorded += 1
        text = "".join(pieces)
        read = FileReading("refs.bib", keep_fields=False).read([text], FIELDS_READ, EntryPapers([], None))
        ledger_text = text.encode("utf-8")[len(text.encode("utf-8")) - recording.ledger_bytes :].decode("utf-8")
        recalled_reading = FileReading("refs.bib", keep_fields=False).recall(
            recording, ledger_text, EntryPapers([], None)
        )
        assert reading_state(recalled_reading) == reading_state(read), pieces
        assert written == text.encode("utf-8")
        assert recorder.digest.digest() == hashlib.sha256(written).digest()
    assert recorded > 1000  # most sequences read without a problem


def test_where_reading_may_depend_on_the_text_that_follows():
    assert starts_a_command("@misc{a,}") and starts_a_command("@ STRING (x = 1)")
    assert not starts_a_command("@comment{a}") and not starts_a_command("@misc") and not starts_a_command("a@b{")
    assert open_ended("text @misc") and open_ended("text @misc \n") and open_ended("mail me@")
    assert open_ended("me@example.org.") and not open_ended("me@example.org, thanks")
    assert not open_ended("@misc{a,}") and not open_ended("no at sign")
