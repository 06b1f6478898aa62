"""Is the database file whole? A cheap look every run, SQLite's ``quick_check`` when the file changed
behind our back.

``PRAGMA quick_check`` reads every page: about 0.8 s on a cache of 120k papers, too much for
every run. So a run that closes the database writes down the file's state (filestate.py:
identity, size, times of writing and of change); the next run checks the whole file only when
that differs (a copy, a sync tool, a crash, another program). A truncated or foreign file is
caught every run by the header and the schema.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from cite_export.filestate import current_state

HEADER_SIZE = 100


class Damaged(sqlite3.DatabaseError):
    """The file is not a whole SQLite database."""


def stamp_path(database: Path) -> Path:
    """What the file looked like when the last run closed it, after a check or a clean run."""
    return database.with_name(database.name + ".checked")


def stamp(database: Path) -> str:
    """The database file's state (filestate.py), as its stamp holds it; empty when it cannot be looked at."""
    state = current_state(database)
    return state.hex() if state else ""


def check_integrity(connection: sqlite3.Connection, database: Path) -> None:
    """Raise ``Damaged`` (or SQLite's own error) unless the database looks whole."""
    check_length(database)
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        unchanged = stamp_path(database).read_text() == stamp(database)
    except OSError:
        unchanged = False
    if unchanged:
        return
    verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if verdict != ["ok"]:
        found = " ".join(" ".join(verdict[:2]).replace("*** in database main ***", "").split())
        raise Damaged(f"quick_check: {found[:120]}")


def remember_state(database: Path) -> None:
    """Called once the database is closed by a run that found no damage."""
    with contextlib.suppress(OSError):  # a read-only folder: the next run just checks again
        stamp_path(database).write_text(stamp(database))


def check_length(database: Path) -> None:
    """A file shorter than its header's page count says was cut off (a copy or a sync that stopped)."""
    try:
        with database.open("rb") as file:
            header = file.read(HEADER_SIZE)
            size = file.seek(0, 2)
    except OSError:
        return  # no file yet, or none to read: SQLite says what is wrong
    if len(header) < HEADER_SIZE or not header.startswith(b"SQLite format 3\0"):
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and page_size * pages > size:
        raise Damaged(f"cut off: {size} of {page_size * pages} bytes")


def forget_state(database: Path) -> None:
    """SQLite found damage mid-run: make the next run check the whole file."""
    stamp_path(database).unlink(missing_ok=True)
