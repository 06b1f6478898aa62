"""Updating an existing .bib file as a careful editor: refresh our entries, add the new ones, keep the rest.

An entry in the file that is for one of our papers (see ``bibpapers``) is rewritten in place, under the key
it already has, only if we wrote it and nobody changed it since (its hash is in the file's ledger, see
``ledger``); otherwise it is the user's and is kept, with a warning: one per entry in a file that has a
ledger, one for the whole file for the entries that predate its ledger (see ``ledger.PREDATES``). Every other
entry, comment, ``@string`` and the text between them stays byte for byte (line ends and BOM included), and
their keys are never issued to another paper. Our new entries use the file's line ending.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from cite_export.cited.suggest import Known
from cite_export.export import ledger
from cite_export.export.bibreader import Block
from cite_export.model import Origin, Problem, Record


@dataclass
class Merged:
    """The new text of the file (in pieces, written one by one: joined, a big file would be held twice over),
    and what the user should hear about it."""

    pieces: list[str]
    problems: list[Problem] = field(default_factory=list)
    chosen: list[Record] = field(default_factory=list)  # the records written (all, or the cited ones)
    known: list[Known] = field(default_factory=list)  # every key: the records' and the file's

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def existing_keys(blocks: list[Block], papers: dict[int, str]) -> dict[str, str]:
    """``identity`` -> key for the file's entries: records' identities for those of our papers (``papers``, by
    block offset, as ``bibpapers.papers_in_file`` finds them), ``bib:<key>`` for the others, unreadable ones
    included (so that ``issue_keys`` never hands their keys to a new paper)."""
    keys: dict[str, str] = {}
    for block in blocks:
        if block.key is None:
            continue
        identity = papers.get(block.offset)
        if identity and identity not in keys:
            keys[identity] = block.key
        else:
            keys[f"bib:{block.key}"] = block.key
    return keys


def newline_of(text: str) -> str:
    """The file's line ending: CRLF when most lines end so."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def merge(
    source: str, text: str, blocks: list[Block], entries: dict[str, str], papers: dict[int, str], force: bool
) -> Merged:
    """The file ``text`` (named ``source`` in warnings) with our ``entries`` (``identity`` -> text) refreshed in
    place where it is ours to do, the new ones appended, and the ledger of what we wrote at the end."""
    editor = Editor(source, text, entries, papers, force, ledger.read(text), ledger.present(text), newline_of(text))
    kept = "".join(editor.edit(block) for block in blocks)
    editor.report_predating()
    new = [entry for identity, entry in entries.items() if identity not in editor.placed]
    editor.written.update((entry_key(entry), ledger.digest(entry.rstrip("\n"))) for entry in new)
    additions = [*new, ledger.render(editor.written)] if editor.written else new
    return Merged(appended(kept, additions, editor.newline), editor.problems)


@dataclass
class Editor:
    source: str
    text: str
    entries: dict[str, str]
    papers: dict[int, str]
    force: bool
    hashes: dict[str, str]  # the ledger read from the file
    has_ledger: bool
    newline: str
    written: dict[str, str] = field(default_factory=dict)  # the ledger to write
    placed: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    predating: list[Block] = field(default_factory=list)  # kept, and reported together

    def edit(self, block: Block) -> str:
        """The text that stands for ``block`` in the new file."""
        if block.problem:
            self.warn(block, f"cannot read this entry ({block.problem}); kept as it is")
            return block.text
        if block.key is None:
            return ledger.remove(block.text)
        identity = self.papers.get(block.offset)
        if block.key in self.hashes:  # kept as it was unless rewritten below; a stale hash matches no text
            self.written[block.key] = self.hashes[block.key]
        if identity not in self.entries or identity in self.placed:
            return block.text
        self.placed.add(identity)
        new = self.entries[identity].rstrip("\n")
        unchanged = self.hashes.get(block.key) == ledger.digest(block.text)
        if not (self.force or unchanged or ledger.digest(new) == ledger.digest(block.text)):
            if self.has_ledger and self.hashes.get(block.key) != ledger.PREDATES:
                self.warn(block, f"kept your edit of {block.key} (use --force to overwrite)")
            else:
                self.predating.append(block)
                self.written[block.key] = ledger.PREDATES
            return block.text
        self.written.pop(block.key, None)
        self.written[entry_key(new)] = ledger.digest(new)  # under the key it is written with, if that changed
        return new.replace("\n", self.newline)

    def report_predating(self, listed: int = 5) -> None:
        """One warning for the entries kept because they predate the file's ledger, naming a few of them."""
        if not self.predating:
            return
        count = len(self.predating)
        named = ", ".join(f"{block.key} (line {self.line_of(block)})" for block in self.predating[:listed])
        more = f" and {count - listed:,} more" if count > listed else ""
        entries = "entry" if count == 1 else "entries"
        self.warn(
            self.predating[0],
            f"kept {count:,} {entries} for your papers that this file held before cite-export kept a ledger of"
            f" what it wrote (by hand, or by an older cite-export), since they may hold your edits: {named}{more};"
            " use --force to overwrite them",
        )

    def warn(self, block: Block, message: str) -> None:
        self.problems.append(Problem(Origin(self.source, self.line_of(block)), message))

    def line_of(self, block: Block) -> int:
        if not self.line_starts:
            self.line_starts = [0, *(match.end() for match in re.finditer("\n", self.text))]
        return bisect.bisect_right(self.line_starts, block.offset)


def entry_key(entry: str) -> str:
    return entry[entry.index("{") + 1 : entry.index(",")]


def appended(text: str, additions: list[str], newline: str) -> list[str]:
    """The pieces of ``text`` with ``additions`` (LF-ended texts) after it, a blank line before each; the text
    is kept whole.

    A list of pieces, the additions themselves where the file's line end is LF: growing and stripping one string
    per entry is quadratic in a file of thousands, and a joined copy would hold every entry twice.
    ``tail`` is the end of the text so far, long enough to hold two newlines."""
    pieces, tail, has_text = [text], text[-4:], bool(text.strip())
    for addition in additions:
        if tail and not tail.endswith("\n"):
            pieces.append(newline)
            tail = (tail + newline)[-4:]
        blank_line = newline if has_text and not tail.endswith(newline * 2) else ""
        piece = addition if newline == "\n" else addition.replace("\n", newline)
        if blank_line:
            pieces.append(blank_line)
        pieces.append(piece)
        tail = (tail + blank_line + piece[-4:])[-4:]
        has_text = has_text or bool(piece.strip())
    return pieces
