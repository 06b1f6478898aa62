"""What a link in a note points to: an arXiv paper, a social-media post, or another web page."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

NEW_STYLE_ID = re.compile(r"(?P<id>\d{4}\.\d{4,5})(?:v(?P<version>\d+))?")
OLD_STYLE_ID = re.compile(r"(?P<id>[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?")
ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
ARXIV_PATH = re.compile(r"^/(?:abs|pdf|html|format|ps)/(?P<rest>.+?)(?:\.pdf)?/?$")
POST_HOSTS = {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"}
POST_PATH = re.compile(r"^/(?P<handle>[A-Za-z0-9_]{1,15})/status(?:es)?/(?P<status>\d+)")
TWITTER_EPOCH_MS = 1288834974657
# The usual link (``https://arxiv.org/abs/2305.01115``): lower-case http(s), a host of letters, digits, dots and
# hyphens, and no query, fragment, space or control character. urlsplit gives it exactly these parts, at ~3x the
# cost, and each stage splits a link again (tests/core/test_links.py checks the two agree).
PLAIN_LINK = re.compile(r"(https?)://([a-z0-9.-]+)(/[^?#\s\x00-\x1f\x7f]*)?")
# The usual arXiv link (``https://arxiv.org/abs/2305.01115v2``), read by one match: what splitting it finds, at
# a third of the cost (tests/core/test_links.py checks the two agree).
USUAL_ARXIV_LINK = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format|ps)/(\d{4}\.\d{4,5})(?:v(\d+))?(?:\.pdf)?/?"
)
# Every stage asks about the same links again (splitting a note, resolving, identity, keys, Zotero): the parses
# below are pure and their results frozen, so each link is parsed once per run. The caches keep every link a run
# meets: an LRU cache smaller than the links a run cycles through misses every time (at 100k notes, 1 << 16 did),
# and one large enough only adds its own bookkeeping to each link (~6 MB at 100k notes).


@dataclass(frozen=True, slots=True)
class ArxivRef:
    id: str
    version: int | None


@dataclass(frozen=True, slots=True)
class PostRef:
    handle: str
    status: int

    @property
    def date(self) -> datetime.date | None:
        """The day encoded in a snowflake status id (ids before Nov 2010 carry none, and a snowflake is 63 bits:
        a longer number pasted into a note is no date)."""
        if not 1 << 32 <= self.status < 1 << 63:
            return None
        millis = (self.status >> 22) + TWITTER_EPOCH_MS
        return datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.UTC).date()


def parse_arxiv_id(text: str) -> ArxivRef | None:
    """``2305.01115v2`` or ``hep-th/9901001`` -> ArxivRef; anything else -> None."""
    text = text.strip()
    for pattern in (NEW_STYLE_ID, OLD_STYLE_ID):
        match = pattern.fullmatch(text)
        if match:
            version = match.group("version")
            return ArxivRef(match.group("id"), int(version) if version else None)
    return None


def split_link(url: str) -> SplitResult:
    """A link's parts; a link urlsplit refuses (a host holding a character that NFKC turns into ``#`` or ``/``, an
    unclosed ``[`` of an IPv6 host) is a page with no host, its whole text as the path, and stops nothing."""
    plain = PLAIN_LINK.fullmatch(url)
    if plain:
        return SplitResult(plain[1], plain[2], plain[3] or "", "", "")
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")


@functools.cache
def arxiv_ref(url: str) -> ArxivRef | None:
    """The arXiv paper a URL points to (abs, pdf, html or export pages), if any."""
    usual = USUAL_ARXIV_LINK.fullmatch(url)
    if usual:
        return ArxivRef(usual[1], int(usual[2]) if usual[2] else None)
    # Most links name no paper. The host name, lower-cased, is part of the lower-cased link: when that lacks
    # ``arxiv.org``, splitting the link (ten times the cost of looking) would find no arXiv host.
    if "arxiv.org" not in url.lower():
        return None
    parts = split_link(url.strip())
    if parts.hostname not in ARXIV_HOSTS:
        return None
    match = ARXIV_PATH.match(parts.path)
    return parse_arxiv_id(match.group("rest")) if match else None


@functools.cache
def post_ref(url: str) -> PostRef | None:
    """The x.com / twitter.com status a URL points to, if any."""
    lowered = url.lower()  # see arxiv_ref
    if "twitter.com" not in lowered and "x.com" not in lowered:
        return None
    parts = split_link(url.strip())
    if parts.hostname not in POST_HOSTS:
        return None
    match = POST_PATH.match(parts.path)
    return PostRef(match.group("handle"), int(match.group("status"))) if match else None


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI arXiv registers for every paper (DataCite, prefix 10.48550)."""
    return f"10.48550/arXiv.{arxiv_id}"


def canonical_url(url: str) -> str:
    """The URL without what changes between shares of the same page (tracking query, fragment)."""
    # An arXiv paper's or a post's page is spelled from its cached parse, at the cost of an f-string: a cache of
    # these pages would keep a string per paper for the whole run (~17 MB at 100k papers).
    ref = arxiv_ref(url)
    if ref:
        return f"https://arxiv.org/abs/{ref.id}"
    post = post_ref(url)
    if post:
        return f"https://twitter.com/{post.handle}/status/{post.status}"
    return web_page(url)


@functools.cache
def web_page(url: str) -> str:
    """The canonical URL of a link that names neither an arXiv paper nor a post."""
    link = url.strip()
    if PLAIN_LINK.fullmatch(link):
        return link  # already as it would be put back together: a lower-case host, no query, no fragment
    parts = split_link(link)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))


def arxiv_id_month(arxiv_id: str) -> tuple[int, int] | None:
    """(year, month) encoded in an arXiv id: ``2305.01115`` -> (2023, 5), ``hep-th/9901001`` -> (1999, 1)."""
    match = re.search(r"(?:^|/)(\d{2})(\d{2})", arxiv_id)
    if not match:
        return None
    yy, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return (1900 + yy if yy >= 91 else 2000 + yy, month)
