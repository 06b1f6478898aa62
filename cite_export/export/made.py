"""Entries made before: an entry of ours that the file holds as we wrote it is not made again while what it is
made from is unchanged, as Better BibTeX keeps the entries it exported, per item and options. The same holds for
the items of a CSL-JSON file (cslfile.py), under the style ``csl``.

An entry is made from its record, its key, the style, the keys it replaced, and this code: one digest of them all
(``inputs_digest``) is kept in the cache database for each paper and style, with the ledger's hash of the text it
made. Where the file's entry for the paper has that hash (and the ledger says nobody edited it) and the paper's
inputs have that digest, the entry made now would be the file's text: it is written as it stands. Making an entry
costs ~65 µs of CPU and the digest ~13 µs: a weekly run writes a large .bib again mostly as it stands.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
from collections.abc import Iterator, Sequence

from cite_export.model import Entry, PartialDate, Record, entry_state
from cite_export.store import code_version, rows_for

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries_made (
    identity TEXT NOT NULL,  -- the paper's (Record.identity)
    style TEXT NOT NULL,     -- bibtex, biblatex (export.bibtex.Style) or csl
    inputs BLOB NOT NULL,    -- inputs_digest() of what its entry was made from, by which code
    text BLOB NOT NULL,      -- ledger.digest() of the entry made, as 8 bytes
    PRIMARY KEY (identity, style)
) WITHOUT ROWID;
"""
# Rows kept together: a write per thousand entries made, and no more than that many held (100k at a first run).
ROWS_PER_WRITE = 1000
# Papers looked up together, in the order of the file's entries: never the whole table in memory at once.
PAPERS_PER_QUERY = 5000


def inputs_digest(record: Record, key: str, style: str, replaced: Sequence[str]) -> bytes:
    """What an entry (``bibtex.entry``) or item (``csljson.csl_item``) is made from, and the code it is made by,
    as one digest."""
    inputs = (code_version(), str(style), key, tuple(replaced), record_state(record))
    return hashlib.sha256(marshal.dumps(inputs)).digest()[:16]  # as the ledger's: the fastest hash here


def record_state(record: Record) -> tuple:
    """Every field of ``record`` as plain values (tests/export/test_entries_made.py checks that each counts)."""
    published = record.version_of_record
    return (
        record.kind.value,
        record.title,
        [person.state for person in record.authors],
        date_state(record.date),
        record.arxiv_id,
        record.version,
        date_state(record.updated),
        record.primary_class,
        record.doi,
        record.journal_ref,
        record.abstract,
        record.resolution.value,
        [(problem.origin.path, problem.origin.line, problem.message) for problem in record.problems],
        None if record.notes and record.entry is record.notes[0] else note_state(record.entry),  # most records
        [note_state(note) for note in record.notes],
        None if published is None else (
            published.venue, published.type.value, published.year, published.volume, published.number,
            published.pages, published.publisher, published.doi, published.source, published.reason,
        ),
    )  # fmt: skip


def note_state(entry: Entry) -> tuple:
    return (entry.origin.path, entry.origin.line, *entry_state(entry))


def date_state(date: PartialDate | None) -> tuple | None:
    return (date.year, date.month, date.day) if date else None


class MadeEntries:
    """The entries made before for the papers of a file's entries (``papers``, in the file's order, each asked for
    in that order), and those made now, kept as they are made."""

    def __init__(self, connection: sqlite3.Connection | None, style: str, papers: Sequence[str]) -> None:
        self.connection = connection if code_version() else None
        self.style = str(style)
        self.made: list[tuple[str, str, bytes, bytes]] = []
        self.asked: set[str] = set()
        self.found: dict[str, tuple[bytes, int]] = {}
        self.chunks = self.looked_up(papers)
        if self.connection is not None:
            try:
                with self.connection:
                    self.connection.executescript(SCHEMA)
            except sqlite3.OperationalError:  # locked past the wait, or read-only: nothing is kept
                self.connection = None

    @property
    def kept(self) -> bool:
        """Whether entries made are looked up and kept: there is a database this code can write."""
        return self.connection is not None

    def looked_up(self, papers: Sequence[str]) -> Iterator[None]:
        query = "SELECT identity, inputs, text FROM entries_made WHERE style = ? AND identity IN {keys}"
        for start in range(0, len(papers), PAPERS_PER_QUERY):
            chunk = papers[start : start + PAPERS_PER_QUERY]
            self.asked = set(chunk)
            rows = rows_for(self.connection, query, chunk, self.style) if self.connection else []
            self.found = {identity: (inputs, int.from_bytes(text, "big")) for identity, inputs, text in rows}
            yield

    def as_written(self, identity: str, inputs: bytes, text: int) -> bool:
        """Whether the entry for ``identity`` made from ``inputs`` is the text whose hash is ``text``."""
        while identity not in self.asked:
            if next(self.chunks, StopIteration) is StopIteration:
                return False
        return self.found.get(identity) == (inputs, text)

    def add(self, identity: str, inputs: bytes, text: int) -> None:
        """An entry made now, kept for the next run."""
        self.made.append((identity, self.style, inputs, text.to_bytes(8, "big")))
        if len(self.made) >= ROWS_PER_WRITE:
            self.keep()

    def keep(self) -> None:
        if not self.made or self.connection is None:
            self.made.clear()
            return
        try:
            with self.connection:
                self.connection.executemany("INSERT OR REPLACE INTO entries_made VALUES (?, ?, ?, ?)", self.made)
        except (sqlite3.OperationalError, sqlite3.ProgrammingError):  # locked past the wait, a full disk, closed:
            # those entries are made again next time
            self.connection = None
        self.made.clear()
