"""Which of the notes' papers each entry of an existing .bib file is for.

An entry is for one of our papers when its ``eprint`` / ``doi`` / ``url`` (or Google Scholar's prose, ``arXiv
preprint arXiv:...``) names the paper. An entry that names no paper is for ours when it carries the key the
database pinned for it, or the paper's title: a hand-written ``@inproceedings`` of a paper we also note.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from functools import cached_property

from cite_export.export.keys import SCHEMA, aliases
from cite_export.export.latex import escape_url
from cite_export.identity import paper_identity
from cite_export.links import ArxivRef, arxiv_ref, canonical_url, parse_arxiv_id
from cite_export.model import Record

ARXIV_MENTION = re.compile(r"arxiv:\s*([\w.\-/]+)", re.IGNORECASE)
MENTION_FIELDS = ("journal", "journaltitle", "note", "howpublished", "eid")
# Every field an entry is matched by (the file's other fields need not be kept).
FIELDS_READ = frozenset({"archiveprefix", "eprinttype", "eprint", "url", "doi", *MENTION_FIELDS, "title"})
TITLE_NOISE = re.compile(r"\\[A-Za-z]+|[\W_]+")


class EntryPapers:
    """Which of ``records``' papers an entry of the file is for, entry by entry as the file is read. What the
    entries are matched against is made at the first entry that needs it: a new file needs none, and a file we
    wrote names every paper, so needs no titles nor pinned keys."""

    def __init__(self, records: list[Record], connection: sqlite3.Connection | None):
        self.records, self.connection = records, connection

    def named(self, name: str | None, key: str, title: str) -> str | None:
        """The identity of the record an entry is for, if it is for one: an entry with ``key`` whose fields name
        ``name`` (``identity_from_fields``), else have ``title``."""
        if name is not None:
            return self.ours.get(name)
        # An entry by hand: matched by pinned key or title.
        return self.by_key.get(key.casefold()) or self.by_title.get(plain_title(title))

    @cached_property
    def ours(self) -> dict[str, str]:
        return our_identities(self.records)

    @cached_property
    def by_key(self) -> dict[str, str]:
        return {key.casefold(): identity for identity, key in pinned_keys(self.records, self.connection).items()}

    @cached_property
    def by_title(self) -> dict[str, str]:
        return {plain_title(record.title): record.identity for record in self.records if record.title}


def identity_from_fields(fields: dict[str, str]) -> str | None:
    """The paper an entry names, spelled like ``Record.identity`` (arXiv id, else DOI, else its address)."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    eprint = fields.get("eprint", "")
    arxiv = (parse_arxiv_id(eprint) or arxiv_mention(eprint)) if prefix == "arxiv" else None
    arxiv = arxiv or arxiv_ref(fields.get("url", ""))
    # Google Scholar and others name the preprint only in prose: journal = {arXiv preprint arXiv:1706.03762}.
    arxiv = arxiv or next(filter(None, (arxiv_mention(fields.get(name, "")) for name in MENTION_FIELDS)), None)
    return paper_identity(arxiv.id if arxiv else None, fields.get("doi"), fields.get("url"))


def naming(fields: dict[str, str]) -> tuple[str | None, str | None]:
    """What an entry's fields name (``identity_from_fields``), and, for one that names nothing, its title."""
    name = identity_from_fields(fields)
    return name, None if name else fields.get("title", "")


def arxiv_mention(text: str) -> ArxivRef | None:
    """The id in ``arXiv:2305.01115v2`` (or ``arXiv: hep-th/9901001``) within a field's text."""
    match = ARXIV_MENTION.search(text)
    return parse_arxiv_id(match.group(1).rstrip(".")) if match else None


def written_forms(record: Record) -> dict[str, str]:
    """How an entry we wrote for ``record`` reads back (``url`` fields are percent-encoded), including its
    aliases: a project page written offline is the same paper as its arXiv record found later."""
    forms = {}
    for alias in aliases(record):
        forms[alias] = record.identity
        if alias.startswith("url:"):
            forms[f"url:{canonical_url(escape_url(alias.removeprefix('url:')))}"] = record.identity
    return forms


def our_identities(records: Iterable[Record]) -> dict[str, str]:
    """What an entry of the file may read as -> the identity of the record it is for."""
    ours: dict[str, str] = {}
    for record in records:
        for form, identity in written_forms(record).items():
            ours.setdefault(form, identity)
    return ours


def plain_title(title: str) -> str:
    """A title without case, braces, LaTeX commands or punctuation, to compare two spellings of it."""
    return " ".join(TITLE_NOISE.sub(" ", title).casefold().split())


def pinned_keys(records: list[Record], connection: sqlite3.Connection | None) -> dict[str, str]:
    """identity -> the key the database pinned for the record (under any of its aliases), where there is one."""
    if connection is None:
        return {}
    connection.execute(SCHEMA)
    database = dict(connection.execute("SELECT identity, key FROM keys_issued"))
    pinned = {}
    for record in records:
        key = next((database[alias] for alias in aliases(record) if alias in database), None)
        if key:
            pinned[record.identity] = key
    return pinned
