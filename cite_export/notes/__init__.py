"""Notes -> entries: digests and vault notes read into Entry objects, with a warning for what could not be read."""

from __future__ import annotations

import gc
import os
import signal
import sqlite3
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cite_export.filestate import current_state
from cite_export.model import Entry, Problem
from cite_export.notes import kept
from cite_export.notes.sources import STDIN, NotesError, decode, load, note_files

if TYPE_CHECKING:  # loaded only to start reader processes: ~20 ms, which a vault read before never needs
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from cite_export.notes.document import read_text

__all__ = ["NotesError", "Reading", "read_sources", "read_text"]


def __getattr__(name: str) -> object:
    # The reader of a note's text loads only when a note is read: compiling its patterns takes ~25 ms, which a run
    # whose notes are all taken back from the cache never needs.
    if name == "read_text":
        from cite_export.notes.document import read_text

        return read_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Reading a note costs ~0.1 ms of CPU and starting a reader process ~0.1 s: below a few thousand notes one process
# is as fast. Chunks of files keep each result small and the order of the results the order of the files.
PARALLEL_FROM_FILES = 4000
FILES_PER_CHUNK = 500
# A chunk with fewer notes to read anew (a week's new notes in a vault read before) is read here: handing it to
# a reader process would cost more than it saves.
FILES_FOR_A_READER = FILES_PER_CHUNK // 5


@dataclass
class Reading:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    def add(self, files: list[FileReading], keeper: kept.Keeper | None) -> None:
        """The readings of some files, in order; those read anew (or found unchanged in a new state) are kept for
        the next run."""
        for name, _, _, data in files:
            entries, problems = kept.decode(name, data)
            self.entries.extend(entries)
            self.problems.extend(problems)
        self.files += len(files)
        if keeper:
            keeper.keep(file for file in files if file[1])


# A file's name; the digest of its bytes when they were read (None when its kept reading stands as kept, and for
# stdin); its state then (sources.lasting_state); its reading (kept.encode).
FileReading = tuple[str, bytes | None, bytes | None, bytes]


def read_sources(
    sources: Sequence[str], workers: int | None = None, cache: sqlite3.Connection | None = None
) -> Reading:
    """Every entry in the given files, folders (recursive, sorted) and ``-`` (stdin), in order.

    With a ``cache`` database, a file whose bytes are those of the last run is not read again: its reading is
    taken from the cache (the file is not even opened while its state is the one it was read in). What is left to
    read in a large vault is read by ``workers`` processes (by default one per CPU when there are thousands of
    notes); the result is the same as one process reading the files in order.
    Raises NotesError for a source that does not exist or cannot be decoded; everything else is a Problem.
    """
    names = list(note_files(sources))
    keeper = kept.Keeper(cache) if cache is not None else None
    if workers is None:
        workers = available_cpus() if len(names) >= PARALLEL_FROM_FILES else 1
    if STDIN in names:
        workers = 1  # this process's stdin, which a reader process cannot read
    reading = Reading()
    with Readers(workers) as readers:
        # A few chunks read ahead keep every reader busy; the rest wait, so that their readings are not all held.
        ahead: deque[tuple[list[FileReading | None], Future | list[FileReading]]] = deque()
        for start in range(0, len(names), FILES_PER_CHUNK):
            chunk = names[start : start + FILES_PER_CHUNK]
            taken = taken_back(chunk, keeper.kept_for(chunk) if keeper else {})
            ahead.append((taken, readers.read([name for name, file in zip(chunk, taken, strict=True) if not file])))
            while len(ahead) > 2 * workers:
                reading.add(in_order(*ahead.popleft()), keeper)
        while ahead:
            reading.add(in_order(*ahead.popleft()), keeper)
    return reading


def taken_back(names: Sequence[str], found: dict[str, kept.KeptReading]) -> list[FileReading | None]:
    """Each file's kept reading (in ``found``) where the file is unchanged; None where it is read anew.

    A file in the state it was read in is not read again. One in another state (touched, copied, restored) is read,
    and is unchanged if its bytes are; its reading is then kept again with the new state, for the next run.
    """
    files: list[FileReading | None] = []
    for name in names:
        known = found.get(name)
        if known is None:
            files.append(None)
            continue
        known_digest, known_state, reading = known
        if known_state is not None and known_state == current_state(name):
            files.append((name, None, None, reading))
            continue
        source = load(name)
        if kept.digest(source.data) != known_digest:
            files.append(None)
        elif source.state is None:
            files.append((name, None, None, reading))
        else:
            files.append((name, known_digest, source.state, reading))
    return files


def in_order(taken: list[FileReading | None], read: Future | list[FileReading]) -> list[FileReading]:
    """A chunk's readings in the order of its files: those taken back, and those ``read`` anew in their place."""
    fresh = iter(read if isinstance(read, list) else read.result())
    return [file or next(fresh) for file in taken]


def read_anew(names: Sequence[str]) -> list[FileReading]:
    """The readings of the files ``names``, read from their text."""
    from cite_export.notes.document import read_text

    files = []
    for name in names:
        source = load(name)
        fresh = kept.digest(source.data) if name != STDIN else None
        text, guessed = decode(source)
        reading = kept.encode(read_text(source.name, text))
        # A note in a legacy encoding reads as charset-normalizer judges it, which its bytes alone do not settle.
        files.append((source.name, None, None, reading) if guessed else (source.name, fresh, source.state, reading))
    return files


class Readers:
    """Reads files in this process, or in ``workers`` reader processes once a chunk holds enough to read: a vault
    read before starts none."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def read(self, names: list[str]) -> Future | list[FileReading]:
        if not names:  # every file of the chunk taken back: the reader of notes is not even loaded
            return []
        if self.workers < 2 or len(names) < FILES_FOR_A_READER:
            return read_anew(names)
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            from cite_export.notes import document  # noqa: F401 -- loaded once here, for the readers a fork starts

            self.pool = ProcessPoolExecutor(self.workers, mp_context=process_context(), initializer=start_reader)
        return self.pool.submit(read_anew, names)

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            # A note no encoding reads, or Ctrl-C, ends the run now, not once every chunk still queued is read.
            self.pool.shutdown(cancel_futures=True)


def start_reader() -> None:
    gc.disable()  # a reader makes no reference cycles: collecting would only walk what it made (see pipeline.py)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the main process, and its readers with it


def available_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def process_context() -> multiprocessing.context.BaseContext:
    """The platform's way to start a process, but never a fork while other threads run (a test's servers): a fork
    copies their locks as they are, held or not. A fork server's children start from a process that runs none."""
    import multiprocessing

    context = multiprocessing.get_context()
    if context.get_start_method() == "fork" and threading.active_count() > 1:
        return multiprocessing.get_context("forkserver")
    return context
