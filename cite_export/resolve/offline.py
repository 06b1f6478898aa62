"""Records made from the note alone, for when arXiv is not asked or does not answer."""

from __future__ import annotations

import functools

from cite_export.links import arxiv_id_month, arxiv_ref, post_ref
from cite_export.model import Entry, Kind, PartialDate, Person, Record, Resolution
from cite_export.names import split_name


def record_from_note(entry: Entry) -> Record:
    """The record the note itself supports: its title and authors, an arXiv id from its first paper link."""
    ref = next(filter(None, map(arxiv_ref, entry.links)), None)
    if ref:
        kind = Kind.ARXIV
    elif entry.links and post_ref(entry.links[0]):
        kind = Kind.POST
    else:
        kind = Kind.WEB
    return Record(
        entry=entry,
        kind=kind,
        title=entry.title,
        authors=tuple(Person("", name) if entry.author_is_organisation else split_name(name) for name in entry.authors),
        date=note_date(entry, ref.id if ref else None),
        arxiv_id=ref.id if ref else None,
        version=ref.version if ref else None,
        abstract=entry.abstract,
        resolution=Resolution.NOTE,
    )


def note_date(entry: Entry, arxiv_id: str | None) -> PartialDate | None:
    """The month the id encodes, else the post's day, else the digest week's month, else the vault date."""
    if arxiv_id and (month := arxiv_id_month(arxiv_id)):
        return month_of(*month)
    post = post_ref(entry.links[0]) if entry.links else None
    if post and post.date:
        return PartialDate(post.date.year, post.date.month, post.date.day)
    if entry.week:
        return month_of(entry.week.year, entry.week.month)
    if entry.date:
        return PartialDate(entry.date.year, entry.date.month, entry.date.day)
    return None


@functools.cache
def month_of(year: int, month: int) -> PartialDate:
    """One PartialDate per month, shared (it is frozen): a vault's papers fall in a few hundred months."""
    return PartialDate(year, month)
