"""arXiv's record laid over the note's: arXiv wins on bibliographic facts, the note keeps the rest."""

from __future__ import annotations

import dataclasses

from cite_export.links import arxiv_doi
from cite_export.model import Entry, Kind, PartialDate, Record, Resolution
from cite_export.names import split_name
from cite_export.resolve.offline import record_from_note
from cite_export.resolve.paper import ArxivPaper


def record_from_arxiv(entry: Entry, paper: ArxivPaper, resolution: Resolution, note: Record | None = None) -> Record:
    """The note's record with arXiv's title, full author list, v1 date, latest version, category, DOI.

    The date is ``published`` (the first version), so years and keys do not move when a new
    version appears. Commentary, tags and links live on ``record.entry`` and are untouched.
    ``note``: the entry's record from ``record_from_note``, when the caller has it already.
    """
    note = note or record_from_note(entry)
    return dataclasses.replace(
        note,
        kind=Kind.ARXIV,
        title=paper.title or note.title,
        authors=tuple(map(split_name, paper.authors)) or note.authors,
        date=PartialDate(paper.published.year, paper.published.month, paper.published.day),
        arxiv_id=paper.id,
        version=paper.version,
        updated=PartialDate(paper.updated.year, paper.updated.month, paper.updated.day),
        primary_class=paper.primary_class,
        doi=paper.doi or arxiv_doi(paper.id),
        journal_ref=paper.journal_ref,
        abstract=paper.abstract or note.abstract,
        resolution=resolution,
    )
