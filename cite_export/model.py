"""Plain data shared by every stage: notes -> entries -> records -> exports and Zotero items."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter

from cite_export.identity import paper_identity
from cite_export.links import canonical_url


@dataclass(frozen=True, slots=True)
class Origin:
    """Where something was read: a file (or ``<stdin>``) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning tied to a place in the notes; printed as ``file:line: message``."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True, slots=True)
class Week:
    """A digest header such as ``2023년 5월 1주차`` (year, month, week of the month)."""

    year: int
    month: int
    week: int
    label: str


# Before each paragraph: a byte no UTF-8 text holds, so that any text comes back as it was, "" and "\0" too.
PARAGRAPH_MARK = b"\xff"


class Paragraphs(Sequence[str]):
    """A note's paragraphs (its commentary, or its English version): a tuple of strings to whoever reads them, held
    as UTF-8 bytes.

    Python holds a string at two bytes per character once one Korean character is in it, so Korean commentary
    with English terms in it takes up to twice its UTF-8 size, and the notes' words are most of what a run holds:
    held as UTF-8, they take a quarter less for the corpus's notes, and the peak of ``csl`` over 100k notes of
    benchmarks/scale.py is ~60 MiB lower (~390 before). A paragraph is decoded each time it is asked for: a run
    reads them once, as the export is written.
    """

    __slots__ = ("_utf8",)

    def __init__(self, paragraphs: Iterable[str] = ()) -> None:
        self._utf8 = b"".join(PARAGRAPH_MARK + paragraph.encode("utf-8", "surrogatepass") for paragraph in paragraphs)

    @classmethod
    def from_utf8(cls, utf8: bytes) -> Paragraphs:
        """The paragraphs whose ``utf8`` bytes these are (as kept between runs); none at all is NO_PARAGRAPHS."""
        if not utf8:
            return NO_PARAGRAPHS
        held = cls.__new__(cls)
        held._utf8 = utf8
        return held

    @property
    def utf8(self) -> bytes:
        return self._utf8

    def __len__(self) -> int:
        return self._utf8.count(PARAGRAPH_MARK)

    def __bool__(self) -> bool:
        return bool(self._utf8)

    def __iter__(self) -> Iterator[str]:
        utf8 = self._utf8
        if utf8.find(PARAGRAPH_MARK, 1) < 0:  # no paragraph or one, as most notes have: nothing to split
            return iter((utf8[1:].decode("utf-8", "surrogatepass"),) if utf8 else ())
        return (part.decode("utf-8", "surrogatepass") for part in utf8.split(PARAGRAPH_MARK)[1:])

    def __getitem__(self, index):  # an int gives a paragraph, a slice a tuple of them
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Paragraphs):
            return self._utf8 == other._utf8
        return tuple(self) == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


NO_PARAGRAPHS = Paragraphs()


def as_paragraphs(texts: Iterable[str]) -> Paragraphs:
    """``texts`` as Paragraphs; none at all is one shared object (most notes have no English version)."""
    if isinstance(texts, Paragraphs):
        return texts
    held = Paragraphs(texts)
    return held if held.utf8 else NO_PARAGRAPHS


@dataclass(slots=True)
class Entry:
    """One paper (or link-only note) exactly as the note states it.

    Its sequences are tuples: an entry is never changed once read, a tuple is a third smaller than a list of the
    same items, and the many empty ones (most notes have no English paragraphs or wiki links) are one object. Its
    paragraphs are given as any sequence of strings and held as Paragraphs.
    """

    origin: Origin
    links: tuple[str, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] = ()
    # ``(Kimi Team)``, ``(OpenAI)``: the one author is an organisation (a corporate author, never split into names).
    author_is_organisation: bool = False
    abstract: str | None = None
    tags: tuple[str, ...] = ()
    related_links: tuple[str, ...] = ()
    wiki_links: tuple[str, ...] = ()
    commentary: Paragraphs = NO_PARAGRAPHS
    english: Paragraphs = NO_PARAGRAPHS
    week: Week | None = None
    date: datetime.date | None = None

    def __post_init__(self) -> None:
        self.commentary = as_paragraphs(self.commentary)
        self.english = as_paragraphs(self.english)


# An entry's fields other than its origin, paragraphs, week and date: plain values (strings, tuples of them, a bool).
PLAIN_FIELDS = tuple(f.name for f in fields(Entry) if f.name not in ("origin", "commentary", "english", "week", "date"))
_plain_fields = attrgetter(*PLAIN_FIELDS)


def entry_state(entry: Entry) -> tuple:
    """An entry but its origin as values marshal writes as they are, for what the cache database keeps of it: its
    plain fields, its paragraphs' UTF-8 bytes, its week's parts, its day's ordinal (kept.decode rebuilds it)."""
    week = entry.week
    return (
        _plain_fields(entry),
        entry.commentary.utf8,
        entry.english.utf8,
        (week.year, week.month, week.week, week.label) if week else None,
        entry.date.toordinal() if entry.date else None,
    )


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


class Person:
    """A name: given names, then the family name.

    Held as one string and where its family name starts, not as two strings: a name split from a note or an arXiv
    answer (``names.split_name``) keeps that very string, which its note or paper holds anyway. A vault of 100k
    notes names some 450k authors.
    """

    __slots__ = ("_family_at", "_name")

    def __init__(self, given: str, family: str) -> None:
        self._name = f"{given} {family}" if given and family else given or family
        self._family_at = len(given) + 1 if given else 0

    @classmethod
    def cut(cls, name: str, family_at: int) -> Person:
        """``name`` read as given names up to ``family_at`` (a space before it), then the family name; 0: all of
        it is the family name."""
        person = cls.__new__(cls)
        person._name, person._family_at = name, family_at
        return person

    @property
    def given(self) -> str:
        return self._name[: self._family_at - 1] if self._family_at else ""

    @property
    def family(self) -> str:
        return self._name[self._family_at :]

    @property
    def full(self) -> str:
        return self._name.strip()

    @property
    def state(self) -> tuple[str, int]:
        """All a name holds, as plain values."""
        return self._name, self._family_at

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Person):
            return NotImplemented
        return (self._name, self._family_at) == (other._name, other._family_at)

    def __hash__(self) -> int:
        return hash((self._name, self._family_at))

    def __repr__(self) -> str:
        return f"Person(given={self.given!r}, family={self.family!r})"


@dataclass(frozen=True, slots=True)
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


def note_order(entry: Entry) -> tuple:
    """Notes sort by date (a vault note's day, a digest week's first day; undated last), then file and line."""
    if entry.date:
        day = entry.date
    elif entry.week:
        day = datetime.date(entry.week.year, entry.week.month, min(max(1, 7 * entry.week.week - 6), 28))
    else:
        day = datetime.date.max
    return (day, entry.origin.path, entry.origin.line)


def union(lists) -> list[str]:
    """The items of all lists, each once, in first-seen order."""
    return list(dict.fromkeys(item for items in lists for item in items))


class VenueType(enum.StrEnum):
    PROCEEDINGS = "proceedings"
    JOURNAL = "journal"


@dataclass(frozen=True, slots=True)
class VersionOfRecord:
    """Where an arXiv paper was published, and which source said so and why that was believed."""

    venue: str
    type: VenueType
    year: int
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    doi: str | None = None
    source: str = ""
    reason: str = ""


@dataclass(slots=True)
class Record:
    """A paper with its bibliographic metadata (from the notes or from arXiv) and every note about it.

    ``notes`` holds every note of the paper in note order (``note_order``); ``entry`` is the first of them,
    whose links and origin name the paper. A record made from one note has ``notes == (entry,)``.
    """

    entry: Entry
    kind: Kind
    title: str | None
    authors: tuple[Person, ...]
    date: PartialDate | None
    arxiv_id: str | None = None
    version: int | None = None
    updated: PartialDate | None = None
    primary_class: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    abstract: str | None = None
    resolution: Resolution = Resolution.NOTE
    problems: tuple[Problem, ...] = ()  # most records have none, and every empty tuple is the same one
    notes: tuple[Entry, ...] = ()
    # Set only with --published, when a source's record passed every matching rule.
    version_of_record: VersionOfRecord | None = None
    # A stable name for the paper (``identity.paper_identity``): notes of one paper merge under it, and citation
    # keys and Zotero items are pinned to it. A note with no link is a paper of its own. Made once, with the
    # record, since every stage asks for it (the fields it comes from are never changed on a record).
    identity: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.notes:
            self.notes = (self.entry,)
        link = self.entry.links[0] if self.entry.links else None
        self.identity = paper_identity(self.arxiv_id, self.doi, link) or f"note:{self.entry.origin}"

    @property
    def tags(self) -> list[str]:
        """Every note's hashtags, each once, in first-seen order."""
        return union(note.tags for note in self.notes)

    @property
    def links(self) -> list[str]:
        """Every note's links to the paper (first note's first), each page once, as first written."""
        return list(self.pages.values())

    @property
    def pages(self) -> dict[str, str]:
        """The pages of ``links`` (``canonical_url``), each with its link as first written."""
        return pages_of(link for note in self.notes for link in note.links)

    @property
    def related_links(self) -> list[str]:
        """Links in every note's commentary, each page once, as first written."""
        return unique_pages(link for note in self.notes for link in note.related_links)

    @property
    def wiki_links(self) -> list[str]:
        return union(note.wiki_links for note in self.notes)

    @property
    def url(self) -> str | None:
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return canonical_url(self.entry.links[0]) if self.entry.links else None


def unique_pages(links) -> list[str]:
    """Links, one per page (``canonical_url``), each as first written."""
    return list(pages_of(links).values())


def pages_of(links) -> dict[str, str]:
    """Each page the links name (``canonical_url``) -> its link as first written."""
    pages: dict[str, str] = {}
    for link in links:
        pages.setdefault(canonical_url(link), link)
    return pages
