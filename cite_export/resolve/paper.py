"""What arXiv says about one paper, in a form that is cached as JSON and merged over a note."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cite_export.links import parse_arxiv_id

if TYPE_CHECKING:
    import arxiv


@dataclass(frozen=True)
class ArxivPaper:
    id: str
    version: int | None
    title: str
    authors: list[str]
    published: datetime.date
    updated: datetime.date
    primary_class: str | None
    doi: str | None
    journal_ref: str | None
    abstract: str | None

    def to_json(self) -> str:
        fields = dict(vars(self))  # not dataclasses.asdict: its deep copy is most of the cost of storing a paper
        fields["published"] = self.published.isoformat()
        fields["updated"] = self.updated.isoformat()
        return json.dumps(fields, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ArxivPaper:
        fields = json.loads(text)
        fields["published"] = datetime.date.fromisoformat(fields["published"])
        fields["updated"] = datetime.date.fromisoformat(fields["updated"])
        return cls(**fields)


def paper_from_result(result: arxiv.Result) -> ArxivPaper | None:
    """The paper an API result describes; None for an entry whose id is not an arXiv id (such as an error entry)."""
    ref = parse_arxiv_id(result.get_short_id())
    if ref is None:
        return None
    return ArxivPaper(
        id=ref.id,
        version=ref.version,
        title=" ".join(result.title.split()),
        authors=[" ".join(author.name.split()) for author in result.authors],
        published=result.published.date(),
        updated=result.updated.date(),
        primary_class=result.primary_category or None,
        doi=(result.doi or "").strip() or None,
        journal_ref=" ".join((result.journal_ref or "").split()) or None,
        abstract=" ".join(result.summary.split()) or None,
    )
