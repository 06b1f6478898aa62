"""The HTTP side of talking to arXiv: a session that waits its turn, times out, and checks each page.

arxiv 4.x sends every request through ``requests`` with no timeout, retries at once without
back-off, and takes ``delay_seconds`` from the end of one request to the start of the next. So
its client gets ``delay_seconds=0, num_retries=0`` and our session instead: it spaces request
starts at least ``delay`` apart, adds connect/read timeouts, and checks each page before the
client parses it (the client's parser recovers from broken XML, which would silently drop papers).
"""

from __future__ import annotations

import time

import arxiv
import requests
from lxml import etree

from cite_export.resolve.failures import RetryableStatus, retry_after_seconds
from cite_export.service_budget import ServiceBudget

ATOM = "{http://www.w3.org/2005/Atom}"
ERROR_ENTRY_PREFIX = "http://arxiv.org/api/errors"
# arXiv counts arrivals; our clock starts just before sending, so leave room for jitter.
SPACING_MARGIN = 0.02
USER_AGENT = f"cite-export (arxiv.py/{arxiv.__version__})"


class RequestRejected(Exception):
    """A 4xx answer other than 429: the same request would fail again."""

    def __init__(self, status: int):
        super().__init__(f"HTTP {status}")
        self.status = status


class MalformedPage(Exception):
    """An answer that is not a complete Atom feed (truncated, empty body, HTML error page)."""


class ArxivQueryError(Exception):
    """arXiv's error entry, e.g. ``incorrect id format for 1234.5678x``."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class PoliteSession(requests.Session):
    """A session that waits its turn, never waits forever, and rejects pages that are not whole feeds."""

    def __init__(self, delay: float, timeout: float, budget: ServiceBudget | None = None):
        super().__init__()
        self.delay = delay
        self.timeout = timeout
        self.budget = budget
        self.requests_made = 0
        self.waited = 0.0
        self._last_start: float | None = None
        self.last_start_wall: float | None = None  # time.time(), for runs in other processes (turns.py)
        self._not_before = 0.0

    def hold_off(self, seconds: float) -> None:
        """Make the next request wait at least ``seconds`` from now (back-off, Retry-After)."""
        self._not_before = max(self._not_before, time.monotonic() + seconds)

    def request(self, method, url, *args, **kwargs):
        # The arxiv client passes its own user-agent with each request, which would win over the session's.
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "user-agent": USER_AGENT}
        method, url = as_form_post(method, url, kwargs)
        self._wait_turn()
        # After the wait: a back-off spent inside a failing attempt is charged to the budget too.
        timeout = self.budget.timeout(self.timeout) if self.budget else self.timeout
        kwargs.setdefault("timeout", (timeout, timeout))
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
        self.last_start_wall = time.time()


def as_form_post(method: str, url: str, kwargs: dict) -> tuple[str, str]:
    """The arxiv client's GET, sent as a POST of the same query in a form body.

    arXiv takes both; a GET of a long id_list is refused (414 at some 700 ids, arxiv.py #15), and
    the client has no way to send a POST. Its paging and parsing stay as they are.
    """
    base, _, query = url.partition("?")
    if method.upper() != "GET" or not query:
        return method, url
    kwargs["data"] = query  # already encoded by the client, as a form body is
    kwargs["headers"] = {**kwargs["headers"], "content-type": "application/x-www-form-urlencoded"}
    return "POST", base


def check_page(response: requests.Response) -> None:
    """Raise unless the response is a complete Atom feed with no error entry."""
    status = response.status_code
    if status == 429 or status >= 500:
        raise RetryableStatus(status, retry_after_seconds(response.headers.get("Retry-After")))
    if status not in (200, 400):
        raise RequestRejected(status)
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
        raise RequestRejected(400)


def route_through(client: arxiv.Client, session: requests.Session) -> None:
    """Make ``client`` send its requests through ``session``.

    arxiv 4.x takes no session or timeout argument, so its private ``_session`` is the only way in.
    Without our session there would be no timeouts and no spacing, so an arxiv release that drops
    the attribute must fail here, loudly, rather than quietly send requests that can hang.
    """
    if not isinstance(getattr(client, "_session", None), requests.Session):
        raise RuntimeError(
            f"arxiv {arxiv.__version__} no longer keeps its requests session in Client._session; "
            "cite_export.resolve.session.route_through needs updating"
        )
    client._session = session
