"""How a citation key is spelled from a record: ``wang2023incontext`` (surname, year, first title word), and the
letters that tell apart two papers that would share one."""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterator

from cite_export.export import describe
from cite_export.links import split_link
from cite_export.model import Person, Record

# Better BibTeX's default skip words: articles, prepositions and conjunctions in English and a few neighbours.
STOPWORDS = frozenset(
    """a ab aboard about above across after against al along amid among an and anti around as at before behind
    below beneath beside besides between beyond but by d da das de del dell dello dei degli della delle dem den
    der des despite die do down du during ein eine einem einen einer eines el en et except for from gli i il in
    inside into is l la las le les like lo los near nor of off on onto or over past per plus round save since so
    some sur than the through to toward towards un una unas under underneath une unlike uno unos until up upon
    versus via von while with within without yet zu zum""".split()  # noqa: SIM905
)
# Letters that Unicode does not decompose into an ASCII letter plus accents.
LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "œ": "oe"}
)
# A word with the apostrophes and hyphens inside it, so that ``In-Context`` gives ``incontext``, not ``in``.
TITLE_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
NOT_SLUG = re.compile("[^a-z0-9]+")


def candidates(base: str) -> Iterator[str]:
    """``base``, then ``basea`` ... ``basez``, ``baseaa`` ..."""
    yield base
    for length in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield base + "".join(letters)


def base_key(record: Record) -> str:
    """Surname + year + first title word; a post's handle, a site's name or ``arxiv`` + id stand in for a
    missing author."""
    year = str(record.date.year) if record.date else ""
    word = first_title_word(record.title or "")
    who = surname_part(record.authors[0]) if record.authors else ""
    if not who:
        who = fallback_name(record)
        if record.arxiv_id and not word:
            return who + ascii_slug(record.arxiv_id)
    return who + year + word


def fallback_name(record: Record) -> str:
    if record.arxiv_id:
        return "arxiv"
    organisation = ascii_slug(describe.organisation(record) or "")
    if organisation:
        return organisation
    link = record.entry.links[0] if record.entry.links else ""
    host = (split_link(link).hostname or "").removeprefix("www.").split(".")
    return ascii_slug(host[-2] if len(host) >= 2 else host[0]) or "note"


def surname_part(person: Person) -> str:
    return ascii_slug(person.family or person.given)


def first_title_word(title: str) -> str:
    for match in TITLE_WORD.finditer(title):
        word = ascii_slug(match.group())
        if word and word not in STOPWORDS:
            return word
    return ""


def ascii_slug(text: str) -> str:
    """Lowercase ASCII letters and digits only: ``Leimkühler`` -> ``leimkuhler``, ``In-Context`` -> ``incontext``."""
    if text.isascii():  # needs no decomposing, and the usual name or title word holds nothing to drop
        return text.lower() if text.isalnum() else NOT_SLUG.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text.translate(LATIN_LETTERS))
    return NOT_SLUG.sub("", text.lower())
