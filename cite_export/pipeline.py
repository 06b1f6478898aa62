"""The stages every command shares: read the notes, resolve them, drop repeated papers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from cite_export.model import Kind, Problem, Record
from cite_export.notes import read_sources
from cite_export.resolve import ResolveReport, ResolveSettings, resolve


@dataclass
class Run:
    records: list[Record]
    problems: list[Problem]
    resolved: ResolveReport  # every entry read, repeats included, with how each was resolved
    skipped: int = 0

    def summary(self, exported: str = "entries") -> str:
        """``13 entries: 12 arXiv, 1 link-only; 0 skipped; 2 warnings``."""
        counts = {
            "arXiv": sum(record.kind is Kind.ARXIV for record in self.records),
            "link-only": sum(not record.title and record.kind is not Kind.ARXIV for record in self.records),
            "web": sum(bool(record.title) and record.kind is not Kind.ARXIV for record in self.records),
        }
        parts = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
        plural = "" if len(self.problems) == 1 else "s"
        return (
            f"{len(self.records)} {exported}: {parts or 'none'}; {self.skipped} skipped; "
            f"{len(self.problems)} warning{plural}"
        )


def read_and_resolve(sources: Sequence[str], connection: sqlite3.Connection | None, settings: ResolveSettings) -> Run:
    reading = read_sources(sources)
    resolved = resolve(reading.entries, connection, settings)
    records, duplicates = drop_repeats(resolved.records)
    return Run(
        records=records,
        problems=[*reading.problems, *resolved.problems, *duplicates],
        resolved=resolved,
        skipped=len(duplicates),
    )


def drop_repeats(records: list[Record]) -> tuple[list[Record], list[Problem]]:
    """Keep the first record of each paper; a later note of the same paper is reported, not exported twice."""
    first_seen: dict[str, Record] = {}
    kept, problems = [], []
    for record in records:
        earlier = first_seen.setdefault(record.identity, record)
        if earlier is record:
            kept.append(record)
        else:
            problems.append(
                Problem(record.entry.origin, f"skipped: same paper as {earlier.entry.origin} ({record.identity})")
            )
    return kept, problems
