"""Finding the arXiv paper behind a project page or blog note by its title and first author.

A wrong match is worse than none (it would cite another paper), so a candidate is accepted
only when the normalised titles are nearly identical and the author lists share a surname.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from cite_export.model import Entry
from cite_export.names import split_name
from cite_export.resolve.paper import ArxivPaper

# rapidfuzz ratio (0-100) of the normalised titles; 96 lets a typo or a dropped article through,
# not a changed word ("3D" vs "4D", "... of Large Scenes").
MIN_TITLE_SIMILARITY = 96
# Candidates asked for per title: phrase and author together rarely match more than a few.
RESULTS_PER_TITLE = 10


def fold(text: str) -> str:
    """Lowercase ASCII-ish text: accents dropped (``Leimkühler`` -> ``leimkuhler``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def normalise_title(title: str) -> str:
    """Words only: case, accents, punctuation and spacing dropped."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(title)).split())


def surname(name: str) -> str:
    """The family name as an arXiv ``au:`` term: folded, words joined by ``_`` (``del_maestro``)."""
    return re.sub(r"[^a-z0-9_\-]", "", "_".join(fold(split_name(name).family).split()))


def searchable(entry: Entry) -> bool:
    return bool(entry.title and normalise_title(entry.title) and entry.authors and surname(entry.authors[0]))


def search_key(entry: Entry) -> str:
    """What a title search depends on, as the cache key."""
    return f"{normalise_title(entry.title or '')} | {surname(entry.authors[0])}"


def search_query(entries: Iterable[Entry]) -> str:
    """One arXiv query for several entries: ``(ti:"..." AND au:...) OR (...)``."""
    groups = [f'(ti:"{normalise_title(entry.title or "")}" AND au:{surname(entry.authors[0])})' for entry in entries]
    return " OR ".join(groups)


def judge(entry: Entry, paper: ArxivPaper) -> tuple[float, str] | None:
    """(similarity, how it matched) when ``paper`` is the entry's paper, else None."""
    from rapidfuzz import fuzz  # here: only a title search needs it, and offline runs need not load it

    similarity = fuzz.ratio(normalise_title(entry.title or ""), normalise_title(paper.title))
    if similarity < MIN_TITLE_SIMILARITY:
        return None
    shared = sorted({surname(name) for name in entry.authors} & {surname(name) for name in paper.authors})
    if not shared:
        return None
    plural = "" if len(shared) == 1 else "s"
    return similarity, f"title {similarity:.0f}% alike, {len(shared)} shared surname{plural}"


def best_match(entry: Entry, candidates: Iterable[ArxivPaper]) -> tuple[ArxivPaper, str] | None:
    """The candidate that matches best, with how it matched; None when none is close enough."""
    judged = [(verdict, paper) for paper in candidates if (verdict := judge(entry, paper))]
    if not judged:
        return None
    (_, how), paper = max(judged, key=lambda item: item[0][0])
    return paper, how
