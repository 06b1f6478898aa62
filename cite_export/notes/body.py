"""Reading the text of an entry, once its title lines are taken off: commentary, the English version, the abstract
(quoted lines), hashtags, related links and wiki links. Each kind of line (kinds.py) does one thing here."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cite_export.links import canonical_url
from cite_export.model import Origin, Problem
from cite_export.notes import kinds, line_kinds
from cite_export.notes.kinds import read_line
from cite_export.notes.layout import Row

ENGLISH_OPEN = re.compile(r"<english>", re.IGNORECASE)
ENGLISH_CLOSE = re.compile(r"</english>", re.IGNORECASE)


@dataclass
class Body:
    """What an entry's text holds once its title lines are taken off."""

    commentary: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related_links: list[str] = field(default_factory=list)
    wiki_links: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Section(enum.Enum):
    TEXT = "commentary and the rest"
    LINKS = "under a # Links heading: related notes and pages, kept in the text as written"
    FENCE = "inside fenced code: kept as written"


# Compared by these names rather than as ``Section.TEXT``, as line kinds are (kinds.py): faster in Python 3.11.
IN_TEXT, IN_LINKS, IN_FENCE = Section


def read_body(path: str, rows: list[Row], lead: str, lead_at: int = 0, own_links: Sequence[str] = ()) -> Body:
    """The body of an entry's text; ``lead``, the commentary on the line of its links, comes before ``rows[lead_at]``
    (after the lines written above the links, in a note of one paper)."""
    return BodyReader(path, own_links).read(rows, lead, lead_at)


class BodyReader:
    def __init__(self, path: str, own_links: Sequence[str] = ()) -> None:
        self.path = path
        self.links_of_entry = own_links
        self.body = Body()
        self.section = IN_TEXT
        self.section_before_fence = IN_TEXT
        self.english_from: int | None = None  # the line of the open ``<english>``, while the English version is read
        # An indented line continues the prose above it, across hashtag and link lines but not a blank or heading.
        self.last_kind = kinds.BLANK

    def read(self, rows: list[Row], lead: str, lead_at: int) -> Body:
        body = self.body
        for index, (number, line) in enumerate(rows):
            if index == lead_at and lead:
                self.lead(lead)
            self.line(number, line.rstrip())
        if lead_at >= len(rows) and lead:
            self.lead(lead)
        if self.english_from is not None:
            message = "`<english>` is never closed: read to the end"
            body.problems.append(Problem(Origin(self.path, self.english_from), message))
        body.abstract = [" ".join(part.split()) for part in split_paragraphs(body.abstract)]
        return body

    def line(self, number: int, line: str) -> None:
        """What one line does to the entry's text."""
        body = self.body
        stripped = line.strip()
        reading = read_line(line)  # a line reads as it does stripped (kinds.py): the splitter's reading, cached
        kind = reading.kind
        if kind is kinds.FENCE:
            if self.section is IN_FENCE:
                self.section = self.section_before_fence
            else:
                self.section_before_fence, self.section = self.section, IN_FENCE
            body.commentary.append(stripped)
            return
        if self.section is IN_FENCE:
            body.commentary.append(line)
            return
        if kind is kinds.BLANK:
            self.last_kind = kind
            if body.abstract and body.abstract[-1] != "":
                body.abstract.append("")
            return
        unmarked = self.english_markers(number, stripped)
        if not unmarked:
            return
        if unmarked is not stripped:
            stripped, reading = unmarked, read_line(unmarked)
            kind = reading.kind
        target = body.english if self.english_from is not None else body.commentary
        match kind:
            case kinds.QUOTE:
                quoted = stripped.lstrip(">").strip()
                body.abstract.append(quoted)
                body.related_links.extend(reading.urls)  # the same URLs as in the quoted text
            case kinds.HEADING | kinds.LINK_HEADING | kinds.LINKS_HEADING:
                self.section = IN_LINKS if kind is kinds.LINKS_HEADING else IN_TEXT
                if stripped.strip("#").strip() and self.section is IN_TEXT:
                    target.append(stripped)
                self.last_kind = kinds.HEADING
            case kinds.TAGS:
                add_unique(body.tags, reading.tags)
            case kinds.WIKI_LINKS:
                add_unique(body.wiki_links, line_kinds.wiki_links(stripped))
            case kinds.LINKS:
                # Related work: a link for Zotero's relations, and the user's line, kept in the text as written;
                # the entry's own link written again adds nothing to either.
                add_unique(body.related_links, reading.links)
                if not all(canonical_url(link) in self.own_links for link in reading.links):
                    target.append(stripped)
            case _ if self.section is IN_LINKS:
                add_unique(body.wiki_links, line_kinds.wiki_links(stripped))
                add_unique(body.related_links, reading.urls)
                target.append(stripped)
            case _:
                continues = self.last_kind is kinds.PROSE and line[:1].isspace() and target
                join = bool(continues and not line_kinds.LIST_MARKER.match(stripped))
                self.prose(stripped, reading.urls, target, join)
                self.last_kind = kinds.PROSE

    @functools.cached_property
    def own_links(self) -> set[str]:
        """The entry's own links as pages, made only for a line of links (most texts hold none)."""
        return {canonical_url(link) for link in self.links_of_entry}

    def lead(self, lead: str) -> None:
        self.prose(lead, line_kinds.urls_in(lead), self.body.commentary, join=False)
        self.last_kind = kinds.PROSE

    def english_markers(self, number: int, stripped: str) -> str:
        """The line without its ``<english>`` / ``</english>`` markers, which open and close the English version."""
        if "<" not in stripped:
            return stripped
        if ENGLISH_OPEN.search(stripped):
            self.english_from = number
            stripped = ENGLISH_OPEN.sub("", stripped).strip()
        if ENGLISH_CLOSE.search(stripped):
            if self.english_from is None:
                message = "`</english>` without `<english>`: kept as commentary"
                self.body.problems.append(Problem(Origin(self.path, number), message))
            self.english_from = None
            stripped = ENGLISH_CLOSE.sub("", stripped).strip()
        return stripped

    def prose(self, line: str, urls: Sequence[str], target: list[str], join: bool) -> None:
        """A line of prose and the URLs in it (no hashtag holds one: they are the URLs of its text without them)."""
        body = self.body
        prose, tags = line_kinds.split_trailing_tags(line)
        add_unique(body.tags, line_kinds.inline_tags(prose))
        add_unique(body.tags, tags)
        add_unique(body.wiki_links, line_kinds.wiki_links(prose))
        add_unique(body.related_links, urls)
        if not prose:
            return
        if join:
            target[-1] = f"{target[-1]} {prose}"
        else:
            target.append(prose)


def split_paragraphs(lines: list[str]) -> list[str]:
    """Quoted lines joined into paragraphs at the blank quote lines."""
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def add_unique(items: list[str], new: Sequence[str]) -> None:
    for item in new:
        if item not in items:
            items.append(item)
