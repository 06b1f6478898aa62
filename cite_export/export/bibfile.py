"""A whole .bib file: keys issued, entries written, merged into the file's previous text if there is one."""

from __future__ import annotations

import sqlite3

from cite_export.export.bibtex import Style, bibliography
from cite_export.export.keys import issue_keys
from cite_export.export.merge import existing_keys, merge, our_identities, read_blocks
from cite_export.model import Record


def render_bib(records: list[Record], connection: sqlite3.Connection | None, style: Style, previous: str = "") -> str:
    """The .bib text for ``records``; ``previous`` (the file's current text) keeps its keys and other entries."""
    blocks = read_blocks(previous)
    ours = our_identities(records)
    keys = issue_keys(records, connection, existing_keys(blocks, ours))
    return merge(blocks, bibliography(records, keys, style), ours)
