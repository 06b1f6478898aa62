"""Builders for the version-of-record tests: arXiv records without an arXiv server, quick settings, servers."""

from __future__ import annotations

import contextlib
import datetime

from servers.arxiv import SEED_PAPERS
from servers.crossref import CrossrefServer
from servers.dblp import DblpServer
from servers.semantic_scholar import SemanticScholarServer
from servers.venues import SEED_CROSSREF, SEED_DBLP, SEED_NULL_IDS, SEED_S2

from cite_export.model import Entry, Origin, Record, Resolution
from cite_export.resolve.merge import record_from_arxiv
from cite_export.resolve.paper import ArxivPaper
from cite_export.resolve.published import PublishedSettings

# Small but real spacing: the servers enforce it and count every request that comes sooner.
TEST_DELAY = 0.05


def arxiv_record(arxiv_id: str, title: str, authors: list[str], published: str, doi: str | None = None) -> Record:
    date = datetime.date.fromisoformat(published[:10])
    paper = ArxivPaper(arxiv_id, 1, title, authors, date, date, "cs.LG", doi, None, None)
    entry = Entry(origin=Origin("notes.md", 1), links=(f"https://arxiv.org/abs/{arxiv_id}",), title=title)
    return record_from_arxiv(entry, paper, Resolution.ARXIV)


def seed_records() -> list[Record]:
    return [arxiv_record(p.id, p.title, p.authors, p.published, p.doi) for p in SEED_PAPERS]


def quick_settings(s2=None, dblp=None, crossref=None, **changes) -> PublishedSettings:
    closed = "http://127.0.0.1:9"
    values = {
        "s2_api": s2.url if s2 else closed,
        "dblp_api": dblp.url if dblp else closed,
        "crossref_api": crossref.url if crossref else closed,
        "s2_delay": TEST_DELAY,
        "dblp_delay": TEST_DELAY,
        "crossref_delay": TEST_DELAY,
        "timeout": 1.0,
        "retries": 2,
        "mailto": "reader@example.org",
    }
    return PublishedSettings(**(values | changes))


@contextlib.contextmanager
def seed_servers():
    """The three services as the seed fixtures describe them, each enforcing the test spacing."""
    with (
        SemanticScholarServer(SEED_S2, min_interval=TEST_DELAY, null_ids=SEED_NULL_IDS) as s2,
        DblpServer(SEED_DBLP, min_interval=TEST_DELAY) as dblp,
        CrossrefServer(SEED_CROSSREF, min_interval=TEST_DELAY) as crossref,
    ):
        yield s2, dblp, crossref
