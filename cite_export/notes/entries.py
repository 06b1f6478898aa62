"""Reading one entry's lines: its title and authors, commentary, hashtags, abstract, English version and links."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from cite_export.model import Entry, Origin, Problem
from cite_export.notes import line_kinds, title_lines
from cite_export.notes.digest import Draft, Line, next_filled, wrapped_title

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


def read_entry(draft: Draft, path: str, date: datetime.date | None, body: Body | None = None) -> tuple[Entry, Body]:
    """The Entry a draft describes; ``body`` is given when the draft shares the text of the paper listed after it."""
    origin = Origin(path, draft.line)
    rows = draft.body
    title = draft.title
    if title is None and body is None:
        title, rows = take_title(rows)
    if title is not None and not title.authors and body is None:
        title, rows = take_byline(title, rows)
    if body is None:
        body = read_body(path, rows, draft.lead)
    entry = Entry(
        origin=origin,
        links=list(dict.fromkeys(draft.links)),
        title=title.title if title else None,
        authors=list(title.authors) if title else [],
        author_is_organisation=bool(title and title.organisation),
        commentary=list(body.commentary),
        english=list(body.english),
        abstract="\n\n".join(body.abstract) or None,
        tags=list(body.tags),
        related_links=[link for link in body.related_links if link not in draft.links],
        wiki_links=list(body.wiki_links),
        week=draft.week,
        date=date,
    )
    return entry, body


def take_title(rows: list[Line]) -> tuple[title_lines.TitleLine | None, list[Line]]:
    """The title line(s) right after the links, and the rows left after them.

    A wrapped title is joined. When a second ``Title (Authors)`` line follows (the paper under another of its
    titles), the first is the title (in the notes it is the current one, the one the file is named after) and the
    second stays in the commentary as written.
    """
    lines = [line for _, line in rows]
    row = next_filled(lines, 0)
    if row is None:
        return None, rows
    title = title_lines.title_line(lines[row])
    used = 1
    if title is None and (title := wrapped_title(lines, row)):
        used = 2
    if title is None:
        bare = title_lines.title_without_authors(lines[row])
        title = title_lines.TitleLine(bare, []) if bare else None
    if title is None:
        return None, rows
    return title, rows[row + used :]


def take_byline(title: title_lines.TitleLine, rows: list[Line]) -> tuple[title_lines.TitleLine, list[Line]]:
    """A title given without authors, then a line of only ``(Authors)`` (``(OpenAI)`` under a post's heading)."""
    row = next_filled([line for _, line in rows], 0)
    byline = title_lines.byline_line(rows[row][1]) if row is not None else None
    if byline is None:
        return title, rows
    return replace(title, authors=byline.authors, organisation=byline.organisation), rows[row + 1 :]


def read_body(path: str, rows: list[Line], lead: str) -> Body:
    body = Body()
    paragraphs = body.commentary
    in_english = in_fence = in_links = False
    english_start = 0
    previous_prose = False
    if lead:
        read_prose(lead, body, paragraphs)
        previous_prose = True
    for number, raw in rows:
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            paragraphs.append(stripped)
            continue
        if in_fence:
            paragraphs.append(line)
            continue
        if line_kinds.is_blank(line):
            previous_prose = False
            if body.abstract and body.abstract[-1] != "":
                body.abstract.append("")
            continue
        if ENGLISH_OPEN.search(stripped):
            in_english, english_start = True, number
            stripped = ENGLISH_OPEN.sub("", stripped).strip()
        target = body.english if in_english else paragraphs
        if ENGLISH_CLOSE.search(stripped):
            if not in_english:
                message = "`</english>` without `<english>`: kept as commentary"
                body.problems.append(Problem(Origin(path, number), message))
            in_english = False
            stripped = ENGLISH_CLOSE.sub("", stripped).strip()
        if not stripped:
            continue
        if stripped.startswith(">"):
            quoted = stripped.lstrip(">").strip()
            body.abstract.append(quoted)
            body.related_links.extend(line_kinds.urls_in(quoted))
            continue
        if line_kinds.is_heading(stripped):
            in_links = line_kinds.links_heading(stripped)
            if stripped.strip("#").strip() and not in_links:
                target.append(stripped)
            previous_prose = False
            continue
        tags = line_kinds.tag_line(stripped)
        if tags is not None:
            add_unique(body.tags, tags)
            continue
        if line_kinds.only_wiki_links(stripped):
            add_unique(body.wiki_links, line_kinds.wiki_links(stripped))
            continue
        links = line_kinds.link_line(stripped)
        if links:
            add_unique(body.related_links, links)
            continue
        if in_links:
            add_unique(body.wiki_links, line_kinds.wiki_links(stripped))
            add_unique(body.related_links, line_kinds.urls_in(stripped))
            target.append(stripped)
            continue
        continuation = previous_prose and raw[:1].isspace() and not line_kinds.LIST_MARKER.match(stripped) and target
        read_prose(stripped, body, target, join=bool(continuation))
        previous_prose = True
    if in_english:
        body.problems.append(Problem(Origin(path, english_start), "`<english>` is never closed: read to the end"))
    body.abstract = [" ".join(part.split()) for part in split_paragraphs(body.abstract)]
    return body


def read_prose(line: str, body: Body, target: list[str], join: bool = False) -> None:
    prose, tags = line_kinds.split_trailing_tags(line)
    add_unique(body.tags, line_kinds.inline_tags(prose))
    add_unique(body.tags, tags)
    add_unique(body.wiki_links, line_kinds.wiki_links(prose))
    add_unique(body.related_links, line_kinds.urls_in(prose))
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


def add_unique(items: list[str], new: list[str]) -> None:
    for item in new:
        if item not in items:
            items.append(item)
