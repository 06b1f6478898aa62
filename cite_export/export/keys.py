"""Citation keys: ``wang2023incontext``, issued once and never changed afterwards.

A key, once issued, is pinned: in the database (``keys_issued``) and in any output file it was written to.
A later run reuses pinned keys and makes new ones only for papers it has not seen. New keys are made in
issue order: by the paper's date (v1 date; unknown dates last), then arXiv id, then where the note is
(file, line). When two papers would share a key, the earlier one keeps the bare key and the later ones
get ``a``, ``b``, ... Since pinned keys never move, adding notes later never renames a key already issued.
"""

from __future__ import annotations

import datetime
import itertools
import re
import sqlite3
import string
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from cite_export.links import post_ref
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
TITLE_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
SCHEMA = """
CREATE TABLE IF NOT EXISTS keys_issued (
    identity TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    issued_at TEXT NOT NULL
)
"""


def issue_keys(
    records: Iterable[Record], connection: sqlite3.Connection | None, existing: dict[str, str] | None = None
) -> dict[str, str]:
    """``record.identity`` -> citation key for every record.

    ``existing`` maps identities to keys found in an output file; they win over the database (the user's
    document cites what the file holds) and are pinned in it. Keys in ``existing`` under identities that
    no record has (e.g. ``bib:<key>`` for entries added by hand) are never issued to anyone else.
    """
    records = list(records)
    pinned = dict(existing or {})
    if connection is not None:
        connection.execute(SCHEMA)
        taken = {key.casefold() for key in pinned.values()}
        for identity, key in connection.execute("SELECT identity, key FROM keys_issued"):
            if identity not in pinned and key.casefold() not in taken:
                pinned[identity] = key
    fresh = new_keys(records, pinned)
    if connection is not None:
        ours = {record.identity for record in records}
        pin(connection, {identity: key for identity, key in (existing or {}).items() if identity in ours} | fresh)
    return {record.identity: pinned.get(record.identity) or fresh[record.identity] for record in records}


def new_keys(records: list[Record], pinned: dict[str, str]) -> dict[str, str]:
    """Keys for the records that have none yet, in issue order, avoiding every pinned key."""
    taken = {key.casefold() for key in pinned.values()}
    unpinned = {record.identity: record for record in records if record.identity not in pinned}
    issued = {}
    for record in sorted(unpinned.values(), key=issue_order):
        key = next(candidate for candidate in candidates(base_key(record)) if candidate.casefold() not in taken)
        taken.add(key.casefold())
        issued[record.identity] = key
    return issued


def pin(connection: sqlite3.Connection, keys: dict[str, str]) -> None:
    """Record issued keys; a key found in an output file displaces whatever the database had for it."""
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    with connection:
        for identity, key in keys.items():
            connection.execute("DELETE FROM keys_issued WHERE (key = ? OR identity = ?)", (key, identity))
            connection.execute("INSERT INTO keys_issued VALUES (?, ?, ?)", (identity, key, now))


def issue_order(record: Record) -> tuple:
    date = record.date
    known = (date.year, date.month or 0, date.day or 0) if date else (10_000, 0, 0)
    origin = record.entry.origin
    return (known, record.arxiv_id or "", origin.path, origin.line, record.identity)


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
    link = record.entry.links[0] if record.entry.links else ""
    post = post_ref(link)
    if post:
        return ascii_slug(post.handle)
    host = (urlsplit(link).hostname or "").removeprefix("www.").split(".")
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
    decomposed = unicodedata.normalize("NFKD", text.translate(LATIN_LETTERS))
    return "".join(char for char in decomposed.lower() if char in string.ascii_lowercase or char in string.digits)
