"""What went wrong with a request to a web service, and when to ask again: shared by the arXiv client and
the published-version services (``published.http``), which follow the same rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import requests
import urllib3.exceptions

# Queries in a row that may fail through all their retries before the run stops asking the service.
MAX_FAILED_QUERIES_IN_A_ROW = 2


class RetryableStatus(Exception):
    """429 or 5xx: worth asking again, after Retry-After when the service gives one."""

    def __init__(self, status: int, retry_after: float | None):
        super().__init__(f"HTTP {status}")
        self.retry_after = retry_after


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


def describe(error: BaseException) -> str:
    timeouts = (requests.Timeout, urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ConnectTimeoutError)
    if any(isinstance(cause, timeouts) for cause in error_chain(error)):
        return "timed out"
    if isinstance(error, requests.RequestException):
        return f"connection failed ({type(error).__name__})"
    return str(error) or type(error).__name__


def retry_after_seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: rare; the exponential back-off applies instead


def backoff_seconds(first: float, try_index: int, error: BaseException, max_retry_after: float) -> float:
    """``first`` doubled per try already made; a Retry-After the error carries wins when longer, up to a cap."""
    pause = first * 2**try_index
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        pause = max(pause, min(retry_after, max_retry_after))
    return pause
