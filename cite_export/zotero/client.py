"""A careful pyzotero wrapper: one request at a time, rate limits honoured, retries bounded, the key never shown."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx2
from pyzotero import zotero

from cite_export.service_budget import SERVICE_TIMEOUT_OPTION, ServiceBudget, proxy_for
from cite_export.zotero.settings import (
    DEFAULT_ZOTERO_API,
    Library,
    ZoteroError,
    ZoteroUnreachable,
    check_api_key,
    check_endpoint,
)

WRITE_LIMIT = 50
PAGE_SIZE = 100  # the most a read returns per request
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REFUSED = 2  # a refused connection is tried again once, a second later: a restarting proxy, not a hang
T = TypeVar("T")


class LibraryChanged(ZoteroError):
    """412 on a write: the library moved on since we read it; re-read and plan again."""


@dataclass
class WriteResult:
    successful: dict[int, dict[str, Any]] = field(default_factory=dict)
    unchanged: dict[int, str] = field(default_factory=dict)
    failed: dict[int, dict[str, Any]] = field(default_factory=dict)
    library_version: int = 0


def describe_failure(error: httpx2.TransportError) -> str:
    if isinstance(error, httpx2.TimeoutException):
        return "timed out"
    if isinstance(error, httpx2.ConnectError):
        return "connection refused or host not found"
    return f"connection failed ({type(error).__name__})"


class TimedClient(httpx2.Client):
    """pyzotero passes its own 30 s timeout with every read; every request through this client gets ours,
    cut to what is left of the run's budget for waiting on Zotero."""

    def __init__(self, timeout: float, budget: ServiceBudget):
        super().__init__(follow_redirects=True, timeout=timeout)
        self.per_request = timeout
        self.budget = budget

    def request(self, method, url, **kwargs):
        kwargs["timeout"] = self.budget.timeout(self.per_request)
        return super().request(method, url, **kwargs)


class ZoteroClient:
    """Reads and writes of one library. pyzotero does the HTTP; this class adds what it lacks:
    retries on 429/5xx/dropped connections for writes, ``Retry-After`` on 503, and bounded waits."""

    def __init__(
        self,
        library_id: str,
        library_type: str,
        api_key: str,
        endpoint: str = DEFAULT_ZOTERO_API,
        timeout: float = 60.0,
        attempts: int = 6,
        max_wait: float = 120.0,
        budget: ServiceBudget | None = None,
    ):
        self.library = Library(check_endpoint(endpoint), library_type, str(library_id))
        self.api_key = check_api_key(api_key)
        self.attempts = attempts
        self.max_wait = max_wait
        self.budget = budget or ServiceBudget("Zotero", self.library.endpoint, endpoint_option="--zotero-api")
        self.zot = zotero.Zotero(self.library.id, library_type, self.api_key, client=TimedClient(timeout, self.budget))
        self.zot.endpoint = self.library.endpoint
        self.requests: dict[str, int] = {}

    def key_access(self) -> dict[str, Any]:
        """``GET /keys/current``: who the key belongs to and what it may do (never puts the key in a URL)."""

        def get() -> dict[str, Any]:
            time.sleep(max(0.0, self.zot.backoff_until - time.time()))
            response = self.zot.client.get(f"{self.zot.endpoint}/keys/current", headers=self.zot.default_headers())
            self.zot.request = response
            if backoff := response.headers.get("Backoff"):
                self.zot.backoff_until = time.time() + min(float(backoff), self.max_wait)
            if response.status_code in (401, 403):
                raise ZoteroError("the Zotero API key was refused: check ZOTERO_API_KEY or [zotero] api_key")
            response.raise_for_status()
            return response.json()

        return self.call("keys", get)

    def allows(self, access: dict[str, Any], right: str) -> bool:
        """Whether the key described by ``access`` (``/keys/current``) has ``right`` (``library`` to read,
        ``write``) on this library."""
        rights = access.get("access", {})
        if self.library.type == "user":
            return str(access.get("userID")) == self.library.id and bool(rights.get("user", {}).get(right))
        groups = rights.get("groups", {})
        return bool((groups.get(self.library.id) or groups.get("all") or {}).get(right))

    def item_versions(self, since: int) -> tuple[dict[str, int], int]:
        """Keys and versions of the items changed after library version ``since``, and the library version."""
        versions = self.call("versions", lambda: self.zot.item_versions(since=since, includeTrashed=1))
        return versions, int(self.zot.request.headers.get("Last-Modified-Version", since))

    def fetch_items(self, keys: list[str]) -> list[dict[str, Any]]:
        """Full data of ``keys``, 50 per request."""
        found = []
        for start in range(0, len(keys), WRITE_LIMIT):
            chunk = ",".join(keys[start : start + WRITE_LIMIT])
            found.extend(
                self.call(
                    "items", lambda chunk=chunk: self.zot.items(itemKey=chunk, limit=WRITE_LIMIT, includeTrashed=1)
                )
            )
        return [item["data"] for item in found]

    def items_since(self, since: int) -> list[dict[str, Any]]:
        """Full data of every item changed after library version ``since``, trashed ones too, 100 a page."""
        pages = [self.call("items", lambda: self.zot.items(since=since, includeTrashed=1, limit=PAGE_SIZE))]
        while self.zot.links and self.zot.links.get("next"):
            pages.append(self.call("items", self.zot.follow))
        return [item["data"] for page in pages for item in page]

    def deleted_items(self, since: int) -> list[str]:
        return self.call("deleted", lambda: self.zot.deleted(since=since)).get("items", [])

    def collections(self) -> list[dict[str, Any]]:
        """Every collection of the library (paged, 100 a page)."""
        first = self.call("collections", lambda: self.zot.collections(limit=PAGE_SIZE))
        pages = [first]
        while self.zot.links and self.zot.links.get("next"):
            pages.append(self.call("collections", self.zot.follow))
        return [collection["data"] for page in pages for collection in page]

    def collection_versions(self) -> dict[str, int]:
        """Every collection's key and version, in one unpaged request."""
        return self.call("collection versions", lambda: self.zot.collection_versions())

    def create_collections(self, collections: list[dict[str, Any]], library_version: int) -> WriteResult:
        if len(collections) > WRITE_LIMIT:
            raise ValueError(f"at most {WRITE_LIMIT} collections per write, not {len(collections)}")
        return self.write("write collections", lambda: self.zot.create_collections(collections, library_version))

    def write_items(self, objects: list[dict[str, Any]], library_version: int) -> WriteResult:
        """POST up to 50 objects with ``If-Unmodified-Since-Version``; results by index, as the server gives them."""
        if len(objects) > WRITE_LIMIT:
            raise ValueError(f"at most {WRITE_LIMIT} objects per write, not {len(objects)}")
        return self.write("write items", lambda: self.zot.create_items(objects, last_modified=library_version))

    def write(self, kind: str, send: Callable[[], dict[str, Any]]) -> WriteResult:
        body = self.call(kind, send)
        return WriteResult(
            successful={int(index): value for index, value in body.get("successful", {}).items()},
            unchanged={int(index): value for index, value in body.get("unchanged", {}).items()},
            failed={int(index): value for index, value in body.get("failed", {}).items()},
            library_version=int(self.zot.request.headers.get("Last-Modified-Version", 0)),
        )

    def call(self, kind: str, send: Callable[[], T]) -> T:
        """Run one pyzotero call, retrying what is worth retrying; every other failure becomes a ZoteroError.

        A dropped connection on a write is retried as is: our objects carry their keys and versions,
        so a write that did happen answers 412 the second time instead of creating anything twice.
        """
        reason, unanswered, refused = "no answer earlier in this run", False, 0
        for attempt in range(self.attempts):
            if self.budget.spent:
                raise ZoteroUnreachable(self.unreachable(reason))
            # pyzotero keeps the last response and query parameters on the instance: cleared, so that a failure
            # before any answer is not blamed on an older response, and a retry does not carry stale parameters.
            self.zot.request = None
            self.zot.url_params = None
            self.requests[kind] = self.requests.get(kind, 0) + 1
            try:
                with self.budget.attempt():
                    return send()
            except ZoteroError:
                raise
            except httpx2.TransportError as error:
                reason, unanswered = describe_failure(error), True
                refused += isinstance(error, httpx2.ConnectError)
                if refused >= MAX_REFUSED:
                    break
                if attempt + 1 < self.attempts:
                    # The pause before trying again is time lost to this host too.
                    pause = min(2**attempt, self.budget.remaining)
                    time.sleep(pause)
                    self.budget.lost += pause
                continue
            except Exception as error:
                response = self.zot.request
                if response is None:
                    raise ZoteroError(self.scrub(f"Zotero request failed: {error}")) from None
                if response.status_code == 412:
                    raise LibraryChanged("the library changed since it was read") from None
                if response.status_code == 403:
                    raise ZoteroError(self.scrub(f"Zotero refused the request: {response.text.strip()}")) from None
                if response.status_code not in RETRY_STATUSES:
                    raise ZoteroError(
                        self.scrub(f"Zotero answered {response.status_code}: {response.text.strip()[:300]}")
                    ) from None
                reason, unanswered = f"HTTP {response.status_code}", False
                wait = float(response.headers.get("Retry-After") or response.headers.get("Backoff") or 2**attempt)
                # pyzotero also noted a 429's delay; we wait here, once.
                self.zot.backoff_until = 0.0
            if attempt + 1 < self.attempts:
                time.sleep(min(wait, self.max_wait))
        if unanswered:
            raise ZoteroUnreachable(self.unreachable(reason))
        raise ZoteroError(f"Zotero {kind}: gave up after {self.attempts} attempts ({reason})")

    def unreachable(self, reason: str) -> str:
        """The one message for a Zotero that cannot be reached: which host, and what the user can change."""
        proxy = proxy_for(self.library.endpoint)
        via = f"the proxy {proxy[1]} ({proxy[0]})" if proxy else "a proxy variable (HTTPS_PROXY) if you need one"
        return (
            f"Zotero at {self.budget.host} gave no answer ({reason}, {self.budget.lost:.0f} s of waiting); nothing "
            f"more was sent. Check --zotero-api ({self.library.endpoint}) and {via}; `zotero status --offline` "
            f"plans from the local copy of the library. {SERVICE_TIMEOUT_OPTION} sets how long to wait "
            f"({self.budget.seconds:g} s)"
        )

    def close(self) -> None:
        self.zot.client.close()

    def scrub(self, text: str) -> str:
        return text.replace(self.api_key, "<api key>") if self.api_key else text
