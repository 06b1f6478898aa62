"""Version-of-record lookups against the local Semantic Scholar, DBLP and Crossref servers."""

import math
import sqlite3
import time

from published_fixtures import TEST_DELAY, arxiv_record, quick_settings, seed_records, seed_servers
from servers.dblp import DblpServer
from servers.semantic_scholar import SemanticScholarServer, s2_paper

from cite_export.model import VenueType
from cite_export.resolve.published import find_published

PUBLISHED = {
    "2308.04079": ("ACM Transactions on Graphics", VenueType.JOURNAL, "arXiv DOI + Crossref"),
    "2305.00729": ("ICLR", VenueType.PROCEEDINGS, "DBLP"),
    "2305.02582": (
        "Findings of the Association for Computational Linguistics: ACL 2023",
        VenueType.PROCEEDINGS,
        "Semantic Scholar + Crossref",
    ),
    "2305.01569": ("NeurIPS", VenueType.PROCEEDINGS, "DBLP"),
    "2305.01625": ("NeurIPS", VenueType.PROCEEDINGS, "DBLP"),
    "2305.01115": ("NeurIPS", VenueType.PROCEEDINGS, "DBLP"),
}


def test_seed_papers_get_exactly_the_versions_the_servers_publish():
    records = seed_records()
    with seed_servers() as (s2, dblp, crossref):
        report = find_published(records, sqlite3.connect(":memory:"), quick_settings(s2, dblp, crossref))
        assert (s2.violations(), dblp.violations(), crossref.violations()) == (0, 0, 0)
    found = {
        record.arxiv_id: (
            record.version_of_record.venue,
            record.version_of_record.type,
            record.version_of_record.source,
        )
        for record in records
        if record.version_of_record
    }
    assert found == PUBLISHED
    tog = next(record.version_of_record for record in records if record.arxiv_id == "2308.04079")
    assert (tog.volume, tog.number, tog.pages, tog.year, tog.doi) == ("42", "4", "1-14", 2023, "10.1145/3592433")
    assert tog.publisher == "Association for Computing Machinery (ACM)"
    reasons = {arxiv_id: decision.reason for arxiv_id, decision in report.decisions.items()}
    assert "Crossref's record of its DOI is refused: no author surname in common" in reasons["2305.02790"]
    assert "a withdrawn or rejected submission (Submitted to ICLR 2024)" in reasons["2305.02309"]
    # Semantic Scholar's fault, a venue with the arXiv year and DOI, is refused; DBLP's record is taken.
    assert reasons["2305.01569"].startswith("NeurIPS, 2023, via DBLP")
    assert "2023: refused (names Neural Information Processing Systems with the arXiv DOI" in reasons["2305.01569"]
    assert reasons["2305.03053"].startswith("not published: Semantic Scholar: arXiv.org 2023: refused (an arXiv/CoRR")
    assert report.problems == []


def test_semantic_scholar_is_asked_in_batches_of_500_and_nulls_are_kept_apart():
    count = 1001
    records = [arxiv_record(f"2401.{n:05d}", f"Study {n}", [f"Ann Author{n}"], "2024-01-02") for n in range(count)]
    known = [
        s2_paper(f"2401.{n:05d}", f"Study {n}", [f"Ann Author{n}"], 2024, venue="arXiv.org") for n in range(0, count, 2)
    ]
    with SemanticScholarServer(known, min_interval=TEST_DELAY) as s2, DblpServer([]) as dblp:
        report = find_published(records[:count], None, quick_settings(s2, dblp, dblp_delay=0.0, retries=0))
        assert s2.batch_sizes() == [500, 500, 1]
        assert report.requests["Semantic Scholar"] == math.ceil(count / 500)
        assert all(request.params["fields"].startswith("externalIds,venue") for request in s2.requests)
    assert "arXiv.org" in report.decisions["2401.00000"].reason
    assert report.decisions["2401.00001"].reason == "not published: no source has a record of it"


def test_429_with_retry_after_is_waited_out_and_retried():
    records = seed_records()
    with seed_servers() as (s2, dblp, crossref):
        s2.fail(429, retry_after="0.4")
        dblp.fail(429, retry_after="0.3", times=2)
        started = time.monotonic()
        report = find_published(records, None, quick_settings(s2, dblp, crossref))
        elapsed = time.monotonic() - started
        s2_gap = s2.intervals()[0]
        assert s2.request_count == 2 and s2_gap >= 0.4
        assert dblp.violations() == 0
    assert elapsed >= 0.4 + 0.3 + 0.6  # the second DBLP 429 doubles the back-off
    assert sum(bool(record.version_of_record) for record in records) == len(PUBLISHED)
    assert report.problems == []


def test_a_truncated_answer_is_retried():
    records = seed_records()
    with seed_servers() as (s2, dblp, crossref):
        s2.truncate()
        find_published(records, None, quick_settings(s2, dblp, crossref))
        assert s2.request_count == 2
    assert sum(bool(record.version_of_record) for record in records) == len(PUBLISHED)


def test_crossref_requests_carry_the_mailto_for_the_polite_pool():
    with seed_servers() as (s2, dblp, crossref):
        find_published(seed_records(), None, quick_settings(s2, dblp, crossref))
        assert crossref.mailtos() == ["reader@example.org"] * crossref.request_count
        assert all("mailto:reader@example.org" in request.headers["user-agent"] for request in crossref.requests)


def test_s2_key_is_sent_when_given():
    with seed_servers() as (s2, dblp, crossref):
        find_published(seed_records(), None, quick_settings(s2, dblp, crossref, s2_api_key="secret-key"))
        assert [request.headers.get("x-api-key") for request in s2.requests] == ["secret-key"]


def test_an_unreachable_service_is_reported_once_and_the_others_still_answer():
    records = seed_records()
    connection = sqlite3.connect(":memory:")
    with seed_servers() as (_, dblp, crossref):
        report = find_published(records, connection, quick_settings(None, dblp, crossref))
    assert len(report.problems) == 1
    assert "Semantic Scholar is unreachable" in report.problems[0].message
    assert "continuing without Semantic Scholar" in report.problems[0].message
    assert report.requests["Semantic Scholar"] == 1
    # DBLP still places the ICLR paper; nothing is cached, since Semantic Scholar's answer is missing.
    assert {r.arxiv_id for r in records if r.version_of_record} >= {"2305.00729", "2305.01569", "2308.04079"}
    assert connection.execute("SELECT COUNT(*) FROM published_versions").fetchone() == (0,)
    assert report.decisions["2305.03053"].reason.startswith("not known this run (Semantic Scholar:")


def test_a_warm_run_asks_nobody_and_offline_uses_the_cache():
    connection = sqlite3.connect(":memory:")
    with seed_servers() as (s2, dblp, crossref):
        find_published(seed_records(), connection, quick_settings(s2, dblp, crossref))
        asked = s2.request_count + dblp.request_count + crossref.request_count
        warm = seed_records()
        report = find_published(warm, connection, quick_settings(s2, dblp, crossref))
        assert report.request_total == 0
        assert s2.request_count + dblp.request_count + crossref.request_count == asked
    assert {r.arxiv_id for r in warm if r.version_of_record} == set(PUBLISHED)
    offline = seed_records()
    report = find_published(offline, connection, quick_settings(offline=True))
    assert {r.arxiv_id for r in offline if r.version_of_record} == set(PUBLISHED)
    assert report.request_total == 0
    cold = seed_records()
    report = find_published(cold, sqlite3.connect(":memory:"), quick_settings(offline=True))
    assert not any(record.version_of_record for record in cold)
    assert report.decisions["2305.00729"].reason == "not looked up (offline)"


def test_not_yet_published_is_asked_again_after_30_days_published_is_kept_and_refresh_asks_all():
    connection = sqlite3.connect(":memory:")
    with seed_servers() as (s2, dblp, crossref):
        find_published(seed_records(), connection, quick_settings(s2, dblp, crossref))
        month_ago = time.time() - 31 * 24 * 3600
        connection.execute("UPDATE published_versions SET fetched = ?", (month_ago,))
        report = find_published(seed_records(), connection, quick_settings(s2, dblp, crossref))
        asked = {request.body["ids"][0] for request in s2.requests[1:]} if s2.request_count > 1 else set()
        assert s2.batch_sizes()[1] == len(seed_records()) - len(PUBLISHED)
        assert not asked & {f"ARXIV:{arxiv_id}" for arxiv_id in PUBLISHED}
        refreshed = find_published(seed_records(), connection, quick_settings(s2, dblp, crossref, refresh=True))
        assert s2.batch_sizes()[2] == len(seed_records())
    assert report.request_total > 0 and refreshed.request_total > 0


def test_a_service_that_never_answers_costs_at_most_its_budget_and_one_message():
    records = seed_records()
    with seed_servers() as (s2, dblp, crossref):
        dblp.hang(seconds=10, times=50)
        started = time.monotonic()
        report = find_published(records, None, quick_settings(s2, dblp, crossref, timeout=0.4, service_timeout=1.0))
        elapsed = time.monotonic() - started
    assert elapsed < 8  # the budget, not retries (2 queries x 3 tries would take longer), ends the waiting
    assert len(report.problems) == 1
    message = report.problems[0].message
    assert "DBLP at 127.0.0.1" in message and "gave no usable answer" in message and "--dblp-api" in message
    assert "continuing without DBLP" in message
    # What needs no DBLP is still found: arXiv's DOI and Semantic Scholar's DOIs of record go to Crossref.
    assert {r.arxiv_id for r in records if r.version_of_record} == {"2308.04079", "2305.02582"}


def test_a_doi_crossref_does_not_know_leaves_semantic_scholars_record_and_an_unknown_type_is_refused():
    records = [
        arxiv_record("2402.00001", "Sparse Things at Scale", ["Ada Lovelace", "Alan Turing"], "2024-02-01"),
        arxiv_record("2402.00002", "Dense Things at Scale", ["Grace Hopper"], "2024-02-01"),
    ]
    journal = {"name": "Journal of Things", "volume": "12", "pages": "5-9"}
    known = [
        s2_paper(
            "2402.00001",
            "Sparse things at scale.",
            ["A. Lovelace"],
            2025,
            venue="Journal of Things",
            journal=journal,
            publicationTypes=["JournalArticle"],
            doi="10.9999/jot.2025.1",
        ),
        s2_paper("2402.00002", "Dense Things at Scale", ["Grace Hopper"], 2025, venue="Things Day", doi="10.9999/td.2"),
    ]
    with SemanticScholarServer(known) as s2, seed_servers() as (_, dblp, crossref):
        report = find_published(records, None, quick_settings(s2, dblp, crossref))
        assert dblp.request_count == 0 and crossref.request_count == 2  # both DOIs asked, both unknown (404)
    version = records[0].version_of_record
    assert (version.venue, version.volume, version.pages, version.year, version.doi, version.source) == (
        "Journal of Things",
        "12",
        "5-9",
        2025,
        "10.9999/jot.2025.1",
        "Semantic Scholar",
    )
    assert records[1].version_of_record is None
    assert "no venue of a known type" in report.decisions["2402.00002"].reason
