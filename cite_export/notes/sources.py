"""Where notes come from: files, folders of them, or stdin; and how their bytes become text."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"
STDIN_NAME = "<stdin>"
NOTE_SUFFIXES = {".md", ".markdown", ".txt"}
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
            notes = [str(file) for file in sorted(path.rglob("*"), key=sort_key) if is_note(file, path)]
            if not notes:
                raise NotesError(f"{source}: no notes found (no .md, .markdown or .txt files)")
            yield from notes
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
    """The text of a note: by its BOM (UTF-8, UTF-16, UTF-32), else UTF-8, else the one legacy encoding that reads it.

    Raises NotesError naming the file and the first byte that is not UTF-8 when no encoding clearly fits.
    """
    data = source.data
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise NotesError(f"{source.name}: byte {error.start} is not {codec} text after its BOM") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = legacy_text(data)
        if text is None:
            raise NotesError(
                f"{source.name}: cannot tell the text encoding (byte {utf8_error.start} is not UTF-8, and the text "
                f"reads clearly as none of {', '.join(LEGACY_ENCODINGS)}); save it as UTF-8"
            ) from None
        return text


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
