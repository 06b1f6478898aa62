"""Title lines: ``Title (Author One, Author Two)``, a bare title, and a title given with its link."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cite_export.notes.line_kinds import (
    HANGUL,
    LIST_MARKER,
    MARKDOWN_LINK,
    TRAILING_PUNCTUATION,
    URL,
    clean_url,
    is_heading,
    tag_line,
)

EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?P<text>.+?)\1$")
# Lowercase words a surname may start with (``van der Berg``), which do not make a name look like prose.
NAME_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "le", "la", "dos", "das", "ter"}
NAME_PARTICLES |= {"ten", "bin", "al", "el", "y", "e", "zu", "st.", "dei", "des", "do", "op", "las", "los"}
# The last word of a collective author: ``Kimi Team``, ``Gemini Team``, ``BigScience Workshop``, ``Meta AI``.
COLLECTIVE_WORDS = {"team", "group", "lab", "labs", "consortium", "collaboration", "project", "workshop", "ai"}
COLLECTIVE_WORDS |= {"research", "inc", "ltd", "foundation", "institute", "initiative", "community", "contributors"}
# Papers under double-blind review name no one.
ANONYMOUS = [["anonymous"], ["anonymous", "authors"], ["anonymous", "author"], ["anonymous", "submission"]]


HEADING_MARK = re.compile(r"^#{1,6}\s+")
# What ``[text](url)`` says when it names the kind of page rather than a title.
LINK_LABELS = {"arxiv", "paper", "pdf", "abs", "html", "link", "code", "github", "project", "project page", "blog"}
LINK_LABELS |= {"blog post", "post", "tweet", "thread", "demo", "website", "homepage", "video", "slides", "data"}


@dataclass(frozen=True)
class TitleLine:
    title: str
    authors: list[str]
    link: str = ""
    rest: str = ""
    # ``Title (URL)`` names a link in passing; ``Title URL`` lists a paper.
    parenthesized: bool = False
    # ``(Kimi Team)``, ``(OpenAI)``: the one author is a body, a corporate author in BibTeX.
    organisation: bool = False


@dataclass(frozen=True)
class Byline:
    """What the parentheses after a title say about its authors."""

    authors: list[str]
    organisation: bool = False


# Splitting an entry asks of the same line whether it is a title several times (below a link, above the next one,
# then when the entry is read).
@functools.lru_cache(maxsize=4096)
def title_line(line: str) -> TitleLine | None:
    """``Title (Author One, Author Two)``, also ``*Title* (...)`` and titles that hold parentheses themselves."""
    text = line.strip()
    # ``#InsTag: Instruction Tagging ... (Authors)`` is a title; a heading or a line of hashtags is not.
    if not text.endswith(")") or text.startswith((">", "[[")) or is_heading(text) or tag_line(text) is not None:
        return None
    opening = matching_open_paren(text)
    if opening is None or opening == 0:
        return None
    title, inside = text[:opening].strip(), text[opening + 1 : -1]
    byline = read_byline(inside)
    if byline is None or not looks_like_title(title):
        return None
    return TitleLine(unwrap_emphasis(title), byline.authors, organisation=byline.organisation)


def byline_line(line: str) -> Byline | None:
    """A line that is only ``(Authors)``, as written under a heading that holds the title (``(OpenAI)``)."""
    text = line.strip()
    if not (text.startswith("(") and text.endswith(")")) or matching_open_paren(text) != 0:
        return None
    return read_byline(text[1:-1])


def read_byline(text: str) -> Byline | None:
    """People (``Ann One, Bo Two``), an organisation (``Kimi Team``, ``OpenAI``), or no one named
    (``Anonymous authors``, under review); None when the text is not about authors."""
    words = text.split()
    if [word.lower() for word in words] in ANONYMOUS:
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


def titled_link(line: str) -> TitleLine | None:
    """``Title (https://...) commentary``, ``Title https://...`` or ``[Title](https://...)``: a title with its link."""
    if "://" not in line:
        return None
    text = line.strip()
    markdown = MARKDOWN_LINK.fullmatch(HEADING_MARK.sub("", text))
    if markdown:
        # ``[Title](url)``, also as a heading (``## [Introducing X](https://...)``); ``[arXiv](...)`` names no title.
        title = markdown.group("text").strip()
        if not looks_like_title(title) or title.lower() in LINK_LABELS or URL.fullmatch(title):
            return None
        return TitleLine(title, [], clean_url(markdown.group("url")), parenthesized=True)
    match = URL.search(text)
    if not match or match.start() == 0:
        return None
    before, after = text[: match.start()], text[match.end() :]
    link = clean_url(match.group())
    if before.endswith("(") and after.startswith(")"):
        title, rest = before[:-1].strip(), after[1:].strip()
        if not title_without_authors(title):
            return None
        return TitleLine(unwrap_emphasis(title), [], link, rest, parenthesized=True)
    if after.strip(TRAILING_PUNCTUATION + " "):
        return None
    title = LIST_MARKER.sub("", before).rstrip(":-\u2013 ").strip()
    if not looks_like_title(title):
        return None
    return TitleLine(unwrap_emphasis(title), [], link)


def matching_open_paren(text: str) -> int | None:
    """Index of the ``(`` that the final ``)`` closes, so ``Musketeer (All for One) (Authors)`` splits right."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return index
    return None


def author_list(text: str) -> list[str] | None:
    """``A. One, Bo Two and C. Three`` -> names; None when the text does not read as a list of people.

    Most names must look like ``Given Family`` (particles such as ``van der`` allowed); a few odd ones
    (``Jianshu ji``) pass when the rest of the list carries them.
    """
    # Nicknames and affiliations in parentheses (``Nanyun (Violet) Peng``, ``Ann (1) ((1) MIT)``) are not names.
    text = without_parenthesized(text)
    if not text.strip() or HANGUL.search(text) or URL.search(text) or any(c in text for c in "()[]{}=<>/\\:;"):
        return None
    names = split_names(without_et_al(text))
    if not names or not all(map(could_be_name, names)):
        return None
    regular = sum(map(looks_like_name, names))
    if regular == len(names) or (len(names) >= 3 and regular >= 0.75 * len(names)):
        return names
    # ``Yizhou liu, Ziming Liu, Jeff Gore``: a surname typed in lowercase, carried by a list of regular names.
    readable = all(looks_like_name(name) or given_then_family(name) for name in names)
    return names if len(names) >= 2 and regular * 2 >= len(names) and readable else None


def without_parenthesized(text: str) -> str:
    """The text with every balanced ``(...)`` group (nested ones too) replaced by a space, in one pass."""
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


def could_be_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 7 and len(name) <= 60 and any(word[:1].isupper() for word in words)


def looks_like_name(name: str) -> bool:
    words = name.split()
    if len(words) == 1 and not name[:1].isupper():
        return False
    return all(word[:1].isupper() or not word[:1].isalpha() or is_particle(word) for word in words)


def given_then_family(name: str) -> bool:
    """``Yizhou liu``: a capitalised given name, then lowercase words that can only be its family name."""
    words = name.split()
    return 2 <= len(words) <= 3 and words[0][:1].isupper() and all(word.isalpha() for word in words)


def is_particle(word: str) -> bool:
    """``van``, ``de``, ``las``, and elided ``d'Ascoli``."""
    lower = word.lower()
    return lower in NAME_PARTICLES or (len(lower) > 2 and lower[1] in "'\u2019" and lower[0] in "dlo")


def looks_like_title(text: str) -> bool:
    """A paper title rather than a sentence of commentary: Latin script, short, not a sentence in Korean."""
    text = text.strip()
    if not text or len(text) > 300 or HANGUL.search(text) or URL.search(text):
        return False
    if text.startswith((">", "[[", "<", "|", "```")) or is_heading(text):
        return False
    return any(char.isalpha() for char in text)


def title_without_authors(line: str) -> str | None:
    """A line that can only be a title (``RepVGG: Making VGG-style ConvNets Great Again``), or None."""
    stripped = line.strip()
    if EMPHASIS.fullmatch(stripped):
        return unwrap_emphasis(stripped) if looks_like_title(unwrap_emphasis(stripped)) else None
    if not looks_like_title(stripped) or stripped.endswith((".", ",", ":", ";")) or not stripped[:1].isupper():
        return None
    return stripped if len(stripped.split()) >= 2 else None


def unwrap_emphasis(text: str) -> str:
    """``*Title*`` or ``**Title**`` -> ``Title``."""
    match = EMPHASIS.fullmatch(text.strip())
    return match.group("text").strip() if match else text.strip()
