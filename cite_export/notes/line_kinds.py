"""What a single line of a note is: links, hashtags, a heading, a digest week, or prose (title lines: title_lines)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from cite_export.model import Week

# A URL ends at whitespace, at brackets and quotes, and before the Hangul that often follows it without a space.
URL = re.compile(r"""https?://[^\s<>()\[\]{}"'`\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+""", re.IGNORECASE)
# Links written without a scheme (``arxiv.org/abs/2010.07922``) count only when they stand alone.
BARE_LINK = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?*_"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
WEEK_HEADER = re.compile(r"(?P<year>\d{4})\s*년\s*(?P<month>\d{1,2})\s*월\s*(?P<week>\d)\s*주\s*차?")
# A tag name starts with a letter or digit (``#few_shot``, ``#3d``), or with ``_`` followed by more (``#_todo``);
# a lone ``#_`` or ``#-`` is punctuation.
TAG_NAME = r"[^\W_][\w-]*|_[\w-]+"
TAG = re.compile(rf"#(?P<name>{TAG_NAME})")
TRAILING_TAGS = re.compile(rf"(?:#(?:{TAG_NAME})\s*)+")
# A word made only of hashtags (``#few_shot``, ``#a#b``); each tag begins at a ``#``, so matching never backtracks.
TAG_WORD = re.compile(rf"(?:#(?:{TAG_NAME}))+")
WORD = re.compile(r"\S+")
# Inside prose, only runs of two or more hashtags that each hold a letter count (not ``#1 #2``).
RUN_TAG = r"#(?=[\w-]*[^\W\d_])[^\W_][\w-]*"
TAG_RUN = re.compile(rf"(?<!\S){RUN_TAG}(?:\s+{RUN_TAG})+(?!\S)")
HEADING = re.compile(r"#{1,6}(?:\s|$)")
# ``# Links``, ``## Related notes``, ``# See also:``: the lines under it list related notes and pages.
LINKS_HEADING = re.compile(r"#{1,6}\s*(?:links?|related(?: notes)?|see also)\s*:?\s*", re.IGNORECASE)
# ``[[230418 UniMax.md]]``, ``[[note#heading]]``, ``[[note|shown text]]``: the target is the note before ``#`` / ``|``.
WIKI_LINK = re.compile(r"\[\[(?P<target>[^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>https?://[^\s()]+)\)")
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-*+])\s+")
# Words that continue a sentence about the link just before them: "<link> 의 사례", "<link> 과 비슷한".
KOREAN_PARTICLES = {"의", "과", "와", "이", "가", "은", "는", "을", "를", "에", "에서", "처럼", "같은", "도", "로"}
KOREAN_PARTICLES |= {"으로", "랑", "이랑", "하고", "보다", "같이", "참고", "등", "에서도", "에서는", "이나", "나", "만"}


def clean_url(url: str) -> str:
    """A URL as found in prose, without the punctuation that ended the sentence around it."""
    return url.rstrip(TRAILING_PUNCTUATION)


def url_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of URL in the text, as ``URL.finditer`` finds them, but tried only where a ``://`` stands: a
    case-blind search would try every character of long prose."""
    start = 0
    while (scheme_end := text.find("://", start)) >= 0:
        match = url_at(text, scheme_end, start)
        start = match.end() if match else scheme_end + 1
        if match:
            yield match


def url_at(text: str, scheme_end: int, start: int) -> re.Match[str] | None:
    """The URL whose ``://`` stands at ``scheme_end``, if one begins there (not before ``start``)."""
    for begin in (scheme_end - 5, scheme_end - 4):  # where ``https`` or ``http`` would begin
        if begin >= start and (match := URL.match(text, begin)):
            return match
    return None


def has_url(text: str) -> bool:
    return next(url_matches(text), None) is not None


def urls_in(text: str) -> list[str]:
    """Every http(s) URL in a piece of prose, in order."""
    return urls_from(url_matches(text))


def urls_from(matches: Iterable[re.Match[str]]) -> list[str]:
    """The URLs of the matches of URL, without the punctuation around them (a lone ``https://.`` is none)."""
    urls = []
    for match in matches:
        url = clean_url(match.group())
        if url.partition("://")[2]:
            urls.append(url)
    return urls


def link_line(line: str) -> list[str] | None:
    """The links of a line that holds nothing but links (``arxiv.org/abs/...`` gets its ``https://``)."""
    if "/" not in line or not starts_with_link(line):
        return None
    if "](" in line:  # only then can it hold a Markdown link
        line = MARKDOWN_LINK.sub(shown_link, line)
    links = []
    for word in line.split():
        link = as_link(word)
        if link is None:
            return None
        links.append(link)
    return links or None


def starts_with_link(line: str) -> bool:
    """Whether the first word can begin a line of links: a link holds a ``/``, a Markdown ``[text](url)`` (read as
    its URL) starts with ``[``. Prose is told apart by its first word rather than by splitting all of it."""
    first = line.split(None, 1)[0]
    return "/" in first or "[" in first


def as_link(word: str) -> str | None:
    """A word that is a link by itself: a URL or a bare ``host/path``."""
    word = word.strip("<>")
    if is_bare_link(word):
        word = "https://" + word
    if not URL.fullmatch(word):
        return None
    url = clean_url(word)
    return url if url.partition("://")[2] else None


def is_bare_link(word: str) -> bool:
    """``arxiv.org/abs/2010.07922``: a host and a path without a scheme. A word that starts with its scheme is none
    (a bare host holds no ``:`` before its first ``/``), and most links do: no need to try the pattern on them."""
    if word[:8].lower().startswith(("http://", "https://")):
        return False
    return BARE_LINK.fullmatch(word) is not None and not HANGUL.search(word)


def shown_link(markdown: re.Match[str]) -> str:
    """The URL of ``[text](url)``; of ``[https://openai.com/blog/whisper/](https://...?fbclid=...)``, the one shown."""
    text = markdown.group("text")
    return text if URL.fullmatch(text) else markdown.group("url")


def week_header(line: str) -> Week | None:
    """``2023년 5월 1주차`` on a line of its own -> Week(2023, 5, 1)."""
    if "년" not in line:
        return None
    text = line.strip().strip("#").strip()
    match = WEEK_HEADER.fullmatch(text)
    if not match:
        return None
    month, week = int(match.group("month")), int(match.group("week"))
    if not 1 <= month <= 12 or not 1 <= week <= 6:
        return None
    return Week(int(match.group("year")), month, week, text)


def is_heading(line: str) -> bool:
    """A Markdown heading (``# Links``, ``## Smoothing``, or a lone ``#`` rule), which is never a hashtag."""
    return bool(HEADING.match(line.strip()))


def links_heading(line: str) -> bool:
    return bool(LINKS_HEADING.fullmatch(line.strip()))


def hashtags(line: str) -> list[str]:
    """The tags of a line classified as only hashtags (``#few_shot #ddpm``), without the ``#``."""
    return [match.group("name") for match in TAG.finditer(line)]


def is_heading_or_tags(text: str) -> bool:
    """Whether a stripped line is a heading or a line of hashtags; only a line starting with ``#`` can be."""
    return text.startswith("#") and (is_heading(text) or is_tag_line(text))


def is_tag_line(line: str) -> bool:
    text = line.strip()
    return text.startswith("#") and not is_heading(text) and TRAILING_TAGS.fullmatch(text) is not None


def split_trailing_tags(line: str) -> tuple[str, list[str]]:
    """``prose. #metalearning #augmentation`` -> (``prose.``, tags); a line without trailing tags is unchanged."""
    if "#" not in line:  # most lines: no need to cut off their last word
        return line, []
    last_word = line.rsplit(None, 1)[-1] if line.strip() else ""
    if not TAG_WORD.fullmatch(last_word):
        return line, []
    # Word by word from the end rather than a regex search, which would retry a long run of tags from every word.
    words = [match.span() for match in WORD.finditer(line)]
    first = len(words)
    while first > 0 and TAG_WORD.fullmatch(line, *words[first - 1]):
        first -= 1
    if first in (0, len(words)):
        return line, []
    start = words[first][0]
    return line[:start].rstrip(), [tag.group("name") for tag in TAG.finditer(line, start)]


def inline_tags(line: str) -> list[str]:
    """Tags written as a run of two or more hashtags inside a line (``... #cnn #multiscale (see ...)``)."""
    if "#" not in line:  # most lines hold none, and the search for a run tries every word
        return []
    return [tag.group("name") for run in TAG_RUN.finditer(line) for tag in TAG.finditer(run.group())]


def wiki_links(line: str) -> list[str]:
    """Targets of ``[[230418 UniMax.md]]`` links, as note names without ``.md``."""
    if "[[" not in line:
        return []
    return [strip_md(match.group("target").strip()) for match in WIKI_LINK.finditer(line)]


def strip_md(name: str) -> str:
    return name[:-3] if name.lower().endswith(".md") else name


def only_wiki_links(line: str) -> bool:
    if "[[" not in line:  # most lines: no need to search a long line for a wiki link
        return False
    return bool(WIKI_LINK.search(line)) and not WIKI_LINK.sub("", line).strip(" ,-*")


def leading_links(text: str, first_url: re.Match[str] | None) -> tuple[list[str], str] | None:
    """``https://arxiv.org/abs/1906.08237 commentary...`` -> (links, commentary), of a stripped line and the first
    match of URL in it (only a line whose first URL starts it is read word by word)."""
    if first_url is None or first_url.start() != 0:
        return None
    words = text.split()
    links = []
    for word in words:
        if not URL.fullmatch(word):
            break
        links.append(clean_url(word))
    if not links or len(links) == len(words):
        return None
    return links, text.split(None, len(links))[-1]


def refers_back(commentary: str) -> bool:
    """Whether text after a link reads it as part of a sentence (``https://... 의 사례도``), not as a paper heading."""
    first = commentary.split(None, 1)[0] if commentary.strip() else ""
    return first.strip(".,") in KOREAN_PARTICLES


def is_blank(line: str) -> bool:
    return not line.strip()
