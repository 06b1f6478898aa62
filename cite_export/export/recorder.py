"""Making the recording of a .bib file (see recorded.py) as its pieces are written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cite_export.export import ledger
from cite_export.export.bibpapers import FIELDS_READ, naming
from cite_export.export.bibreader import COMMAND, KeptNames, blocks_in, command_at, read_command
from cite_export.export.bibtex import URL_PREAMBLE_MARK
from cite_export.export.bibvalues import Unreadable
from cite_export.export.recorded import NAMES_APART, Recording

if TYPE_CHECKING:
    from cite_export.export.oldfile import FileReading


def starts_a_command(text: str) -> bool:
    """Whether ``bibreader.blocks_in`` reads a command where ``text`` starts (a block that does not is text)."""
    return command_at(text, 0) is not None


def open_ended(text: str) -> bool:
    """Whether ``text`` ends where its reading may depend on what follows: in a command's name, or the space after
    it (``@misc`` then ``{...``), which is text only if what follows does not open a body."""
    at = text.rfind("@")
    if at < 0:
        return False
    command = COMMAND.match(text, at)
    return command.end() == len(text) if command else not text[at + 1 :].strip(" \t\r\n")


def lone_entry(text: str, names: KeptNames) -> tuple[int, str | None, dict[str, str]] | None:
    """Where the entry that ``text`` starts with ends, its key and fields, as ``blocks_in`` reads them, if what
    follows it holds no "@" (the usual entry made, and the line end after it); else None."""
    command = command_at(text, 0)
    if command is None or command[1] in ("preamble", "string"):
        return None
    opening, kind = command
    try:
        end, key, fields = read_command(text, opening, kind, names)
    except Unreadable:
        return None
    return None if text.find("@", end) >= 0 else (end, key, fields)


class Recorder:
    """The recording of a file as its pieces are written (``written``), given the reading of the file it replaces
    (``old``) and that file's blocks' texts as they are read again (``watching``): a piece that is such a text, and
    an entry, is taken as it was read."""

    def __init__(self, old: FileReading) -> None:
        self.old = old
        self.recording = Recording()
        self.digest = hashlib.sha256()
        self.watched: tuple[int, str] | None = None
        self.gap: list[str] = []  # the text since the last block: part of the next block of text
        self.done = 0  # where the last block ends
        self.line = 1  # the line it ends on
        self.tail = ""  # the end of the text so far, until the mark is found in the text
        self.open_end = False  # the text so far ends in a command's name (see open_ended)
        self.spoiled = bool(old.blocks.problems)  # an unreadable block is written again as it is
        self.names = KeptNames(FIELDS_READ)

    def watching(self, texts: Iterable[str]) -> Iterator[str]:
        for index, text in enumerate(texts):
            self.watched = (index, text)
            yield text

    def written(self, pieces: Iterable[str]) -> Iterator[bytes]:
        """``pieces`` in UTF-8, as they are written (once, for both the file and its digest)."""
        for piece in pieces:
            encoded = piece.encode("utf-8")
            if piece and not self.spoiled:
                self.digest.update(encoded)
                self.add(piece)
            yield encoded
        self.old = None  # the old file's reading is done with

    def add(self, piece: str) -> None:
        watched, recording = self.watched, self.recording
        if watched is not None and piece is watched[1]:
            index, self.watched = watched[0], None  # taken once: a text read once is written once
            key = self.old.blocks.keys[index]
            if key is not None and not self.open_end:
                # Known from the old file: its line ends, its mark (neither is in it where the file has none).
                if self.old.crlf_line_ends:
                    recording.crlf_line_ends += piece.count("\r\n")
                if self.old.mark_in_text and not recording.mark_in_text:  # an entry starts with "@": not across
                    recording.mark_in_text = URL_PREAMBLE_MARK in piece
                recording.edited = True
                self.tail = piece[-len(URL_PREAMBLE_MARK) :]
                self.block(piece, key, self.old.name(index), self.old.titles.get(index), self.old.newlines(index))
                return
        recording.crlf_line_ends += piece.count("\r\n")
        if piece[0] == "\n" and self.tail[-1:] == "\r":
            recording.crlf_line_ends += 1
        if not recording.edited:
            recording.edited = not piece.isspace()
        if not recording.mark_in_text:
            recording.mark_in_text = URL_PREAMBLE_MARK in self.tail + piece
        tail = len(URL_PREAMBLE_MARK)
        self.tail = piece[-tail:] if len(piece) >= tail else (self.tail + piece)[-tail:]
        if self.open_end:
            # Only what opens a body can make the command of the end of the text before a command after all.
            after_space = piece.lstrip(" \t\r\n")
            if after_space and after_space[0] != "@":
                self.spoiled = True
            self.open_end = not after_space
        if "@" not in piece:
            self.gap.append(piece)
        else:
            self.read(piece)

    def read(self, piece: str) -> None:
        """A piece the old file did not hold as it is, read alone."""
        self.open_end = open_ended(piece)
        lone = lone_entry(piece, self.names)
        if lone:  # an entry made now: read as blocks_in reads it, for half the cost
            end, key, fields = lone
            self.entry(piece if end == len(piece) else piece[:end], key, fields)
            if end < len(piece):
                self.gap.append(piece[end:])
            return
        for block, text in blocks_in([piece], FIELDS_READ):
            if block.problem:
                self.spoiled = True
            elif block.key is not None:
                self.entry(text, block.key, block.fields)
            elif starts_a_command(text):
                self.block(text, None, None, None, text.count("\n"))
            else:
                self.gap.append(text)

    def entry(self, text: str, key: str | None, fields: dict[str, str]) -> None:
        if key is None:  # read as a command
            self.block(text, None, None, None, text.count("\n"))
            return
        self.block(text, key, *naming(fields), text.count("\n"))

    def block(self, text: str, key: str | None, name: str | None, title: str | None, newlines: int) -> None:
        if self.gap:
            self.text_block()
        if title is not None:
            self.recording.titles[len(self.recording.keys)] = title
        self.append(text, key, name, newlines)

    def text_block(self) -> None:
        text = "".join(self.gap)
        self.gap.clear()
        self.append(text, None, None, text.count("\n"))

    def append(self, text: str, key: str | None, name: str | None, newlines: int) -> None:
        recording = self.recording
        self.done += len(text)
        recording.ends.append(self.done)
        recording.lines.append(self.line)
        recording.keys.append(key)
        recording.names.append(name)
        self.line += newlines
        if name and NAMES_APART in name:
            self.spoiled = True
        with_ledger = ledger.START in text
        if with_ledger:
            self.spoiled = self.spoiled or recording.ledger_bytes > 0  # a ledger (or its like) in more than one
            recording.ledger_bytes = len(text) if text.isascii() else len(text.encode("utf-8"))
        elif recording.ledger_bytes:
            self.spoiled = True  # ... or not in the last block
        if key is None and not recording.mark_in_kept_text:
            recording.mark_in_kept_text = URL_PREAMBLE_MARK in (ledger.remove(text) if with_ledger else text)

    def finished(self) -> Recording | None:
        """The recording of the text written, if it could be made."""
        if self.gap:
            self.text_block()
        self.recording.line_ends = self.line - 1
        return None if self.spoiled else self.recording
