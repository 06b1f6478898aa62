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
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from cite_export.export import provisional
from cite_export.export.keyspelling import base_key, candidates
from cite_export.export.provisional import IssuedKeys
from cite_export.identity import link_identity
from cite_export.links import arxiv_ref, canonical_url
from cite_export.model import Record

PAPERS_PER_QUERY = 5000
SCHEMA = """
CREATE TABLE IF NOT EXISTS keys_issued (
    identity TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    issued_at TEXT NOT NULL
)
"""


@dataclass(slots=True)
class Paper:
    """A record while its key is issued: its identity, and the base of its key worked out once.

    Slots, not an instance dict: a run holds one per paper while keys are issued (100k at once)."""

    record: Record
    identity: str
    _base: str | None = field(default=None, repr=False)
    fresh: bool = field(default=False, repr=False)  # its key was made by this run
    pinned: bool = field(default=False, repr=False)  # the database holds its key under its identity already

    @classmethod
    def of(cls, record: Record) -> Paper:
        return cls(record, record.identity)

    @property
    def aliases(self) -> tuple[str, ...]:
        return aliases(self.record)  # made when asked: most papers need them once, when their key is pinned

    @property
    def base(self) -> str:
        """The key before any ``a``, ``b`` suffix; made only for the papers that need it (not a pinned key)."""
        if self._base is None:
            self._base = base_key(self.record)
        return self._base


def issue_keys(
    records: Iterable[Record],
    connection: sqlite3.Connection | None,
    existing: dict[str, str] | None = None,
    rekey: bool = False,
) -> IssuedKeys:
    """``record.identity`` -> citation key for every record.

    ``existing`` maps identities to keys found in an output file; they win over the database (the user's
    document cites what the file holds) and are pinned in it. Keys in ``existing`` under identities that
    no record has (e.g. ``bib:<key>`` for entries added by hand) are never issued to anyone else.
    A key is pinned under each of the record's ``aliases``, so that a paper keeps its key when arXiv
    later resolves its project-page link to an arXiv id. A provisional key (see provisional.py) that the
    record's metadata now outdates is replaced, unless the file holds it and ``rekey`` is off.
    """
    papers = sorted({paper.identity: paper for paper in map(Paper.of, records)}.values(), key=issue_order)
    existing = existing or {}
    replaced: dict[str, list[str]] = {}
    if connection is not None:
        connection.execute(SCHEMA)
        provisional.migrate(connection)
        replaced = provisional.read_replaced(connection)
    keys, outdated = reuse_keys(papers, existing, connection)
    in_file = {paper.identity for paper in outdated if existing.get(paper.identity) == keys[paper.identity]}
    kept = set() if rekey else in_file
    for paper in outdated:
        if paper.identity not in kept:
            replaced.setdefault(paper.identity, []).append(keys.pop(paper.identity))
            paper.pinned = False
    keys.replaced = replaced
    if kept or len(keys) < len(papers):  # a warm run of papers all pinned before makes no key
        pinned = provisional.every_key(connection) if connection is not None else ()
        keys.kept = add_fresh_keys(papers, keys, itertools.chain(existing.values(), pinned), kept)
    if connection is not None:
        pin(connection, papers, keys)
        provisional.remember_replaced(connection, replaced)
    return keys


def add_fresh_keys(
    papers: list[Paper], keys: dict[str, str], held: Iterable[str], kept: set[str]
) -> dict[str, tuple[str, str]]:
    """Give each paper without a key one that neither ``keys`` nor ``held`` has, marking it fresh; return the
    ``kept`` papers' keys, each with the better one it could have. The set of keys taken is gone once this
    returns, before the keys are pinned (100k of them at once)."""
    taken = set(map(folded, itertools.chain(held, keys.values())))
    for paper in papers:
        if paper.identity not in keys:
            keys[paper.identity] = free_key(paper, taken)
            taken.add(folded(keys[paper.identity]))
            paper.fresh = True
    return {
        paper.identity: (keys[paper.identity], free_key(paper, taken)) for paper in papers if paper.identity in kept
    }


def folded(key: str) -> str:
    """A key as keys are compared (BibTeX tells no two apart by case): the key itself when it is lower-case ASCII,
    as keys mostly are, so that the sets of a run's keys hold no second copy of each (100k at once)."""
    return key if key.isascii() and key.islower() else key.casefold()


def free_key(paper: Paper, taken: set[str]) -> str:
    base = paper.base
    if folded(base) not in taken:  # most keys: no other paper has it, so no suffixes to make
        return base
    return next(key for key in candidates(base) if folded(key) not in taken)


def outdated_key(paper: Paper, key: str, pin: provisional.Pin | None) -> bool:
    """A provisional key whose spelling the record's metadata no longer gives (``pin``: the one under the paper's
    identity)."""
    return provisional.is_provisional(paper.record, key, pin) and provisional.outdated(key, pin, paper.base)


def aliases(record: Record) -> tuple[str, ...]:
    """The names a paper may have been pinned under: its identity, then the identity of its note's first link
    (and that link's address, under which a doi.org link was pinned before it named a DOI)."""
    names = [record.identity]
    link = record.entry.links[0] if record.entry.links else ""
    if link and not arxiv_ref(link):
        names += [link_identity(link), f"url:{canonical_url(link)}"]
    return tuple(dict.fromkeys(names))


def reuse_keys(
    papers: list[Paper], existing: dict[str, str], connection: sqlite3.Connection | None
) -> tuple[IssuedKeys, list[Paper]]:
    """Keys already issued: from the file first, else from the database unless the file gives that key to
    another paper; never the same key to two records of this run. With them, the papers whose key is
    provisional and outdated; a paper whose key is pinned under its identity already is marked ``pinned``.

    The database's pins are read a few thousand papers at a time, only under these papers' aliases: a warm run
    holds 100k keys, and its pins, held at once as well, took as much again."""
    claimed = {folded(key): identity for identity, key in existing.items()}
    keys, outdated = IssuedKeys(), []
    used: set[str] = set()
    for start in range(0, len(papers), PAPERS_PER_QUERY):
        chunk = papers[start : start + PAPERS_PER_QUERY]
        names = [paper.aliases for paper in chunk]
        wanted = [alias for aliases in names for alias in aliases]
        pins = provisional.read_pins(connection, wanted) if connection is not None else {}
        for paper, aliases in zip(chunk, names, strict=True):
            key = existing.get(paper.identity) or pinned_key(paper.identity, aliases, pins, claimed)
            if key is None or folded(key) in used:
                continue
            keys[paper.identity] = key
            used.add(folded(key))
            pin = pins.get(paper.identity)
            if outdated_key(paper, key, pin):
                outdated.append(paper)
            paper.pinned = pin is not None and pin.key == key
    return keys, outdated


def pinned_key(
    identity: str, aliases: tuple[str, ...], pins: dict[str, provisional.Pin], claimed: dict[str, str]
) -> str | None:
    """The key the database pinned under one of the paper's aliases, unless the file holds it for another paper."""
    for alias in aliases:
        pin = pins.get(alias)
        if pin and pin.key and claimed.get(folded(pin.key), identity) == identity:
            return pin.key
    return None


def pin(connection: sqlite3.Connection, papers: list[Paper], keys: dict[str, str]) -> None:
    """Remember each paper's key under its identity (replacing an older pin, unless it is ``pinned`` so already)
    and under its other aliases (unless one of them is already pinned). A fresh key (made by this run) is marked
    provisional when it was made without an author, with the base it was made from."""
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    def marks(paper: Paper) -> tuple[int | None, str | None]:
        return (int(not paper.record.authors), paper.base) if paper.fresh else (None, None)

    with connection:
        connection.executemany(
            "INSERT INTO keys_issued (identity, key, issued_at, provisional, base) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (identity) DO UPDATE SET key = excluded.key, issued_at = excluded.issued_at,"
            " provisional = excluded.provisional, base = excluded.base WHERE key != excluded.key",
            ((paper.identity, keys[paper.identity], now, *marks(paper)) for paper in papers if not paper.pinned),
        )
        connection.executemany(
            "INSERT OR IGNORE INTO keys_issued (identity, key, issued_at) VALUES (?, ?, ?)",
            ((alias, keys[paper.identity], now) for paper in papers for alias in paper.aliases[1:]),
        )


def issue_order(paper: Paper) -> tuple:
    # One flat tuple, not the date's own inside it: sorting holds a key per paper at once (~5 MB less at 100k).
    record, date = paper.record, paper.record.date
    year, month, day = (date.year, date.month or 0, date.day or 0) if date else (10_000, 0, 0)
    origin = record.entry.origin
    return (year, month, day, record.arxiv_id or "", origin.path, origin.line, paper.identity)
