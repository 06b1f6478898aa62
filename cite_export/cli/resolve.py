"""``cite-export resolve``: how each note's paper was found on arXiv, as a table."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING

import click

from cite_export.cli.options import cache_database, read_notes, report, resolve_options, sources_argument
from cite_export.cli.published import decision_lines

if TYPE_CHECKING:
    from cite_export.model import Record

TITLE_WIDTH = 48
HEADER = ("entry", "id", "resolved", "problems")


@click.command()
@sources_argument
@resolve_options
@click.option(
    "--strict", is_flag=True, help="Exit with status 1 when an entry that should be on arXiv could not be resolved."
)
@click.pass_obj
def resolve(config, sources: tuple[str, ...], strict: bool, **options) -> None:
    """Look the notes' papers up on arXiv and print, per entry, how each was resolved.

    \b
    Columns: the entry (file:line and title), the arXiv id, how it was resolved
    (arXiv, cache, title search, note only) and its problems. With --published, a
    second list gives per entry the venue found and its source, or why none was accepted.
    """
    with cache_database(options) as connection:
        run = read_notes(sources, config, connection, options)
    resolved = run.resolved
    # Bytes, so that Korean or accented titles survive a terminal or pipe whose locale is not UTF-8.
    stdout = click.get_binary_stream("stdout")
    for line in table(resolved.records, resolved.details):
        stdout.write(f"{line}\n".encode())
    if run.published:
        lines = decision_lines(resolved.records, run.published)
        stdout.write(("\nversion of record (--published):\n" + "\n".join(lines) + "\n").encode())
    stdout.flush()
    unresolved = len(resolved.unresolved)
    report(run.problems, f"{run.summary()}; {unresolved} unresolved; {resolved.requests} arXiv requests")
    if strict and unresolved:
        sys.exit(1)


def table(records: list[Record], details: list[str]) -> Iterator[str]:
    """The table's lines, header first; the first three columns as wide as their widest cell.

    The rows are made twice, to measure them and to write them, rather than held all at once (a row per note).
    """
    widths = [len(cell) for cell in HEADER[:3]]
    for cells in rows(records, details):
        widths = [max(width, len(cell)) for width, cell in zip(widths, cells, strict=False)]
    for number, cells in enumerate(chain([HEADER], rows(records, details))):
        line = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)) + "  " + cells[3]
        yield line.rstrip() if number == len(records) else line  # no blanks at the end of the table


def rows(records: list[Record], details: list[str]) -> Iterator[tuple[str, str, str, str]]:
    for record, detail in zip(records, details, strict=True):
        title = record.title or (record.entry.links[0] if record.entry.links else "")
        if len(title) > TITLE_WIDTH:
            title = title[: TITLE_WIDTH - 1] + "…"
        problems = "; ".join(problem.message for problem in record.problems)
        yield (f"{record.entry.origin}  {title}", record.arxiv_id or "-", detail, problems or "-")
