"""Which child note of an item is which of the paper's notes: each source note has its own child note,
found again under the key we gave it, our own derived key, the same text, or (for the first note of a
library synced before papers had one note per source note) the key of that single note. Pure."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from cite_export.model import Record
from cite_export.zotero.index import LibraryIndex
from cite_export.zotero.items import note_html, object_key
from cite_export.zotero.state import SyncedEntry


def note_sources(record: Record) -> list[str]:
    """A name for each of the paper's notes: its file and its place among the paper's notes in that file,
    which edits elsewhere in the file do not move."""
    seen: Counter = Counter()
    sources = []
    for note in record.notes:
        name = PurePath(note.origin.path).name
        sources.append(f"{name}#{seen[name]}")
        seen[name] += 1
    return sources


def note_texts(record: Record) -> dict[str, str]:
    """Source note -> its child note's HTML, for the notes that have commentary. A note copied word for word
    into another file (a vault that keeps one note in two folders) is one child note, the first copy's."""
    texts: dict[str, str] = {}
    for source, note in zip(note_sources(record), record.notes, strict=True):
        html = note_html(note)
        if html and html not in texts.values():
            texts[source] = html
    return texts


def note_keys(
    record: Record, texts: dict[str, str], parent: str, index: LibraryIndex, state: SyncedEntry | None
) -> dict[str, str]:
    """The child note key of every source note: the one we wrote it under, else our own key for it, else
    an unclaimed child of the item with the same text, else (the paper's first note only) the key of the
    single note older syncs wrote; else a new key of our own."""
    first = note_sources(record)[0]
    legacy = object_key(f"{record.identity}#note")
    keys: dict[str, str] = {}

    def claim(source: str, key: str | None) -> None:
        if source not in keys and key and index.get(key) and key not in keys.values():
            keys[source] = key

    def remembered(source: str) -> str | None:
        if state is None:
            return None
        last = state.notes.get(source) or (state.legacy_note if source == first else None)
        return last.key if last else None

    for source in texts:
        claim(source, remembered(source))
    for source in texts:
        claim(source, note_key(record.identity, source))
    for source, html in texts.items():
        same = (key for key in index.children.get(parent, []) if index.objects[key].get("note") == html)
        for key in same:
            claim(source, key)
    if first in texts:
        claim(first, legacy)
    for source in texts:
        # Not in the library: where we wrote it before (deleted in Zotero, so left deleted), else our own key.
        keys.setdefault(source, remembered(source) or note_key(record.identity, source))
    return keys


def note_key(identity: str, source: str) -> str:
    return object_key(f"{identity}#note#{source}")
