"""A whole .bib file: keys issued, entries written, merged into the file's previous text if there is one."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator

from cite_export.export import ledger
from cite_export.export.bibpapers import FIELDS_READ, EntryPapers
from cite_export.export.bibtex import Style, could_hold_mark, entry, with_preamble
from cite_export.export.keys import issue_keys
from cite_export.export.made import MadeEntries, inputs_digest
from cite_export.export.merge import Merged, existing_keys, merge
from cite_export.export.oldfile import FileReading
from cite_export.export.previous import PreviousFile, PreviousText
from cite_export.export.provisional import IssuedKeys
from cite_export.export.recorded import keep, recalled
from cite_export.export.recorder import Recorder
from cite_export.model import Problem, Record

# The fields of the file's entries that are read: which paper an entry is for, and (with --cited) what
# suggests its key for a mistyped one.
SUGGESTION_FIELDS = ("title", "author", "year")


def update_bib(
    records: list[Record],
    connection: sqlite3.Connection | None,
    style: Style,
    previous: PreviousFile | str = "",
    source: str = "",
    force: bool = False,
    wanted: Callable[[str], bool] | None = None,
    rekey: bool = False,
    read_back: bool = True,
    target: str | None = None,
) -> Merged:
    """The .bib text for ``records``, merged into ``previous`` (the file ``source``, or its text), with warnings
    for the entries kept as they are; ``force`` rewrites the user's edits of our entries too.

    With ``wanted``, only the records whose key it accepts are written (keys are issued to all, so that a
    paper's key does not depend on which papers a document cites), and ``Merged.known`` lists every key, for
    suggestions to a document that cites an unknown one.
    ``rekey`` replaces the provisional keys the file holds where a better one exists (else a hint says so).
    ``read_back``: the text goes to a file that a later run reads back (-o, --update), so the database keeps what
    each entry was made from, for that run to write it again as it stands (made.py); not for standard output.
    ``target``: the file the text is written to, whose reading the database keeps (see recorded.py).

    Keys are issued now; the entries are made as ``Merged.pieces`` is written, and the file's own text is read
    again then (see previous.py): only its blocks' places are held meanwhile, and it is never held whole."""
    previous = PreviousText(previous) if isinstance(previous, str) else previous
    kept_fields = FIELDS_READ if wanted is None else {*FIELDS_READ, *SUGGESTION_FIELDS}
    reading = FileReading(source, keep_fields=wanted is not None)
    recallable = connection and isinstance(previous, PreviousFile) and not reading.keep_fields
    recording = recalled(connection, previous) if recallable else None
    if recording:
        reading.recall(recording, previous.tail(recording.ledger_bytes), EntryPapers(records, connection))
    else:
        reading.read(previous.pieces(), kept_fields, EntryPapers(records, connection))
    blocks, papers = reading.blocks, reading.papers
    keys = issue_keys(records, connection, existing_keys(blocks.keys, papers), rekey)
    chosen = [record for record in records if wanted is None or wanted(keys[record.identity])]
    entries = {record.identity: record for record in chosen}

    made = MadeEntries(connection if read_back else None, style, [paper for paper in papers if paper])

    def render(identity: str, written: int | None) -> tuple[str, str | None, int]:
        # The key as issued, not cut again from the entry's text: the ledger holds one per entry (100k at once).
        key, record, replaced = keys[identity], entries[identity], keys.replaced.get(identity, [])
        inputs = inputs_digest(record, key, style, replaced) if made.kept else None
        if inputs and written is not None and made.as_written(identity, inputs, written):
            return key, None, written
        text = entry(record, key, style, replaced)
        text_hash = ledger.digest(text.rstrip("\n"))
        if inputs and "\r" not in text:  # so that the file's text, its line ends made LF, is this text
            made.add(identity, inputs, text_hash)
        return key, text, text_hash

    merged = Merged([], chosen=chosen, hints=provisional_hints(records, keys, source, style))
    recorder = Recorder(reading) if connection and target else None
    texts = recorder.watching(previous.texts(blocks.ends)) if recorder else previous.texts(blocks.ends)
    pieces = merge(reading.old_file(), blocks, texts, entries, render, papers, force, merged.edits)
    pieces = kept_after(pieces, made)
    if reading.edited:
        needed = not reading.marked
    else:
        needed = bool(entries) and not any(
            could_hold_mark(record, keys[identity], keys.replaced.get(identity, []))
            for identity, record in entries.items()
        )
    merged.pieces = with_preamble(pieces, style, reading.edited, needed)
    if recorder:
        merged.pieces = recorder.written(merged.pieces)
        path = os.path.abspath(target)
        merged.after_writing = lambda: keep(connection, path, recorder.finished(), recorder.digest.digest())
    if wanted is not None:
        from cite_export.cited.suggest import Known  # with --cited only: the citations package loads then

        in_file = [
            Known(block.key, *(block.fields.get(name, "") for name in SUGGESTION_FIELDS))
            for block in blocks
            if block.key
        ]
        merged.known = [Known.of_record(keys[record.identity], record) for record in records] + in_file
    return merged


def kept_after(pieces: Iterator[str], made: MadeEntries) -> Iterator[str]:
    """``pieces``, then the entries made kept in the database."""
    yield from pieces
    made.keep()


def provisional_hints(records: list[Record], keys: IssuedKeys, source: str, style: Style) -> list[Problem]:
    alias = ", keeping the old one in ids" if style is Style.BIBLATEX else ""
    return [
        Problem(
            record.entry.origin,
            f"{keys.kept[record.identity][0]} in {source or 'the file'} is a provisional key (made without the"
            f" paper's authors); kept, since a document may cite it. --rekey replaces it with"
            f" {keys.kept[record.identity][1]}{alias}",
        )
        for record in records
        if record.identity in keys.kept
    ]


def render_bib(records: list[Record], connection: sqlite3.Connection | None, style: Style, previous: str = "") -> str:
    """The .bib text for ``records``; ``previous`` (the file's current text) keeps its keys and other entries."""
    return update_bib(records, connection, style, previous).text
