"""Splitting personal names as written in notes and in arXiv feeds ("Given Family")."""

from __future__ import annotations

from cite_export.model import Person

PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "le", "la", "dos", "das", "ter", "ten"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def split_name(name: str) -> Person:
    """``Thomas Leimkühler`` -> Person("Thomas", "Leimkühler"); ``Diederik P. Kingma``, ``Ludwig van Beethoven``.

    A name already written ``Family, Given`` is taken as such; a single word is a family name.
    """
    words = name.split()
    if len(words) == 2 and "," not in name and name == f"{words[0]} {words[1]}":
        return Person.cut(name, len(words[0]) + 1)  # most names: given, one space, family
    spaced = " ".join(words)
    name = name if spaced == name else spaced  # the name itself, when it is written with single spaces
    if "," in name:
        family, _, given = name.partition(",")
        return Person(given.strip(), family.strip())
    if not words:
        return Person("", "")
    end = len(words)  # of the family name proper: a suffix (Jr., III) follows it, and belongs to it
    while end > 2 and words[end - 1].lower() in SUFFIXES:
        end -= 1
    start = end - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Person.cut(name, sum(map(len, words[:start])) + start)  # the given names and a space after each
