"""The existing .bib file an export is merged into, read twice instead of held: whole, to find its blocks, then
block by block as the new file is written, so that neither its text nor its entries' texts stay in memory."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cite_export.export.bibreader import Block


class BibFileError(Exception):
    pass


class PreviousFile:
    """The file at ``path``, kept open from the first reading to the last: an editor that saves by renaming
    leaves the text read first in place; one that rewrites it in place is caught before a byte is written."""

    def __init__(self, path: Path):
        self.path = path
        self.handle: BinaryIO | None = None
        self.seen: os.stat_result | None = None

    def text(self) -> str:
        """The file's text exactly: BOM and CRLF line ends kept, so that writing it back changes no byte of them."""
        try:
            self.handle = open(self.path, "rb")  # noqa: SIM115 -- closed by close(), once the new file is written
            data = self.handle.read()
            self.seen = os.fstat(self.handle.fileno())
        except OSError as error:
            raise BibFileError(f"{self.path}: cannot read the existing file ({error.strerror or error})") from error
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            # Rewriting a file in another encoding would change bytes we do not own: refuse, and say where.
            line = data.count(b"\n", 0, error.start) + 1
            raise BibFileError(
                f"{self.path}:{line}: byte {error.start} is not UTF-8; cite-export edits UTF-8 .bib files only "
                "(convert it, e.g. with iconv -f latin1 -t utf-8)"
            ) from error

    def texts(self, blocks: list[Block]) -> Iterator[str]:
        """Each block's text, read again in order, when it is written."""
        assert self.handle is not None, "texts() follows text()"
        now = os.fstat(self.handle.fileno())
        if self.seen is None or (now.st_size, now.st_mtime_ns) != (self.seen.st_size, self.seen.st_mtime_ns):
            raise BibFileError(f"{self.path}: changed while cite-export was running; run it again")
        self.handle.seek(0)
        reader = io.TextIOWrapper(self.handle, encoding="utf-8", newline="")
        try:
            for block in blocks:
                yield reader.read(block.end - block.offset)
        finally:
            reader.detach()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def __enter__(self) -> PreviousFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class PreviousText:
    """A file's text given as it is (tests, and no file at all)."""

    def __init__(self, text: str):
        self._text = text

    def text(self) -> str:
        return self._text

    def texts(self, blocks: list[Block]) -> Iterator[str]:
        return (block.text_in(self._text) for block in blocks)
