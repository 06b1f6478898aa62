"""One polite conversation with a JSON web service: spaced requests, timeouts, retries, giving up once.

The same rules as the arXiv client (``resolve.client``, ``resolve.failures``): requests at least ``delay`` apart,
429 and 5xx retried with doubling back-off (a Retry-After, capped, wins when longer), a service that
cannot be connected to at all, or that fails query after query, is asked nothing more this run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests

from cite_export import __version__
from cite_export.resolve.failures import (
    MAX_FAILED_QUERIES_IN_A_ROW,
    RetryableStatus,
    backoff_seconds,
    describe,
    is_unreachable,
    retry_after_seconds,
)
from cite_export.service_budget import DEFAULT_SERVICE_TIMEOUT, ServiceBudget


class ServiceUnavailable(Exception):
    """Asking this service again this run is pointless."""


class QueryFailed(Exception):
    """One query that failed through all its retries, or that the service refused."""


@dataclass(frozen=True)
class Politeness:
    """A service's rules: ``delay`` seconds from the end of one request to the start of the next, and how long
    and how often to try."""

    delay: float
    timeout: float = 20.0
    retries: int = 3
    backoff: float | None = None  # first back-off; None means ``delay`` (and at least one second)
    max_retry_after: float = 60.0
    budget: float = DEFAULT_SERVICE_TIMEOUT  # seconds the run may lose, in all, to this service's failures


class JsonService:
    """Requests to one service, counted, spaced and retried; ``get``/``post`` return parsed JSON or None (404)."""

    def __init__(
        self, name: str, url: str, endpoint_option: str, politeness: Politeness, headers: dict[str, str] | None = None
    ):
        self.name = name
        self.politeness = politeness
        self.budget = ServiceBudget(name, url, politeness.budget, endpoint_option)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"cite-export/{__version__}"
        self.session.headers.update(headers or {})
        self.requests_made = 0
        self.waited = 0.0
        self.stopped: str | None = None
        self.failed_in_a_row = 0
        self._last_end: float | None = None
        self._not_before = 0.0

    def get(self, url: str, params: dict[str, str] | None = None) -> Any:
        return self._with_retries("GET", url, params=params)

    def post(self, url: str, params: dict[str, str], body: Any) -> Any:
        return self._with_retries("POST", url, params=params, json=body)

    def close(self) -> None:
        self.session.close()

    def _with_retries(self, method: str, url: str, **kwargs) -> Any:
        if self.stopped:
            raise ServiceUnavailable(self.stopped)
        try_index = 0
        while True:
            if self.budget.spent:
                self.stopped = self.budget.give_up_message()
                raise ServiceUnavailable(self.stopped)
            try:
                with self.budget.attempt():
                    answer = self._send(method, url, **kwargs)
            except QueryFailed:
                self._count_failure()
                raise
            except (requests.RequestException, RetryableStatus, ValueError) as error:
                if is_unreachable(error):
                    self.stopped = f"{self.name} is unreachable (cannot connect to {url})"
                    raise ServiceUnavailable(self.stopped) from error
                if self.budget.spent:
                    self.stopped = self.budget.give_up_message()
                    raise ServiceUnavailable(self.stopped) from error
                if try_index >= self.politeness.retries:
                    self._count_failure()
                    raise QueryFailed(f"{describe(error)}, {try_index + 1} tries") from error
                self._hold_off(self._backoff(try_index, error))
                try_index += 1
            else:
                self.failed_in_a_row = 0
                return answer

    def _send(self, method: str, url: str, **kwargs) -> Any:
        self._wait_turn()
        self.requests_made += 1
        timeout = self.budget.timeout(self.politeness.timeout)
        try:
            response = self.session.request(method, url, timeout=(timeout, timeout), **kwargs)
        finally:
            self._last_end = time.monotonic()
        status = response.status_code
        if status == 429 or status >= 500:
            raise RetryableStatus(status, retry_after_seconds(response.headers.get("Retry-After")))
        if status == 404:
            return None
        if status != 200:
            raise QueryFailed(f"HTTP {status}: {response.text[:200].strip()}")
        return response.json()  # a truncated or HTML body raises ValueError, retried

    def _count_failure(self) -> None:
        self.failed_in_a_row += 1
        if self.failed_in_a_row >= MAX_FAILED_QUERIES_IN_A_ROW:
            self.stopped = f"{self.name} failed {self.failed_in_a_row} queries in a row"

    def _backoff(self, try_index: int, error: BaseException) -> float:
        first = self.politeness.backoff
        if first is None:
            first = max(self.politeness.delay, 1.0)
        return backoff_seconds(first, try_index, error, self.politeness.max_retry_after)

    def _hold_off(self, seconds: float) -> None:
        self._not_before = max(self._not_before, time.monotonic() + seconds)

    def _wait_turn(self) -> None:
        """Wait ``delay`` from the end of the previous request: a request held up on its way (a busy machine,
        a slow connect) can then never arrive closer than ``delay`` to the next, which counting from its
        start cannot promise; the price is one answer's latency per request."""
        earliest = self._not_before
        if self._last_end is not None and self.politeness.delay > 0:
            earliest = max(earliest, self._last_end + self.politeness.delay)
        pause = earliest - time.monotonic()
        if pause > 0:
            time.sleep(pause)
            self.waited += pause
