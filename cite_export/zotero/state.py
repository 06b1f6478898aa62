"""Local sync state in the shared SQLite database: a mirror of the library and what we last wrote.

``zotero_objects`` mirrors the library's items (kept current with ``since=<version>`` reads), so
matching never needs a search request. ``zotero_entries`` remembers, per paper, the keys we use and
the content we last wrote and saw, which is how a later edit in Zotero is told apart from ours.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS zotero_libraries (
    library TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS zotero_objects (
    library TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (library, key)
);
CREATE TABLE IF NOT EXISTS zotero_entries (
    library TEXT NOT NULL,
    identity TEXT NOT NULL,
    item_key TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    item_hash TEXT NOT NULL,
    item_seen_hash TEXT NOT NULL,
    note_key TEXT,
    note_version INTEGER,
    note_hash TEXT,
    note_seen_hash TEXT,
    PRIMARY KEY (library, identity)
);
CREATE TABLE IF NOT EXISTS zotero_notes (
    library TEXT NOT NULL,
    identity TEXT NOT NULL,
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    seen_hash TEXT NOT NULL,
    PRIMARY KEY (library, identity, source)
);
CREATE TABLE IF NOT EXISTS zotero_mirror_reads (
    library TEXT PRIMARY KEY,
    read_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS zotero_collections (
    library TEXT NOT NULL,
    path TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (library, path)
);
"""


@dataclass(frozen=True)
class PartState:
    """What we last wrote as an entry's item or note: ``hash`` of our data, ``seen_hash`` of the server's copy."""

    key: str
    version: int
    hash: str
    seen_hash: str


@dataclass(frozen=True)
class SyncedEntry:
    """What we last wrote for one paper: its item, and one child note per source note (by ``source``).

    ``legacy_note`` is the single note a sync made before papers had one note per source note; it
    belongs to the paper's first note until that note's state is written again.
    """

    identity: str
    item: PartState
    notes: dict[str, PartState] = field(default_factory=dict)
    legacy_note: PartState | None = None

    def note_state(self, key: str) -> PartState | None:
        """Our last state of the child note with ``key``, whichever note it was written for."""
        return next((state for state in [*self.notes.values(), self.legacy_note] if state and state.key == key), None)


class SyncState:
    def __init__(self, connection: sqlite3.Connection, library: str):
        self.connection = connection
        self.library = library
        connection.executescript(SCHEMA)

    def library_version(self) -> int:
        row = self.connection.execute(
            "SELECT version FROM zotero_libraries WHERE library = ?", (self.library,)
        ).fetchone()
        return row[0] if row else 0

    def set_library_version(self, version: int) -> None:
        self.connection.execute(
            "INSERT INTO zotero_libraries (library, version) VALUES (?, ?) "
            "ON CONFLICT (library) DO UPDATE SET version = excluded.version",
            (self.library, version),
        )

    def read_at(self) -> float | None:
        """When the mirror was last brought up to date with the library (seconds since the epoch)."""
        row = self.connection.execute(
            "SELECT read_at FROM zotero_mirror_reads WHERE library = ?", (self.library,)
        ).fetchone()
        return row[0] if row else None

    def set_read_at(self, when: float) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO zotero_mirror_reads (library, read_at) VALUES (?, ?)", (self.library, when)
        )

    def objects(self) -> dict[str, dict[str, Any]]:
        """The mirrored library: key -> item data (``version`` included)."""
        rows = self.connection.execute("SELECT data FROM zotero_objects WHERE library = ?", (self.library,))
        return {data["key"]: data for data in (json.loads(row[0]) for row in rows)}

    def versions(self) -> dict[str, int]:
        """The mirrored library's keys and versions, without parsing the items."""
        rows = self.connection.execute("SELECT key, version FROM zotero_objects WHERE library = ?", (self.library,))
        return dict(rows.fetchall())

    def put_objects(self, objects: Iterable[dict[str, Any]]) -> None:
        self.connection.executemany(
            "INSERT OR REPLACE INTO zotero_objects (library, key, version, data) VALUES (?, ?, ?, ?)",
            [(self.library, data["key"], data["version"], json.dumps(data, ensure_ascii=False)) for data in objects],
        )

    def drop_objects(self, keys: Iterable[str]) -> None:
        self.connection.executemany(
            "DELETE FROM zotero_objects WHERE library = ? AND key = ?", [(self.library, key) for key in keys]
        )

    def entries(self) -> dict[str, SyncedEntry]:
        rows = self.connection.execute(
            "SELECT identity, item_key, item_version, item_hash, item_seen_hash, "
            "note_key, note_version, note_hash, note_seen_hash FROM zotero_entries WHERE library = ?",
            (self.library,),
        )
        notes: dict[str, dict[str, PartState]] = {}
        for identity, source, *part in self.connection.execute(
            "SELECT identity, source, key, version, hash, seen_hash FROM zotero_notes WHERE library = ?",
            (self.library,),
        ):
            notes.setdefault(identity, {})[source] = PartState(*part)
        return {
            row[0]: SyncedEntry(
                row[0], PartState(*row[1:5]), notes.get(row[0], {}), PartState(*row[5:9]) if row[5] else None
            )
            for row in rows
        }

    def put_entries(self, entries: Iterable[SyncedEntry]) -> None:
        entries = list(entries)
        legacy = (None, None, None, None)
        self.connection.executemany(
            "INSERT OR REPLACE INTO zotero_entries (library, identity, item_key, item_version, item_hash, "
            "item_seen_hash, note_key, note_version, note_hash, note_seen_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    self.library,
                    entry.identity,
                    *astuple(entry.item),
                    *(astuple(entry.legacy_note) if entry.legacy_note else legacy),
                )
                for entry in entries
            ],
        )
        self.connection.executemany(
            "DELETE FROM zotero_notes WHERE library = ? AND identity = ?",
            [(self.library, entry.identity) for entry in entries],
        )
        self.connection.executemany(
            "INSERT INTO zotero_notes (library, identity, source, key, version, hash, seen_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (self.library, entry.identity, source, *astuple(state))
                for entry in entries
                for source, state in entry.notes.items()
            ],
        )

    def collections(self) -> dict[str, str]:
        """``parent`` or ``parent/week`` -> collection key."""
        rows = self.connection.execute("SELECT path, key FROM zotero_collections WHERE library = ?", (self.library,))
        return dict(rows.fetchall())

    def put_collections(self, paths: dict[str, str]) -> None:
        self.connection.executemany(
            "INSERT OR REPLACE INTO zotero_collections (library, path, key) VALUES (?, ?, ?)",
            [(self.library, path, key) for path, key in paths.items()],
        )

    def save(self) -> None:
        self.connection.commit()
