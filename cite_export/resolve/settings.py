"""How to reach arXiv: endpoint, politeness and patience."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"


@dataclass(frozen=True)
class ResolveSettings:
    offline: bool = False
    refresh: bool = False
    api_url: str = DEFAULT_ARXIV_API
    delay: float = 3.0
    timeout: float = 20.0
    batch_size: int = 100
    progress: bool = False
