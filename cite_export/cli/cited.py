"""``bib --cited FILE...``: the keys a document cites, and the unknown ones reported with suggestions."""

from __future__ import annotations

from pathlib import Path

import click

from cite_export.model import Problem

SUGGESTED_AT_MOST = 30

cited_option = click.option(
    "--cited",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Only the entries FILE cites (.aux, .bcf, .tex or pandoc Markdown; repeatable). "
    "An unknown key is reported with suggestions and makes the exit code 1.",
)


def read_cited(paths: tuple[Path, ...]):
    """The citations in ``paths``, or None when none were given (export everything)."""
    if not paths:
        return None
    from cite_export.cited import CitedError, read_citations

    try:
        return read_citations(list(paths))
    except CitedError as error:
        raise click.ClickException(str(error)) from error


def unknown_citations(citations, known) -> list[Problem]:
    """A warning, with the nearest keys, for each cited key that neither a note nor the file has."""
    if citations is None:
        return []
    from cite_export.cited.suggest import unknown_message

    keys = {entry.key for entry in known}
    unknown = [(key, origin) for key, origin in citations.keys.items() if key not in keys]
    # Past a few dozen unknown keys the document is likely read against the wrong notes: suggestions would cost
    # time and say nothing.
    return [
        Problem(origin, unknown_message(key, known if index < SUGGESTED_AT_MOST else []))
        for index, (key, origin) in enumerate(unknown)
    ]


def known_keys(records, keys: dict[str, str]) -> list:
    """What a cited key is checked against when there is no .bib file: the records' keys."""
    from cite_export.cited.suggest import Known

    return [Known.of_record(keys[record.identity], record) for record in records]
