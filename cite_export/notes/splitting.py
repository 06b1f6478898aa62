"""Splitting a note's lines into entries: digests (back-to-back entries under week headers) and vault notes alike.

An entry starts at its links. A block of links starts a new entry when nothing is open yet, when the open entry
ended with its hashtag line, when a title line follows the links, or when a title line sits right above them
(the title-first layout of some review notes). Other link lines belong to the open entry as related work.
"""

from __future__ import annotations

import enum

from cite_export.links import canonical_url
from cite_export.model import Week
from cite_export.notes import kinds, line_kinds, title_lines
from cite_export.notes.kinds import LineKind, read_line
from cite_export.notes.layout import Draft, Layout, Row, Text, arxiv_id, drafts_for_links, group_links
from cite_export.notes.title_places import title_after, title_before


class State(enum.Enum):
    OUTSIDE = "before the first entry"
    OPEN = "in an entry: links and titles may still belong to it"
    CLOSED = "after an entry's hashtags or a week header: links start the next entry"
    LINKS_SECTION = "under a # Links heading: nothing starts an entry"
    FENCE = "inside fenced code: every line is text"


# Compared by these names rather than as ``State.OPEN``, as line kinds are (kinds.py): faster in Python 3.11.
OUTSIDE, OPEN, CLOSED, IN_LINKS_SECTION, IN_FENCE = State


# The kinds of line that only add to the open entry's text, whatever the state. Once no line of another kind is
# left, the rest of the note is the last entry's text: kept at once, without a step per line (most of a note).
TEXT_KINDS = frozenset({kinds.BLANK, kinds.PROSE, kinds.QUOTE, kinds.TAGS, kinds.WIKI_LINKS, kinds.HEADING})


def split_entries(lines: list[str]) -> Layout:
    """The entries of a note, in order, and the text before the first one."""
    return Splitter(lines).run()


class Splitter:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.readings = list(map(read_line, lines))
        self.drafts: list[Draft] = []
        self.preamble: list[Row] = []
        self.week: Week | None = None
        self.state = OUTSIDE
        self.returns: list[State] = []  # the states a fence or a links section returns to

    def run(self) -> Layout:
        text_from = len(self.readings)
        while text_from and self.readings[text_from - 1].kind in TEXT_KINDS:
            text_from -= 1
        index = 0
        while index < text_from:
            index = self.step(index)
        self.open_rows().extend(zip(range(index + 1, len(self.lines) + 1), self.lines[index:], strict=True))
        return Layout(self.drafts, self.preamble)

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def open_rows(self) -> list[Row]:
        return self.current.text.rows if self.current else self.preamble

    def keep(self, index: int) -> int:
        self.open_rows().append((index + 1, self.lines[index]))
        return index + 1

    def enter(self, state: State) -> None:
        if self.state is not state:
            self.returns.append(self.state)
            self.state = state

    def leave(self, state: State) -> None:
        if self.state is state:
            self.state = self.returns.pop()

    def step(self, index: int) -> int:
        """What one line (or block of link lines) does to the open entry; the index of the next line."""
        line = self.lines[index]
        kind = self.readings[index].kind
        if self.state is IN_FENCE:
            if kind is kinds.FENCE:
                self.leave(IN_FENCE)
            return self.keep(index)
        match kind:
            case kinds.BLANK:
                return self.keep(index)
            case kinds.FENCE:
                self.enter(IN_FENCE)
                return self.keep(index)
            case kinds.WEEK:
                self.week = line_kinds.week_header(line)
                self.state = CLOSED if self.drafts else OUTSIDE
                self.returns.clear()
                return index + 1
            case kinds.LINKS_HEADING if self.drafts:
                # ``# Links`` lists the entry's related notes and pages: none of them starts another entry.
                self.enter(IN_LINKS_SECTION)
                return self.keep(index)
            case kinds.HEADING | kinds.LINKS_HEADING:
                self.leave(IN_LINKS_SECTION)
                return self.text(index, kind)
            case _ if self.state is IN_LINKS_SECTION and kind is not kinds.LINK_HEADING:
                return self.keep(index)
            case kinds.LINKS:
                return self.link_block(index)
            case kinds.TITLED_LINK | kinds.LINK_HEADING:
                self.leave(IN_LINKS_SECTION)
                return self.titled_link(index)
            case kinds.LEADING_LINKS:
                return self.leading_links(index)
        return self.text(index, kind)

    def starting(self) -> bool:
        return self.state in (OUTSIDE, CLOSED)

    def link_block(self, index: int) -> int:
        end = index
        links: list[Row] = []
        while end < len(self.lines) and self.readings[end].kind is kinds.LINKS:
            links.extend((end + 1, link) for link in self.readings[end].links)
            end += 1
        current = self.current
        title_below = title_after(self.lines, end, index)
        title_above = None if title_below else title_before(current, self.open_rows())
        if title_below and current and more_links_of(current, [link for _, link in links]):
            # ``arXiv link``, blank, ``project page``, blank, ``Title (Authors)``: one paper and its pages.
            above = [(row, link) for row, line in current.text.rows for link in links_of(line)]
            current.links.extend(link for _, link in [*above, *links])
            current.text.rows.clear()
        elif not current or (self.starting() and not repeats(links, current)) or title_below or title_above:
            title = title_above[1] if title_above else None
            if not (title or title_below) and end == index + 1:
                title = title_lines.titled_link(self.lines[index])  # ``[Title](url)``
            new = drafts_for_links(links, self.week, title, title_below)
            if title_above:
                rows = self.open_rows()
                rows[:] = [row for row in rows if row[0] < title_above[0]]
                new[-1].line = title_above[0]
            self.drafts.extend(new)
        else:
            # Related work, or the entry's own link again after its hashtags: what follows still belongs to it.
            for row in range(index, end):
                self.keep(row)
        self.state = OPEN
        return end

    def titled_link(self, index: int) -> int:
        titled = self.readings[index].title
        current = self.current
        if titled is None or not (self.starting() or lists_paper(titled, current)):
            return self.text(index, kinds.PROSE)
        listed = current is not None and in_list_of_names(titled, current)
        text = current.text if listed else Text(lead=titled.rest)
        self.drafts.append(Draft(index + 1, [titled.link], self.week, title=titled, text=text))
        self.state = OPEN
        return index + 1

    def leading_links(self, index: int) -> int:
        reading = self.readings[index]
        links, commentary = list(reading.links), reading.commentary
        if not (self.starting() or starts_paper(links, commentary, self.current)):
            return self.text(index, kinds.PROSE)
        new = drafts_for_links([(index + 1, link) for link in links], self.week, None, False)
        new[-1].text.lead = commentary
        self.drafts.extend(new)
        self.state = CLOSED if ends_with_tags(commentary) else OPEN
        return index + 1

    def text(self, index: int, kind: LineKind) -> int:
        """Any other line is the open entry's text; its hashtags end it."""
        line = self.lines[index]
        if self.drafts and (kind is kinds.TAGS or ends_with_tags(line)):
            self.state = CLOSED
        return self.keep(index)


def lists_paper(titled: title_lines.TitleLine, current: Draft) -> bool:
    """Inside an entry, a line that is only ``Title (URL)``, or ``Title <arXiv URL>``, lists another paper;
    a sentence ending in a link (``See the code at https://github.com/...``) is commentary."""
    if canonical_url(titled.link) in map(canonical_url, current.links):
        return False
    if titled.parenthesized:
        return not titled.rest
    return arxiv_id(titled.link) is not None or in_list_of_names(titled, current)


def in_list_of_names(titled: title_lines.TitleLine, current: Draft) -> bool:
    """``GPT-4 https://...`` right under ``Claude https://...``: papers listed one per line, sharing what follows."""
    listed = current.title is not None and bool(current.title.link) and not current.title.parenthesized
    return listed and not titled.parenthesized and not titled.rest and not current.text.lead and not current.text.rows


def more_links_of(current: Draft, links: list[str]) -> bool:
    """Whether links (above the title) continue an entry that so far holds only links: one paper between them."""
    if current.title or current.text.lead:
        return False
    above = []
    for _, line in current.text.rows:
        reading = read_line(line)
        if reading.kind not in (kinds.LINKS, kinds.BLANK):
            return False
        above.extend(reading.links)
    return len(group_links(current.links + above + links)) == 1


def repeats(links: list[Row], current: Draft) -> bool:
    """Whether a block of links only repeats the open entry's own links (a note that links its page again)."""
    own = {canonical_url(link) for link in current.links}
    return all(canonical_url(link) in own for _, link in links)


def starts_paper(links: list[str], commentary: str, current: Draft) -> bool:
    """``<arXiv link> commentary`` inside an entry heads another paper, unless it is the entry's own paper again
    or the text after it continues a sentence about it."""
    paper = arxiv_id(links[0])
    return paper is not None and paper not in map(arxiv_id, current.links) and not line_kinds.refers_back(commentary)


def links_of(line: str) -> tuple[str, ...]:
    """The links of a line of links; of any other line, none."""
    reading = read_line(line)
    return reading.links if reading.kind is kinds.LINKS else ()


def ends_with_tags(line: str) -> bool:
    return bool(line_kinds.split_trailing_tags(line)[1])
