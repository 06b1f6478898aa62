"""The reading of a .bib file we wrote, recorded as it is written: a weekly run whose file still holds the bytes
the last run wrote takes the file's blocks from the cache database instead of reading its entries again (~30%
of a warm ``bib -o``). This module keeps and recalls recordings; recorder.py makes them.

A recording is exact by construction. It is used only for a file whose bytes have the SHA-256 of those written,
and it is the reading of the text written: a block the old file held and that is written as it was is taken as
it was read; everything else written (entries made, the text between, the preamble) is read as it is written,
piece by piece. A piece read alone reads as it does within the file: each starts where a block ends, and where
a piece ends in a command's name, the next does not open its body. Where some block cannot be read, BibTeX's
reading of what follows depends on it, and no recording is kept.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cite_export.store import code_version

if TYPE_CHECKING:
    from cite_export.export.previous import PreviousFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS bib_readings (
    path TEXT PRIMARY KEY,  -- the file written, as an absolute path
    digest BLOB NOT NULL,   -- the SHA-256 of its bytes as written
    code TEXT NOT NULL,     -- store.code_version() of the code that read it
    facts BLOB NOT NULL,    -- the rest of its Recording, each part in a column of its own (see keep)
    ends BLOB, lines BLOB, keys BLOB, names BLOB
) WITHOUT ROWID;
"""
# Parts written one at a time: at 100k entries each is a few MB.
PARTS = ("ends", "lines", "keys", "names")
NAMES_APART = "\0"


@dataclass
class Recording:
    """A file's blocks and what ``oldfile.FileReading`` finds in its text, but its ledger: that is in its last
    block (``ledger_bytes`` long) or nowhere, and read from the file, as it would take ~15 MB to hold at 100k."""

    ends: array = field(default_factory=lambda: array("q"))
    lines: array = field(default_factory=lambda: array("q"))
    keys: list[str | None] = field(default_factory=list)
    names: Iterable[str | None] = field(default_factory=list)  # for an entry: the paper its fields name, if any
    titles: dict[int, str] = field(default_factory=dict)  # for an entry that names none, by the block's index
    ledger_bytes: int = 0
    line_ends: int = 0
    crlf_line_ends: int = 0
    edited: bool = False
    mark_in_text: bool = False
    mark_in_kept_text: bool = False

    def facts(self) -> bytes:
        facts = (self.ledger_bytes, self.line_ends, self.crlf_line_ends, self.edited, self.mark_in_text)
        return marshal.dumps((self.titles, *facts, self.mark_in_kept_text))

    def part(self, name: str) -> bytes:
        if name == "names":  # each ended by NAMES_APART, which none holds (see recorder.Recorder.append)
            return "".join(f"{name or ''}{NAMES_APART}" for name in self.names).encode("utf-8")
        value = getattr(self, name)
        return value.tobytes() if isinstance(value, array) else marshal.dumps(value)

    @classmethod
    def decode(cls, facts: bytes, ends: bytes, lines: bytes, keys: bytes, names: bytes) -> Recording:
        rest = marshal.loads(facts)
        return cls(array("q", ends), array("q", lines), marshal.loads(keys), each_name(names.decode("utf-8")), *rest)


def each_name(names: str) -> Iterator[str | None]:
    """The names kept (see ``Recording.part``), one at a time: at 100k blocks, a list of them would be ~7 MB more
    at the moment the run needs most."""
    start = 0
    while (end := names.find(NAMES_APART, start)) >= 0:
        yield names[start:end] or None
        start = end + 1


def recalled(connection: sqlite3.Connection, previous: PreviousFile) -> Recording | None:
    """The recording of the file ``previous`` if it holds the text recorded."""
    path = os.path.abspath(previous.path)
    try:
        row = connection.execute("SELECT digest, code FROM bib_readings WHERE path = ?", (path,)).fetchone()
        if row is None or row[1] != code_version() or previous.digest() != row[0]:
            return None
        parts = connection.execute(f"SELECT facts, {', '.join(PARTS)} FROM bib_readings WHERE path = ?", (path,))
        return Recording.decode(*parts.fetchone())
    except sqlite3.OperationalError:  # no such table yet, or locked past the wait
        return None


def keep(connection: sqlite3.Connection, path: str, recording: Recording | None, digest: bytes) -> None:
    """The ``recording`` of the file written to ``path`` (None: none could be made), whose bytes have the SHA-256
    ``digest``, kept for the next run in place of the last one."""
    code = code_version()
    try:
        with connection:
            connection.executescript(SCHEMA)
            connection.execute("DELETE FROM bib_readings WHERE path = ?", (path,))
            if recording is None or code is None:
                return
            row = (path, digest, code, recording.facts())
            connection.execute("INSERT INTO bib_readings (path, digest, code, facts) VALUES (?, ?, ?, ?)", row)
            for part in PARTS:
                connection.execute(f"UPDATE bib_readings SET {part} = ? WHERE path = ?", (recording.part(part), path))
    except (sqlite3.OperationalError, sqlite3.ProgrammingError):  # locked past the wait, a full disk, closed:
        pass  # the file is read next time
