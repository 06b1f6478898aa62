"""Semantic Scholar's Graph API: ``POST /paper/batch`` with up to 500 ``ARXIV:<id>`` per request.

The answer is a list in the order of the ids asked, ``null`` for an id Semantic Scholar does not
know. Its record is the merged paper: the venue can come with the arXiv year and the arXiv DOI
(the preprint's), so only a DOI of record sends it on to Crossref; otherwise DBLP is asked.
"""

from __future__ import annotations

from typing import Any

from cite_export.resolve.published.http import JsonService, QueryFailed
from cite_export.resolve.published.matching import Candidate, Kind, Preprint, workshop_aware
from cite_export.resolve.published.settings import PublishedSettings

NAME = "Semantic Scholar"
BATCH_SIZE = 500
FIELDS = "externalIds,venue,publicationVenue,year,title,authors,journal,publicationTypes,publicationDate"
VENUE_TYPES = {"conference": Kind.PROCEEDINGS, "journal": Kind.JOURNAL}
PUBLICATION_TYPES = {"Conference": Kind.PROCEEDINGS, "JournalArticle": Kind.JOURNAL}


class SemanticScholar:
    name = NAME
    batch_size = BATCH_SIZE

    def __init__(self, settings: PublishedSettings):
        headers = {"x-api-key": settings.s2_api_key} if settings.s2_api_key else {}
        self.url = settings.s2_api.rstrip("/") + "/paper/batch"
        self.service = JsonService(NAME, self.url, "--s2-api", settings.politeness(settings.s2_delay), headers)

    def keys(self, paper: Preprint, found: list[Candidate]) -> list[str]:
        return [f"ARXIV:{paper.arxiv_id}"]

    def fetch(self, keys: list[str]) -> dict[str, list[Candidate]]:
        answer = self.service.post(self.url, {"fields": FIELDS}, {"ids": keys})
        if not isinstance(answer, list) or len(answer) != len(keys):
            raise QueryFailed(f"{NAME} answered {type(answer).__name__} for {len(keys)} ids")
        return {
            key: [candidate(paper)] if isinstance(paper, dict) else [] for key, paper in zip(keys, answer, strict=True)
        }


def candidate(paper: dict[str, Any]) -> Candidate:
    venue_info = paper.get("publicationVenue") or {}
    journal = paper.get("journal") or {}
    venue = venue_info.get("name") or paper.get("venue") or journal.get("name") or None
    kind = VENUE_TYPES.get(venue_info.get("type") or "")
    if kind is None:
        types = paper.get("publicationTypes") or []
        kind = next((PUBLICATION_TYPES[name] for name in types if name in PUBLICATION_TYPES), Kind.UNKNOWN)
    external = paper.get("externalIds") or {}
    return Candidate(
        source=NAME,
        title=paper.get("title"),
        authors=tuple(author.get("name") or "" for author in paper.get("authors") or []),
        year=paper.get("year"),
        venue=venue,
        kind=workshop_aware(kind, venue),
        doi=external.get("DOI"),
        volume=(journal.get("volume") or "").strip() or None,
        pages=(journal.get("pages") or "").strip() or None,
        record_key=paper.get("paperId"),
        needs_confirmation=not external.get("DOI"),
    )
