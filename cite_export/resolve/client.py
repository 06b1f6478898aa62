"""Talking to the arXiv API politely: the `arxiv` package's client over our session (``session.py``).

Queries are retried here, whole, with exponential back-off; a run that cannot reach arXiv, or
whose queries keep failing, stops asking and says so once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import arxiv
import requests
import urllib3.exceptions

from cite_export.resolve.failures import (
    MAX_FAILED_QUERIES_IN_A_ROW,
    RetryableStatus,
    backoff_seconds,
    describe,
    error_chain,
    is_unreachable,
)
from cite_export.resolve.paper import ArxivPaper, paper_from_result
from cite_export.resolve.session import ArxivQueryError, MalformedPage, PoliteSession, RequestRejected, route_through
from cite_export.resolve.settings import ResolveSettings
from cite_export.service_budget import ServiceBudget

T = TypeVar("T")


class ArxivUnavailable(Exception):
    """Asking again this run is pointless: no connection could be made at all (DNS failure, connection
    refused), or query after query failed through all its retries."""


class ArxivOutOfTime(ArxivUnavailable):
    """The run's budget for waiting on arXiv is spent; the message says which host and what to change."""


class RequestFailed(Exception):
    """A query that kept failing through every retry, or that arXiv refused."""


class EmptyPage(Exception):
    """An id_list query answered with no entry at all; arXiv does this sporadically, so it is retried."""


@dataclass
class IdAnswer:
    papers: dict[str, ArxivPaper] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)


# "Too large" (413) and "URI too long" (414): the batch, not arXiv, is at fault.
SIZE_REFUSALS = (413, 414)


def refused_for_size(failure: RequestFailed) -> bool:
    return isinstance(failure.__cause__, RequestRejected) and failure.__cause__.status in SIZE_REFUSALS


def size_suspect(failure: RequestFailed) -> bool:
    """A failure a big batch can provoke: a timeout, or a feed cut short or garbled."""
    cause = failure.__cause__
    if cause is None:
        return False
    timeouts = (requests.Timeout, urllib3.exceptions.ReadTimeoutError, requests.exceptions.ChunkedEncodingError)
    return isinstance(cause, MalformedPage) or any(isinstance(link, timeouts) for link in error_chain(cause))


RETRYABLE = (
    requests.RequestException,  # timeouts, resets, truncated bodies
    RetryableStatus,
    MalformedPage,
    EmptyPage,
    arxiv.UnexpectedEmptyPageError,
)


class ArxivApi:
    """One polite conversation with arXiv for a whole run: one request at a time, retried, counted."""

    def __init__(self, settings: ResolveSettings):
        self.settings = settings
        self.budget = ServiceBudget("arXiv", settings.api_url, settings.service_timeout, "--arxiv-api")
        self.session = PoliteSession(settings.delay, settings.timeout, self.budget)
        self.stopped: str | None = None  # why this run asks arXiv nothing more
        self.failed_in_a_row = 0

    @property
    def requests_made(self) -> int:
        return self.session.requests_made

    @property
    def waited(self) -> float:
        return self.session.waited

    def papers(self, ids: list[str], counted: bool = True) -> IdAnswer:
        """arXiv's records for up to one batch of unversioned ids, mapped back by id.

        ``counted=False``: a failure does not count towards giving arXiv up (a batch being bisected).
        """
        answer = IdAnswer()
        remaining = list(ids)
        while remaining:
            try:
                results = self._with_retries(functools.partial(self._id_query, remaining), counted)
            except ArxivQueryError as error:
                named = {message.split()[-1] for message in error.messages if message.split()}
                rejected = [arxiv_id for arxiv_id in remaining if arxiv_id in named]
                if not rejected:
                    raise RequestFailed(str(error)) from error
                answer.malformed += rejected
                remaining = [arxiv_id for arxiv_id in remaining if arxiv_id not in rejected]
                continue
            except RequestFailed as failure:
                if isinstance(failure.__cause__, EmptyPage):
                    answer.unknown += remaining
                    return answer
                raise
            found = {paper.id: paper for paper in filter(None, map(paper_from_result, results))}
            answer.papers = {arxiv_id: found[arxiv_id] for arxiv_id in remaining if arxiv_id in found}
            answer.unknown += [arxiv_id for arxiv_id in remaining if arxiv_id not in found]
            return answer
        return answer

    def search(self, query: str, max_results: int) -> list[ArxivPaper]:
        """Papers matching an arXiv search query (``ti:"..." AND au:...``), most relevant first."""
        client = self._client(max_results)
        search = arxiv.Search(query=query, max_results=max_results)
        results = self._with_retries(lambda: list(client.results(search)))
        return [paper for paper in map(paper_from_result, results) if paper]

    def _id_query(self, ids: list[str]) -> list[arxiv.Result]:
        client = self._client(len(ids))
        results: list[arxiv.Result] = []
        try:
            results.extend(client.results(arxiv.Search(id_list=ids, max_results=len(ids))))
        except arxiv.UnexpectedEmptyPageError:
            # arXiv has counted unknown ids in totalResults (arxiv.py issue #82), so the client asks for
            # a further page that comes back empty: what the first page held is the whole answer.
            if not results:
                raise
        if not results:
            raise EmptyPage("arXiv answered with no entry")
        return results

    def _client(self, page_size: int) -> arxiv.Client:
        client = arxiv.Client(page_size=page_size, delay_seconds=0, num_retries=0)
        route_through(client, self.session)
        client.query_url_format = self.settings.api_url + "?{}"
        return client

    def _with_retries(self, attempt: Callable[[], T], counted: bool = True) -> T:
        if self.stopped:
            raise ArxivUnavailable(self.stopped)
        try_index = 0
        while True:
            if self.budget.spent:
                self.stopped = self.budget.give_up_message()
                raise ArxivOutOfTime(self.stopped)
            try:
                with self.budget.attempt():
                    result = attempt()
            except RequestRejected as error:
                if counted and error.status not in SIZE_REFUSALS:
                    self._count_failure(str(error))
                raise RequestFailed(str(error)) from error
            except RETRYABLE as error:
                if is_unreachable(error):
                    self.stopped = f"arXiv is unreachable (cannot connect to {self.settings.api_url})"
                    raise ArxivUnavailable(self.stopped) from error
                if self.budget.spent:
                    self.stopped = self.budget.give_up_message()
                    raise ArxivOutOfTime(self.stopped) from error
                if try_index >= self.settings.retries:
                    reason = f"{describe(error)}, {try_index + 1} tries"
                    if counted and not isinstance(error, EmptyPage):  # an empty answer means "no such ids"
                        self._count_failure(reason)
                    raise RequestFailed(reason) from error
                self.session.hold_off(self._backoff(try_index, error))
                try_index += 1
            else:
                self.failed_in_a_row = 0
                return result

    def _count_failure(self, reason: str) -> None:
        self.failed_in_a_row += 1
        if self.failed_in_a_row >= MAX_FAILED_QUERIES_IN_A_ROW:
            self.stopped = f"arXiv failed {self.failed_in_a_row} queries in a row (the last: {reason})"

    def _backoff(self, try_index: int, error: BaseException) -> float:
        first = self.settings.delay if self.settings.backoff is None else self.settings.backoff
        return backoff_seconds(first, try_index, error, self.settings.max_retry_after)
