"""Provisional citation keys: a key made without an author is re-derived once the paper's authors are known.

A key made from an author list is pinned forever. A key made without one (``arxiv190608237`` from an arXiv
link read offline, ``openai2023gpt`` from a site) is provisional: when a later run can derive a key that is
not that key's spelling (arXiv answered, or a title line was added), the paper gets the new key. Where the
old key is already in the user's file, it stays there (the document cites it) until ``--rekey``; a replaced
key is remembered, and BibLaTeX lists it in ``ids`` so that a document citing it still compiles.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from cite_export.model import Record
from cite_export.store import rows_for

COLUMNS = {"provisional": "INTEGER", "base": "TEXT"}
REPLACED_SCHEMA = """
CREATE TABLE IF NOT EXISTS keys_replaced (
    identity TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (identity, key)
)
"""
# Before keys were marked, a key made without authors for an arXiv paper began with "arxiv".
LEGACY_PROVISIONAL = re.compile(r"arxiv[0-9a-z]*")


@dataclass(frozen=True, slots=True)
class Pin:
    key: str
    provisional: bool | None  # None: pinned before keys were marked
    base: str | None


class IssuedKeys(dict):
    """``identity`` -> key, with the keys each paper had before (``replaced``) and the provisional keys kept in
    the file although a better one exists (``kept``: identity -> (kept key, better key))."""

    def __init__(self, replaced: dict[str, list[str]] | None = None):
        super().__init__()
        self.replaced = replaced or {}
        self.kept: dict[str, tuple[str, str]] = {}


def migrate(connection: sqlite3.Connection) -> None:
    """Add the columns and table a database made by an older version lacks."""
    present = {row[1] for row in connection.execute("PRAGMA table_info(keys_issued)")}
    with connection:
        for name, sql_type in COLUMNS.items():
            if name not in present:
                connection.execute(f"ALTER TABLE keys_issued ADD COLUMN {name} {sql_type}")
        connection.execute(REPLACED_SCHEMA)


def read_pins(connection: sqlite3.Connection, identities: list[str]) -> dict[str, Pin]:
    """The pins under ``identities``, with the base of a key only where it is provisional (only there can the base
    outdate it)."""
    rows = rows_for(
        connection,
        "SELECT identity, key, provisional, CASE WHEN provisional THEN base END FROM keys_issued"
        " WHERE identity IN {keys}",
        identities,
    )
    return {
        identity: Pin(key, None if provisional is None else bool(provisional), base)
        for identity, key, provisional, base in rows
    }


def every_key(connection: sqlite3.Connection) -> Iterator[str]:
    """Every key the database pinned, for any paper."""
    return (key for (key,) in connection.execute("SELECT key FROM keys_issued"))


def read_replaced(connection: sqlite3.Connection) -> dict[str, list[str]]:
    replaced: dict[str, list[str]] = {}
    for identity, key in connection.execute("SELECT identity, key FROM keys_replaced ORDER BY rowid"):
        replaced.setdefault(identity, []).append(key)
    return replaced


def remember_replaced(connection: sqlite3.Connection, replaced: dict[str, list[str]]) -> None:
    with connection:
        connection.executemany(
            "INSERT OR IGNORE INTO keys_replaced VALUES (?, ?)",
            [(identity, key) for identity, keys in replaced.items() for key in keys],
        )


def is_provisional(record: Record, key: str, pin: Pin | None) -> bool:
    if pin is not None and pin.key == key and pin.provisional is not None:
        return pin.provisional
    return bool(record.arxiv_id) and LEGACY_PROVISIONAL.fullmatch(key) is not None


def outdated(key: str, pin: Pin | None, base: str) -> bool:
    """Whether ``key`` is not a spelling of ``base`` (the key the record's metadata now gives)."""
    if pin is not None and pin.key == key and pin.base is not None:
        return pin.base != base
    suffix = key[len(base) :] if key.startswith(base) else None
    return suffix is None or not (suffix == "" or (suffix.isalpha() and suffix.islower()))
