"""The find index: one FTS5 row per paper and note file, refreshed file by file.

A file is re-read when its size or modification time changed; rows of files gone are dropped. Everything is
re-read when the arXiv cache or the issued keys changed since the last refresh (a ``bib`` run resolved new
papers or pinned new keys), since a row holds the paper's resolved title and key.
"""

from __future__ import annotations

import sqlite3

from cite_export.find.files import SourceError

SCHEMA = """
CREATE TABLE IF NOT EXISTS find_files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS find_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS find_notes USING fts5(
    key, year UNINDEXED, path UNINDEXED, title, authors, tags, commentary, tokenize = 'trigram'
);
"""
# What a row depends on besides its file: the answers cached from arXiv and the keys issued.
SOURCES_OF_TRUTH = (
    "SELECT count(*), max(fetched) FROM arxiv_records",
    "SELECT count(*), max(fetched) FROM arxiv_title_searches",
    "SELECT count(*), max(issued_at) FROM keys_issued",
)


def refresh(connection: sqlite3.Connection, seen: dict[str, tuple[int, int]]) -> int:
    """Bring the index up to date with the note files ``seen`` (path -> modification time and size); return how
    many files were read again."""
    connection.executescript(SCHEMA)
    files = list(seen)
    indexed = {path: (mtime, size) for path, mtime, size in connection.execute("SELECT * FROM find_files")}
    everything = repr(generation(connection)) != stored_generation(connection)
    changed = [path for path in files if everything or indexed.get(path) != seen[path]]
    gone = [path for path in indexed if path not in seen]
    if not changed and not gone:
        return 0
    rows = rows_for(connection, changed) if changed else []
    with connection:
        connection.executemany("DELETE FROM find_notes WHERE path = ?", [(path,) for path in [*changed, *gone]])
        connection.executemany("DELETE FROM find_files WHERE path = ?", [(path,) for path in gone])
        connection.executemany("INSERT INTO find_notes VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        connection.executemany(
            "INSERT OR REPLACE INTO find_files VALUES (?, ?, ?)", [(path, *seen[path]) for path in changed]
        )
        connection.execute(
            "INSERT OR REPLACE INTO find_state VALUES ('generation', ?)", (repr(generation(connection)),)
        )
    return len(changed)


def rows_for(connection: sqlite3.Connection, files: list[str]) -> list[tuple]:
    """The index rows for the papers noted in ``files``: read, resolved from the cache alone, keys issued."""
    from cite_export.export.keys import issue_keys
    from cite_export.notes import NotesError
    from cite_export.pipeline import read_and_resolve
    from cite_export.resolve import ResolveSettings

    try:
        run = read_and_resolve(files, connection, ResolveSettings(offline=True))
    except NotesError as error:
        raise SourceError(str(error)) from error
    keys = issue_keys(run.records, connection)
    rows = []
    for record in run.records:
        for path in dict.fromkeys(note.origin.path for note in record.notes):
            notes = [note for note in record.notes if note.origin.path == path]
            commentary = [line for note in notes for line in (*note.commentary, *note.english)]
            rows.append(
                (
                    keys[record.identity],
                    str(record.date.year) if record.date else "",
                    path,
                    record.title or "",
                    " ".join(person.full for person in record.authors),
                    " ".join(record.tags),
                    "\n".join(commentary),
                )
            )
    return rows


def generation(connection: sqlite3.Connection) -> list:
    state = []
    for query in SOURCES_OF_TRUTH:
        try:
            state.append(list(connection.execute(query).fetchone()))
        except sqlite3.OperationalError:  # no such table yet: nothing resolved or issued
            state.append(None)
    return state


def stored_generation(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM find_state WHERE name = 'generation'").fetchone()
    return row[0] if row else None


def paper_count(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT count(DISTINCT key) FROM find_notes").fetchone()[0]
