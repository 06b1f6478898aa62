"""Batching and politeness: the fewest requests, one at a time, never closer than the delay."""

import math

import pytest
from arxiv_fixtures import SHORTEST_GAP, arxiv_entry, quick_settings
from servers.arxiv import SEED_PAPERS, ArxivServer, synthetic_papers

from cite_export.model import Kind, Resolution
from cite_export.resolve import resolve
from cite_export.store import connect


@pytest.mark.parametrize("count", [1, 1000, 1001, 2500])
def test_new_ids_take_ceil_n_over_1000_post_requests_spaced_by_the_delay(tmp_path, count):
    papers = synthetic_papers(count)
    with ArxivServer(papers) as server:
        report = resolve(
            [arxiv_entry(p.id, line=i + 1) for i, p in enumerate(papers)], None, quick_settings(server.url)
        )

    assert report.requests == server.request_count == math.ceil(count / 1000)
    assert all(interval >= SHORTEST_GAP for interval in server.intervals())
    assert {request.method for request in server.requests} == {"POST"}
    sizes = [len(request.ids) for request in server.requests]
    assert all(size <= 1000 for size in sizes) and sum(sizes) == count
    assert [int(request.params["max_results"]) for request in server.requests] == sizes
    assert [record.title for record in report.records] == [p.title for p in papers]
    assert all(record.resolution is Resolution.ARXIV for record in report.records)
    assert report.problems == []


def test_results_are_mapped_back_by_id_not_by_position():
    papers = SEED_PAPERS[:5]
    with ArxivServer(papers, reverse=True) as server:
        report = resolve([arxiv_entry(p.id) for p in papers], None, quick_settings(server.url))
    assert [(record.arxiv_id, record.title) for record in report.records] == [(p.id, p.title) for p in papers]


def test_a_warm_cache_makes_no_request_and_refresh_asks_again(tmp_path):
    papers = synthetic_papers(1500)
    entries = [arxiv_entry(p.id) for p in papers]
    with ArxivServer(papers) as server:
        first = resolve(entries, connect(tmp_path), quick_settings(server.url))
        warm = resolve(entries, connect(tmp_path), quick_settings(server.url))
        assert server.request_count == 2
        refreshed = resolve(entries, connect(tmp_path), quick_settings(server.url, refresh=True))
        assert server.request_count == 4

    assert warm.requests == 0
    assert all(record.resolution is Resolution.CACHE for record in warm.records)
    assert [r.title for r in warm.records] == [r.title for r in first.records] == [p.title for p in papers]
    assert refreshed.requests == 2 and all(r.resolution is Resolution.ARXIV for r in refreshed.records)


def test_the_same_paper_in_two_notes_is_asked_once():
    with ArxivServer(SEED_PAPERS) as server:
        report = resolve([arxiv_entry("2305.01115", 1), arxiv_entry("2305.01115", 9)], None, quick_settings(server.url))
    assert server.requests[0].params["id_list"] == "2305.01115"
    assert [record.kind for record in report.records] == [Kind.ARXIV, Kind.ARXIV]


def test_spacing_holds_between_id_batches_and_title_searches():
    from arxiv_fixtures import GAUSSIAN_SPLATTING_NOTE

    papers = synthetic_papers(1200) + SEED_PAPERS
    entries = [arxiv_entry(p.id) for p in papers[:1200]] + [GAUSSIAN_SPLATTING_NOTE]
    with ArxivServer(papers) as server:
        report = resolve(entries, None, quick_settings(server.url))
    assert server.request_count == 3
    assert min(server.intervals()) >= SHORTEST_GAP
    assert report.records[-1].arxiv_id == "2308.04079"


def test_progress_bar_goes_to_stderr_only_when_asked(capsys):
    with ArxivServer(SEED_PAPERS) as server:
        resolve([arxiv_entry("2305.01115")], None, quick_settings(server.url))
        assert capsys.readouterr().err == ""
        resolve([arxiv_entry("2305.00729")], None, quick_settings(server.url, progress=True))
    captured = capsys.readouterr()
    assert "1 requests" in captured.err and captured.out == ""
