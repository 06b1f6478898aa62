"""A local stand-in for Semantic Scholar's Graph API batch endpoint, ``POST /graph/v1/paper/batch``.

Body ``{"ids": [...]}`` (at most 500, else 400), ``fields`` in the query; the answer is a list in
the order asked, each paper cut to ``paperId`` and the fields requested, ``null`` for an id it does
not know. Ids are ``ARXIV:<id>`` (any case of the prefix) or ``DOI:<doi>``. Too fast: 429.
"""

from __future__ import annotations

from typing import Any, ClassVar

from servers.json_service import Answer, JsonServiceServer, Request

MAX_IDS = 500
DEFAULT_FIELDS = ("title",)


class SemanticScholarServer(JsonServiceServer):
    rate_limit_body: ClassVar[dict[str, str]] = {
        "message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits.",
        "code": "429",
    }

    def __init__(self, papers: list[dict[str, Any]], min_interval: float = 0.0, null_ids: set[str] = frozenset()):
        """``papers``: full records with ``externalIds.ArXiv``; ``null_ids``: arXiv ids answered ``null`` although
        known, as a partial batch answer does."""
        self.by_id: dict[str, dict[str, Any]] = {}
        for paper in papers:
            external = paper.get("externalIds") or {}
            for prefix, value in (("ARXIV", external.get("ArXiv")), ("DOI", external.get("DOI"))):
                if value:
                    self.by_id[f"{prefix}:{value}".upper()] = paper
        self.null_ids = {f"ARXIV:{arxiv_id}".upper() for arxiv_id in null_ids}
        super().__init__(min_interval)

    @property
    def url(self) -> str:
        return f"{self.origin}/graph/v1"

    def batch_sizes(self) -> list[int]:
        return [len(request.body.get("ids", [])) for request in self.requests if isinstance(request.body, dict)]

    def answer(self, request: Request) -> Answer:
        if request.method != "POST" or request.path != "/graph/v1/paper/batch":
            return Answer(404, {"error": f"Not found: {request.path}"})
        ids = request.body.get("ids") if isinstance(request.body, dict) else None
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            return Answer(400, {"error": 'Unacceptable request body: expected {"ids": [...]}'})
        if len(ids) > MAX_IDS:
            return Answer(400, {"error": f"Cannot process more than {MAX_IDS} ids"})
        fields = [name for name in request.params.get("fields", "").split(",") if name] or list(DEFAULT_FIELDS)
        answers = []
        for item in ids:
            paper = None if item.upper() in self.null_ids else self.by_id.get(item.upper())
            answers.append(None if paper is None else {"paperId": paper["paperId"]} | cut(paper, fields))
        return Answer(200, answers)


def cut(paper: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {name: paper.get(name) for name in fields}


def s2_paper(arxiv_id: str, title: str, authors: list[str], year: int, venue: str = "", **fields) -> dict[str, Any]:
    """A Graph API paper record; ``fields`` may set publicationVenue, journal, publicationTypes, doi."""
    doi = fields.pop("doi", None)
    external = {"ArXiv": arxiv_id, "CorpusId": abs(hash(arxiv_id)) % 10**9} | ({"DOI": doi} if doi else {})
    return {
        "paperId": f"{abs(hash(arxiv_id)) % 16**40:040x}",
        "externalIds": external,
        "title": title,
        "authors": [{"authorId": str(abs(hash(name)) % 10**9), "name": name} for name in authors],
        "year": year,
        "venue": venue,
        "publicationVenue": fields.pop("publicationVenue", None),
        "journal": fields.pop("journal", None),
        "publicationTypes": fields.pop("publicationTypes", None),
        "publicationDate": fields.pop("publicationDate", None),
    } | fields
