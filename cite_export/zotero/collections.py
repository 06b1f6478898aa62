"""Which collection an entry goes in: its digest week, or the ISO week of a vault note's date. Pure."""

from __future__ import annotations

from cite_export.model import Entry, Record

DEFAULT_PARENT_COLLECTION = "cite-export"


def week_collection(entry: Entry) -> str | None:
    """``2023년 5월 1주차`` for a digest entry, ``2023-W18`` for a vault note dated in that ISO week."""
    if entry.week:
        return entry.week.label
    if entry.date:
        year, week, _ = entry.date.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def collection_paths(record: Record, parent: str) -> list[str]:
    """The collection of every week the paper was noted in (the parent itself for a note with no week)."""
    weeks = (week_collection(note) for note in record.notes)
    return list(dict.fromkeys(f"{parent}/{week}" if week else parent for week in weeks))
