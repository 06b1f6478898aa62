"""Crossref's ``/works/{doi}``: the registry's own record of a DOI found by an earlier source.

Its title and authors are matched like any candidate's (a DOI can lead to another paper), and its
container title, volume, issue, pages and publisher complete the version of record. Requests carry
a ``mailto`` (query and User-Agent) when one is configured, which puts them in Crossref's polite pool.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from cite_export import __version__
from cite_export.resolve.published.http import JsonService
from cite_export.resolve.published.matching import Candidate, Kind, Preprint, is_arxiv_doi, workshop_aware
from cite_export.resolve.published.settings import PublishedSettings

NAME = "Crossref"
TYPES = {
    "proceedings-article": Kind.PROCEEDINGS,
    "journal-article": Kind.JOURNAL,
    "book-chapter": Kind.PROCEEDINGS,  # LNCS and similar proceedings are registered as chapters
    "posted-content": Kind.PREPRINT,
}
# Series that Crossref lists beside a proceedings volume's own title.
SERIES = {"lecture notes in computer science", "communications in computer and information science"}


class Crossref:
    name = NAME
    batch_size = 1

    def __init__(self, settings: PublishedSettings):
        headers = {}
        self.params = {}
        if settings.mailto:
            headers["User-Agent"] = f"cite-export/{__version__} (mailto:{settings.mailto})"
            self.params["mailto"] = settings.mailto
        self.url = settings.crossref_api.rstrip("/") + "/works/"
        self.service = JsonService(
            NAME, self.url, "--crossref-api", settings.politeness(settings.crossref_spacing), headers
        )

    def keys(self, paper: Preprint, found: list[Candidate]) -> list[str]:
        dois = [paper.doi] + [item.doi for item in found if item.source != NAME]
        return list(dict.fromkeys(doi.lower() for doi in dois if doi and not is_arxiv_doi(doi)))

    def fetch(self, keys: list[str]) -> dict[str, list[Candidate]]:
        found = {}
        for doi in keys:
            answer = self.service.get(self.url + urllib.parse.quote(doi, safe=""), self.params)
            message = (answer or {}).get("message")
            found[doi] = [candidate(message)] if isinstance(message, dict) else []
        return found


def first(values: Any) -> str | None:
    if isinstance(values, list):
        return next((str(value) for value in values if value), None)
    return str(values) if values else None


def container(message: dict[str, Any]) -> str | None:
    titles = [title for title in message.get("container-title") or [] if title]
    own = [title for title in titles if title.casefold() not in SERIES]
    return (own or titles or [None])[-1]


def year_of(message: dict[str, Any]) -> int | None:
    for name in ("published-print", "published", "issued", "published-online"):
        parts = ((message.get(name) or {}).get("date-parts") or [[None]])[0]
        if parts and isinstance(parts[0], int):
            return parts[0]
    return None


def person(author: dict[str, Any]) -> str:
    if author.get("family"):  # "Family, Given", so that a family name of several words stays whole
        return f"{author['family']}, {author.get('given', '')}".rstrip(", ")
    return author.get("name", "")


def candidate(message: dict[str, Any]) -> Candidate:
    venue = container(message)
    return Candidate(
        source=NAME,
        title=first(message.get("title")),
        authors=tuple(person(author) for author in message.get("author") or []),
        year=year_of(message),
        venue=venue,
        kind=workshop_aware(TYPES.get(message.get("type") or "", Kind.UNKNOWN), venue),
        doi=message.get("DOI"),
        volume=message.get("volume"),
        number=message.get("issue"),
        pages=message.get("page"),
        publisher=message.get("publisher"),
    )
