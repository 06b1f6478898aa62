"""A CSL-JSON file written again: an item that the file holds as this command wrote it is not made again while
what it is made from is unchanged (made.py, as for the entries of a .bib). Making an item and encoding it costs
~60 µs of CPU; the digest of what it is made from ~13 µs, and reading its line back and hashing it ~5 µs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cite_export.export import ledger
from cite_export.export.csljson import array_chunks, csl_item, item_utf8
from cite_export.export.made import MadeEntries, inputs_digest
from cite_export.model import Record

STYLE = "csl"  # what the database keeps the items made under, beside the .bib's styles
# The file's first line (csljson.array_chunks), and how an item's line starts (csl_item's first field): its key
# follows, up to a quote.
ARRAY_START = b"["
ITEM_START = b'{"id": "'


def csl_file(
    records: list[Record], keys: dict[str, str], connection: sqlite3.Connection | None, previous: Path | None
) -> Iterator[bytes]:
    """The CSL-JSON array of the records' items (as csljson.json_chunks makes it), in pieces. The items ``previous``
    (the file being written over) holds as they were made are written as they stand; with a ``connection``, what
    each item is made from is kept for the next run to do the same."""
    made = MadeEntries(connection, STYLE, [record.identity for record in records])
    with PreviousItems(previous) as items:
        yield from array_chunks(item_texts(records, keys, made, items))
    made.keep()


def item_texts(records: list[Record], keys: dict[str, str], made: MadeEntries, items: PreviousItems) -> Iterator[bytes]:
    """Each record's item in UTF-8: the line of ``items`` that holds it as made before, else made now."""
    for record in records:
        identity, key = record.identity, keys[record.identity]
        inputs = inputs_digest(record, key, STYLE, ()) if made.kept else None
        if inputs:
            old = items.line(key)
            # Hashed as the ledger hashes a text (JSON holds no line end): written as read, never decoded.
            if old is not None and made.as_written(identity, inputs, ledger.digest_utf8(old)):
                yield old
                continue
        item = item_utf8(csl_item(record, key))
        if inputs:
            made.add(identity, inputs, ledger.digest_utf8(item))
        yield item


class PreviousItems:
    """The items of a CSL-JSON file by key: where each one's line is, its bytes read only when asked for (a file of
    100k items, ~150 MB, is never held). A line not of an item as written here is no item."""

    def __init__(self, path: Path | None) -> None:
        self.handle: BinaryIO | None = None
        self.starts: dict[str, int] = {}  # key -> where the line of its item starts
        if path is None or not path.is_file():  # a pipe or device would be read until it ends, if ever
            return
        try:
            self.handle = open(path, "rb")  # noqa: SIM115 -- closed by __exit__, once the new file is written
        except OSError:  # none yet, or unreadable: every item is made
            return
        # Read up to the end of such a line at most: another tool's file may be a single line of any length.
        opening = self.handle.readline(len(ARRAY_START) + 2)
        if opening.rstrip(b"\r\n") != ARRAY_START:  # not an array of an item per line, as written here
            return
        offset = len(opening)
        for line in self.handle:
            if line.startswith(ITEM_START):
                end = line.find(b'"', len(ITEM_START))
                key = line[len(ITEM_START) : end]
                if end > 0 and b"\\" not in key and key.isascii():
                    self.starts[key.decode("ascii")] = offset
            offset += len(line)

    def line(self, key: str) -> bytes | None:
        """The bytes of the item for ``key``, without the line's comma and line end; None if there is none."""
        start = self.starts.get(key)
        if start is None or self.handle is None:
            return None
        # Items are mostly asked for in the file's order: the next one is then in what was read ahead already.
        self.handle.seek(start)
        return self.handle.readline().rstrip(b"\r\n").removesuffix(b",")

    def __enter__(self) -> PreviousItems:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.handle is not None:
            self.handle.close()
