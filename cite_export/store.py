"""The local SQLite database: the arXiv cache, issued citation keys and the Zotero sync state.

The database is ours, so when it breaks we repair it rather than stop the user: a damaged file
is moved aside and a new one started, with one warning. What we cannot repair (a read-only
file or folder, a folder in the database's place, a lock another program keeps) is one clear
error naming the path; ``--offline`` then goes on with a copy in memory.
"""

from __future__ import annotations

import functools
import json
import marshal
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from cite_export.lock_holders import describe_holders
from cite_export.store_checks import Damaged, check_integrity, forget_state, remember_state, stamp_path

try:
    # CPython's own blake2b (for code_version, and the notes' digests): hashlib, which offers the same one, first
    # loads OpenSSL (~4 MB of memory).
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

DATABASE_NAME = "cite-export.sqlite3"
# How long to wait for another run's write to finish before saying who holds the lock.
LOCK_WAIT_SECONDS = 5.0
DAMAGED = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}
LOCKED = {"SQLITE_BUSY", "SQLITE_LOCKED"}
CHOOSE_ANOTHER = "use another folder with --cache-dir (or CITE_EXPORT_CACHE_DIR)"
KEYS_PER_QUERY = 5000


class CacheUnusable(Exception):
    """The database cannot be used and cannot be repaired here; the message says why and what to do."""


@dataclass
class OpenedCache:
    connection: sqlite3.Connection
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None  # None for a copy in memory

    def close(self) -> None:
        """Close after a run without damage, so that the next run can skip the full check."""
        self.connection.close()
        if self.path:
            remember_state(self.path)


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("cite-export"))


def database_path(cache_dir: str | Path | None = None) -> Path:
    return (Path(cache_dir) if cache_dir else default_cache_dir()) / DATABASE_NAME


def connect(cache_dir: str | Path | None = None) -> sqlite3.Connection:
    """The database, repaired if it was damaged; for scripts and tests, which need no warnings."""
    return open_cache(cache_dir).connection


def open_cache(cache_dir: str | Path | None = None, offline: bool = False) -> OpenedCache:
    """Open (creating, or rebuilding when damaged) the database in ``cache_dir``.

    WAL mode and a busy timeout let two runs share the file: readers never wait, and a writer
    waits a few seconds for the other's short transaction.
    """
    path = database_path(cache_dir)
    try:
        return open_writable(path)
    except CacheUnusable as error:
        if not offline:
            raise
        return OpenedCache(
            copy_in_memory(path),
            [f"{error}; --offline goes on with a copy in memory: citation keys issued now are not remembered"],
        )


def open_writable(path: Path) -> OpenedCache:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CacheUnusable(
            f"cannot create the cache folder {path.parent} ({error.strerror}); {CHOOSE_ANOTHER}"
        ) from None
    if path.is_dir():
        raise CacheUnusable(f"the cache database {path} is a folder, not a file; remove it or {CHOOSE_ANOTHER}")
    try:
        return OpenedCache(open_patiently(path), path=path)
    except sqlite3.DatabaseError as error:
        if error_name(error) not in DAMAGED:
            raise CacheUnusable(failure_message(path, error)) from None
        damage = error
    moved = move_aside(path)
    try:
        connection = open_checked(path)
    except sqlite3.DatabaseError as error:
        raise CacheUnusable(failure_message(path, error)) from None
    return OpenedCache(
        connection,
        path=path,
        warnings=[
            f"the cache database {path} was damaged ({damage}); moved it to {moved.name} and started a new one. "
            "arXiv answers will be fetched again, and the citation keys it pinned come back from your "
            "output file on the next `cite-export bib --update FILE`"
        ],
    )


def open_patiently(path: Path) -> sqlite3.Connection:
    """``open_checked``, tried again while another run holds a lock, for up to ``LOCK_WAIT_SECONDS``.

    SQLite answers SQLITE_BUSY at once, without waiting on the busy timeout, when waiting could
    deadlock: two runs that open a new database together both switch it to WAL and check it.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return open_checked(path)
        except sqlite3.OperationalError as error:
            if error_name(error) not in LOCKED or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def open_checked(path: Path) -> sqlite3.Connection:
    """A connection to a database that looks whole and that this run may write."""
    connection = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        check_integrity(connection, path)
        # A read-only file opens without complaint; only a write says so. Nothing is committed.
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(f"PRAGMA user_version = {int(version)}")
        connection.execute("ROLLBACK")
    except BaseException:
        connection.close()
        raise
    return connection


def error_name(error: sqlite3.Error) -> str:
    if isinstance(error, Damaged):
        return "SQLITE_CORRUPT"
    return getattr(error, "sqlite_errorname", "") or ""


def failure_message(path: Path, error: sqlite3.Error) -> str:
    """What went wrong with the database at ``path``, and what the user can do."""
    name = error_name(error)
    if name in LOCKED:
        holder = describe_holders([path, *sidecars(path)])
        return (
            f"the cache database {path} is locked by {holder} (waited {LOCK_WAIT_SECONDS:g} s); "
            f"let it finish, or {CHOOSE_ANOTHER}"
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN") or name.startswith("SQLITE_PERM"):
        return f"cannot write the cache database {path} (read-only file or folder?); {CHOOSE_ANOTHER}"
    if name in DAMAGED:
        forget_state(path)
        return f"the cache database {path} is damaged ({error}); the next run moves it aside and starts a new one"
    return f"cannot use the cache database {path} ({error}); {CHOOSE_ANOTHER}"


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def move_aside(path: Path) -> Path:
    """Rename the damaged file (its WAL with it, which belongs to it alone) to ``*.corrupt-<date>``."""
    moved = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        path.rename(moved)
        wal, shm = sidecars(path)
        if wal.exists():
            wal.rename(moved.with_name(moved.name + "-wal"))
        shm.unlink(missing_ok=True)
        stamp_path(path).unlink(missing_ok=True)
    except OSError as error:
        raise CacheUnusable(
            f"the cache database {path} is damaged and cannot be moved aside ({error.strerror}); {CHOOSE_ANOTHER}"
        ) from None
    return moved


def copy_in_memory(path: Path) -> sqlite3.Connection:
    """What the database holds, in memory (empty when it cannot be read): answers and keys for one run."""
    memory = sqlite3.connect(":memory:")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)) as source:
            source.backup(memory)
            if [row[0] for row in memory.execute("PRAGMA quick_check")] != ["ok"]:
                raise Damaged("quick_check failed")
    except (sqlite3.Error, OSError, ValueError):
        memory.close()
        memory = sqlite3.connect(":memory:")
    return memory


def rows_for(connection: sqlite3.Connection, query: str, keys: Iterable[str], *before: object) -> Iterator[tuple]:
    """The rows of ``query`` for ``keys`` (put where it says ``{keys}``; ``before`` are the parameters ahead of
    them), a few thousand keys per query.

    A JSON array is the one parameter, not one query per key: a warm cache of 100k papers must not be slower
    than asking arXiv. Not one query for all: SQLite's table of 100k keys alone would take ~10 MB while every
    record of the run is held."""
    keys = list(keys)
    statement = query.format(keys="(SELECT value FROM json_each(?))")
    for start in range(0, len(keys), KEYS_PER_QUERY):
        yield from connection.execute(statement, (*before, json.dumps(keys[start : start + KEYS_PER_QUERY])))


@functools.cache
def code_version() -> str | None:
    """A digest of this package's code and of the Python running it: what the database keeps of a run's work (a
    note's reading, an entry made) is reused only by the code that made it (a change anywhere in the package may
    change how a note reads, the model's fields, or an entry), on the Python whose ``marshal`` wrote it. None when
    the code cannot be read, as where only compiled modules are installed (nothing is then kept)."""
    package = Path(__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    if Path(__file__).resolve() not in sources:
        return None
    hasher = blake2b(f"{sys.version}\0{marshal.version}\0".encode(), digest_size=16)
    try:
        for path in sources:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return hasher.hexdigest()
