"""Search words -> an FTS5 query over the trigram index, and the rows back as hits.

The trigram tokenizer matches any run of three or more characters inside a word, whatever the script, so
``렌더링`` finds ``렌더링하면서`` and ``splat`` finds ``Splatting``; it cannot match a shorter word (two Hangul
syllables are a common word: ``학습``), so those are matched with LIKE over the same text instead.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

TRIGRAM = 3
# bm25 weights, one per column of the index: key, year, path, title, authors, tags, commentary.
WEIGHTS = (4.0, 0.0, 0.0, 10.0, 5.0, 3.0, 1.0)
SEARCHED_TEXT = "(key || ' ' || title || ' ' || authors || ' ' || tags || ' ' || commentary)"


@dataclass(frozen=True)
class Hit:
    key: str
    year: str
    title: str


def search(connection: sqlite3.Connection, words: list[str], tag: str | None, limit: int) -> list[Hit]:
    """The papers whose notes hold every word (and carry ``tag``), best first."""
    long_words = [word for word in words if len(word) >= TRIGRAM]
    conditions, parameters = [], []
    if long_words:
        conditions.append("find_notes MATCH ?")
        parameters.append(" AND ".join('"' + word.replace('"', '""') + '"' for word in long_words))
    for word in words:
        if len(word) < TRIGRAM:
            conditions.append(f"{SEARCHED_TEXT} LIKE ? ESCAPE '\\'")
            parameters.append("%" + like_escaped(word) + "%")
    if tag:
        conditions.append("instr(' ' || lower(tags) || ' ', ?) > 0")
        parameters.append(f" {tag.removeprefix('#').lower()} ")
    order = "year DESC, key"
    if long_words:
        order = f"bm25(find_notes, {', '.join(map(str, WEIGHTS))}), {order}"
    rows = connection.execute(
        f"SELECT key, year, title FROM find_notes WHERE {' AND '.join(conditions) or '1'} ORDER BY {order}",
        parameters,
    )
    hits: dict[str, Hit] = {}  # a paper with several notes counts once, at its best note
    for key, year, title in rows:
        hits.setdefault(key, Hit(key, year, title))
        if len(hits) == limit:
            break
    return list(hits.values())


def like_escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
