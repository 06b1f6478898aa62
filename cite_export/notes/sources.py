"""Where notes come from: files, folders of them, or stdin; and how their bytes become text."""

from __future__ import annotations

import codecs
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from cite_export.filestate import file_state

STDIN = "-"
# Most notes are read in one call; a larger file takes several.
READ_SIZE = 1 << 16
STDIN_NAME = "<stdin>"
NOTE_SUFFIXES = (".md", ".markdown", ".txt")
# Notes not in UTF-8 come from Windows in the writer's locale: Western (Windows-1252) or Korean (CP949, a superset of
# EUC-KR). Left to guess among every codec, the detector reads a short note such as ``Title (Ángel Díaz)`` as Big5.
LEGACY_ENCODINGS = ("cp1252", "cp949")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A file written this close to the moment it was read may be written again within the same tick of the file
# system's clock (2 s on FAT), leaving its state as it was: only its bytes can then tell it unchanged.
RACY_NS = 3_000_000_000


class NotesError(Exception):
    """A source that cannot be read at all (missing, unreadable, or in no encoding we know)."""


@dataclass(frozen=True)
class Source:
    name: str
    data: bytes
    # What tells the file unchanged without reading it (lasting_state): None for stdin, or a file written just then.
    state: bytes | None = None


def note_files(sources: Sequence[str]) -> Iterator[str]:
    """The files to read, in order: each file named, each folder's notes (recursive, sorted), ``-`` for stdin.

    A folder's notes are its ``.md``, ``.markdown`` and ``.txt`` files; hidden files and folders are skipped.
    """
    for source in sources:
        if source == STDIN:
            yield STDIN
            continue
        path = Path(source)
        if path.is_dir():
            notes = folder_notes(str(path), child_prefix(str(path)))
            if not notes:
                raise NotesError(f"{source}: no notes found (no .md, .markdown or .txt files)")
            yield from notes
        elif path.is_file():
            yield source
        else:
            raise NotesError(f"{source}: no such file or folder")


def child_prefix(folder: str) -> str:
    """What comes before a name in a folder, as pathlib spells a folder's children (``a.md`` in ``.``)."""
    if folder == ".":
        return ""
    return folder if folder.endswith("/") else folder + "/"


def folder_notes(folder: str, prefix: str) -> list[str]:
    """The notes under a folder, depth first with each folder's entries sorted by name (the order of their paths
    sorted part by part), listed with os.scandir: a pathlib object per file cost more than reading the file.

    Links to folders are not followed; a folder we may not list holds no notes.
    """
    found: list[str] = []
    add_folder_notes(folder, prefix, found)
    return found


def add_folder_notes(folder: str, prefix: str, found: list[str]) -> None:
    # Appended to one list rather than yielded through a generator per folder level, and told by their suffix
    # without os.path.splitext: each cost more per note than listing it (~5 µs a note in all, ~2 now).
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=attrgetter("name"))
    except PermissionError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            add_folder_notes(entry.path, prefix + name + "/", found)
        elif name.lower().endswith(NOTE_SUFFIXES) and is_file(entry):
            found.append(prefix + name)


def is_file(entry: os.DirEntry[str]) -> bool:
    """A file, or a link to one; a broken or looping link is none (as pathlib judges it)."""
    return Path(entry.path).is_file() if entry.is_symlink() else entry.is_file()


def load(name: str) -> Source:
    """The bytes of one source (``-`` reads stdin)."""
    if name == STDIN:
        return Source(STDIN_NAME, sys.stdin.buffer.read())
    try:
        return read_file(name)
    except OSError as error:
        raise NotesError(f"{name}: cannot read ({error.strerror or error})") from error


def read_file(path: str) -> Source:
    """A file's bytes and state, read by the operating system's calls: a Python file object, made for each note,
    costs as much as reading the note (~4.5 of ~10 µs per file)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # O_BINARY: no newline translation on Windows
    try:
        stat = os.fstat(fd)
        # One read sized to the file: a read of READ_SIZE cut down to a 1 KB note leaves a gap in the heap that
        # the notes' words kept for the run are then placed around (~25 MB at 100k notes read back from the cache).
        chunks = [os.read(fd, stat.st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, READ_SIZE))
        # Read after the file's state: a write during the read leaves a later state than the one given here.
        return Source(path, b"".join(chunks), lasting_state(stat, time.time_ns()))
    finally:
        os.close(fd)


def lasting_state(stat: os.stat_result, now_ns: int) -> bytes | None:
    """The file's state, unless it was written within RACY_NS of ``now_ns`` (or after it, by a clock ahead of ours)."""
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > now_ns - RACY_NS:
        return None
    return file_state(stat)


def decode(source: Source) -> tuple[str, bool]:
    """The text of a note: by its BOM (UTF-8, UTF-16, UTF-32), else UTF-8, else the one legacy encoding that reads it;
    and whether that encoding was guessed (the legacy one: charset-normalizer's judgement, not the bytes alone).

    Raises NotesError naming the file and the first byte that is not UTF-8 when no encoding clearly fits.
    """
    data = source.data
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), False
            except UnicodeDecodeError as error:
                raise NotesError(f"{source.name}: byte {error.start} is not {codec} text after its BOM") from None
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError as utf8_error:
        text = legacy_text(data)
        if text is None:
            raise NotesError(
                f"{source.name}: cannot tell the text encoding (byte {utf8_error.start} is not UTF-8, and the text "
                f"reads clearly as none of {', '.join(LEGACY_ENCODINGS)}); save it as UTF-8"
            ) from None
        return text, True


def legacy_text(data: bytes) -> str | None:
    """The text in the legacy encoding charset-normalizer finds least garbled; None when none reads cleanly or
    two read equally well into different text."""
    import charset_normalizer  # here: ~50 ms to load, and only a note that is not UTF-8 needs it

    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return None
    best = matches[0]
    text = str(best)
    for other in matches[1:]:
        if (other.chaos, other.coherence) == (best.chaos, best.coherence) and str(other) != text:
            return None
    return text
