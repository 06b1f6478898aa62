"""Title lines: ``Title (Author One, Author Two)``, a bare title, and a title given with its link."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cite_export.notes.bylines import Byline, read_byline
from cite_export.notes.line_kinds import (
    HANGUL,
    LIST_MARKER,
    MARKDOWN_LINK,
    TRAILING_PUNCTUATION,
    URL,
    clean_url,
    has_url,
    is_heading_or_tags,
    url_matches,
)

EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?P<text>.+?)\1$")
HEADING_MARK = re.compile(r"^#{1,6}\s+")
# What ``[text](url)`` says when it names the kind of page rather than a title.
LINK_LABELS = {"arxiv", "paper", "pdf", "abs", "html", "link", "code", "github", "project", "project page", "blog"}
LINK_LABELS |= {"blog post", "post", "tweet", "thread", "demo", "website", "homepage", "video", "slides", "data"}


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building one cost more than
# reading its line's byline. A title line is shared by every entry of the same line all the same: never changed.
@dataclass(slots=True)
class TitleLine:
    title: str
    authors: list[str]
    link: str = ""
    rest: str = ""
    # ``Title (URL)`` names a link in passing; ``Title URL`` lists a paper.
    parenthesized: bool = False
    # ``(Kimi Team)``, ``(OpenAI)``: the one author is a body, a corporate author in BibTeX.
    organisation: bool = False


# Splitting an entry asks of the same line whether it is a title several times (below a link, above the next one,
# then when the entry is read).
@functools.lru_cache(maxsize=4096)
def title_line(line: str) -> TitleLine | None:
    """``Title (Author One, Author Two)``, also ``*Title* (...)`` and titles that hold parentheses themselves."""
    text = line.strip()
    # ``#InsTag: Instruction Tagging ... (Authors)`` is a title; a heading or a line of hashtags is not.
    if not text.endswith(")") or text.startswith((">", "[[")):
        return None
    if is_heading_or_tags(text):
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


def titled_link(line: str) -> TitleLine | None:
    """``Title (https://...) commentary``, ``Title https://...`` or ``[Title](https://...)``: a title with its link."""
    if "://" not in line:
        return None
    text = line.strip()
    return title_with_link(text, next(url_matches(text), None))


def title_with_link(text: str, first_url: re.Match[str] | None) -> TitleLine | None:
    """titled_link of a stripped line, given the first match of URL in it."""
    markdown = MARKDOWN_LINK.fullmatch(HEADING_MARK.sub("", text)) if text[0] in "#[" else None
    if markdown:
        # ``[Title](url)``, also as a heading (``## [Introducing X](https://...)``); ``[arXiv](...)`` names no title.
        title = markdown.group("text").strip()
        if not looks_like_title(title) or title.lower() in LINK_LABELS or URL.fullmatch(title):
            return None
        return TitleLine(title, [], clean_url(markdown.group("url")), parenthesized=True)
    if not first_url or first_url.start() == 0:
        return None
    start, end = first_url.span()
    link = clean_url(first_url.group())
    if text[start - 1] == "(" and text[end : end + 1] == ")":
        title, rest = text[: start - 1].strip(), text[end + 1 :].strip()
        if not title_without_authors(title):
            return None
        return TitleLine(unwrap_emphasis(title), [], link, rest, parenthesized=True)
    # A title is followed by nothing but punctuation; text after the link makes it the end of a sentence.
    if len(text.rstrip(TRAILING_PUNCTUATION + " ")) > end:
        return None
    title = LIST_MARKER.sub("", text[:start]).rstrip(":-\u2013 ").strip()
    if not looks_like_title(title):
        return None
    return TitleLine(unwrap_emphasis(title), [], link)


def matching_open_paren(text: str) -> int | None:
    """Index of the ``(`` that the final ``)`` closes, so ``Musketeer (All for One) (Authors)`` splits right."""
    # Two cursors walk back from the end, each to the previous parenthesis of its kind: each passes a character once.
    depth = 0
    closing, opening = text.rfind(")"), text.rfind("(")
    while closing >= 0 or opening >= 0:
        if closing > opening:
            depth += 1
            closing = text.rfind(")", 0, closing)
        else:
            depth -= 1
            if depth == 0:
                return opening
            opening = text.rfind("(", 0, opening)
    return None


def looks_like_title(text: str) -> bool:
    """A paper title rather than a sentence of commentary: Latin script, short, not a sentence in Korean."""
    text = text.strip()
    if not text or len(text) > 300 or has_hangul(text) or ("://" in text and has_url(text)):
        return False
    if text.startswith((">", "[[", "<", "|", "```")) or is_heading_or_tags(text):
        return False
    return text[0].isalpha() or any(char.isalpha() for char in text)


def title_without_authors(line: str) -> str | None:
    """A line that can only be a title (``RepVGG: Making VGG-style ConvNets Great Again``), or None."""
    stripped = line.strip()
    if emphasised(stripped):
        return unwrap_emphasis(stripped) if looks_like_title(unwrap_emphasis(stripped)) else None
    if not looks_like_title(stripped) or stripped.endswith((".", ",", ":", ";")) or not stripped[:1].isupper():
        return None
    return stripped if len(stripped.split()) >= 2 else None


def unwrap_emphasis(text: str) -> str:
    """``*Title*`` or ``**Title**`` -> ``Title``."""
    match = emphasised(text.strip())
    return match.group("text").strip() if match else text.strip()


def emphasised(text: str) -> re.Match[str] | None:
    """``*Title*``, ``**Title**``, ``_Title_``: only a text starting with ``*`` or ``_`` is tried (most are not)."""
    return EMPHASIS.fullmatch(text) if text.startswith(("*", "_")) else None


def has_hangul(text: str) -> bool:
    """Whether a text holds Korean; an ASCII text (told at once: Python keeps it as such) holds none."""
    return not text.isascii() and HANGUL.search(text) is not None
