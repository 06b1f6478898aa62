"""One note file's text -> its entries and the problems found reading it."""

from __future__ import annotations

from cite_export.model import Entry, Origin, Problem
from cite_export.notes import line_kinds
from cite_export.notes.clean import clean_text
from cite_export.notes.digest import Draft, split_entries
from cite_export.notes.entries import Body, read_entry
from cite_export.notes.vault import date_from_name


def read_text(path: str, content: str) -> tuple[list[Entry], list[Problem]]:
    """The entries of one note (a digest or a vault note; a vault file may hold several papers)."""
    content, cleaning = clean_text(path, content)
    lines = content.splitlines()
    if all(map(line_kinds.is_blank, lines)):
        return [], [*cleaning, Problem(Origin(path, 1), "empty file: no entry")]
    layout = split_entries(lines)
    problems = [*cleaning, *preamble_problems(path, layout.preamble, bool(layout.drafts))]
    drafts = layout.drafts
    if not drafts and (drafts := fallback_draft(layout.preamble)):
        message = "no line of links: the first link in the text is taken as the entry's link"
        problems.append(Problem(Origin(path, drafts[0].line), message))
    if not drafts:
        return [], [*problems, Problem(Origin(path, 1), "no link in this note: no entry")]
    date = date_from_name(path)
    entries: list[Entry] = []
    bodies: dict[Draft, Body] = {}
    # A draft that shares its text reads it from the paper listed after it: read those first.
    for draft in reversed(drafts):
        shared = bodies.get(draft.shares_body_with) if draft.shares_body_with else None
        entry, body = read_entry(draft, path, date, shared)
        bodies[draft] = body
        entries.append(entry)
        if shared is None:
            problems.extend(body.problems)
    entries.reverse()
    untitled = [entry for entry in entries if not entry.title]
    problems.extend(Problem(entry.origin, "no title line: the entry has only its links") for entry in untitled)
    problems.sort(key=lambda problem: problem.origin.line)
    return entries, problems


def preamble_problems(path: str, preamble: list[tuple[int, str]], has_entries: bool) -> list[Problem]:
    """Text before the first entry is not part of any entry: say so once, unless it is only headings."""
    prose = [
        (number, line) for number, line in preamble if not line_kinds.is_blank(line) and not line_kinds.is_heading(line)
    ]
    if not prose or not has_entries:
        return []
    return [Problem(Origin(path, prose[0][0]), f"{len(prose)} line(s) before the first link belong to no entry")]


def fallback_draft(preamble: list[tuple[int, str]]) -> list[Draft]:
    """A note with links only inside its prose: one entry, its first link as the primary one."""
    for number, line in preamble:
        links = line_kinds.urls_in(line)
        if links:
            return [Draft(number, links[:1], None, body=list(preamble))]
    return []
