"""Reading the .bib file an export is merged into from its pieces (see previous.py): its blocks, and what editing
needs to know of it besides, gathered as the pieces go by, so that a big file's text is never held whole; or
taking that reading as it was recorded when the file was written (see recorded.py)."""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from cite_export.export import ledger
from cite_export.export.bibpapers import EntryPapers, naming
from cite_export.export.bibreader import Block, blocks_in
from cite_export.export.bibtex import URL_PREAMBLE_MARK
from cite_export.export.merge import OldFile, newline_for
from cite_export.export.recorded import Recording


class HeldBlocks:
    """Blocks held as two numbers and a key each: a big file has hundreds of thousands, which as objects would
    take ten times the memory. Iterating makes them again (their fields only where they are kept)."""

    def __init__(self) -> None:
        self.ends = array("q")
        self.lines = array("q")
        self.keys: list[str | None] = []
        self.problems: dict[int, str] = {}  # by the block's index
        self.fields: dict[int, dict[str, str]] = {}

    def append(self, block: Block, keep_fields: bool) -> None:
        if block.problem:
            self.problems[len(self.keys)] = block.problem
        if keep_fields and block.fields:
            self.fields[len(self.keys)] = block.fields
        self.ends.append(block.end)
        self.lines.append(block.line)
        self.keys.append(block.key)

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[Block]:
        offset = 0
        for index, (end, line, key) in enumerate(zip(self.ends, self.lines, self.keys, strict=True)):
            yield Block(offset, end, line, key, self.fields.get(index, {}), self.problems.get(index))
            offset = end


@dataclass
class FileReading:
    """The blocks of the file named ``source``, which paper each is for (``papers``, None for most but entries),
    and what its text holds, found piece by piece: a ledger, a CRLF line end or the mark never runs across the
    place where a piece ends, a line end before a line that starts with "@" (ledger lines never start with "@").
    The entries' fields are held only with ``keep_fields``: matched to papers, they are done."""

    source: str
    keep_fields: bool = True
    blocks: HeldBlocks = field(default_factory=HeldBlocks)
    papers: list[str | None] = field(default_factory=list)  # each block's
    # For the entries that name no paper or one not in ``papers``: what they name (the identity_from_fields of
    # their fields; most name theirs) and the titles of those that name none, by the block's index.
    names: dict[int, str | None] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    hashes: dict[str, int] = field(default_factory=dict)
    has_ledger: bool = False
    line_ends: int = 0  # counted once the blocks are read
    crlf_line_ends: int = 0
    edited: bool = False  # the file holds more than white space
    mark_in_text: bool = False
    mark_in_kept_text: bool = False

    def read(
        self, pieces: Iterable[str], kept_fields: Collection[str] | None, entry_papers: EntryPapers | None = None
    ) -> FileReading:
        """Reads the file, its entries' fields named in ``kept_fields`` (all if None), matched by ``entry_papers``
        (which, with what it made to match them, is not held after)."""
        for block, text in blocks_in(self.gathered(pieces), kept_fields):
            if block.key and not block.problem:
                self.add_paper(*naming(block.fields), block.key, entry_papers)
            else:
                self.papers.append(None)
            self.blocks.append(block, self.keep_fields)
            if not self.mark_in_kept_text and (block.key is None or block.problem):
                self.mark_in_kept_text = URL_PREAMBLE_MARK in (text if block.problem else ledger.remove(text))
        if self.blocks:  # the blocks are the file: its line ends are those before its last block, and in it
            self.line_ends = block.line - 1 + text.count("\n")
        # Editing looks the ledger up by the entries' keys only: held under their strings, the ledger's own go.
        self.hashes = {key: self.hashes[key] for key in self.blocks.keys if key in self.hashes}
        return self

    def recall(self, recording: Recording, ledger_text: str, entry_papers: EntryPapers) -> FileReading:
        """The reading of a file that holds the text ``recording`` was recorded from, whose last block, the one
        that holds its ledgers if any, is ``ledger_text``."""
        self.blocks.ends, self.blocks.lines, self.blocks.keys = recording.ends, recording.lines, recording.keys
        for index, (key, name) in enumerate(zip(recording.keys, recording.names, strict=True)):
            if key is None:
                self.papers.append(None)
            else:
                self.add_paper(name, recording.titles.get(index), key, entry_papers)
        hashes = ledger.read(ledger_text)
        self.hashes = {key: hashes[key] for key in recording.keys if key in hashes}
        self.has_ledger, self.edited = ledger.present(ledger_text), recording.edited
        self.line_ends, self.crlf_line_ends = recording.line_ends, recording.crlf_line_ends
        self.mark_in_text, self.mark_in_kept_text = recording.mark_in_text, recording.mark_in_kept_text
        return self

    def add_paper(self, name: str | None, title: str | None, key: str, entry_papers: EntryPapers | None) -> None:
        """The paper of the next block, an entry with ``key`` whose fields name ``name`` (else have ``title``)."""
        paper = entry_papers.named(name, key, title or "") if entry_papers else None
        if name != paper:
            self.names[len(self.papers)] = name
        if title is not None:
            self.titles[len(self.papers)] = title
        self.papers.append(paper)

    def newlines(self, index: int) -> int:
        """How many line ends block ``index`` holds."""
        lines = self.blocks.lines
        return (lines[index + 1] if index + 1 < len(lines) else self.line_ends + 1) - lines[index]

    def name(self, index: int) -> str | None:
        """What the entry that is block ``index`` names (see ``names``)."""
        return self.names.get(index, self.papers[index])

    def gathered(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            self.hashes.update(ledger.read(piece))
            self.has_ledger = self.has_ledger or ledger.present(piece)
            self.crlf_line_ends += piece.count("\r\n")
            self.edited = self.edited or (bool(piece) and not piece.isspace())
            self.mark_in_text = self.mark_in_text or URL_PREAMBLE_MARK in piece
            yield piece

    @property
    def marked(self) -> bool:
        """Whether the preamble's mark is in a part of the file that is kept as it is (not in one of its entries,
        which we may rewrite, nor in its ledger)."""
        return self.mark_in_text and self.mark_in_kept_text

    def old_file(self) -> OldFile:
        return OldFile(self.source, self.hashes, self.has_ledger, newline_for(self.crlf_line_ends, self.line_ends))
