"""``cite-export bib`` (BibTeX / BibLaTeX) and ``cite-export csl`` (CSL-JSON)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from cite_export.cli.cited import cited_option, known_keys, read_cited, unknown_citations
from cite_export.cli.options import cache_database, read_notes, report, resolve_options, sources_argument
from cite_export.config import Config

# export.bibtex.Style's values, spelled out so that --help need not load the exporters (a test checks they agree).
STYLES = ("bibtex", "biblatex")

output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of stdout.",
)


@click.command()
@sources_argument
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default=STYLES[0],
    show_default=True,
    help="bibtex: @misc for natbib/plainnat and BibTeX; biblatex: @online with eprint fields, for biber.",
)
@output_option
@click.option(
    "--update",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read FILE's keys and entries first and keep them (written back to FILE unless -o says otherwise).",
)
@click.option("--force", is_flag=True, help="Rewrite our entries in the file even where you edited them.")
@click.option(
    "--rekey",
    is_flag=True,
    help="Replace the file's provisional keys (made without the paper's authors) once better ones can be made.",
)
@cited_option
@resolve_options
@click.pass_obj
def bib(
    config: Config,
    sources: tuple[str, ...],
    style: str,
    output: Path | None,
    update: Path | None,
    force: bool,
    rekey: bool,
    cited: tuple[Path, ...],
    **options,
):
    """Write BibTeX (or BibLaTeX) for the papers in the notes.

    Citation keys look like wang2023incontext and never change once issued: they are
    remembered in the cache database, and `-o FILE` on an existing file (or
    `--update FILE`) keeps the keys and the entries already in it, hand-added ones
    included, refreshing only the entries for the notes' papers. An entry of ours
    that you edited by hand is kept as you left it, with a warning (`--force`
    rewrites it); the file's line ends, BOM and everything else keep their bytes.
    A key made without the paper's authors (offline, from a bare arXiv link) is
    provisional: it is re-derived once arXiv answers, except in a file that holds it,
    which keeps it with a hint until `--rekey` (BibLaTeX then lists the old key in ids).

    \b
    Examples:
      cite-export bib notes/ > refs.bib
      cite-export bib --style biblatex -o refs.bib notes/
      cite-export bib --update paper/refs.bib notes/
      cite-export bib --cited paper.aux -o refs.bib notes/   only what paper.tex cites
    """
    from cite_export.export.bibfile import update_bib
    from cite_export.export.bibtex import Style

    target = output or update
    previous = update or (output if output and output.exists() else None)
    citations = read_cited(cited)
    with open_previous(previous) as old, cache_database(options) as connection:
        run = read_notes(sources, config, connection, options)
        wanted = citations.wants if citations else None
        merged = update_bib(
            run.records,
            connection,
            Style(style),
            old,
            str(previous or ""),
            force,
            wanted,
            rekey,
            read_back=target is not None,
            target=str(target) if target else None,
        )
        emit(merged.pieces, target)  # the entries made are kept in the database as the file is written
        merged.after_writing()
    unknown = unknown_citations(citations, merged.known)
    written = dataclasses.replace(run, records=merged.chosen, problems=[*run.problems, *merged.problems, *unknown])
    report(written.problems, written.summary())
    if unknown:
        raise SystemExit(1)


@click.command()
@sources_argument
@output_option
@cited_option
@resolve_options
@click.pass_obj
def csl(config: Config, sources: tuple[str, ...], output: Path | None, cited: tuple[Path, ...], **options):
    """Write CSL-JSON (for pandoc --citeproc, Quarto, Zotero) with the same keys as `bib`.

    \b
    Examples:
      cite-export csl -o refs.json notes/
      cite-export csl --cited paper.md -o refs.json notes/   only what paper.md cites
    """
    from cite_export.export.cslfile import csl_file
    from cite_export.export.keys import issue_keys

    citations = read_cited(cited)
    with cache_database(options) as connection:
        run = read_notes(sources, config, connection, options)
        keys = issue_keys(run.records, connection)
        chosen = [record for record in run.records if citations is None or citations.wants(keys[record.identity])]
        # Only a file that a later run writes over keeps what its items were made from (not standard output).
        emit(csl_file(chosen, keys, connection if output else None, output), output)
    # Known keys are made for suggestions only: without --cited, 100k of them would only raise the peak.
    unknown = unknown_citations(citations, known_keys(run.records, keys) if citations else [])
    written = dataclasses.replace(run, records=chosen, problems=[*run.problems, *unknown])
    report(written.problems, written.summary())
    if unknown:
        raise SystemExit(1)


@contextlib.contextmanager
def open_previous(path: Path | None) -> Iterator:
    """The file the export is merged into (None: no file), open until the new one is written; its errors, even
    while writing, are one clear message."""
    from cite_export.export.previous import BibFileError, PreviousFile, PreviousText

    try:
        with PreviousFile(path) if path else contextlib.nullcontext(PreviousText("")) as previous:
            yield previous
    except BibFileError as error:
        raise click.ClickException(str(error)) from error


def emit(text: str | Iterable[str | bytes], output: Path | None) -> None:
    """``text`` (or its pieces, written as they are made: text, or bytes in UTF-8) to ``output`` atomically, else
    to stdout."""
    if output is None:
        # Bytes, so that Korean commentary survives a terminal or pipe whose locale is not UTF-8.
        stdout = click.get_binary_stream("stdout")
        for piece in [text] if isinstance(text, str) else text:
            stdout.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
        stdout.flush()
        return
    from cite_export.files import write_atomically

    try:
        write_atomically(output, text)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error})") from error
