"""How to reach arXiv: endpoint, politeness and patience."""

from __future__ import annotations

from dataclasses import dataclass

from cite_export.endpoints import DEFAULT_ARXIV_API
from cite_export.service_budget import DEFAULT_SERVICE_TIMEOUT


@dataclass(frozen=True)
class ResolveSettings:
    offline: bool = False
    refresh: bool = False
    api_url: str = DEFAULT_ARXIV_API
    delay: float = 3.0
    timeout: float = 20.0
    # Ids per id_list query, sent as a POST: arXiv serves up to 2,000 and asks for slices of at most 1,000.
    batch_size: int = 1000
    progress: bool = False
    # Tries per request after the first, and the first back-off in seconds (doubled at each try);
    # no back-off given means the delay between requests.
    retries: int = 3
    backoff: float | None = None
    # Titles looked up in one search query (OR of `ti:"..." AND au:...` groups).
    titles_per_search: int = 10
    # A Retry-After longer than this is cut short, so a hostile header cannot stall the run.
    max_retry_after: float = 60.0
    # Seconds the whole run may lose to arXiv's failed requests before it goes on offline.
    service_timeout: float = DEFAULT_SERVICE_TIMEOUT
