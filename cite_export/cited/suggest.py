"""Suggestions for a cited key that no note or .bib entry has: the nearest keys by key, title and authors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cite_export.model import Record

MINIMUM_SCORE = 60
CLOSE_TO_BEST = 15
LONG_PART = 6
SPELLING_WEIGHT = 0.3
KEY_PARTS = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Known:
    """A key the export knows, with the words a misspelt key is likely to share with it."""

    key: str
    title: str = ""
    names: str = ""  # authors' surnames
    year: str = ""

    @classmethod
    def of_record(cls, key: str, record: Record) -> Known:
        names = " ".join(person.family or person.given for person in record.authors)
        return cls(key, record.title or "", names, str(record.date.year) if record.date else "")

    @property
    def words(self) -> list[str]:
        return [*KEY_PARTS.findall(f"{self.names} {self.year} {self.title}".casefold()), *KEY_PARTS.findall(self.key)]


def suggestions(key: str, known: list[Known], limit: int = 3) -> list[Known]:
    """Up to ``limit`` known keys nearest ``key``, best first, and none far behind the best: by spelling
    (``kerbl20233`` finds ``kerbl20233d``) and by the words of the key found among a paper's authors, year
    and title (``kerbl2023gaussian`` and ``gaussiansplatting`` find it too)."""
    from rapidfuzz import fuzz

    wanted = key.casefold()
    parts = KEY_PARTS.findall(wanted)
    scored = []
    for candidate in known:
        spelling = fuzz.ratio(wanted, candidate.key.casefold())
        score = max(spelling, SPELLING_WEIGHT * spelling + (1 - SPELLING_WEIGHT) * meaning(parts, candidate.words))
        if score >= MINIMUM_SCORE:
            scored.append((-score, candidate.key, candidate))
    scored.sort(key=lambda item: item[:2])
    best = -scored[0][0] if scored else 0
    return [candidate for score, _, candidate in scored[:limit] if -score >= best - CLOSE_TO_BEST]


def meaning(parts: list[str], words: list[str]) -> float:
    """How well the words of a key are found among ``words``, weighted by their length (0-100)."""
    from rapidfuzz import fuzz, process

    if not parts or not words:
        return 0
    joined = "".join(words)
    total = 0.0
    for part in parts:
        best = process.extractOne(part, words, scorer=fuzz.ratio)[1]
        if len(part) >= LONG_PART:  # several title words run together: gaussiansplatting
            best = max(best, fuzz.partial_ratio(part, joined))
        total += best * len(part)
    return total / sum(len(part) for part in parts)


def unknown_message(key: str, known: list[Known]) -> str:
    """``unknown citation key K; did you mean a, Title A; or b, Title B?``"""
    nearest = suggestions(key, known)
    if not nearest:
        return f"unknown citation key {key}: no note or entry has it"
    guesses = "; or ".join(
        f"{candidate.key}, {candidate.title}" if candidate.title else candidate.key for candidate in nearest
    )
    return f"unknown citation key {key}; did you mean {guesses.rstrip('?')}?"
