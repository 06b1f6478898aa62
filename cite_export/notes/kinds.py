"""The one place that says what a line of a note is. The splitter (splitting.py) and the reader of an entry's
text (body.py) each say, in one place, what each kind of line does where it stands.

A new note format is a new kind here (or a new shape of an existing kind in line_kinds / title_lines), then a
case in the splitter or the reader for what it does.
"""

from __future__ import annotations

import enum
import functools

from cite_export.notes.line_kinds import (
    hashtags,
    is_heading,
    is_tag_line,
    leading_links,
    link_line,
    links_heading,
    only_wiki_links,
    url_matches,
    urls_from,
    urls_in,
    week_header,
)
from cite_export.notes.title_lines import TitleLine, title_with_link, titled_link


class LineKind(enum.Enum):
    BLANK = "blank"
    FENCE = "the fence of a code block (```)"
    WEEK = "a digest's week header (2023년 5월 1주차)"
    LINKS_HEADING = "a heading over related notes and pages (# Links)"
    LINK_HEADING = "a heading that is a Markdown link (## [Title](url))"
    HEADING = "a heading"
    LINKS = "only links"
    TITLED_LINK = "a title with its link (Title URL, Title (URL), [Title](url))"
    LEADING_LINKS = "links, then commentary on the same line"
    QUOTE = "a quote (the abstract)"
    TAGS = "only hashtags"
    WIKI_LINKS = "only wiki links"
    PROSE = "prose"

    # Kinds are looked up in sets and dicts for every line; Enum's own hash is a Python call on the member's name.
    __hash__ = object.__hash__


# Each kind as a name of this module too (``kinds.QUOTE``), as the splitter and the reader of an entry's text ask
# for them: in Python 3.11 ``LineKind.QUOTE`` goes through EnumType.__getattr__ at ~5x the cost of a module's name,
# and a note's lines are compared with kinds dozens of times.
(BLANK, FENCE, WEEK, LINKS_HEADING, LINK_HEADING, HEADING, LINKS, TITLED_LINK, LEADING_LINKS, QUOTE, TAGS, WIKI_LINKS,
 PROSE) = LineKind  # fmt: skip


class Reading:
    """What reading a line once found, for the splitter and the reader of an entry's text alike; shared by every
    line that reads the same, so never changed."""

    __slots__ = ("commentary", "kind", "links", "tags", "title", "urls")

    def __init__(
        self,
        kind: LineKind,
        links: tuple[str, ...] = (),
        urls: tuple[str, ...] = (),
        title: TitleLine | None = None,
        commentary: str = "",
        tags: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.links = links  # LINKS and LEADING_LINKS: the links the line is made of or starts with
        # The kinds an entry's text may read as prose (QUOTE, PROSE, TITLED_LINK, LEADING_LINKS, and FENCE, as a
        # fence is once its ``<english>`` marker is taken off): every URL in the line.
        self.urls = urls
        self.title = title  # TITLED_LINK and LINK_HEADING: the title given with its link
        self.commentary = commentary  # LEADING_LINKS: the text after the links
        self.tags = tags  # TAGS: the hashtags, without the ``#``


# Most lines hold nothing but their kind: one reading each, not one per line.
PLAIN = {kind: Reading(kind) for kind in LineKind}


def classify(line: str) -> LineKind:
    return read_line(line).kind


# A line is asked about as it is split and again as its entry is read; digests repeat lines (headers, tags).
@functools.lru_cache(maxsize=4096)
def read_line(line: str) -> Reading:
    """What a line is on its own; title lines are told apart by where they stand (splitting.py, entries.py).

    Whitespace around a line does not change its reading, so the reader of an entry's text, which asks about lines
    stripped, shares the answers given to the splitter.
    """
    stripped = line.strip()
    if not stripped:
        return PLAIN[BLANK]
    if stripped.startswith("```"):
        return Reading(FENCE, urls=tuple(urls_in(stripped))) if "://" in stripped else PLAIN[FENCE]
    if week_header(line):
        return PLAIN[WEEK]
    starts_with_hash = stripped[0] == "#"  # only such a line can be a heading or hashtags
    if starts_with_hash and is_heading(stripped):
        if links_heading(stripped):
            return PLAIN[LINKS_HEADING]
        title = titled_link(line)
        return Reading(LINK_HEADING, title=title) if title else PLAIN[HEADING]
    links = link_line(line)
    if links:
        return Reading(LINKS, tuple(links))
    if "://" not in stripped:
        kind = plain_kind(stripped, starts_with_hash)
        return Reading(kind, tags=tuple(hashtags(stripped))) if kind is TAGS else PLAIN[kind]
    # The line's URLs, searched for once: its first tells a title given with its link and links that lead a line.
    found = list(url_matches(stripped))
    urls = tuple(urls_from(found))
    first = found[0] if found else None
    title = title_with_link(stripped, first)
    if title:
        return Reading(TITLED_LINK, (), urls, title)
    lead = leading_links(stripped, first)
    if lead:
        return Reading(LEADING_LINKS, tuple(lead[0]), urls, None, lead[1])
    return Reading(plain_kind(stripped, starts_with_hash), (), urls)  # not hashtags: no tag holds a URL


def plain_kind(stripped: str, starts_with_hash: bool) -> LineKind:
    """A quote, hashtags, wiki links or prose."""
    if stripped.startswith(">"):
        return QUOTE
    if starts_with_hash and is_tag_line(stripped):
        return TAGS
    return WIKI_LINKS if only_wiki_links(stripped) else PROSE
