"""Splitting a note's lines into entries: digests (back-to-back entries under week headers) and vault notes alike.

An entry starts at its links. A block of links starts a new entry when nothing is open yet, when the open entry
ended with its hashtag line, when a title line follows the links, or when a title line sits right above them
(the title-first layout of some review notes). Other link lines belong to the open entry as related work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cite_export.links import arxiv_ref, canonical_url, post_ref
from cite_export.model import Week
from cite_export.notes import line_kinds, title_lines

Line = tuple[int, str]


@dataclass(eq=False)  # each draft is its own entry, however alike two look: hashed and compared by identity
class Draft:
    """The lines of one entry, before they are read into an Entry."""

    line: int
    links: list[str]
    week: Week | None
    title: title_lines.TitleLine | None = None
    lead: str = ""
    body: list[Line] = field(default_factory=list)
    # Papers listed together with no title each get the text that follows them; with a title, the text is the
    # titled paper's alone (the seed's status links before the next paper's link and title).
    shares_body_with: Draft | None = None


@dataclass
class Layout:
    drafts: list[Draft]
    preamble: list[Line]


def split_entries(lines: list[str]) -> Layout:
    """The entries of a note, in order, and the text before the first one."""
    drafts: list[Draft] = []
    preamble: list[Line] = []
    week: Week | None = None
    closed = False
    in_fence = in_links_section = False
    index = 0

    def open_body() -> list[Line]:
        return drafts[-1].body if drafts else preamble

    while index < len(lines):
        number, line = index + 1, lines[index]
        fence = line.lstrip().startswith("```")
        if fence or in_fence or line_kinds.is_blank(line):
            in_fence = in_fence != fence
            open_body().append((number, line))
            index += 1
            continue
        header = line_kinds.week_header(line)
        if header:
            week, closed, in_links_section = header, True, False
            index += 1
            continue
        if line_kinds.is_heading(line):
            in_links_section = bool(drafts) and line_kinds.links_heading(line)
        if in_links_section:
            # ``# Links`` lists the entry's related notes and pages: none of them starts another entry.
            open_body().append((number, line))
            index += 1
            continue
        if line_kinds.link_line(line):
            end = index
            links: list[tuple[int, str]] = []
            while end < len(lines) and (found := line_kinds.link_line(lines[end])):
                links.extend((end + 1, link) for link in found)
                end += 1
            title_below = title_after(lines, end, index)
            title_above = None if title_below else title_before(drafts, open_body())
            if title_below and drafts and more_links_of(drafts[-1], [link for _, link in links]):
                # ``arXiv link``, blank, ``project page``, blank, ``Title (Authors)``: one paper and its pages.
                above = [(row, link) for row, line in drafts[-1].body for link in line_kinds.link_line(line) or []]
                drafts[-1].links.extend(link for _, link in [*above, *links])
                drafts[-1].body = []
            elif not drafts or (closed and not repeats(links, drafts[-1])) or title_below or title_above:
                title = title_above[1] if title_above else None
                if not (title or title_below) and end == index + 1:
                    title = title_lines.titled_link(line)  # ``[Title](url)``
                new = drafts_for_links(links, week, title, title_below)
                if title_above:
                    body = open_body()
                    body[:] = [row for row in body if row[0] < title_above[0]]
                    new[-1].line = title_above[0]
                drafts.extend(new)
            else:
                # Related work, or the entry's own link again after its hashtags: what follows still belongs to it.
                open_body().extend((row + 1, lines[row]) for row in range(index, end))
            closed = False
            index = end
            continue
        titled = title_lines.titled_link(line)
        if titled and (not drafts or closed or lists_paper(titled, drafts[-1])):
            new_draft = Draft(number, [titled.link], week, title=titled, lead=titled.rest)
            if drafts and in_list_of_names(titled, drafts[-1]):
                drafts[-1].shares_body_with = new_draft
            drafts.append(new_draft)
            closed = False
        elif (lead := line_kinds.leading_links(line)) and (not drafts or closed or starts_paper(lead, drafts[-1])):
            links, commentary = lead
            new = drafts_for_links([(number, link) for link in links], week, None, False)
            new[-1].lead = commentary
            drafts.extend(new)
            closed = ends_with_tags(commentary)
        else:
            open_body().append((number, line))
            if drafts and (line_kinds.tag_line(line) or ends_with_tags(line)):
                closed = True
        index += 1
    return Layout(drafts, preamble)


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
    return listed and not titled.parenthesized and not titled.rest and not current.lead and not current.body


def more_links_of(current: Draft, links: list[str]) -> bool:
    """Whether links (above the title) continue an entry that so far holds only links: one paper between them."""
    if current.title or current.lead or current.shares_body_with:
        return False
    above = []
    for _, line in current.body:
        found = line_kinds.link_line(line)
        if found is None and not line_kinds.is_blank(line):
            return False
        above.extend(found or [])
    return len(group_links(current.links + above + links)) == 1


def repeats(links: list[tuple[int, str]], current: Draft) -> bool:
    """Whether a block of links only repeats the open entry's own links (a note that links its page again)."""
    own = {canonical_url(link) for link in current.links}
    return all(canonical_url(link) in own for _, link in links)


def starts_paper(lead: tuple[list[str], str], current: Draft) -> bool:
    """``<arXiv link> commentary`` inside an entry heads another paper, unless it is the entry's own paper again
    or the text after it continues a sentence about it."""
    links, commentary = lead
    paper = arxiv_id(links[0])
    return paper is not None and paper not in map(arxiv_id, current.links) and not line_kinds.refers_back(commentary)


def ends_with_tags(line: str) -> bool:
    return bool(line_kinds.split_trailing_tags(line)[1])


def title_after(lines: list[str], end: int, start: int) -> bool:
    """Whether the first line after a block of links is that block's title."""
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


def title_before(drafts: list[Draft], body: list[Line]) -> tuple[int, title_lines.TitleLine] | None:
    """A title written above its link (``Title (Authors)``, then the link), if the open text ends with it.

    The open entry's own title line (the first line of its text) is never taken from it.
    """
    last = next((row for row in reversed(body) if not line_kinds.is_blank(row[1])), None)
    if last is None:
        return None
    number, line = last
    first = next(row for row in body if not line_kinds.is_blank(row[1]))
    if drafts and drafts[-1].title is None and not drafts[-1].lead and first[0] == number:
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


def drafts_for_links(
    links: list[tuple[int, str]], week: Week | None, title: title_lines.TitleLine | None, titled: bool
) -> list[Draft]:
    """One draft per paper in a block of links (each starting at its first link's line); a title goes to the last."""
    groups = group_links([link for _, link in links])
    line_of: dict[str, int] = {}
    for number, link in links:
        line_of.setdefault(link, number)
    drafts = [Draft(line_of[group[0]], group, week) for group in groups]
    drafts[-1].title = title
    if not (titled or title):
        for draft in drafts[:-1]:
            draft.shares_body_with = drafts[-1]
    return drafts


def group_links(links: list[str]) -> list[list[str]]:
    """Split a block of links into papers: each arXiv paper starts one, and posts before a paper are their own.

    A project page next to its arXiv link stays with it; two status links in a row are one link-only entry.
    """
    groups: list[list[str]] = []
    for link in links:
        if groups and not starts_group(link, groups[-1]):
            groups[-1].append(link)
        else:
            groups.append([link])
    return groups


def starts_group(link: str, current: list[str]) -> bool:
    paper = arxiv_id(link)
    if not paper or paper in map(arxiv_id, current):
        return False
    return has_paper(current) or all(map(post_ref, current))


def arxiv_id(link: str) -> str | None:
    """The unversioned arXiv id a link points to: abs, pdf and versioned links of one paper are the same paper."""
    ref = arxiv_ref(link)
    return ref.id if ref else None


def has_paper(links: list[str]) -> bool:
    return any(map(arxiv_id, links))
