"""``cite-export find``: the notes' papers searched by title, authors, tags and commentary, Korean included.

The search runs on an FTS5 index in the shared SQLite database (see ``index``), refreshed file by file, so that
a query on a vault of thousands of notes re-reads only the notes changed since the last one.
"""
