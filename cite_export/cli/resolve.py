"""``cite-export resolve``: how each note's paper was found on arXiv, as a table."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from cite_export.cli.options import cache_database, read_notes, report, resolve_options, sources_argument
from cite_export.cli.published import decision_lines

if TYPE_CHECKING:
    from cite_export.model import Record

TITLE_WIDTH = 48


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
    text = table(resolved.records, resolved.details) + "\n"
    if run.published:
        lines = decision_lines(resolved.records, run.published)
        text += "\nversion of record (--published):\n" + "\n".join(lines) + "\n"
    stdout.write(text.encode("utf-8"))
    stdout.flush()
    unresolved = len(resolved.unresolved)
    report(run.problems, f"{run.summary()}; {unresolved} unresolved; {resolved.requests} arXiv requests")
    if strict and unresolved:
        sys.exit(1)


def table(records: list[Record], details: list[str]) -> str:
    rows = [("entry", "id", "resolved", "problems")]
    for record, detail in zip(records, details, strict=True):
        title = record.title or (record.entry.links[0] if record.entry.links else "")
        if len(title) > TITLE_WIDTH:
            title = title[: TITLE_WIDTH - 1] + "…"
        problems = "; ".join(problem.message for problem in record.problems)
        rows.append((f"{record.entry.origin}  {title}", record.arxiv_id or "-", detail, problems or "-"))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    ).rstrip()
