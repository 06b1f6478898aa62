"""Where the version-of-record sources live and how politely each is asked."""

from __future__ import annotations

from dataclasses import dataclass

from cite_export.endpoints import DEFAULT_CROSSREF_API, DEFAULT_DBLP_API, DEFAULT_S2_API
from cite_export.resolve.published.http import Politeness
from cite_export.service_budget import DEFAULT_SERVICE_TIMEOUT


@dataclass(frozen=True)
class PublishedSettings:
    offline: bool = False
    refresh: bool = False
    s2_api: str = DEFAULT_S2_API
    s2_api_key: str | None = None
    # Semantic Scholar allows one request a second with a key; the keyless pool is shared, so no faster.
    s2_delay: float = 1.0
    dblp_api: str = DEFAULT_DBLP_API
    dblp_delay: float = 1.0  # DBLP asks for at least a second between requests
    crossref_api: str = DEFAULT_CROSSREF_API
    # Crossref's polite pool (a mailto given) takes 10 single-work requests a second, the public pool 5.
    mailto: str | None = None
    crossref_delay: float | None = None
    timeout: float = 20.0
    retries: int = 3
    service_timeout: float = DEFAULT_SERVICE_TIMEOUT

    def politeness(self, delay: float) -> Politeness:
        return Politeness(delay, self.timeout, self.retries, budget=self.service_timeout)

    @property
    def crossref_spacing(self) -> float:
        if self.crossref_delay is not None:
            return self.crossref_delay
        return 0.1 if self.mailto else 0.2
