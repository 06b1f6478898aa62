"""Drafts -> entries: each text read once, its title and byline taken off, and given to every paper that shares it."""

from __future__ import annotations

import datetime
import sys
from dataclasses import replace

from cite_export.links import canonical_url
from cite_export.model import Entry, Origin, Problem
from cite_export.notes import title_lines
from cite_export.notes.body import Body, read_body
from cite_export.notes.layout import Draft, Row, Text
from cite_export.notes.title_places import next_filled, wrapped_title


def read_entries(drafts: list[Draft], path: str, date: datetime.date | None) -> tuple[list[Entry], list[Problem]]:
    """The entries of a note's drafts, in order, and the problems met reading their texts (each reported once)."""
    owners: dict[Text, Draft] = {draft.text: draft for draft in drafts}  # the last paper listed over a text
    read: dict[Text, tuple[title_lines.TitleLine | None, Body]] = {}
    problems: list[Problem] = []
    for owner in owners.values():
        read[owner.text] = read_text_of(owner, path)
        problems.extend(read[owner.text][1].problems)
    entries = []
    for draft in drafts:
        title, body = read[draft.text]
        entries.append(make_entry(draft, title if owners[draft.text] is draft else draft.title, body, path, date))
    return entries, problems


def read_text_of(owner: Draft, path: str) -> tuple[title_lines.TitleLine | None, Body]:
    """The title of the paper a text stands under (given with its link, else the text's first line) and the rest."""
    title, rows = owner.title, owner.text.rows
    if title is None:
        title, rows = take_title(rows)
    if title is not None and not title.authors:
        title, rows = take_byline(title, rows)
    text = owner.text
    return title, read_body(path, [*text.above, *rows], text.lead, len(text.above), owner.links)


def make_entry(
    draft: Draft, title: title_lines.TitleLine | None, body: Body, path: str, date: datetime.date | None
) -> Entry:
    related_links = body.related_links
    if related_links:
        own_links = set(map(canonical_url, draft.links))  # ``abs/2305.01115`` and ``pdf/2305.01115v2`` are one
        related_links = [link for link in related_links if canonical_url(link) not in own_links]
    return Entry(
        origin=Origin(path, draft.line),
        links=tuple(dict.fromkeys(draft.links)),
        title=title.title if title else None,
        authors=tuple(title.authors) if title else (),
        author_is_organisation=bool(title and title.organisation),
        commentary=body.commentary,
        english=body.english,
        abstract="\n\n".join(body.abstract) or None,
        # A vault uses a few hundred hashtags over and over: one string each, not one per note (~20 MB at 100k).
        tags=tuple(map(sys.intern, body.tags)),
        related_links=tuple(related_links),
        wiki_links=tuple(body.wiki_links),
        week=draft.week,
        date=date,
    )


def take_title(rows: list[Row]) -> tuple[title_lines.TitleLine | None, list[Row]]:
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


def take_byline(title: title_lines.TitleLine, rows: list[Row]) -> tuple[title_lines.TitleLine, list[Row]]:
    """A title given without authors, then a line of only ``(Authors)`` (``(OpenAI)`` under a post's heading)."""
    row = next_filled([line for _, line in rows], 0)
    byline = title_lines.byline_line(rows[row][1]) if row is not None else None
    if byline is None:
        return title, rows
    return replace(title, authors=byline.authors, organisation=byline.organisation), rows[row + 1 :]
