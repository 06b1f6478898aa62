"""A misbehaving arXiv: retried with back-off, degraded to the notes with one warning, never a hang."""

import socket
import time

import pytest
from arxiv_fixtures import GAUSSIAN_SPLATTING_NOTE, arxiv_entry, quick_settings
from servers.arxiv import SEED_PAPERS, ArxivServer, synthetic_papers

from cite_export.model import Kind, Resolution
from cite_export.resolve import resolve
from cite_export.resolve.client import ArxivApi, is_unreachable
from cite_export.store import connect

SEED_IDS = ["2305.01115", "2305.00729", "2305.03111"]


def seed_entries():
    return [arxiv_entry(arxiv_id, line=10 * i + 1) for i, arxiv_id in enumerate(SEED_IDS)]


def test_two_503s_then_success_gives_the_right_records():
    with ArxivServer(SEED_PAPERS) as server:
        server.fail(503, times=2)
        report = resolve(seed_entries(), None, quick_settings(server.url))
    assert server.request_count == 3
    assert report.problems == []
    assert [len(record.authors) for record in report.records] == [8, 5, 18]
    assert all(record.resolution is Resolution.ARXIV for record in report.records)


def test_429_retry_after_is_honoured():
    with ArxivServer(SEED_PAPERS) as server:
        server.fail(429, retry_after="0.6")
        report = resolve(seed_entries(), None, quick_settings(server.url))
    assert server.request_count == 2 and server.intervals()[0] >= 0.6
    assert report.problems == []


@pytest.mark.parametrize("fault", ["truncate", "malformed", "empty"])
def test_a_broken_page_is_retried(fault):
    with ArxivServer(SEED_PAPERS) as server:
        getattr(server, fault)()
        report = resolve(seed_entries(), None, quick_settings(server.url))
    assert server.request_count == 2
    assert report.problems == []
    assert [record.arxiv_id for record in report.records if record.resolution is Resolution.ARXIV] == SEED_IDS


def test_a_batch_that_keeps_failing_degrades_to_the_notes_with_one_warning(tmp_path):
    with ArxivServer(SEED_PAPERS) as server:
        server.malformed(times=50)
        report = resolve(seed_entries(), connect(tmp_path), quick_settings(server.url, retries=2))
        # The batch, then both its halves (the other half failing too shows arXiv, not one id, at fault).
        assert [len(request.ids) for request in server.requests] == [3] * 3 + [1] * 3 + [2] * 3
        server.faults.clear()
        # Nothing of the failure was cached: the next run asks again and gets the papers.
        again = resolve(seed_entries(), connect(tmp_path), quick_settings(server.url))
    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith(
        "notes.md:1: arXiv failed 2 queries in a row (the last: not a complete Atom feed"
    )
    assert report.problems[0].message.endswith("this and later entries are exported from the notes")
    assert [record.title for record in report.records] == [entry.title for entry in seed_entries()]
    assert all(record.resolution is Resolution.NOTE for record in report.records)
    assert report.unresolved == [0, 1, 2]
    assert all(record.resolution is Resolution.ARXIV for record in again.records)


def test_a_hanging_server_ends_by_timeout_with_note_records_and_a_warning():
    with ArxivServer(SEED_PAPERS) as server:
        server.hang(seconds=10, times=10)
        started = time.monotonic()
        report = resolve(seed_entries(), None, quick_settings(server.url, timeout=0.3, retries=1))
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert server.request_count == 6  # the batch and its two halves, two tries each
    assert len(report.problems) == 1 and "(the last: timed out, 2 tries)" in report.problems[0].message
    assert all(record.resolution is Resolution.NOTE and record.kind is Kind.ARXIV for record in report.records)


def test_a_server_that_stalls_mid_answer_ends_by_timeout_too():
    with ArxivServer(SEED_PAPERS) as server:
        server.stall(seconds=10, times=10)
        started = time.monotonic()
        report = resolve(seed_entries(), None, quick_settings(server.url, timeout=0.3, retries=1))
        assert time.monotonic() - started < 3
    assert len(report.problems) == 1 and "timed out, 2 tries" in report.problems[0].message


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/query"


def test_unreachable_arxiv_is_noticed_on_the_first_request_and_reported_once():
    entries = [arxiv_entry(p.id) for p in synthetic_papers(250)] + [GAUSSIAN_SPLATTING_NOTE]
    started = time.monotonic()
    report = resolve(entries, None, quick_settings(closed_port_url()))
    assert time.monotonic() - started < 2
    assert report.requests == 1
    assert len(report.problems) == 1 and "arXiv is unreachable" in report.problems[0].message
    assert all(record.resolution is Resolution.NOTE for record in report.records)
    assert len(report.unresolved) == len(entries)


def test_unknown_ids_are_reported_with_file_and_line_and_exported_from_the_note():
    entries = [arxiv_entry("2305.01115", 1), arxiv_entry("2305.99999", 7, title="A Paper arXiv Never Had")]
    with ArxivServer(SEED_PAPERS) as server:
        report = resolve(entries, None, quick_settings(server.url))
    assert server.request_count == 1
    assert [str(problem) for problem in report.problems] == [
        "notes.md:7: arXiv has no paper 2305.99999; exported from the note"
    ]
    unknown = report.records[1]
    assert (unknown.title, unknown.arxiv_id, unknown.resolution) == ("A Paper arXiv Never Had", "2305.99999", "note")
    assert list(unknown.problems) == report.problems
    assert report.unresolved == [1]


def test_unknown_ids_counted_in_total_results_do_not_fail_the_batch():
    entries = [arxiv_entry("2305.01115", 1), arxiv_entry("2305.99999", 7), arxiv_entry("2305.00729", 9)]
    with ArxivServer(SEED_PAPERS, count_unknown_ids=True) as server:
        report = resolve(entries, None, quick_settings(server.url))
    # The client asks for the page after the two answered ids; it comes back empty and ends the query.
    assert server.request_count == 2 and server.requests[1].params["start"] == "2"
    assert [record.resolution for record in report.records] == [Resolution.ARXIV, Resolution.NOTE, Resolution.ARXIV]
    assert [problem.message for problem in report.problems] == ["arXiv has no paper 2305.99999; exported from the note"]


@pytest.mark.parametrize("status", [400, 200])
def test_the_error_entry_for_a_malformed_id_drops_that_id_and_keeps_the_rest(status):
    with ArxivServer(SEED_PAPERS, error_status=status) as server:
        api = ArxivApi(quick_settings(server.url))
        answer = api.papers(["2305.01115", "1234.5678x", "2305.00729"])
    assert answer.malformed == ["1234.5678x"]
    assert sorted(answer.papers) == ["2305.00729", "2305.01115"] and answer.unknown == []
    assert server.request_count == 2
    assert server.requests[1].params["id_list"] == "2305.01115,2305.00729"


def test_a_dns_failure_counts_as_unreachable_and_a_timeout_does_not():
    # Built as requests raises them; no lookup is made (tests send no traffic off this machine).
    import requests
    import urllib3

    connection = urllib3.connection.HTTPConnection("export.arxiv.org")
    dns = urllib3.exceptions.NameResolutionError("export.arxiv.org", connection, OSError("Name or service not known"))
    dns_failure = requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/api/query", dns))
    read_timeout = requests.ConnectionError(urllib3.exceptions.ReadTimeoutError(None, "/api/query", "timed out"))
    assert is_unreachable(dns_failure)
    assert not is_unreachable(read_timeout)
    assert not is_unreachable(requests.ReadTimeout("timed out"))


def test_after_two_queries_fail_in_a_row_the_run_stops_asking():
    papers = synthetic_papers(450)
    entries = [arxiv_entry(p.id, line=i + 1) for i, p in enumerate(papers)]
    with ArxivServer(papers) as server:
        server.fail(503, times=1000)
        report = resolve(entries, None, quick_settings(server.url, batch_size=100))
    # Two batches of 100, four tries each; their halves and the other three batches never asked.
    assert server.request_count == 8
    stopped = (
        "arXiv failed 2 queries in a row (the last: HTTP 503, 4 tries); "
        "no further requests: this and later entries are exported from the notes"
    )
    assert [str(problem) for problem in report.problems] == [f"notes.md:1: {stopped}"]
    assert all(record.resolution is Resolution.NOTE for record in report.records)


def test_a_wrong_endpoint_is_not_retried_and_is_given_up_after_two_queries():
    papers = synthetic_papers(250)
    with ArxivServer(papers) as server:
        report = resolve([arxiv_entry(p.id) for p in papers], None, quick_settings(server.url.replace("query", "qery")))
        assert server.request_count == 3  # the batch, then its two halves: no retries
    assert [problem.message.split(";")[0] for problem in report.problems] == [
        "arXiv failed 2 queries in a row (the last: HTTP 404)"
    ]
