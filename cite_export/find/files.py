"""The note files under the sources, with their size and modification time, listed fast.

The same files as ``notes.sources.note_files`` (a test keeps the two in step), found with ``os.scandir``, whose
entries carry their stat: on a vault of thousands of notes this is most of what a warm ``find`` costs, and
importing the notes reader (and its encoding detector) just to list files would cost more than the search.
"""

from __future__ import annotations

import os

NOTE_SUFFIXES = (".md", ".markdown", ".txt")


class SourceError(Exception):
    pass


def note_stats(sources: list[str]) -> dict[str, tuple[int, int]]:
    """path -> (mtime_ns, size) for every note file the sources name."""
    found: dict[str, tuple[int, int]] = {}
    for source in sources:
        if source == "-":
            raise SourceError("find searches note files and folders, not standard input")
        # Absolute, so that `--notes notes` and `--notes ./notes/` index the same files under the same names.
        root = os.path.abspath(source)
        if os.path.isdir(root):
            found.update(walk(root))
        elif os.path.isfile(root):
            found[root] = stat_pair(os.stat(root))
        else:
            raise SourceError(f"{source}: no such file or folder")
    return found


def walk(folder: str) -> dict[str, tuple[int, int]]:
    found = {}
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                found.update(walk(entry.path))
            elif entry.name.lower().endswith(NOTE_SUFFIXES) and entry.is_file():
                found[entry.path] = stat_pair(entry.stat())
    return found


def stat_pair(status: os.stat_result) -> tuple[int, int]:
    return status.st_mtime_ns, status.st_size
