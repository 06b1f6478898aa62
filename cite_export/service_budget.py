"""How long one run may lose waiting on one web service (arXiv, Zotero, Semantic Scholar, ...).

A host that accepts the connection and never answers (a proxy, a firewall that drops packets,
an overloaded server) costs a full timeout per try. Retries multiply that, so each service gets a
budget for the whole run: every failed attempt is charged the time it took, each request's timeout
is cut to what is left, and once the budget is spent the run stops asking that service and says
so once, naming the host and what to change.

    budget = ServiceBudget("arXiv", api_url, seconds=30, endpoint_option="--arxiv-api")
    while not budget.spent:
        with budget.attempt():
            response = session.get(url, timeout=budget.timeout(20))
    ...
    warn(budget.give_up_message())

Without network libraries: the clients (requests, httpx) decide what a failure is; anything
raised inside ``attempt()`` is charged.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_SERVICE_TIMEOUT = 30.0
SERVICE_TIMEOUT_OPTION = "--service-timeout"
SERVICE_TIMEOUT_ENV = "CITE_EXPORT_SERVICE_TIMEOUT"
# A request is never sent with less time than this to answer: a shorter timeout would only
# turn the last scrap of budget into a certain failure.
SHORTEST_TIMEOUT = 0.1


class ServiceBudget:
    """The seconds a run may still lose to one service's failed requests (timeouts, refusals, errors)."""

    def __init__(self, service: str, url: str, seconds: float = DEFAULT_SERVICE_TIMEOUT, endpoint_option: str = ""):
        self.service = service
        self.url = url
        self.seconds = seconds
        self.endpoint_option = endpoint_option
        self.lost = 0.0
        self._attempt_started: float | None = None

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc or self.url

    @property
    def remaining(self) -> float:
        ongoing = time.monotonic() - self._attempt_started if self._attempt_started is not None else 0.0
        return max(0.0, self.seconds - self.lost - ongoing)

    @property
    def spent(self) -> bool:
        """True once failed attempts have used the whole budget: ask this service nothing more this run."""
        return self.lost >= self.seconds

    def timeout(self, wanted: float) -> float:
        """The timeout for the next request: ``wanted``, cut to what is left of the budget."""
        return max(SHORTEST_TIMEOUT, min(wanted, self.remaining))

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """Charge the block's time to the budget if it raises (a success costs nothing)."""
        started = self._attempt_started = time.monotonic()
        try:
            yield
        except BaseException:
            self.lost += time.monotonic() - started
            raise
        finally:
            self._attempt_started = None

    def give_up_message(self) -> str:
        """One line for the user: which host, how long, and what to change."""
        proxy = proxy_for(self.url)
        via = f"the proxy {proxy[1]} ({proxy[0]})" if proxy else "a proxy variable (HTTPS_PROXY) if you need one"
        check = f"{self.endpoint_option} and {via}" if self.endpoint_option else via
        return (
            f"{self.service} at {self.host} gave no usable answer in {self.lost:.0f} s of waiting; "
            f"the rest of this run goes on without it. Check {check}, or use --offline; "
            f"{SERVICE_TIMEOUT_OPTION} (or {SERVICE_TIMEOUT_ENV}) sets this limit ({self.seconds:g} s)"
        )


def proxy_for(url: str) -> tuple[str, str] | None:
    """The proxy variable and value that requests and httpx would use for ``url``, if any."""
    import urllib.request  # only when giving up: ~15 ms to load, which --help need not pay

    parts = urllib.parse.urlsplit(url)
    if parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    for scheme in (parts.scheme, "all"):
        if scheme in proxies:
            return f"{scheme.upper()}_PROXY", proxies[scheme]
    return None
