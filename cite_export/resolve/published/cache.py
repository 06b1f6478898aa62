"""Version-of-record answers kept in the shared SQLite database, so that a warm run asks nobody.

"Published" is kept for good; "not yet published" for 30 days, then asked again. An answer that a
failed or unreachable source left incomplete is not stored at all.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from cite_export.model import VenueType, VersionOfRecord

NOT_YET_PUBLISHED_TTL = 30 * 24 * 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS published_versions (
    arxiv_id TEXT PRIMARY KEY,
    version TEXT,          -- VersionOfRecord as JSON; NULL for "not yet published"
    reason TEXT NOT NULL,  -- why it was accepted, or why nothing was
    fetched REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Decision:
    version: VersionOfRecord | None
    reason: str


def to_json(version: VersionOfRecord) -> str:
    return json.dumps(dataclasses.asdict(version), ensure_ascii=False)


def from_json(text: str) -> VersionOfRecord:
    fields = json.loads(text)
    return VersionOfRecord(**{**fields, "type": VenueType(fields["type"])})


class PublishedCache:
    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        with connection:
            connection.executescript(SCHEMA)

    def decisions(self, arxiv_ids: Iterable[str]) -> dict[str, Decision]:
        oldest_not_yet = time.time() - NOT_YET_PUBLISHED_TTL
        found = {}
        for arxiv_id in arxiv_ids:
            row = self.connection.execute(
                "SELECT version, reason, fetched FROM published_versions WHERE arxiv_id = ?", (arxiv_id,)
            ).fetchone()
            if row is None:
                continue
            version, reason, fetched = row
            if version is not None:
                found[arxiv_id] = Decision(from_json(version), reason)
            elif fetched >= oldest_not_yet:
                found[arxiv_id] = Decision(None, reason)
        return found

    def store(self, decisions: dict[str, Decision]) -> None:
        now = time.time()
        rows = [
            (arxiv_id, to_json(decision.version) if decision.version else None, decision.reason, now)
            for arxiv_id, decision in decisions.items()
        ]
        with self.connection:
            self.connection.executemany(
                "INSERT INTO published_versions (arxiv_id, version, reason, fetched) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (arxiv_id) DO UPDATE SET version = excluded.version, reason = excluded.reason, "
                "fetched = excluded.fetched",
                rows,
            )
