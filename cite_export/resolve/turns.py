"""arXiv's rate limit per user, not per process: runs sharing a cache folder take turns.

arXiv asks for one request at a time and 3 s between them, from all of a user's programs
together. A lock file in the cache folder holds the start time of the last request any run
made; a run takes the lock (``fcntl.flock``), waits out the delay from that time, asks, stores
the answer in the cache and only then lets go, so the next run finds the answer cached instead
of asking again.
"""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cite_export.lock_holders import describe_holders
from cite_export.resolve.session import SPACING_MARGIN, PoliteSession

LOCK_NAME = "arxiv-turn.lock"
POLL_SECONDS = 0.05


class TurnNotGiven(Exception):
    """Another run kept arXiv's turn for too long."""


def turn_lock_path(connection: sqlite3.Connection) -> Path | None:
    """The lock file beside the database; None for a database in memory (nothing to share)."""
    for _, name, file in connection.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file).with_name(LOCK_NAME)
    return None


class SharedTurns:
    def __init__(self, lock_path: Path | None, session: PoliteSession, longest_wait: float):
        self.lock_path = lock_path
        self.session = session
        self.longest_wait = longest_wait

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold arXiv's turn for the block: other runs wait, and this run waits out their last request."""
        if self.lock_path is None:
            yield
            return
        with self.lock_path.open("a+") as lock_file:
            self._acquire(lock_file)
            try:
                lock_file.seek(0)
                last_start = parse_time(lock_file.read())
                if last_start is not None:
                    self.session.hold_off(last_start + self.session.delay + SPACING_MARGIN - time.time())
                yield
                if self.session.last_start_wall is not None:
                    lock_file.seek(0)
                    lock_file.truncate()
                    lock_file.write(repr(max(self.session.last_start_wall, last_start or 0.0)))
                    lock_file.flush()
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _acquire(self, lock_file) -> None:
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited > self.longest_wait:
                    holder = describe_holders([self.lock_path])
                    raise TurnNotGiven(
                        f"{holder} has kept arXiv's turn ({self.lock_path}) for {waited:.0f} s"
                    ) from None
                time.sleep(POLL_SECONDS)
        self.session.waited += time.monotonic() - started


def parse_time(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None
