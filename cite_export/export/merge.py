"""Updating an existing .bib file as a careful editor: refresh our entries, add the new ones, keep the rest.

An entry in the file that is for one of our papers (see ``bibpapers``) is rewritten in place, under the key
it already has, only if we wrote it and nobody changed it since (its hash is in the file's ledger, see
``ledger``); otherwise it is the user's and is kept, with a warning: one per entry in a file that has a
ledger, one for the whole file for the entries that predate its ledger (see ``ledger.PREDATES``). Every other
entry, comment, ``@string`` and the text between them stays byte for byte (line ends and BOM included), and
their keys are never issued to another paper. Our new entries use the file's line ending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cite_export.export import ledger
from cite_export.export.bibreader import Block
from cite_export.model import Origin, Problem, Record

if TYPE_CHECKING:
    from cite_export.cited.suggest import Known


@dataclass
class Merged:
    """The new text of the file, in pieces made as they are written (a big file is never held whole), and what
    the user should hear about it: ``edits`` is complete once the pieces are written."""

    pieces: Iterable[str | bytes]  # bytes in UTF-8 where the text's reading is recorded as it is written
    edits: list[Problem] = field(default_factory=list)  # about the file's entries, found while writing
    hints: list[Problem] = field(default_factory=list)
    chosen: list[Record] = field(default_factory=list)  # the records written (all, or the cited ones)
    known: list[Known] = field(default_factory=list)  # every key: the records' and the file's (with --cited)
    after_writing: Callable[[], None] = lambda: None  # once the pieces are in the file: keeps its reading

    @property
    def problems(self) -> list[Problem]:
        return [*self.edits, *self.hints]

    @property
    def text(self) -> str:
        return "".join(self.pieces)


# ``render(identity, written)``: the key of the entry for ``identity``, its text, and the ledger's hash of it; None
# for the text when ``written``, the hash of the file's entry for it (as we wrote it), is that of the entry made.
Render = Callable[[str, int | None], tuple[str, str | None, int]]


@dataclass(frozen=True)
class OldFile:
    """What editing needs to know of the file besides its blocks (see oldfile.py)."""

    source: str  # its name, in warnings
    hashes: dict[str, int]  # its ledger
    has_ledger: bool
    newline: str


def existing_keys(block_keys: Iterable[str | None], papers: Iterable[str | None]) -> dict[str, str]:
    """``identity`` -> key for the file's entries (the blocks' keys, None but for entries): records' identities for
    those of our papers (``papers``: the paper each block is for, if any, as ``bibpapers.EntryPapers`` finds them),
    ``bib:<key>`` for the others, unreadable ones included (so that ``issue_keys`` never hands their keys to a new
    paper)."""
    keys: dict[str, str] = {}
    for key, identity in zip(block_keys, papers, strict=True):
        if key is None:
            continue
        if identity and identity not in keys:
            keys[identity] = key
        else:
            keys[f"bib:{key}"] = key
    return keys


def newline_of(text: str) -> str:
    return newline_for(text.count("\r\n"), text.count("\n"))


def newline_for(crlf_line_ends: int, line_ends: int) -> str:
    """A file's line ending: CRLF when most lines end so."""
    return "\r\n" if crlf_line_ends * 2 > line_ends else "\n"


def merge(
    old: OldFile,
    blocks: Iterable[Block],
    texts: Iterable[str],
    entries: dict[str, Record],
    render: Render,
    papers: Iterable[str | None],
    force: bool,
    edits: list[Problem],
) -> Iterator[str]:
    """The pieces of the file (``blocks``, whose ``texts`` and ``papers`` come in the same order) with our entries
    (``identity`` -> record, whose key and text ``render`` gives) refreshed in place where it is ours to do, the new
    ones appended, and the ledger of what we wrote at the end; warnings go to ``edits``. Each entry is made as it
    is written."""
    editor = Editor(old.source, entries, render, force, old.hashes, old.has_ledger, old.newline, edits)
    out = Appender(old.newline)
    for block, text, identity in zip(blocks, texts, papers, strict=True):
        yield from out.text(editor.edit(block, text, identity))
    editor.report_predating()
    for identity in entries:
        if identity not in editor.placed:
            key, entry, entry_hash = render(identity, None)  # with no entry in the file, always made
            editor.written[key] = entry_hash
            yield from out.add(entry)
    if editor.written:
        yield from out.add_pieces(ledger.pieces(editor.written))


@dataclass
class Editor:
    source: str
    entries: dict[str, Record]
    render: Render
    force: bool
    hashes: dict[str, int]  # the ledger read from the file
    has_ledger: bool
    newline: str
    problems: list[Problem]
    written: dict[str, int] = field(default_factory=dict)  # the ledger to write
    placed: set[str] = field(default_factory=set)
    predating: list[Block] = field(default_factory=list)  # kept, and reported together

    def edit(self, block: Block, text: str, identity: str | None) -> str:
        """The text that stands for ``block`` (whose text is ``text``, for the paper ``identity``) in the new file."""
        if block.problem:
            self.warn(block, f"cannot read this entry ({block.problem}); kept as it is")
            return text
        if block.key is None:
            return ledger.remove(text)
        if block.key in self.hashes:  # kept as it was unless rewritten below; a stale hash matches no text
            self.written[block.key] = self.hashes[block.key]
        if identity not in self.entries or identity in self.placed:
            return text
        self.placed.add(identity)
        old = ledger.digest(text)
        unchanged = self.hashes.get(block.key) == old
        key, new, new_hash = self.render(identity, old if unchanged else None)
        # None: the entry made now is the one the file holds, as we wrote it (see made.py).
        new = text.replace("\r\n", "\n") if new is None else new.rstrip("\n")
        if not (self.force or unchanged or new_hash == old):
            if self.has_ledger and self.hashes.get(block.key) != ledger.PREDATES:
                self.warn(block, f"kept your edit of {block.key} (use --force to overwrite)")
            else:
                self.predating.append(block)
                self.written[block.key] = ledger.PREDATES
            return text
        self.written.pop(block.key, None)
        self.written[key] = new_hash  # under the key it is written with, if that changed
        return new.replace("\n", self.newline)

    def report_predating(self, listed: int = 5) -> None:
        """One warning for the entries kept because they predate the file's ledger, naming a few of them."""
        if not self.predating:
            return
        count = len(self.predating)
        named = ", ".join(f"{block.key} (line {block.line})" for block in self.predating[:listed])
        more = f" and {count - listed:,} more" if count > listed else ""
        entries = "entry" if count == 1 else "entries"
        self.warn(
            self.predating[0],
            f"kept {count:,} {entries} for your papers that this file held before cite-export kept a ledger of"
            f" what it wrote (by hand, or by an older cite-export), since they may hold your edits: {named}{more};"
            " use --force to overwrite them",
        )

    def warn(self, block: Block, message: str) -> None:
        self.problems.append(Problem(Origin(self.source, block.line), message))


@dataclass
class Appender:
    """The pieces of the file as they are written: its kept text, then additions (LF-ended texts), a blank line
    before each, in the file's line ending.

    Pieces are written as they come, never joined: growing and stripping one string per entry is quadratic in a
    file of thousands, and a joined copy would hold every entry twice. ``tail`` is the end of the text so far,
    long enough to hold two newlines."""

    newline: str
    tail: str = ""
    has_text: bool = False

    def text(self, piece: str) -> list[str]:
        self.tail = (self.tail + piece[-4:])[-4:]
        self.has_text = self.has_text or bool(piece.strip())
        return [piece]

    def add_pieces(self, pieces: Iterable[str]) -> Iterator[str]:
        """One addition given in pieces (the ledger): a blank line before it, as for ``add``, and no piece held
        longer than it takes to write it."""
        for number, piece in enumerate(pieces):
            yield from (self.text(piece.replace("\n", self.newline)) if number else self.add(piece))

    def add(self, addition: str) -> list[str]:
        pieces = []
        if self.tail and not self.tail.endswith("\n"):
            pieces.append(self.newline)
            self.tail = (self.tail + self.newline)[-4:]
        blank_line = self.newline if self.has_text and not self.tail.endswith(self.newline * 2) else ""
        piece = addition if self.newline == "\n" else addition.replace("\n", self.newline)
        if blank_line:
            pieces.append(blank_line)
        pieces.append(piece)
        self.tail = (self.tail + blank_line + piece[-4:])[-4:]
        self.has_text = self.has_text or bool(piece.strip())
        return pieces
