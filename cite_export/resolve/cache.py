"""arXiv answers kept in the shared SQLite database, so that a second run asks arXiv nothing.

Only answers are stored: a paper, or arXiv's word that it has no such id (kept for a while,
since a note can cite an id before arXiv announces it), or a title search's outcome. A failed
request stores nothing. Writes are single upserts in short transactions, so two runs sharing the
file (WAL mode, busy timeout: see ``cite_export.store``) interleave without harm.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from cite_export.resolve.paper import ArxivPaper
from cite_export.store import rows_for

# How long arXiv's "no such paper" is believed before asking again.
UNKNOWN_ID_TTL = 7 * 24 * 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS arxiv_records (
    arxiv_id TEXT PRIMARY KEY,
    paper TEXT,            -- ArxivPaper as JSON; NULL when arXiv has no such id
    fetched REAL NOT NULL  -- Unix time of the answer
);
CREATE TABLE IF NOT EXISTS arxiv_title_searches (
    query TEXT PRIMARY KEY, -- normalised title and first-author surname
    arxiv_id TEXT,          -- the accepted match; NULL when nothing matched closely enough
    how TEXT,               -- how the match was judged
    fetched REAL NOT NULL
);
"""


@dataclass(frozen=True)
class TitleSearch:
    arxiv_id: str | None
    how: str


class ArxivCache:
    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        with connection:
            connection.executescript(SCHEMA)

    def papers(self, ids: Iterable[str]) -> dict[str, ArxivPaper | None]:
        """Cached answers by id: a paper, or None for an id arXiv recently said it does not have."""
        found: dict[str, ArxivPaper | None] = {}
        oldest_unknown = time.time() - UNKNOWN_ID_TTL
        statement = "SELECT arxiv_id, paper, fetched FROM arxiv_records WHERE arxiv_id IN {keys}"
        rows = rows_for(self.connection, statement, ids)
        for arxiv_id, paper, fetched in rows:
            if paper is not None:
                found[arxiv_id] = ArxivPaper.from_json(paper)
            elif fetched >= oldest_unknown:
                found[arxiv_id] = None
        return found

    def store_papers(self, papers: Iterable[ArxivPaper], unknown: Iterable[str] = ()) -> None:
        now = time.time()
        rows = [(paper.id, paper.to_json(), now) for paper in papers]
        rows += [(arxiv_id, None, now) for arxiv_id in unknown]
        with self.connection:
            self.connection.executemany(
                "INSERT INTO arxiv_records (arxiv_id, paper, fetched) VALUES (?, ?, ?) "
                "ON CONFLICT (arxiv_id) DO UPDATE SET paper = excluded.paper, fetched = excluded.fetched",
                rows,
            )

    def title_searches(self, queries: Iterable[str]) -> dict[str, TitleSearch]:
        """Cached search outcomes by query, a few thousand per SELECT."""
        statement = "SELECT query, arxiv_id, how FROM arxiv_title_searches WHERE query IN {keys}"
        rows = rows_for(self.connection, statement, queries)
        return {query: TitleSearch(arxiv_id, how) for query, arxiv_id, how in rows}

    def store_title_searches(self, searches: dict[str, TitleSearch]) -> None:
        now = time.time()
        with self.connection:
            self.connection.executemany(
                "INSERT INTO arxiv_title_searches (query, arxiv_id, how, fetched) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (query) DO UPDATE SET arxiv_id = excluded.arxiv_id, how = excluded.how, "
                "fetched = excluded.fetched",
                [(query, search.arxiv_id, search.how, now) for query, search in searches.items()],
            )
