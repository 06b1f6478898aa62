"""Talking to the arXiv API politely: the `arxiv` package's client over a session that keeps time.

arxiv 4.x sends every request through ``requests`` with no timeout, retries at once without
back-off, and takes ``delay_seconds`` from the end of one request to the start of the next. So
the client gets ``delay_seconds=0, num_retries=0`` and our session does the rest: it spaces
request starts at least ``delay`` apart, adds connect/read timeouts, and checks each page before
the client parses it (the client's parser recovers from broken XML, which would silently drop
papers). Retries with exponential back-off happen here, around whole queries.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import arxiv
import requests
import urllib3.exceptions
from lxml import etree

from cite_export.resolve.paper import ArxivPaper, paper_from_result
from cite_export.resolve.settings import ResolveSettings

ATOM = "{http://www.w3.org/2005/Atom}"
ERROR_ENTRY_PREFIX = "http://arxiv.org/api/errors"
# Queries in a row that may fail through all their retries before the run stops asking.
MAX_FAILED_QUERIES_IN_A_ROW = 2
# arXiv counts arrivals; our clock starts just before sending, so leave room for jitter.
SPACING_MARGIN = 0.02
USER_AGENT = f"cite-export (arxiv.py/{arxiv.__version__})"

T = TypeVar("T")


class ArxivUnavailable(Exception):
    """Asking again this run is pointless: no connection could be made at all (DNS failure, connection
    refused), or query after query failed through all its retries."""


class RequestFailed(Exception):
    """A query that kept failing through every retry, or that arXiv refused."""


class RetryableStatus(Exception):
    def __init__(self, status: int, retry_after: float | None):
        super().__init__(f"HTTP {status}")
        self.retry_after = retry_after


class RequestRejected(Exception):
    """A 4xx answer other than 429: the same request would fail again."""


class MalformedPage(Exception):
    """An answer that is not a complete Atom feed (truncated, empty body, HTML error page)."""


class EmptyPage(Exception):
    """An id_list query answered with no entry at all; arXiv does this sporadically, so it is retried."""


class ArxivQueryError(Exception):
    """arXiv's error entry, e.g. ``incorrect id format for 1234.5678x``."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class IdAnswer:
    papers: dict[str, ArxivPaper] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)


class PoliteSession(requests.Session):
    """A session that waits its turn, never waits forever, and rejects pages that are not whole feeds."""

    def __init__(self, delay: float, timeout: float):
        super().__init__()
        self.delay = delay
        self.timeout = timeout
        self.requests_made = 0
        self.waited = 0.0
        self._last_start: float | None = None
        self._not_before = 0.0

    def hold_off(self, seconds: float) -> None:
        """Make the next request wait at least ``seconds`` from now (back-off, Retry-After)."""
        self._not_before = max(self._not_before, time.monotonic() + seconds)

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", (self.timeout, self.timeout))
        # The arxiv client passes its own user-agent with each request, which would win over the session's.
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "user-agent": USER_AGENT}
        self._wait_turn()
        self.requests_made += 1
        response = super().request(method, url, *args, **kwargs)
        check_page(response)
        return response

    def _wait_turn(self) -> None:
        earliest = self._not_before
        if self._last_start is not None and self.delay > 0:
            earliest = max(earliest, self._last_start + self.delay + SPACING_MARGIN)
        pause = earliest - time.monotonic()
        if pause > 0:
            time.sleep(pause)
            self.waited += pause
        self._last_start = time.monotonic()


def check_page(response: requests.Response) -> None:
    """Raise unless the response is a complete Atom feed with no error entry."""
    status = response.status_code
    if status == 429 or status >= 500:
        raise RetryableStatus(status, retry_after_seconds(response.headers.get("Retry-After")))
    if status not in (200, 400):
        raise RequestRejected(f"HTTP {status}")
    try:
        root = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise MalformedPage(f"not a complete Atom feed ({error})") from error
    if root.tag != f"{ATOM}feed":
        raise MalformedPage(f"not an Atom feed (root element {root.tag})")
    errors = [
        entry.findtext(f"{ATOM}summary") or "error"
        for entry in root.iterfind(f"{ATOM}entry")
        if (entry.findtext(f"{ATOM}id") or "").startswith(ERROR_ENTRY_PREFIX)
    ]
    if errors:
        raise ArxivQueryError(errors)
    if status == 400:
        raise RequestRejected("HTTP 400")


def retry_after_seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: rare for arXiv; the exponential back-off applies instead


def error_chain(error: BaseException) -> Iterator[BaseException]:
    """The error and what it wraps: requests -> urllib3 MaxRetryError -> NewConnectionError -> OSError."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = getattr(current, "reason", None)
        if not isinstance(wrapped, BaseException):
            wrapped = next((arg for arg in current.args if isinstance(arg, BaseException)), None)
        current = wrapped or current.__cause__ or current.__context__


def is_unreachable(error: BaseException) -> bool:
    """DNS failure or refused connection: the request never reached a server (a timeout is not this)."""
    if isinstance(error, requests.Timeout):
        return False
    return any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in error_chain(error))


def route_through(client: arxiv.Client, session: requests.Session) -> None:
    """Make ``client`` send its requests through ``session``.

    arxiv 4.x takes no session or timeout argument, so its private ``_session`` is the only way in.
    Without our session there would be no timeouts and no spacing, so an arxiv release that drops
    the attribute must fail here, loudly, rather than quietly send requests that can hang.
    """
    if not isinstance(getattr(client, "_session", None), requests.Session):
        raise RuntimeError(
            f"arxiv {arxiv.__version__} no longer keeps its requests session in Client._session; "
            "cite_export.resolve.client.route_through needs updating"
        )
    client._session = session


RETRYABLE = (
    requests.RequestException,  # timeouts, resets, truncated bodies
    RetryableStatus,
    MalformedPage,
    EmptyPage,
    arxiv.UnexpectedEmptyPageError,
)


def describe(error: BaseException) -> str:
    timeouts = (requests.Timeout, urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ConnectTimeoutError)
    if any(isinstance(cause, timeouts) for cause in error_chain(error)):
        return "timed out"
    if isinstance(error, requests.RequestException):
        return f"connection failed ({type(error).__name__})"
    return str(error) or type(error).__name__


class ArxivApi:
    """One polite conversation with arXiv for a whole run: one request at a time, retried, counted."""

    def __init__(self, settings: ResolveSettings):
        self.settings = settings
        self.session = PoliteSession(settings.delay, settings.timeout)
        self.stopped: str | None = None  # why this run asks arXiv nothing more
        self.failed_in_a_row = 0

    @property
    def requests_made(self) -> int:
        return self.session.requests_made

    @property
    def waited(self) -> float:
        return self.session.waited

    def papers(self, ids: list[str]) -> IdAnswer:
        """arXiv's records for up to one batch of unversioned ids, mapped back by id."""
        answer = IdAnswer()
        remaining = list(ids)
        while remaining:
            try:
                results = self._with_retries(functools.partial(self._id_query, remaining))
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

    def _with_retries(self, attempt: Callable[[], T]) -> T:
        if self.stopped:
            raise ArxivUnavailable(self.stopped)
        try_index = 0
        while True:
            try:
                result = attempt()
            except RequestRejected as error:
                self._count_failure()
                raise RequestFailed(str(error)) from error
            except RETRYABLE as error:
                if is_unreachable(error):
                    self.stopped = f"arXiv is unreachable (cannot connect to {self.settings.api_url})"
                    raise ArxivUnavailable(self.stopped) from error
                if try_index >= self.settings.retries:
                    if not isinstance(error, EmptyPage):  # the caller takes an empty answer as "no such ids"
                        self._count_failure()
                    raise RequestFailed(f"{describe(error)}, {try_index + 1} tries") from error
                self.session.hold_off(self._backoff(try_index, error))
                try_index += 1
            else:
                self.failed_in_a_row = 0
                return result

    def _count_failure(self) -> None:
        self.failed_in_a_row += 1
        if self.failed_in_a_row >= MAX_FAILED_QUERIES_IN_A_ROW:
            self.stopped = f"arXiv failed {self.failed_in_a_row} queries in a row"

    def _backoff(self, try_index: int, error: BaseException) -> float:
        first = self.settings.delay if self.settings.backoff is None else self.settings.backoff
        pause = first * 2**try_index
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            pause = max(pause, min(retry_after, self.settings.max_retry_after))
        return pause
