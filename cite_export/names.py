"""Splitting personal names as written in notes and in arXiv feeds ("Given Family")."""

from __future__ import annotations

from cite_export.model import Person

PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "le", "la", "dos", "das", "ter", "ten"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def split_name(name: str) -> Person:
    """``Thomas Leimkühler`` -> Person("Thomas", "Leimkühler"); ``Diederik P. Kingma``, ``Ludwig van Beethoven``.

    A name already written ``Family, Given`` is taken as such; a single word is a family name.
    """
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return Person(given.strip(), family.strip())
    words = name.split(" ")
    suffix = []
    while len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix.insert(0, words.pop())
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    family = " ".join(words[start:] + suffix)
    return Person(" ".join(words[:start]), family)
