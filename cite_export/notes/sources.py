"""Where notes come from: files, folders of them, or stdin; and how their bytes become text."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"
STDIN_NAME = "<stdin>"
NOTE_SUFFIXES = {".md", ".markdown", ".txt"}


class NotesError(Exception):
    """A source that cannot be read at all (missing, unreadable, or in no encoding we know)."""


@dataclass(frozen=True)
class Source:
    name: str
    data: bytes


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
            yield from (str(file) for file in sorted(path.rglob("*"), key=sort_key) if is_note(file, path))
        elif path.is_file():
            yield source
        else:
            raise NotesError(f"{source}: no such file or folder")


def sort_key(path: Path) -> tuple[str, ...]:
    return path.parts


def is_note(file: Path, root: Path) -> bool:
    relative = file.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return False
    return file.suffix.lower() in NOTE_SUFFIXES and file.is_file()


def load(name: str) -> Source:
    """The bytes of one source (``-`` reads stdin)."""
    if name == STDIN:
        return Source(STDIN_NAME, sys.stdin.buffer.read())
    try:
        return Source(name, Path(name).read_bytes())
    except OSError as error:
        raise NotesError(f"{name}: cannot read ({error.strerror or error})") from error


def decode(source: Source) -> str:
    """UTF-8 (with or without BOM); else CP949, the Korean Windows superset of EUC-KR; else an error naming the file."""
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return source.data.decode("cp949")
        except UnicodeDecodeError:
            raise NotesError(
                f"{source.name}: neither UTF-8 nor CP949/EUC-KR text (byte {utf8_error.start} is not UTF-8)"
            ) from None
