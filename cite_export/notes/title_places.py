"""Where a title stands relative to its links: below them (the usual layout), wrapped onto a second line, or above
them (the title-first layout of some review notes)."""

from __future__ import annotations

from cite_export.notes import line_kinds, title_lines
from cite_export.notes.layout import Draft, Row


def title_after(lines: list[str], end: int, start: int) -> bool:
    """Whether the first line after a block of links (``lines[start:end]``) is that block's title."""
    row = next_filled(lines, end)
    if row is None:
        return False
    line = lines[row]
    if title_lines.title_line(line) or wrapped_title(lines, row):
        return True
    if not title_lines.title_without_authors(line):
        return False
    # ``Title / link / Title / link``: a bare title right above the next link belongs to that link.
    above, below = previous_filled(lines, start - 1), next_filled(lines, row + 1)
    title_first = above is not None and title_lines.title_without_authors(lines[above]) is not None
    return not (title_first and below is not None and line_kinds.link_line(lines[below]))


def title_before(current: Draft | None, rows: list[Row]) -> tuple[int, title_lines.TitleLine] | None:
    """A title written above its link (``Title (Authors)``, then the link), if the open text ends with it.

    The open entry's own title line (the first line of its text) is never taken from it.
    """
    last = next((row for row in reversed(rows) if not line_kinds.is_blank(row[1])), None)
    if last is None:
        return None
    number, line = last
    first = next(row for row in rows if not line_kinds.is_blank(row[1]))
    if current and current.title is None and not current.text.lead and first[0] == number:
        return None
    found = title_lines.title_line(line)
    if found:
        return number, found
    bare = title_lines.title_without_authors(line)
    return (number, title_lines.TitleLine(bare, [])) if bare else None


def wrapped_title(lines: list[str], row: int) -> title_lines.TitleLine | None:
    """A ``Title (Authors)`` line wrapped onto a second line: indented, or continuing an open author list."""
    if row + 1 >= len(lines) or line_kinds.is_blank(lines[row + 1]):
        return None
    first, second = lines[row], lines[row + 1]
    if not second[:1].isspace() and first.count("(") <= first.count(")"):
        return None
    return title_lines.title_line(first.rstrip() + " " + second.strip())


def previous_filled(lines: list[str], row: int) -> int | None:
    while row >= 0 and line_kinds.is_blank(lines[row]):
        row -= 1
    return row if row >= 0 else None


def next_filled(lines: list[str], row: int) -> int | None:
    while row < len(lines) and line_kinds.is_blank(lines[row]):
        row += 1
    return row if row < len(lines) else None
