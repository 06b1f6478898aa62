"""1,000 ids per POST; a batch arXiv answers badly is halved, and one bad id costs one id."""

import arxiv
import pytest
import requests
from arxiv_fixtures import arxiv_entry, quick_settings
from servers.arxiv import ArxivServer, synthetic_papers

from cite_export.model import Resolution
from cite_export.resolve import resolve
from cite_export.resolve.session import PoliteSession, route_through


def entries_for(papers):
    return [arxiv_entry(p.id, line=i + 1) for i, p in enumerate(papers)]


def resolved_ids(report) -> list[str]:
    return [record.arxiv_id for record in report.records if record.resolution is Resolution.ARXIV]


def test_the_arxiv_clients_get_goes_out_as_a_form_post_it_could_not_send_as_a_get():
    papers = synthetic_papers(1000)
    ids = [p.id for p in papers]
    with ArxivServer(papers) as server:
        # As a GET, the same query is refused: its request line is far over the server's limit.
        too_long = requests.get(server.url, params={"id_list": ",".join(ids), "max_results": "1000"}, timeout=5)
        assert too_long.status_code == 414
        session = PoliteSession(delay=0, timeout=5)
        client = arxiv.Client(page_size=1000, delay_seconds=0, num_retries=0)
        route_through(client, session)
        client.query_url_format = server.url + "?{}"
        # If a later arxiv release builds its requests another way, this fails here, loudly.
        results = list(client.results(arxiv.Search(id_list=ids, max_results=1000)))
    assert [request.method for request in server.requests] == ["GET", "POST"]
    post = server.requests[1]
    assert post.ids == ids and post.params["max_results"] == "1000" and post.params["start"] == "0"
    assert post.url_length < 100
    assert sorted(result.get_short_id().split("v")[0] for result in results) == sorted(ids)


def test_a_size_the_server_refuses_is_halved_and_the_size_that_worked_is_kept():
    papers = synthetic_papers(2000)
    with ArxivServer(papers) as server:
        server.refuse_more_than(300, status=414)
        report = resolve(entries_for(papers), None, quick_settings(server.url))
    sizes = [len(request.ids) for request in server.requests]
    # 1000 and 500 refused; then 250 at a time for the rest of the run, never 1000 again.
    assert sizes == [1000, 500] + [250] * 8
    assert report.problems == [] and len(resolved_ids(report)) == 2000


@pytest.mark.parametrize("status", [413, 414])
def test_a_single_id_refused_for_size_is_reported_and_the_rest_resolved(status):
    papers = synthetic_papers(3)
    with ArxivServer(papers) as server:
        server.refuse_more_than(0, status=status)
        report = resolve(entries_for(papers), None, quick_settings(server.url))
    assert [len(request.ids) for request in server.requests] == [3, 1, 1, 1]
    assert len(report.problems) == 3 and all(f"HTTP {status}" in problem.message for problem in report.problems)


def test_a_feed_cut_short_is_asked_again_at_the_size_that_came_back():
    papers = synthetic_papers(1000)
    with ArxivServer(papers) as server:
        server.cut_feeds_at(300)
        report = resolve(entries_for(papers), None, quick_settings(server.url))
    assert [len(request.ids) for request in server.requests] == [1000, 300, 300, 100]
    assert report.problems == [] and len(resolved_ids(report)) == 1000


def test_a_few_unknown_ids_in_a_batch_are_arxivs_word_and_not_asked_again():
    papers = synthetic_papers(40)
    entries = [*entries_for(papers), arxiv_entry("2401.99999", line=99)]
    with ArxivServer(papers) as server:
        report = resolve(entries, None, quick_settings(server.url))
    assert server.request_count == 1
    assert [problem.message for problem in report.problems] == ["arXiv has no paper 2401.99999; exported from the note"]


@pytest.mark.parametrize("fault", ["status", "hang"])
def test_one_bad_id_costs_one_id_and_the_halves_are_retried_after_the_new_ids(fault):
    papers = synthetic_papers(200)
    bad = papers[37].id
    with ArxivServer(papers) as server:
        server.poison(bad, fault, status=503)
        settings = quick_settings(server.url, batch_size=100, delay=0.01, retries=1, timeout=0.2)
        report = resolve(entries_for(papers), None, settings)
    assert resolved_ids(report) == [p.id for p in papers if p.id != bad]
    assert [str(problem) for problem in report.problems] == [
        f"notes.md:38: arXiv lookup failed ({'HTTP 503' if fault == 'status' else 'timed out'}, 2 tries) "
        "for this entry; exported from the notes"
    ]
    assert all(server.requests_for(p.id) == 1 for p in papers[100:])
    first_batch, *rest = server.requests
    assert first_batch.ids == [p.id for p in papers[:100]]
    if fault == "status":  # a 503 is not the size's fault: the new ids go first, the halves after them
        assert rest[1].ids == [p.id for p in papers[100:]]
    # Bisecting 100 ids down to the bad one: 100, 50, 25, 13, 6, 3, 1 ids, two tries each.
    assert server.requests_for(bad) == 7 * 2
