"""An entry we wrote is written again as it stands while what it is made from is unchanged (made.py)."""

import dataclasses
import datetime
import enum
import re
import sqlite3

from click.testing import CliRunner
from seed_records import SEEDS, seed_records

from cite_export.cli import main
from cite_export.export import ledger, made
from cite_export.export.bibfile import update_bib
from cite_export.export.bibtex import Style
from cite_export.export.made import inputs_digest
from cite_export.model import (
    Entry,
    Kind,
    Origin,
    Paragraphs,
    PartialDate,
    Person,
    Problem,
    Record,
    Resolution,
    VenueType,
    VersionOfRecord,
    Week,
)
from cite_export.store import connect


def rich_record() -> Record:
    """A record with every field set, none at its default."""
    note = Entry(
        Origin("230418 Paper.md", 3),
        links=("https://arxiv.org/abs/2305.01115",),
        title="Title",
        authors=("Given Family",),
        author_is_organisation=True,
        abstract="abstract",
        tags=("tag",),
        related_links=("https://example.org",),
        wiki_links=("230418 Other",),
        commentary=("commentary",),
        english=("english",),
        week=Week(2023, 5, 1, "2023년 5월 1주차"),
        date=datetime.date(2023, 4, 18),
    )
    published = VersionOfRecord("Venue", VenueType.JOURNAL, 2024, "1", "2", "3-4", "Press", "10.2/y", "dblp", "title")
    return Record(
        entry=note,
        kind=Kind.ARXIV,
        title="Title",
        authors=(Person("Given", "Family"),),
        date=PartialDate(2023, 5, 2),
        arxiv_id="2305.01115",
        version=2,
        updated=PartialDate(2023, 6, 1),
        primary_class="cs.CL",
        doi="10.1/x",
        journal_ref="Journal",
        abstract="abstract",
        resolution=Resolution.ARXIV,
        problems=(Problem(Origin("a.md", 1), "a warning"),),
        notes=(note, dataclasses.replace(note, origin=Origin("b.md", 1))),
        version_of_record=published,
    )


def changed(value):
    """Another value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, enum.Enum):
        return next(member for member in type(value) if member is not value)
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1)
    if isinstance(value, Paragraphs):
        return Paragraphs([*value, "more"])
    raise TypeError(value)


def variants(value):
    """(where, value) for each value that differs from ``value`` in one place: a field of it, or of what it holds."""
    if isinstance(value, Person):  # the same name split elsewhere, or another name
        yield "", Person.cut(value.full, 0)
        yield "", Person(value.given, value.family + "x")
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.init:
                for where, other in variants(getattr(value, field.name)):
                    yield f".{field.name}{where}", dataclasses.replace(value, **{field.name: other})
    elif isinstance(value, tuple):
        yield "+", (*value, value[0])
        for index, item in enumerate(value):
            for where, other in variants(item):
                yield f"[{index}]{where}", (*value[:index], other, *value[index + 1 :])
    else:
        yield "", changed(value)


def test_every_field_of_what_an_entry_is_made_from_counts():
    record = rich_record()
    digest = inputs_digest(record, "key", Style.BIBTEX, ["old"])
    assert inputs_digest(rich_record(), "key", Style.BIBTEX, ["old"]) == digest
    checked = 0
    for where, other in variants(record):
        assert inputs_digest(other, "key", Style.BIBTEX, ["old"]) != digest, where
        checked += 1
    assert checked > 60  # every field of the record, its notes, names, dates and published version
    assert inputs_digest(record, "key2", Style.BIBTEX, ["old"]) != digest
    assert inputs_digest(record, "key", Style.BIBLATEX, ["old"]) != digest
    assert inputs_digest(record, "key", Style.BIBTEX, []) != digest


def test_the_code_that_makes_the_entry_counts(monkeypatch):
    digest = inputs_digest(rich_record(), "key", Style.BIBTEX, [])
    monkeypatch.setattr(made, "code_version", lambda: "another version")
    assert inputs_digest(rich_record(), "key", Style.BIBTEX, []) != digest


def first_entry(text: str) -> str:
    return re.search(r"^@misc\{.*?^\}", text, re.MULTILINE | re.DOTALL).group()


def planted(text: str, entry: str, newline: str = "\n") -> tuple[str, str]:
    """The file with its first entry changed, and its ledger saying we wrote the change; and that entry."""
    key = entry[len("@misc{") : entry.index(",")]
    other = entry.replace("  title = {", "  title = {Planted ")
    hashes = f"{key} {ledger.digest(entry):016x}", f"{key} {ledger.digest(other):016x}"
    text = text.replace(entry, other).replace(*hashes)
    return text.replace("\n", newline), other


def test_an_entry_we_wrote_is_written_as_it_stands_while_its_paper_is_unchanged(tmp_path):
    records = seed_records()
    connection = connect(tmp_path / "cache")
    written = update_bib(records, connection, Style.BIBTEX).text
    assert update_bib(records, connection, Style.BIBTEX, written).text == written
    entry = first_entry(written)
    file, other = planted(written, entry)
    # The database does not say the paper's entry reads so: it is made again.
    assert first_entry(update_bib(records, connection, Style.BIBTEX, file).text) == entry
    # Once it does, the entry is the file's text as it stands: it was not made again.
    connection.execute("UPDATE entries_made SET text = ?", (ledger.digest(other).to_bytes(8, "big"),))
    connection.commit()
    assert first_entry(update_bib(records, connection, Style.BIBTEX, file).text) == other
    crlf, _ = planted(written, entry, "\r\n")
    assert update_bib(records, connection, Style.BIBTEX, crlf).text == file.replace("\n", "\r\n")
    # A change to the paper makes it again.
    retitled = [dataclasses.replace(records[0], title="A New Title"), *records[1:]]
    assert "A New Title" in first_entry(update_bib(retitled, connection, Style.BIBTEX, file).text)


def test_entries_made_are_kept_once_per_paper_and_style_and_a_closed_database_keeps_none(tmp_path):
    records = seed_records()
    connection = connect(tmp_path / "cache")
    for style in (Style.BIBTEX, Style.BIBLATEX, Style.BIBTEX):
        assert update_bib(records, connection, style).text
    rows = connection.execute("SELECT style, count(*) FROM entries_made GROUP BY style ORDER BY style").fetchall()
    assert rows == [("biblatex", len(records)), ("bibtex", len(records))]
    merged = update_bib([dataclasses.replace(records[0], title="New")], connection, Style.BIBTEX)
    connection.close()
    assert "New" in merged.text


def test_a_bib_written_to_a_file_keeps_what_its_entries_were_made_from_and_one_to_stdout_does_not(tmp_path):
    def rows() -> int:
        connection = connect(tmp_path / "cache")
        try:
            return connection.execute("SELECT count(*) FROM entries_made").fetchone()[0]
        except sqlite3.OperationalError:  # no such table
            return 0
        finally:
            connection.close()

    command = ["bib", "--offline", "--cache-dir", str(tmp_path / "cache")]
    printed = CliRunner().invoke(main, [*command, str(SEEDS)])
    assert printed.exit_code == 0 and printed.stdout.startswith("@preamble") and rows() == 0
    written = CliRunner().invoke(main, [*command, "-o", str(tmp_path / "refs.bib"), str(SEEDS)])
    assert written.exit_code == 0 and rows() == 13
    assert (tmp_path / "refs.bib").read_text(encoding="utf-8") == printed.stdout
