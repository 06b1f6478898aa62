"""Updating an existing .bib file: keep every key and entry in it, refresh ours, add the new ones.

An entry in the file is "ours" when its ``eprint`` / ``doi`` / ``url`` names the same paper as one of the
records; it is rewritten in place under the key it already has. Every other entry, comment, ``@string``
and the text between them stays byte for byte, and their keys are never issued to another paper.

The file is split with a small brace-counting scanner rather than a full parser: it must keep text it
does not understand verbatim, and be fast on files with thousands of entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cite_export.export.keys import aliases
from cite_export.export.latex import escape_url
from cite_export.links import ArxivRef, arxiv_ref, canonical_url, parse_arxiv_id
from cite_export.model import Record

ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
KEY = re.compile(r"\s*([^,\s{}()]+)\s*,")
FIELD_NAME = re.compile(r"\s*,?\s*([A-Za-z][\w\-:.+]*)\s*=\s*")
NOT_ENTRIES = {"comment", "string", "preamble"}
# The characters that can end a braced or parenthesised block. Quotes matter only in the latter: BibTeX wants
# balanced braces inside a quoted value, so braces alone find the end of a braced one.
DELIMITERS = {"}": re.compile(r"[{}]"), ")": re.compile(r'[{}")]')}
ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)
ARXIV_MENTION = re.compile(r"arxiv:\s*([\w.\-/]+)", re.IGNORECASE)
MENTION_FIELDS = ("journal", "journaltitle", "note", "howpublished", "eid")


@dataclass(frozen=True)
class Block:
    """A piece of the file: an entry (with its key and the paper it names, if any) or the text around it."""

    text: str
    key: str | None = None
    identity: str | None = None


def read_blocks(text: str) -> list[Block]:
    """The file cut into entries and the text around them; joined back, the blocks are the file."""
    blocks, position = [], 0
    while (match := ENTRY_START.search(text, position)) is not None:
        if match.start() > position:
            blocks.append(Block(text[position : match.start()]))
        end = closing(text, match.end() - 1)
        entry_text = text[match.start() : end]
        if match.group(1).lower() in NOT_ENTRIES:
            blocks.append(Block(entry_text))
        else:
            blocks.append(entry_block(entry_text, match.end() - match.start()))
        position = end
    if position < len(text):
        blocks.append(Block(text[position:]))
    return blocks


def closing(text: str, opening: int) -> int:
    """The index just past the delimiter that closes the entry or value opened at ``opening`` (end of text if none).

    Braces nest; in an entry written ``@misc( ... )``, a ``)`` inside a ``"quoted"`` value does not end it.
    """
    closer = "}" if text[opening] == "{" else ")"
    depth, quoted = 0, False
    for match in DELIMITERS[closer].finditer(text, opening + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == closer and depth == 0 and not quoted:
            return match.end()
    return len(text)


def entry_block(text: str, body_start: int) -> Block:
    key_match = KEY.match(text, body_start)
    if not key_match:
        return Block(text)
    fields = read_fields(text[key_match.end() : -1])
    return Block(text, key_match.group(1), identity_from_fields(fields))


def read_fields(body: str) -> dict[str, str]:
    """``name = {value}`` / ``"value"`` / ``bare`` pairs, names lowercased, outer delimiters removed."""
    fields, position = {}, 0
    while (match := FIELD_NAME.match(body, position)) is not None:
        value, position = read_value(body, match.end())
        fields[match.group(1).lower()] = value.strip()
    return fields


def read_value(body: str, start: int) -> tuple[str, int]:
    if start >= len(body):
        return "", start
    if body[start] == "{":
        end = closing(body, start)
        return body[start + 1 : end - 1], end
    if body[start] == '"':
        depth = 0
        for index in range(start + 1, len(body)):
            char = body[index]
            depth += (char == "{") - (char == "}")
            if char == '"' and depth == 0:
                return body[start + 1 : index], index + 1
        return body[start + 1 :], len(body)
    end = body.find(",", start)
    end = len(body) if end < 0 else end
    return body[start:end], end


def identity_from_fields(fields: dict[str, str]) -> str | None:
    """The paper an entry names, spelled like ``Record.identity`` (arXiv id, else its address)."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    eprint = fields.get("eprint", "")
    arxiv = (parse_arxiv_id(eprint) or arxiv_mention(eprint)) if prefix == "arxiv" else None
    doi = ARXIV_DOI.fullmatch(fields.get("doi", ""))
    arxiv = arxiv or (parse_arxiv_id(doi.group(1)) if doi else None) or arxiv_ref(fields.get("url", ""))
    # Google Scholar and others name the preprint only in prose: journal = {arXiv preprint arXiv:1706.03762}.
    arxiv = arxiv or next(filter(None, (arxiv_mention(fields.get(name, "")) for name in MENTION_FIELDS)), None)
    if arxiv:
        return f"arxiv:{arxiv.id}"
    return f"url:{canonical_url(fields['url'])}" if fields.get("url") else None


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


def existing_keys(blocks: list[Block], ours: dict[str, str]) -> dict[str, str]:
    """``identity`` -> key for the file's entries: records' identities for ours (``ours`` is what
    ``our_identities`` gives), ``bib:<key>`` for the others (so that ``issue_keys`` never hands their keys
    to a new paper)."""
    keys: dict[str, str] = {}
    for block in blocks:
        if block.key is None:
            continue
        identity = ours.get(block.identity or "")
        if identity and identity not in keys:
            keys[identity] = block.key
        else:
            keys[f"bib:{block.key}"] = block.key
    return keys


def merge(blocks: list[Block], entries: dict[str, str], ours: dict[str, str]) -> str:
    """The file with our entries (``identity`` -> text) refreshed in place and the new ones appended in order."""
    placed: set[str] = set()
    pieces = []
    for block in blocks:
        identity = ours.get(block.identity or "") if block.key else None
        if identity in entries and identity not in placed:
            placed.add(identity)
            pieces.append(entries[identity].rstrip("\n"))
        else:
            pieces.append(block.text)
    text = "".join(pieces)
    new = [entry for identity, entry in entries.items() if identity not in placed]
    if new and text.strip():
        text = text.rstrip("\n") + "\n\n"
    return text + "\n".join(new) if new else text
