"""Notes -> entries: digests and vault notes read into Entry objects, with a warning for what could not be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cite_export.model import Entry, Problem
from cite_export.notes.document import read_text
from cite_export.notes.sources import NotesError, decode, load, note_files

__all__ = ["NotesError", "Reading", "read_sources", "read_text"]


@dataclass
class Reading:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def read_sources(sources: Sequence[str]) -> Reading:
    """Every entry in the given files, folders (recursive, sorted) and ``-`` (stdin), in order.

    Raises NotesError for a source that does not exist or cannot be decoded; everything else is a Problem.
    """
    reading = Reading()
    for name in note_files(sources):
        source = load(name)
        entries, problems = read_text(source.name, decode(source))
        reading.entries.extend(entries)
        reading.problems.extend(problems)
        reading.files += 1
    return reading
