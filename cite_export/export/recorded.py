"""The reading of a .bib file we wrote, recorded as it is written: a weekly run whose file still holds the bytes
the last run wrote takes the file's blocks from the cache database instead of reading its entries again (~30%
of a warm ``bib -o``).

A recording is exact by construction. It is used only for a file whose bytes have the SHA-256 of those written,
and it is the reading of the text written: a block the old file held and that is written as it was is taken as
it was read; everything else written (entries made, the text between, the preamble) is read as it is written,
piece by piece. A piece read alone reads as it does within the file: each starts where a block ends, and where a piece
ends in a command's name, the next does not open its body. Where some block cannot be read, BibTeX's reading of
what follows depends on it, and no recording is kept.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sqlite3
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cite_export.export import ledger
from cite_export.export.bibpapers import FIELDS_READ, identity_from_fields
from cite_export.export.bibreader import COMMAND, KeptNames, blocks_in, read_command
from cite_export.export.bibtex import URL_PREAMBLE_MARK
from cite_export.export.bibvalues import Unreadable
from cite_export.store import code_version

if TYPE_CHECKING:
    from cite_export.export.oldfile import FileReading
    from cite_export.export.previous import PreviousFile

# An "@" with nothing after it but a command's name and space: what follows may open its body.
OPEN_END = re.compile(r"@[ \t\r\n]*[^\s\"#%'(),={}@]*[ \t\r\n]*\Z")

SCHEMA = """
CREATE TABLE IF NOT EXISTS bib_readings (
    path TEXT PRIMARY KEY,  -- the file written, as an absolute path
    digest BLOB NOT NULL,   -- the SHA-256 of its bytes as written
    code TEXT NOT NULL,     -- store.code_version() of the code that read it
    facts BLOB NOT NULL,    -- the rest of its Recording, each part in a column of its own (see keep)
    ends BLOB, lines BLOB, keys BLOB, names BLOB
) WITHOUT ROWID;
"""
# Parts written one at a time: at 100k entries each is a few MB.
PARTS = ("ends", "lines", "keys", "names")
NAMES_APART = "\0"


@dataclass
class Recording:
    """A file's blocks and what ``oldfile.FileReading`` finds in its text, but its ledger: that is in its last
    block (``ledger_bytes`` long) or nowhere, and read from the file, as it would take ~15 MB to hold at 100k."""

    ends: array = field(default_factory=lambda: array("q"))
    lines: array = field(default_factory=lambda: array("q"))
    keys: list[str | None] = field(default_factory=list)
    names: Iterable[str | None] = field(default_factory=list)  # for an entry: the paper its fields name, if any
    titles: dict[int, str] = field(default_factory=dict)  # for an entry that names none, by the block's index
    ledger_bytes: int = 0
    line_ends: int = 0
    crlf_line_ends: int = 0
    edited: bool = False
    mark_in_text: bool = False
    mark_in_kept_text: bool = False

    def facts(self) -> bytes:
        facts = (self.ledger_bytes, self.line_ends, self.crlf_line_ends, self.edited, self.mark_in_text)
        return marshal.dumps((self.titles, *facts, self.mark_in_kept_text))

    def part(self, name: str) -> bytes:
        if name == "names":  # each ended by NAMES_APART, which none holds (see Recorder.append)
            return "".join(f"{name or ''}{NAMES_APART}" for name in self.names).encode("utf-8")
        value = getattr(self, name)
        return value.tobytes() if isinstance(value, array) else marshal.dumps(value)

    @classmethod
    def decode(cls, facts: bytes, ends: bytes, lines: bytes, keys: bytes, names: bytes) -> Recording:
        rest = marshal.loads(facts)
        return cls(array("q", ends), array("q", lines), marshal.loads(keys), each_name(names.decode("utf-8")), *rest)


def each_name(names: str) -> Iterator[str | None]:
    """The names kept (see ``Recording.part``), one at a time: at 100k blocks, a list of them would be ~7 MB more
    at the moment the run needs most."""
    start = 0
    while (end := names.find(NAMES_APART, start)) >= 0:
        yield names[start:end] or None
        start = end + 1


def starts_a_command(text: str) -> bool:
    """Whether ``bibreader.blocks_in`` reads a command where ``text`` starts (a block that does not is text)."""
    command = COMMAND.match(text)
    if not command or command.group(1).lower() == "comment" or command.end() >= len(text):
        return False
    return text[command.end()] in "{("


def open_ended(text: str) -> bool:
    """Whether ``text`` ends where its reading may depend on what follows: in a command's name, or the space after
    it (``@misc`` then ``{...``), which is text only if what follows does not open a body."""
    return OPEN_END.match(text, max(text.rfind("@"), 0)) is not None


def lone_entry(text: str, names: KeptNames) -> tuple[int, str | None, dict[str, str]] | None:
    """Where the entry that ``text`` starts with ends, its key and fields, as ``blocks_in`` reads them, if what
    follows it holds no "@" (the usual entry made, and the line end after it); else None."""
    command = COMMAND.match(text)
    if not command or command.end() >= len(text) or text[command.end()] not in "{(":
        return None
    kind = command.group(1).lower()
    if kind in ("comment", "preamble", "string"):
        return None
    try:
        end, key, fields = read_command(text, command.end(), kind, names)
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
        name = identity_from_fields(fields)
        self.block(text, key, name, None if name else fields.get("title", ""), text.count("\n"))

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


def recalled(connection: sqlite3.Connection, previous: PreviousFile) -> Recording | None:
    """The recording of the file ``previous`` if it holds the text recorded."""
    path = os.path.abspath(previous.path)
    try:
        row = connection.execute("SELECT digest, code FROM bib_readings WHERE path = ?", (path,)).fetchone()
        if row is None or row[1] != code_version() or previous.digest() != row[0]:
            return None
        parts = connection.execute(f"SELECT facts, {', '.join(PARTS)} FROM bib_readings WHERE path = ?", (path,))
        return Recording.decode(*parts.fetchone())
    except sqlite3.OperationalError:  # no such table yet, or locked past the wait
        return None


def keep(connection: sqlite3.Connection, path: str, recorder: Recorder) -> None:
    """The recording of the file written to ``path``, kept for the next run (in place of the last one)."""
    recording, code = recorder.finished(), code_version()
    try:
        with connection:
            connection.executescript(SCHEMA)
            connection.execute("DELETE FROM bib_readings WHERE path = ?", (path,))
            if recording is None or code is None:
                return
            row = (path, recorder.digest.digest(), code, recording.facts())
            connection.execute("INSERT INTO bib_readings (path, digest, code, facts) VALUES (?, ?, ?, ?)", row)
            for part in PARTS:
                connection.execute(f"UPDATE bib_readings SET {part} = ? WHERE path = ?", (recording.part(part), path))
    except (sqlite3.OperationalError, sqlite3.ProgrammingError):  # locked past the wait, a full disk, closed:
        pass  # the file is read next time
