"""Reading the .bib file an export is merged into from its pieces (see previous.py): its blocks, and what editing
needs to know of it besides, gathered as the pieces go by, so that a big file's text is never held whole."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from cite_export.export import ledger
from cite_export.export.bibreader import Block, blocks_in
from cite_export.export.bibtex import URL_PREAMBLE_MARK
from cite_export.export.merge import OldFile, newline_for


@dataclass
class FileReading:
    """The blocks of the file named ``source`` and what its text holds, found piece by piece: a ledger, a CRLF
    line end or the mark never runs across the place where a piece ends, a line end before a line that starts with
    "@" (ledger lines never start with "@")."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    has_ledger: bool = False
    line_ends: int = 0
    crlf_line_ends: int = 0
    edited: bool = False  # the file holds more than white space
    mark_in_text: bool = False
    mark_in_kept_text: bool = False

    def read(self, pieces: Iterable[str], kept_fields: Collection[str]) -> FileReading:
        for block, text in blocks_in(self.gathered(pieces), kept_fields):
            self.blocks.append(block)
            if not self.mark_in_kept_text and (block.key is None or block.problem):
                self.mark_in_kept_text = URL_PREAMBLE_MARK in (text if block.problem else ledger.remove(text))
        return self

    def gathered(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            self.hashes.update(ledger.read(piece))
            self.has_ledger = self.has_ledger or ledger.present(piece)
            self.line_ends += piece.count("\n")
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
