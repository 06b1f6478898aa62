"""Plain data shared by every stage: notes -> entries -> records -> exports and Zotero items."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from cite_export.links import canonical_url


@dataclass(frozen=True)
class Origin:
    """Where something was read: a file (or ``<stdin>``) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """A warning tied to a place in the notes; printed as ``file:line: message``."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class Week:
    """A digest header such as ``2023년 5월 1주차`` (year, month, week of the month)."""

    year: int
    month: int
    week: int
    label: str


@dataclass
class Entry:
    """One paper (or link-only note) exactly as the note states it."""

    origin: Origin
    links: list[str] = field(default_factory=list)
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    commentary: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    abstract: str | None = None
    tags: list[str] = field(default_factory=list)
    related_links: list[str] = field(default_factory=list)
    wiki_links: list[str] = field(default_factory=list)
    week: Week | None = None
    date: datetime.date | None = None


class Kind(enum.StrEnum):
    ARXIV = "arxiv"
    WEB = "web"
    POST = "post"


class Resolution(enum.StrEnum):
    """How a record's metadata was obtained."""

    NOTE = "note"
    ARXIV = "arxiv"
    CACHE = "cache"
    TITLE_SEARCH = "title search"


@dataclass(frozen=True)
class Person:
    given: str
    family: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass
class Record:
    """An entry with its bibliographic metadata, from the note or from arXiv."""

    entry: Entry
    kind: Kind
    title: str | None
    authors: list[Person]
    date: PartialDate | None
    arxiv_id: str | None = None
    version: int | None = None
    updated: PartialDate | None = None
    primary_class: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    abstract: str | None = None
    resolution: Resolution = Resolution.NOTE
    problems: list[Problem] = field(default_factory=list)

    @property
    def url(self) -> str | None:
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return canonical_url(self.entry.links[0]) if self.entry.links else None

    @property
    def identity(self) -> str:
        """A stable name for the paper, used to pin citation keys and Zotero items."""
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        if self.entry.links:
            return f"url:{canonical_url(self.entry.links[0])}"
        return f"note:{self.entry.origin}"
