"""Updating an existing .bib file as a careful editor: refresh our entries, add the new ones, keep the rest.

An entry in the file is for one of our papers when its ``eprint`` / ``doi`` / ``url`` names the paper. It is
rewritten in place, under the key it already has, only if we wrote it and nobody changed it since (its hash is
in the file's ledger, see ``ledger``); otherwise it is the user's and is kept, with a warning. Every other
entry, comment, ``@string`` and the text between them stays byte for byte (line ends and BOM included), and
their keys are never issued to another paper. Our new entries use the file's line ending.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cite_export.cited.suggest import Known
from cite_export.export import ledger
from cite_export.export.bibreader import Block
from cite_export.export.keys import aliases
from cite_export.export.latex import escape_url
from cite_export.identity import paper_identity
from cite_export.links import ArxivRef, arxiv_ref, canonical_url, parse_arxiv_id
from cite_export.model import Origin, Problem, Record

ARXIV_MENTION = re.compile(r"arxiv:\s*([\w.\-/]+)", re.IGNORECASE)
MENTION_FIELDS = ("journal", "journaltitle", "note", "howpublished", "eid")


@dataclass
class Merged:
    """The new text of the file, and what the user should hear about it."""

    text: str
    problems: list[Problem] = field(default_factory=list)
    chosen: list[Record] = field(default_factory=list)  # the records written (all, or the cited ones)
    known: list[Known] = field(default_factory=list)  # every key: the records' and the file's


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


def existing_keys(blocks: list[Block], ours: dict[str, str]) -> dict[str, str]:
    """``identity`` -> key for the file's entries: records' identities for ours (``ours`` is what
    ``our_identities`` gives), ``bib:<key>`` for the others, unreadable ones included (so that ``issue_keys``
    never hands their keys to a new paper)."""
    keys: dict[str, str] = {}
    for block in blocks:
        if block.key is None:
            continue
        identity = None if block.problem else ours.get(identity_from_fields(block.fields) or "")
        if identity and identity not in keys:
            keys[identity] = block.key
        else:
            keys[f"bib:{block.key}"] = block.key
    return keys


def newline_of(text: str) -> str:
    """The file's line ending: CRLF when most lines end so."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def merge(
    source: str, text: str, blocks: list[Block], entries: dict[str, str], ours: dict[str, str], force: bool
) -> Merged:
    """The file ``text`` (named ``source`` in warnings) with our ``entries`` (``identity`` -> text) refreshed in
    place where it is ours to do, the new ones appended, and the ledger of what we wrote at the end."""
    editor = Editor(source, text, entries, ours, force, ledger.read(text), newline_of(text))
    kept = "".join(editor.edit(block) for block in blocks)
    new = [entry for identity, entry in entries.items() if identity not in editor.placed]
    editor.written.update((entry_key(entry), ledger.digest(entry.rstrip("\n"))) for entry in new)
    additions = [*new, ledger.render(editor.written)] if editor.written else new
    return Merged(appended(kept, additions, editor.newline), editor.problems)


@dataclass
class Editor:
    source: str
    text: str
    entries: dict[str, str]
    ours: dict[str, str]
    force: bool
    hashes: dict[str, str]  # the ledger read from the file
    newline: str
    written: dict[str, str] = field(default_factory=dict)  # the ledger to write
    placed: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)

    def edit(self, block: Block) -> str:
        """The text that stands for ``block`` in the new file."""
        if block.problem:
            self.warn(block, f"cannot read this entry ({block.problem}); kept as it is")
            return block.text
        if block.key is None:
            return ledger.remove(block.text)
        identity = self.ours.get(identity_from_fields(block.fields) or "")
        if block.key in self.hashes:  # kept as it was unless rewritten below; a stale hash matches no text
            self.written[block.key] = self.hashes[block.key]
        if identity not in self.entries or identity in self.placed:
            return block.text
        self.placed.add(identity)
        new = self.entries[identity].rstrip("\n")
        unchanged = self.hashes.get(block.key) == ledger.digest(block.text)
        if not (self.force or unchanged or ledger.digest(new) == ledger.digest(block.text)):
            self.warn(block, f"kept your edit of {block.key} (use --force to overwrite)")
            return block.text
        self.written[block.key] = ledger.digest(new)
        return new.replace("\n", self.newline)

    def warn(self, block: Block, message: str) -> None:
        if not self.line_starts:
            self.line_starts = [0, *(match.end() for match in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self.line_starts, block.offset)
        self.problems.append(Problem(Origin(self.source, line), message))


def entry_key(entry: str) -> str:
    return entry[entry.index("{") + 1 : entry.index(",")]


def appended(text: str, additions: list[str], newline: str) -> str:
    """``text`` with ``additions`` (LF-ended texts) after it, a blank line before each; the text is kept whole."""
    for addition in additions:
        if text and not text.endswith("\n"):
            text += newline
        text += (newline if text.strip() else "") + addition.replace("\n", newline)
    return text
