"""What splitting a note produces: drafts of entries, each with its links and the text that follows them.

Papers listed together (a block of links with no title, ``Name URL`` lines one under another) share one Text:
the same object, so that what follows the last of them is read once and given to each. The title read from a
shared text belongs to the last paper listed, the one it stands under.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cite_export.links import arxiv_ref, post_ref
from cite_export.model import Week
from cite_export.notes.title_lines import TitleLine

Row = tuple[int, str]  # a 1-based line number and the line


@dataclass(eq=False)  # texts are shared by identity, however alike two look
class Text:
    """The lines that follow an entry's links, and the commentary on the links' own line (``<link> comment``)."""

    rows: list[Row] = field(default_factory=list)
    lead: str = ""
    above: list[Row] = field(default_factory=list)  # in a note of one paper, what is written above its links


@dataclass(eq=False)
class Draft:
    """One entry before it is read: where it starts, its links, its week, its title if given with the links."""

    line: int
    links: list[str]
    week: Week | None
    title: TitleLine | None = None
    text: Text = field(default_factory=Text)


@dataclass
class Layout:
    drafts: list[Draft]
    preamble: list[Row]


def drafts_for_links(links: list[Row], week: Week | None, title: TitleLine | None, titled: bool) -> list[Draft]:
    """One draft per paper in a block of links (each starting at its first link's line); a title goes to the last.

    With no title (``titled``: one follows the block), the papers are listed together and share their text.
    """
    groups = group_links([link for _, link in links])
    line_of: dict[str, int] = {}
    for number, link in links:
        line_of.setdefault(link, number)
    shared = Text()
    listed_together = not (titled or title)
    drafts = [Draft(line_of[group[0]], group, week, text=shared if listed_together else Text()) for group in groups]
    drafts[-1].title = title
    drafts[-1].text = shared
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
