"""The seam every version-of-record source plugs into: which keys it asks about, in batches of what size.

A source looks at the arXiv paper and at what earlier sources found, names the keys it would ask
about (an arXiv id, a title query, a DOI; also the key its answers are deduplicated by within a
run), and answers a batch of keys with candidates. Its politeness lives in its ``service``.
Adding a source (OpenReview, ACL Anthology) is one module implementing this and one test server.
"""

from __future__ import annotations

from typing import Protocol

from cite_export.resolve.published.http import JsonService
from cite_export.resolve.published.matching import Candidate, Preprint


class Source(Protocol):
    name: str
    batch_size: int
    service: JsonService

    def keys(self, paper: Preprint, found: list[Candidate]) -> list[str]:
        """What to ask this source about ``paper``, given the candidates earlier sources found; [] to skip."""
        ...

    def fetch(self, keys: list[str]) -> dict[str, list[Candidate]]:
        """Candidates per key for up to ``batch_size`` keys; a key with no record maps to []."""
        ...
