"""What a single line of a note is: links, a title, hashtags, a heading, a digest week, or prose."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

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
TRAILING_TAGS = re.compile(rf"(?:(?<=\s)|^)(?:#(?:{TAG_NAME})\s*)+$")
# Inside prose, only runs of two or more hashtags that each hold a letter count (not ``#1 #2``).
RUN_TAG = r"#(?=[\w-]*[^\W\d_])[^\W_][\w-]*"
TAG_RUN = re.compile(rf"(?<!\S){RUN_TAG}(?:\s+{RUN_TAG})+(?!\S)")
HEADING = re.compile(r"#{1,6}(?:\s|$)")
WIKI_LINK = re.compile(r"\[\[(?P<target>[^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>https?://[^\s()]+)\)")
NICKNAME = re.compile(r"\s*\([^()]*\)\s*")
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-*+])\s+")
EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?P<text>.+?)\1$")
# Words that continue a sentence about the link just before them: "<link> 의 사례", "<link> 과 비슷한".
KOREAN_PARTICLES = {"의", "과", "와", "이", "가", "은", "는", "을", "를", "에", "에서", "처럼", "같은", "도", "로"}
KOREAN_PARTICLES |= {"으로", "랑", "이랑", "하고", "보다", "같이", "참고", "등", "에서도", "에서는", "이나", "나", "만"}
NAME_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "le", "la", "dos", "das", "ter"}
NAME_PARTICLES |= {"ten", "bin", "al", "el", "y", "e", "zu", "st.", "dei", "des", "do", "op", "las", "los"}


def clean_url(url: str) -> str:
    """A URL as found in prose, without the punctuation that ended the sentence around it."""
    return url.rstrip(TRAILING_PUNCTUATION)


def urls_in(text: str) -> list[str]:
    """Every http(s) URL in a piece of prose, in order."""
    return [url for url in map(clean_url, URL.findall(text)) if url.partition("://")[2]]


def link_line(line: str) -> list[str] | None:
    """The links of a line that holds nothing but links (``arxiv.org/abs/...`` gets its ``https://``)."""
    if "/" not in line:
        return None
    links = []
    for word in line.split():
        link = as_link(word)
        if link is None:
            return None
        links.append(link)
    return links or None


def as_link(word: str) -> str | None:
    """A word that is a link by itself: a URL, a Markdown link showing its URL, or a bare ``host/path``."""
    word = word.strip("<>")
    markdown = MARKDOWN_LINK.fullmatch(word)
    if markdown and URL.fullmatch(markdown.group("text")):
        # ``[https://openai.com/blog/whisper/](https://openai.com/blog/whisper/?fbclid=...)``: the link shown.
        word = markdown.group("text")
    if BARE_LINK.fullmatch(word) and not HANGUL.search(word):
        word = "https://" + word
    if not URL.fullmatch(word):
        return None
    url = clean_url(word)
    return url if url.partition("://")[2] else None


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


def tag_line(line: str) -> list[str] | None:
    """The tags of a line made only of hashtags (``#few_shot #ddpm``), without the ``#``."""
    text = line.strip()
    if not text.startswith("#") or is_heading(text):
        return None
    if not TRAILING_TAGS.fullmatch(text):
        return None
    return [match.group("name") for match in TAG.finditer(text)]


def split_trailing_tags(line: str) -> tuple[str, list[str]]:
    """``prose. #metalearning #augmentation`` -> (``prose.``, tags); a line without trailing tags is unchanged."""
    match = TRAILING_TAGS.search(line.rstrip())
    if not match or match.start() == 0:
        return line, []
    return line[: match.start()].rstrip(), [tag.group("name") for tag in TAG.finditer(match.group())]


def inline_tags(line: str) -> list[str]:
    """Tags written as a run of two or more hashtags inside a line (``... #cnn #multiscale (see ...)``)."""
    return [tag.group("name") for run in TAG_RUN.finditer(line) for tag in TAG.finditer(run.group())]


def wiki_links(line: str) -> list[str]:
    """Targets of ``[[230418 UniMax.md]]`` links, as note names without ``.md``."""
    return [strip_md(match.group("target").strip()) for match in WIKI_LINK.finditer(line)]


def strip_md(name: str) -> str:
    return name[:-3] if name.lower().endswith(".md") else name


def only_wiki_links(line: str) -> bool:
    return bool(WIKI_LINK.search(line)) and not WIKI_LINK.sub("", line).strip(" ,-*")


@dataclass(frozen=True)
class TitleLine:
    title: str
    authors: list[str]
    link: str = ""
    rest: str = ""
    # ``Title (URL)`` names a link in passing; ``Title URL`` lists a paper.
    parenthesized: bool = False


# Splitting an entry asks of the same line whether it is a title several times (below a link, above the next one,
# then when the entry is read).
@functools.lru_cache(maxsize=4096)
def title_line(line: str) -> TitleLine | None:
    """``Title (Author One, Author Two)``, also ``*Title* (...)`` and titles that hold parentheses themselves."""
    text = line.strip()
    if not text.endswith(")") or text.startswith(("#", ">", "[[")):
        return None
    opening = matching_open_paren(text)
    if opening is None or opening == 0:
        return None
    title, inside = text[:opening].strip(), text[opening + 1 : -1]
    authors = author_list(inside)
    if authors is None or not looks_like_title(title):
        return None
    return TitleLine(unwrap_emphasis(title), authors)


def titled_link(line: str) -> TitleLine | None:
    """``Title (https://...) commentary``, ``Title https://...`` or ``[Title](https://...)``: a title with its link."""
    if "://" not in line:
        return None
    text = line.strip()
    markdown = MARKDOWN_LINK.fullmatch(text)
    if markdown:
        title = markdown.group("text").strip()
        if not looks_like_title(title):
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


def leading_links(line: str) -> tuple[list[str], str] | None:
    """``https://arxiv.org/abs/1906.08237 commentary...`` -> (links, commentary)."""
    if "://" not in line:
        return None
    words = line.split()
    links = []
    for word in words:
        if not URL.fullmatch(word):
            break
        links.append(clean_url(word))
    if not links or len(links) == len(words):
        return None
    return links, line.strip().split(None, len(links))[-1]


def refers_back(commentary: str) -> bool:
    """Whether text after a link reads it as part of a sentence (``https://... 의 사례도``), not as a paper heading."""
    first = commentary.split(None, 1)[0] if commentary.strip() else ""
    return first.strip(".,") in KOREAN_PARTICLES


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
    while NICKNAME.search(text):
        text = NICKNAME.sub(" ", text)
    if not text.strip() or HANGUL.search(text) or URL.search(text) or any(c in text for c in "()[]{}=<>/\\:;"):
        return None
    text = re.sub(r",?\s+et\s+al\.?$", "", text.strip())
    parts = re.split(r",\s*|\s+(?:and|&)\s+", text)
    names = [" ".join(part.split()) for part in parts if part.strip()]
    if not names or not all(map(could_be_name, names)):
        return None
    regular = sum(map(looks_like_name, names))
    return names if regular == len(names) or (len(names) >= 3 and regular >= 0.75 * len(names)) else None


def could_be_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 7 and len(name) <= 60 and any(word[:1].isupper() for word in words)


def looks_like_name(name: str) -> bool:
    words = name.split()
    if len(words) == 1 and not name[:1].isupper():
        return False
    return all(word[:1].isupper() or not word[:1].isalpha() or is_particle(word) for word in words)


def is_particle(word: str) -> bool:
    """``van``, ``de``, ``las``, and elided ``d'Ascoli``."""
    lower = word.lower()
    return lower in NAME_PARTICLES or (len(lower) > 2 and lower[1] in "'\u2019" and lower[0] in "dlo")


def looks_like_title(text: str) -> bool:
    """A paper title rather than a sentence of commentary: Latin script, short, not a sentence in Korean."""
    text = text.strip()
    if not text or len(text) > 300 or HANGUL.search(text) or URL.search(text):
        return False
    if text.startswith(("#", ">", "[[", "<", "|", "```")):
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


def is_blank(line: str) -> bool:
    return not line.strip()
