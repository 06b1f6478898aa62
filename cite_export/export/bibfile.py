"""A whole .bib file: keys issued, entries written, merged into the file's previous text if there is one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from cite_export.cited.suggest import Known
from cite_export.export.bibpapers import papers_in_file
from cite_export.export.bibreader import Block, read_blocks
from cite_export.export.bibtex import Style, bibliography, with_preamble
from cite_export.export.keys import issue_keys
from cite_export.export.merge import Merged, existing_keys, merge
from cite_export.export.provisional import IssuedKeys
from cite_export.model import Problem, Record


class BibFileError(Exception):
    pass


def read_bib_file(path: Path) -> str:
    """The file's text exactly: BOM and CRLF line ends kept, so that writing it back changes no byte of them."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BibFileError(f"{path}: cannot read the existing file ({error.strerror or error})") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Rewriting a file in another encoding would change bytes we do not own: refuse, and say where.
        line = data.count(b"\n", 0, error.start) + 1
        raise BibFileError(
            f"{path}:{line}: byte {error.start} is not UTF-8; cite-export edits UTF-8 .bib files only "
            "(convert it, e.g. with iconv -f latin1 -t utf-8)"
        ) from error


def update_bib(
    records: list[Record],
    connection: sqlite3.Connection | None,
    style: Style,
    previous: str = "",
    source: str = "",
    force: bool = False,
    wanted: Callable[[str], bool] | None = None,
    rekey: bool = False,
) -> Merged:
    """The .bib text for ``records``, merged into ``previous`` (the text of the file ``source``), with warnings
    for the entries kept as they are; ``force`` rewrites the user's edits of our entries too.

    With ``wanted``, only the records whose key it accepts are written (keys are issued to all, so that a
    paper's key does not depend on which papers a document cites), and ``Merged.known`` lists every key, for
    suggestions to a document that cites an unknown one.
    ``rekey`` replaces the provisional keys the file holds where a better one exists (else a hint says so)."""
    blocks = read_blocks(previous)
    papers = papers_in_file(blocks, records, connection)
    keys = issue_keys(records, connection, existing_keys(blocks, papers), rekey)
    chosen = [record for record in records if wanted is None or wanted(keys[record.identity])]
    merged = merge(source, previous, blocks, bibliography(chosen, keys, style), papers, force)
    merged.chosen = chosen
    if wanted is not None:
        merged.known = [Known.of_record(keys[record.identity], record) for record in records] + known_in_file(blocks)
    merged.pieces = with_preamble(merged.pieces, style, edited=bool(previous.strip()))
    merged.problems += provisional_hints(records, keys, source, style)
    return merged


def known_in_file(blocks: list[Block]) -> list[Known]:
    fields = ("title", "author", "year")
    return [Known(block.key, *(block.fields.get(name, "") for name in fields)) for block in blocks if block.key]


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
