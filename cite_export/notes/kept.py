"""Readings kept between runs: each note file's entries and warnings, stored in the cache database under the
file's name with a digest of its bytes, and reused while both the bytes and the reading code are unchanged.

Reading a note costs ~150 µs of CPU, most of a large vault's run; taking its reading back costs ~10 µs. The file
is not even opened while its state (filestate.py: size, inode, times of writing and of change) is the one it
had when read; a file in another state is read, and its reading taken back if its bytes are the same. A reading is
stored as ``marshal`` data: plain tuples, strings and bytes, loaded without running any code, as compact as the
note itself. The same form carries a reader process's readings to the main process.
"""

from __future__ import annotations

import datetime
import functools
import marshal
import sqlite3
from collections.abc import Iterable, Sequence

from cite_export.model import Entry, Origin, Paragraphs, Problem, Week, entry_state
from cite_export.store import blake2b, code_version, rows_for

SCHEMA = """
CREATE TABLE IF NOT EXISTS note_readings (
    name TEXT PRIMARY KEY,  -- the note file as named on the command line or found in a folder
    reader TEXT NOT NULL,   -- code_version() of the code that read it
    digest BLOB NOT NULL,   -- of the file's bytes
    reading BLOB NOT NULL,  -- encode(entries, problems)
    state BLOB              -- sources.lasting_state of the file when its bytes were read
);
"""
NoteReading = tuple[list[Entry], list[Problem]]
# What is kept of a file: the digest of the bytes read, the file's state then (None: its bytes must tell), the reading.
KeptReading = tuple[bytes, bytes | None, bytes]


def digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


def encode(reading: NoteReading) -> bytes:
    """A note's reading as marshal data: each entry's line and ``model.entry_state`` (tests/notes/
    test_kept_readings.py checks every field comes back), each warning's line and message."""
    entries, problems = reading
    return marshal.dumps(
        (
            [(entry.origin.line, *entry_state(entry)) for entry in entries],
            [(problem.origin.line, problem.message) for problem in problems],
        )
    )


def decode(name: str, data: bytes) -> NoteReading:
    """The entries and warnings of the note file ``name``, from ``encode``'s bytes."""
    entries, problems = marshal.loads(data)
    return (
        [
            Entry(
                Origin(name, line),
                *as_is,
                Paragraphs.from_utf8(commentary),
                Paragraphs.from_utf8(english),
                week=shared_week(week) if week else None,
                date=shared_date(ordinal) if ordinal else None,
            )
            for line, as_is, commentary, english, week, ordinal in entries
        ],
        [Problem(Origin(name, line), message) for line, message in problems],
    )


# One object per week and per day, shared by every note that names it: a vault of 100k notes holds ~3,000 days.
@functools.cache
def shared_week(week: tuple) -> Week:
    return Week(*week)


@functools.cache
def shared_date(ordinal: int) -> datetime.date:
    return datetime.date.fromordinal(ordinal)


def database_file(connection: sqlite3.Connection) -> str | None:
    """The file of a connection's database; None for one in memory, which no other process can open."""
    for _, name, file in connection.execute("PRAGMA database_list"):
        if name == "main":
            return file or None
    return None


class Keeper:
    """Stores the readings of a run in the cache database (the main process's connection)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.version = code_version()
        self.database = database_file(connection) if self.version else None
        self.stale_dropped = False
        if self.database:
            with connection:
                connection.executescript(SCHEMA)
                if "state" not in {row[1] for row in connection.execute("PRAGMA table_info(note_readings)")}:
                    connection.execute("ALTER TABLE note_readings ADD COLUMN state BLOB")  # kept by an older version

    def kept_for(self, names: Sequence[str]) -> dict[str, KeptReading]:
        """The readings this code kept for ``names``. A database that cannot be read keeps nothing."""
        if not self.database:
            return {}
        query = "SELECT name, digest, state, reading FROM note_readings WHERE reader = ? AND name IN {keys}"
        try:
            return {row[0]: row[1:] for row in rows_for(self.connection, query, names, self.version)}
        except sqlite3.Error:
            return {}

    def keep(self, rows: Iterable[tuple[str, bytes, bytes | None, bytes]]) -> None:
        """Store (name, digest, state, reading) rows, replacing what each name held."""
        rows = [(name, self.version, kept, data, state) for name, kept, state, data in rows]
        if not rows or not self.database:
            return
        try:
            with self.connection:
                if not self.stale_dropped:
                    # Readings by other code are never used again: gone as soon as this code keeps its own.
                    self.connection.execute("DELETE FROM note_readings WHERE reader != ?", (self.version,))
                    self.stale_dropped = True
                self.connection.executemany("INSERT OR REPLACE INTO note_readings VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.OperationalError:
            # Locked by another run past the wait, or a full disk: what is not kept is only read again next time.
            self.database = None
