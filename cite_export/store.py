"""The local SQLite database: the arXiv cache, issued citation keys and the Zotero sync state."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import platformdirs

DATABASE_NAME = "cite-export.sqlite3"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("cite-export"))


def connect(cache_dir: str | Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the database in ``cache_dir``.

    WAL mode and a busy timeout let two runs share the file without corrupting it or failing
    at once when the other holds the write lock.
    """
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(folder / DATABASE_NAME, timeout=30)
    connection.execute("PRAGMA busy_timeout = 30000")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection
