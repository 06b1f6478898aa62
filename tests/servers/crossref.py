"""A local stand-in for Crossref's ``GET /works/{doi}``: ``{"status": "ok", "message-type": "work", "message": ...}``.

An unknown DOI is ``404 Resource not found.`` as text. It records the ``mailto`` each request
carried (query or User-Agent), for the polite-pool rule. Too fast: 429 with Retry-After.
"""

from __future__ import annotations

from typing import Any

from servers.json_service import Answer, JsonServiceServer, Request


class CrossrefServer(JsonServiceServer):
    rate_limit_body = "Too Many Requests"

    def __init__(self, works: list[dict[str, Any]], min_interval: float = 0.0):
        self.works = {work["DOI"].lower(): work for work in works}
        super().__init__(min_interval)

    @property
    def url(self) -> str:
        return self.origin

    def mailtos(self) -> list[str | None]:
        return [request.params.get("mailto") for request in self.requests]

    def answer(self, request: Request) -> Answer:
        prefix = "/works/"
        if request.method != "GET" or not request.path.startswith(prefix):
            return Answer(404, "Resource not found.")
        work = self.works.get(request.path[len(prefix) :].lower())
        if work is None:
            return Answer(404, "Resource not found.")
        return Answer(200, {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work})


def crossref_work(doi: str, kind: str, title: str, authors: list[tuple[str, str]], year: int, **fields) -> dict:
    """A work's ``message``: ``authors`` as (given, family); ``fields`` uses Crossref's names with _ for -."""
    message = {
        "DOI": doi,
        "type": kind,
        "title": [title],
        "author": [
            {"given": given, "family": family, "sequence": "first" if index == 0 else "additional", "affiliation": []}
            for index, (given, family) in enumerate(authors)
        ],
        "published": {"date-parts": [[year]]},
        "issued": {"date-parts": [[year]]},
        "prefix": doi.split("/")[0],
        "URL": f"https://doi.org/{doi}",
    }
    return message | {name.replace("_", "-"): value for name, value in fields.items()}
