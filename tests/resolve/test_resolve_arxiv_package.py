"""Our hold on the arxiv package: every request it sends goes through our polite session.

arxiv 4.x has no public way to give its client a session, so we set its private ``_session``.
These tests fail loudly when an arxiv release changes that, instead of letting requests go out
with no timeout and no spacing.
"""

import arxiv
import pytest
import requests
from arxiv_fixtures import GAUSSIAN_SPLATTING_NOTE, arxiv_entry, quick_settings
from servers.arxiv import SEED_PAPERS, ArxivServer

from cite_export.resolve import resolve
from cite_export.resolve.session import USER_AGENT, PoliteSession, route_through


def test_the_arxiv_client_still_keeps_a_requests_session_we_can_replace():
    client = arxiv.Client()
    session = PoliteSession(delay=0, timeout=1)
    route_through(client, session)
    assert client._session is session


def test_a_client_without_the_private_session_is_refused_loudly():
    client = arxiv.Client()
    del client._session
    with pytest.raises(RuntimeError, match=r"Client\._session"):
        route_through(client, requests.Session())


def test_id_queries_and_title_searches_go_through_our_session_with_our_user_agent():
    entries = [arxiv_entry("2305.01115"), GAUSSIAN_SPLATTING_NOTE]
    with ArxivServer(SEED_PAPERS) as server:
        report = resolve(entries, None, quick_settings(server.url))
    assert [record.arxiv_id for record in report.records] == ["2305.01115", "2308.04079"]
    assert report.requests == server.request_count == 2
    assert [request.user_agent for request in server.requests] == [USER_AGENT, USER_AGENT]
