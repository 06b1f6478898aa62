"""DBLP's publication search (``/search/publ/api?q=...&format=json``), by title and first author.

Asked only for papers no earlier source gave a DOI of record. Its hits include the CoRR copy of
the preprint, workshop versions and other papers of the same name; matching sorts them out.
DBLP asks for at least a second between requests and answers 429 with Retry-After when crowded.
"""

from __future__ import annotations

from typing import Any

from cite_export.resolve.published.http import JsonService
from cite_export.resolve.published.matching import (
    Candidate,
    Kind,
    Preprint,
    is_arxiv_doi,
    normalise_title,
    workshop_aware,
)
from cite_export.resolve.published.settings import PublishedSettings

NAME = "DBLP"
HITS = 30
TYPES = {
    "Conference and Workshop Papers": Kind.PROCEEDINGS,
    "Journal Articles": Kind.JOURNAL,
    "Informal and Other Publications": Kind.PREPRINT,
    "Informal Publications": Kind.PREPRINT,
}


class Dblp:
    name = NAME
    batch_size = 1

    def __init__(self, settings: PublishedSettings):
        self.url = settings.dblp_api
        self.service = JsonService(NAME, self.url, "--dblp-api", settings.politeness(settings.dblp_delay))

    def keys(self, paper: Preprint, found: list[Candidate]) -> list[str]:
        has_doi = paper.doi or any(item.doi and not is_arxiv_doi(item.doi) for item in found)
        if has_doi or not paper.title or not paper.surnames:
            return []
        return [f"{normalise_title(paper.title)} {normalise_title(paper.surnames[0])}"]

    def fetch(self, keys: list[str]) -> dict[str, list[Candidate]]:
        return {key: self._search(key) for key in keys}

    def _search(self, query: str) -> list[Candidate]:
        answer = self.service.get(self.url, {"q": query, "format": "json", "h": str(HITS)}) or {}
        hits = ((answer.get("result") or {}).get("hits") or {}).get("hit") or []
        return [candidate(hit.get("info") or {}) for hit in listed(hits)]


def listed(value: Any) -> list:
    """DBLP's JSON writes a list of one as the bare element."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def author_name(author: Any) -> str:
    return author.get("text", "") if isinstance(author, dict) else str(author)


def candidate(info: dict[str, Any]) -> Candidate:
    venue = ", ".join(listed(info.get("venue"))) or None
    year = info.get("year")
    authors = listed((info.get("authors") or {}).get("author"))
    return Candidate(
        source=NAME,
        title=info.get("title"),
        authors=tuple(author_name(author) for author in authors),
        year=int(year) if str(year or "").isdigit() else None,
        venue=venue,
        kind=workshop_aware(TYPES.get(info.get("type") or "", Kind.UNKNOWN), venue),
        doi=info.get("doi"),
        volume=info.get("volume"),
        number=info.get("number"),
        pages=info.get("pages"),
        record_key=info.get("key"),
    )
