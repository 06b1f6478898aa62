"""Which of the notes' papers each entry of an existing .bib file is for.

An entry is for one of our papers when its ``eprint`` / ``doi`` / ``url`` (or Google Scholar's prose, ``arXiv
preprint arXiv:...``) names the paper. An entry that names no paper is for ours when it carries the key the
database pinned for it, or the paper's title: a hand-written ``@inproceedings`` of a paper we also note.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from cite_export.export.bibreader import Block
from cite_export.export.keys import SCHEMA, aliases
from cite_export.export.latex import escape_url
from cite_export.identity import paper_identity
from cite_export.links import ArxivRef, arxiv_ref, canonical_url, parse_arxiv_id
from cite_export.model import Record

ARXIV_MENTION = re.compile(r"arxiv:\s*([\w.\-/]+)", re.IGNORECASE)
MENTION_FIELDS = ("journal", "journaltitle", "note", "howpublished", "eid")
# Every field an entry is matched by (the file's other fields need not be kept).
FIELDS_READ = ("archiveprefix", "eprinttype", "eprint", "url", "doi", *MENTION_FIELDS, "title")
TITLE_NOISE = re.compile(r"\\[A-Za-z]+|[\W_]+")


def papers_in_file(blocks: list[Block], records: list[Record], connection: sqlite3.Connection | None) -> dict[int, str]:
    """block offset -> the identity of the record the entry is for, for the entries that are for one."""
    named = {block.offset: identity_from_fields(block.fields) for block in blocks if block.key and not block.problem}
    if not named:  # a new file: nothing to match the records against
        return {}
    ours = our_identities(records)
    papers = {offset: ours.get(name) for offset, name in named.items() if name is not None}
    unnamed = [block for block in blocks if block.offset in named and named[block.offset] is None]
    if unnamed:  # entries by hand: matched by pinned key or title, which a file we wrote never needs
        by_title = {plain_title(record.title): record.identity for record in records if record.title}
        by_key = {key.casefold(): identity for identity, key in pinned_keys(records, connection).items()}
        for block in unnamed:
            title = plain_title(block.fields.get("title", ""))
            papers[block.offset] = by_key.get(block.key.casefold()) or by_title.get(title)
    return {offset: identity for offset, identity in papers.items() if identity}


def identity_from_fields(fields: dict[str, str]) -> str | None:
    """The paper an entry names, spelled like ``Record.identity`` (arXiv id, else DOI, else its address)."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    eprint = fields.get("eprint", "")
    arxiv = (parse_arxiv_id(eprint) or arxiv_mention(eprint)) if prefix == "arxiv" else None
    arxiv = arxiv or arxiv_ref(fields.get("url", ""))
    # Google Scholar and others name the preprint only in prose: journal = {arXiv preprint arXiv:1706.03762}.
    arxiv = arxiv or next(filter(None, (arxiv_mention(fields.get(name, "")) for name in MENTION_FIELDS)), None)
    return paper_identity(arxiv.id if arxiv else None, fields.get("doi"), fields.get("url"))


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
