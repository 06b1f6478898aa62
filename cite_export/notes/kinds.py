"""The one place that says what a line of a note is. The splitter (splitting.py) and the reader of an entry's
text (entries.py) each say, in one place, what each kind of line does where it stands.

A new note format is a new kind here (or a new shape of an existing kind in line_kinds / title_lines), then a
case in the splitter or the reader for what it does.
"""

from __future__ import annotations

import enum
import functools

from cite_export.notes.line_kinds import (
    is_heading,
    is_tag_line,
    leading_links,
    link_line,
    links_heading,
    only_wiki_links,
    week_header,
)
from cite_export.notes.title_lines import titled_link


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


# A line is asked about as it is split and again as its entry is read; digests repeat lines (headers, tags).
@functools.lru_cache(maxsize=4096)
def classify(line: str) -> LineKind:
    """What a line is on its own; title lines are told apart by where they stand (splitting.py, entries.py).

    Whitespace around a line does not change its kind, so the reader of an entry's text, which asks about lines
    stripped, shares the answers given to the splitter.
    """
    stripped = line.strip()
    if not stripped:
        return LineKind.BLANK
    if stripped.startswith("```"):
        return LineKind.FENCE
    if week_header(line):
        return LineKind.WEEK
    starts_with_hash = stripped[0] == "#"  # only such a line can be a heading or hashtags
    if starts_with_hash and is_heading(stripped):
        if links_heading(stripped):
            return LineKind.LINKS_HEADING
        return LineKind.LINK_HEADING if titled_link(line) else LineKind.HEADING
    if link_line(line):
        return LineKind.LINKS
    if titled_link(line):
        return LineKind.TITLED_LINK
    if leading_links(line):
        return LineKind.LEADING_LINKS
    if stripped.startswith(">"):
        return LineKind.QUOTE
    if starts_with_hash and is_tag_line(stripped):
        return LineKind.TAGS
    return LineKind.WIKI_LINKS if only_wiki_links(stripped) else LineKind.PROSE
