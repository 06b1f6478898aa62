"""One note file's text -> its entries and the problems found reading it."""

from __future__ import annotations

from cite_export.model import Entry, Origin, Problem
from cite_export.notes import kinds, line_kinds
from cite_export.notes.clean import clean_text
from cite_export.notes.entries import read_entries
from cite_export.notes.kinds import classify
from cite_export.notes.layout import Draft, Layout, Text
from cite_export.notes.splitting import split_entries
from cite_export.notes.vault import date_from_name, title_from_name


def read_text(path: str, content: str) -> tuple[list[Entry], list[Problem]]:
    """The entries of one note (a digest or a vault note; a vault file may hold several papers)."""
    content, cleaning = clean_text(path, content)
    lines = content.splitlines()
    if all(map(line_kinds.is_blank, lines)):
        return [], [*cleaning, Problem(Origin(path, 1), "empty file: no entry")]
    layout = split_entries(lines)
    drafts = layout.drafts
    date = date_from_name(path)
    if len(drafts) == 1 and date:
        # In a vault note of one paper, what is written above its link is about it too: a line of introduction,
        # its hashtags, a ``# Links`` section. Only the note's own heading is not.
        drafts[0].text.above = [row for row in layout.preamble if classify(row[1]) is not kinds.HEADING]
        layout.preamble = [row for row in layout.preamble if classify(row[1]) is kinds.HEADING]
    problems = [*cleaning, *preamble_problems(path, layout.preamble, bool(drafts))]
    if not drafts and (drafts := fallback_draft(layout.preamble)):
        message = "no line of links: the first link in the text is taken as the entry's link"
        problems.append(Problem(Origin(path, drafts[0].line), message))
    if not drafts:
        return [], [*problems, Problem(Origin(path, 1), "no link in this note: no entry")]
    entries, text_problems = read_entries(drafts, path, date)
    problems.extend(text_problems)
    if len(entries) == 1 and not entries[0].title and named_after_paper(layout):
        entries[0].title = title_from_name(path)
    untitled = [entry for entry in entries if not entry.title]
    problems.extend(Problem(entry.origin, "no title line: the entry has only its links") for entry in untitled)
    problems.sort(key=lambda problem: problem.origin.line)
    return entries, problems


def named_after_paper(layout: Layout) -> bool:
    """``190620 XLNet.md`` holding a link and commentary is named after its paper; a note that opens with a heading
    of its own (``# 210412 최근 논문들에 대한 생각``), or whose link is found only inside its prose, is a note about
    more than that one paper."""
    if len(layout.drafts) != 1:
        return False
    return not any(line_kinds.is_heading(line) for _, line in layout.preamble)


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
            return [Draft(number, links[:1], None, text=Text(list(preamble)))]
    return []
