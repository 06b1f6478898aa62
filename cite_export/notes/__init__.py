"""Notes -> entries: digests and vault notes read into Entry objects (being written)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cite_export.model import Entry, Problem


@dataclass
class Reading:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def read_sources(sources: Sequence[str]) -> Reading:
    raise NotImplementedError
