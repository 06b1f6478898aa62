"""The existing .bib file an export is merged into, read twice instead of held: in pieces, to find its blocks,
then block by block as the new file is written, so that neither its text nor its entries' texts stay in memory."""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable, Iterator
from itertools import chain, pairwise
from pathlib import Path
from typing import BinaryIO

# A line end that a line starting with "@" follows: the file's text is cut only there (see bibreader.blocks_in).
ENTRY_LINE = re.compile(rb"\n(?=[ \t]*@)")
# How far back a cut is looked for in what was read before: further only if a line starts with that many blanks.
CUT_SEARCH_BACK = 64


class BibFileError(Exception):
    pass


class PreviousFile:
    """The file at ``path``, kept open from the first reading to the last: an editor that saves by renaming
    leaves the text read first in place; one that rewrites it in place is caught before a byte is written."""

    def __init__(self, path: Path):
        self.path = path
        self.handle: BinaryIO | None = None
        self.seen: os.stat_result | None = None

    def pieces(self, chunk_size: int = 1 << 20) -> Iterator[str]:
        """The file's text exactly (BOM and CRLF line ends kept, so that writing it back changes no byte of them),
        in pieces of about ``chunk_size`` bytes cut before lines that start with "@"."""
        try:
            handle = self.opened()
            yield from utf8_pieces(entry_line_pieces(iter(lambda: handle.read(chunk_size), b"")), self.path)
            self.seen = os.fstat(handle.fileno())
        except OSError as error:
            raise self.unreadable(error) from error

    def digest(self, chunk_size: int = 1 << 20) -> bytes:
        """The SHA-256 of the file's bytes (read as ``pieces`` reads them, which may follow)."""
        try:
            handle = self.opened()
            hasher = hashlib.sha256()
            while chunk := handle.read(chunk_size):
                hasher.update(chunk)
            self.seen = os.fstat(handle.fileno())
            return hasher.digest()
        except OSError as error:
            raise self.unreadable(error) from error

    def tail(self, size: int) -> str:
        """The file's last ``size`` bytes, which start where a character does, as text."""
        try:
            handle = self.opened()
            handle.seek(-size, os.SEEK_END)
            return handle.read().decode("utf-8")
        except OSError as error:
            raise self.unreadable(error) from error

    def unreadable(self, error: OSError) -> BibFileError:
        return BibFileError(f"{self.path}: cannot read the existing file ({error.strerror or error})")

    def opened(self) -> BinaryIO:
        """The file, open from its start."""
        if self.handle is None:
            self.handle = open(self.path, "rb")  # noqa: SIM115 -- closed by close(), once the new file is written
        self.handle.seek(0)
        return self.handle

    def texts(self, ends: Iterable[int]) -> Iterator[str]:
        """Each block's text (the blocks that end at ``ends``), read again in order, when it is written."""
        assert self.handle is not None, "texts() follows pieces()"
        now = os.fstat(self.handle.fileno())
        if self.seen is None or (now.st_size, now.st_mtime_ns) != (self.seen.st_size, self.seen.st_mtime_ns):
            raise BibFileError(f"{self.path}: changed while cite-export was running; run it again")
        self.handle.seek(0)
        reader = io.TextIOWrapper(self.handle, encoding="utf-8", newline="")
        try:
            for start, end in spans(ends):
                yield reader.read(end - start)
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

    def pieces(self) -> Iterator[str]:
        yield self._text

    def texts(self, ends: Iterable[int]) -> Iterator[str]:
        return (self._text[start:end] for start, end in spans(ends))


def spans(ends: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Where each block starts and ends, of blocks that follow each other from the text's start."""
    return pairwise(chain((0,), ends))


def entry_line_pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes of ``chunks`` again, cut only just after a line end that a line starting with "@" follows: the
    last such place in what is read so far (where there is none, more is read)."""
    held = bytearray()
    for chunk in chunks:
        searched_from = max(len(held) - CUT_SEARCH_BACK, 0)
        held += chunk
        cut = last_entry_line_end(held, searched_from)
        if cut:
            yield bytes(held[:cut])
            del held[:cut]
    if held:
        yield bytes(held)


def last_entry_line_end(held: bytearray, searched_from: int, tail: int = 1 << 16) -> int:
    """Where the last line end of ``held`` after ``searched_from`` that a line starting with "@" follows ends; 0 if
    there is none. Looked for in the last ``tail`` bytes first, then in four times as many: a file's entries are
    a few lines each, and the regex engine would otherwise walk every line of a chunk of a megabyte."""
    while True:
        start = max(len(held) - tail, searched_from)
        cut = max((line_end.end() for line_end in ENTRY_LINE.finditer(held, start)), default=0)
        if cut or start == searched_from:
            return cut
        tail *= 4


def utf8_pieces(pieces: Iterable[bytes], path: Path) -> Iterator[str]:
    """Each piece decoded; each but the last ends with a line end, which no UTF-8 sequence runs across, so a piece
    decodes as it does within the whole file."""
    offset = line = 0  # of the piece, in the file
    for piece in pieces:
        try:
            yield piece.decode("utf-8")
        except UnicodeDecodeError as error:
            # Rewriting a file in another encoding would change bytes we do not own: refuse, and say where.
            line += piece.count(b"\n", 0, error.start) + 1
            raise BibFileError(
                f"{path}:{line}: byte {offset + error.start} is not UTF-8; cite-export edits UTF-8 .bib files only "
                "(convert it, e.g. with iconv -f latin1 -t utf-8)"
            ) from error
        offset += len(piece)
        line += piece.count(b"\n")
