"""A local stand-in for DBLP's publication search, ``GET /search/publ/api?q=...&format=json``.

Every query word must begin a word of the title or of an author's name, as DBLP's prefix search
does; hits come in DBLP's JSON shape (``result.hits.hit[].info``; one author is a bare object, not
a list). Too fast (DBLP asks for a second between requests): 429 with Retry-After.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from typing import Any

from servers.json_service import Answer, JsonServiceServer, Request

TYPES = {
    "proceedings": "Conference and Workshop Papers",
    "journal": "Journal Articles",
    "informal": "Informal and Other Publications",
}


def words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return re.sub(r"[\W_]+", " ", plain).split()


class DblpServer(JsonServiceServer):
    rate_limit_body = "Too Many Requests"

    def __init__(self, records: list[dict[str, Any]], min_interval: float = 0.0):
        self.records = records
        # Word -> records holding it, and the words sorted, so that a prefix is looked up, not scanned for.
        self.holders: dict[str, set[int]] = defaultdict(set)
        for index, info in enumerate(records):
            for word in record_words(info):
                self.holders[word].add(index)
        self.vocabulary = sorted(self.holders)
        super().__init__(min_interval)

    def search(self, query: list[str]) -> list[dict[str, Any]]:
        """Records in which every query word begins some word of the title or an author's name."""
        found: set[int] | None = None
        for term in query:
            start = bisect.bisect_left(self.vocabulary, term)
            having = set()
            for word in self.vocabulary[start:]:
                if not word.startswith(term):
                    break
                having |= self.holders[word]
            found = having if found is None else found & having
        return [self.records[index] for index in sorted(found or ())]

    @property
    def url(self) -> str:
        return f"{self.origin}/search/publ/api"

    def answer(self, request: Request) -> Answer:
        if request.path != "/search/publ/api":
            return Answer(404, "Not Found")
        if request.params.get("format") != "json":
            return Answer(400, "this stand-in speaks format=json only")
        query = words(request.params.get("q", ""))
        first = int(request.params.get("f", "0") or 0)
        limit = min(int(request.params.get("h", "30") or 30), 1000)
        found = self.search(query) if query else []
        return Answer(200, result(request.params.get("q", ""), found, first, limit))


def record_words(info: dict[str, Any]) -> list[str]:
    authors = info.get("authors", {}).get("author", [])
    names = " ".join(author["text"] for author in (authors if isinstance(authors, list) else [authors]))
    return words(f"{info.get('title', '')} {names}")


def result(query: str, found: list[dict[str, Any]], first: int, limit: int) -> dict[str, Any]:
    page = found[first : first + limit]
    hits: dict[str, Any] = {
        "@total": str(len(found)),
        "@computed": str(len(found)),
        "@sent": str(len(page)),
        "@first": str(first),
    }
    if page:
        hits["hit"] = [
            {"@score": "1", "@id": str(first + index), "info": info, "url": f"URL#{first + index}"}
            for index, info in enumerate(page)
        ]
    return {
        "result": {
            "query": query,
            "status": {"@code": "200", "text": "OK"},
            "time": {"@unit": "msecs", "text": "0.50"},
            "completions": {"@total": "0", "@computed": "0", "@sent": "0"},
            "hits": hits,
        }
    }


def dblp_record(key: str, title: str, authors: list[str], year: int, venue: str, kind: str, **fields) -> dict:
    """A hit's ``info``: title ends with a full stop and one author is not wrapped in a list, as DBLP writes them."""
    people = [{"@pid": f"{index}/{abs(hash(name)) % 10**4}", "text": name} for index, name in enumerate(authors)]
    info = {
        "authors": {"author": people[0] if len(people) == 1 else people},
        "title": title.rstrip(".") + ".",
        "venue": venue,
        "year": str(year),
        "type": TYPES[kind],
        "access": "open",
        "key": key,
        "url": f"https://dblp.org/rec/{key}",
    }
    return info | {name: value for name, value in fields.items() if value}
