"""Who wrote a paper, as the parentheses after its title say: people (``Ann One, Bo Two and C. Three``), an
organisation (``Kimi Team``, ``OpenAI``), or no one named (``Anonymous authors``)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# Lowercase words a surname may start with (``van der Berg``), which do not make a name look like prose.
NAME_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "le", "la", "dos", "das", "ter"}
NAME_PARTICLES |= {"ten", "bin", "al", "el", "y", "e", "zu", "st.", "dei", "des", "do", "op", "las", "los"}
# The last word of a collective author: ``Kimi Team``, ``Gemini Team``, ``BigScience Workshop``, ``Meta AI``.
COLLECTIVE_WORDS = {"team", "group", "lab", "labs", "consortium", "collaboration", "project", "workshop", "ai"}
COLLECTIVE_WORDS |= {"research", "inc", "ltd", "foundation", "institute", "initiative", "community", "contributors"}
# Papers under double-blind review name no one.
ANONYMOUS = [["anonymous"], ["anonymous", "authors"], ["anonymous", "author"], ["anonymous", "submission"]]
# What no list of names holds: brackets and markup, a URL's ``:`` and ``/``, Korean (a sentence about the paper).
NOT_IN_NAMES_CHARACTERS = r"()\[\]{}=<>/\\:;\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
NOT_IN_NAMES = re.compile(f"[{NOT_IN_NAMES_CHARACTERS}]")
# The usual list (``Ann One, Bo Two``): names of one to seven words between commas, each word a capital A-Z and then
# nothing NOT_IN_NAMES holds. Such a list has no ``and``, ``&`` or ``et al.`` to split at, and each of its names is
# regular unless too long; one regex tells it, where a test per word cost more than the rest of the reading.
NAME_WORD = rf"[A-Z][^\s,{NOT_IN_NAMES_CHARACTERS}]*"
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,6}}"
USUAL_LIST = re.compile(rf"\s*{NAME}(?:\s*,\s*{NAME})*[\s,]*")


@dataclass(slots=True)  # not frozen: cheaper to build (title_lines.TitleLine)
class Byline:
    """What the parentheses after a title say about its authors."""

    authors: list[str]
    organisation: bool = False


def read_byline(text: str) -> Byline | None:
    """People (``Ann One, Bo Two``), an organisation (``Kimi Team``, ``OpenAI``), or no one named
    (``Anonymous authors``, under review); None when the text is not about authors."""
    words = text.split()
    if len(words) <= 2 and [word.lower() for word in words] in ANONYMOUS:
        return Byline([])
    if organisation_name(words):
        return Byline([" ".join(words)], organisation=True)
    authors = author_list(text)
    return Byline(authors) if authors is not None else None


def organisation_name(words: list[str]) -> bool:
    """``OpenAI``, ``DeepSeek-AI``, ``Kimi Team``, ``Google DeepMind Research``: one capitalised word alone,
    or a few capitalised words ending in a word that names a body of people."""
    if not words or len(words) > 4 or not all(word[:1].isupper() or word[:1].isdigit() for word in words):
        return False
    if len(words) == 1:
        return words[0][:1].isupper() and words[0].replace("-", "").isalnum()
    return words[-1].lower().strip(".") in COLLECTIVE_WORDS


def author_list(text: str) -> list[str] | None:
    """``A. One, Bo Two and C. Three`` -> names; None when the text does not read as a list of people.

    Most names must look like ``Given Family`` (particles such as ``van der`` allowed); a few odd ones
    (``Jianshu ji``) pass when the rest of the list carries them.
    """
    if USUAL_LIST.fullmatch(text):
        return capitalised_names(text)
    # Nicknames and affiliations in parentheses (``Nanyun (Violet) Peng``, ``Ann (1) ((1) MIT)``) are not names.
    text = without_parenthesized(text)
    if not text.strip() or NOT_IN_NAMES.search(text):
        return None
    return names_by_shape(text)


def names_by_shape(text: str) -> list[str] | None:
    """Any list (``A. One, Bo Two and C. Three``, ``Yizhou liu, ...``): split at commas and ``and``, each name
    given a shape, the list read as names when enough of them are regular."""
    names = split_names(without_et_al(text))
    shapes = list(map(name_shape, names))
    if not names or NameShape.NONE in shapes:
        return None
    regular = shapes.count(NameShape.REGULAR)
    if regular == len(names) or (len(names) >= 3 and regular >= 0.75 * len(names)):
        return names
    # ``Yizhou liu, Ziming Liu, Jeff Gore``: a surname typed in lowercase, carried by a list of regular names.
    readable = NameShape.ODD not in shapes
    return names if len(names) >= 2 and regular * 2 >= len(names) and readable else None


def capitalised_names(text: str) -> list[str] | None:
    """The names of the usual list (USUAL_LIST), which are regular unless one is too long to be a name."""
    names = [" ".join(words) for words in map(str.split, text.split(",")) if words]
    return names if max(map(len, names)) <= 60 else None


def without_parenthesized(text: str) -> str:
    """The text with every balanced ``(...)`` group (nested ones too) replaced by a space, in one pass."""
    if "(" not in text:
        return text
    kept: list[str] = []
    openings: list[int] = []
    for char in text:
        if char == "(":
            openings.append(len(kept))
        elif char == ")" and openings:
            del kept[openings.pop() :]
            kept.append(" ")
            continue
        kept.append(char)
    return "".join(kept)


def without_et_al(text: str) -> str:
    """``A. One, B. Two, et al.`` -> ``A. One, B. Two``."""
    words = text.split()
    if len(words) < 3 or words[-2] != "et" or words[-1] not in ("al", "al."):
        return text
    head = text.rstrip()
    return head[: head.rfind("et")].rstrip().removesuffix(",")


def split_names(text: str) -> list[str]:
    """The names of ``A, B and C`` / ``A & B``, split at commas and at ``and`` or ``&`` standing as a word."""
    names = []
    for part in text.split(","):
        name: list[str] = []
        for word in [*part.split(), "and"]:
            if word in ("and", "&"):
                if name:
                    names.append(" ".join(name))
                name = []
            else:
                name.append(word)
    return names


class NameShape(enum.Enum):
    REGULAR = "Given Family, particles such as ``van der`` allowed"
    LOWERCASE_FAMILY = "``Yizhou liu``: a capitalised given name, then lowercase words that can only be its family name"
    ODD = "a capital somewhere, but neither of the above (``Ann b. Two``)"
    NONE = "no name: no capital at all, more than 7 words or 60 characters"


def name_shape(name: str) -> NameShape:
    """How much one name of a list looks like a person's (its words split once for every test)."""
    words = name.split()
    if not 1 <= len(words) <= 7 or len(name) > 60:
        return NameShape.NONE
    initials = [word[:1] for word in words]
    if all(map(str.isupper, initials)):  # the usual ``Ann Two``, settled before the word-by-word tests
        return NameShape.REGULAR
    if not any(map(str.isupper, initials)):
        return NameShape.NONE
    if all(word[:1].isupper() or not word[:1].isalpha() or is_particle(word) for word in words):
        return NameShape.REGULAR
    if 2 <= len(words) <= 3 and words[0][:1].isupper() and all(word.isalpha() for word in words):
        return NameShape.LOWERCASE_FAMILY
    return NameShape.ODD


def is_particle(word: str) -> bool:
    """``van``, ``de``, ``las``, and elided ``d'Ascoli``."""
    lower = word.lower()
    return lower in NAME_PARTICLES or (len(lower) > 2 and lower[1] in "'\u2019" and lower[0] in "dlo")
