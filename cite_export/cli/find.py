"""``cite-export find WORDS...``: the key of "that Gaussian splatting paper"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from cite_export.config import Config

DEFAULT_SOURCE = "seeds"  # as for the other commands


@click.command()
@click.argument("words", nargs=-1)
@click.option(
    "--notes",
    "sources",
    multiple=True,
    type=click.Path(path_type=str),
    help="Notes to search (files or folders; repeatable). Default: the config's sources, else ./seeds.",
)
@click.option("--tag", help="Only papers whose notes carry this hashtag (with or without #).")
@click.option("--cite", is_flag=True, help=r"Print a ready \cite{key} for each match.")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most N matches.")
@click.option(
    "--cache-dir",
    envvar="CITE_EXPORT_CACHE_DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the local database, which holds the search index.",
)
@click.pass_obj
def find(
    config: Config,
    words: tuple[str, ...],
    sources: tuple[str, ...],
    tag: str | None,
    cite: bool,
    limit: int,
    cache_dir: Path | None,
):
    """Find papers in the notes by title, authors, tags and commentary (any language).

    Prints `key  year  title`, best match first. Every word must match, as a whole word
    or part of one (`splat` finds Splatting, `렌더링` finds 렌더링하면서). The index lives
    in the cache database and only notes changed since the last search are read again;
    papers are named as `bib` names them, from the arXiv cache and the notes alone.

    \b
    Examples:
      cite-export find gaussian splatting
      cite-export find --cite diffusion in-context
      cite-export find --tag ddpm
    """
    if not words and not tag:
        raise click.UsageError("say what to find: some WORDS, or --tag TAG")
    sources = list(sources) or config.sources or ([DEFAULT_SOURCE] if Path(DEFAULT_SOURCE).is_dir() else [])
    if not sources:
        raise click.UsageError(
            'no notes to search: name them with --notes, or as `sources = ["notes/"]` in cite-export.toml'
        )
    hits, papers, reread = run_search(cache_dir, sources, list(words), tag, limit)
    for hit in hits:
        if cite:
            click.echo(f"\\cite{{{hit.key}}}  % {hit.year} {hit.title}".rstrip())
        else:
            click.echo(f"{hit.key}  {hit.year or '----'}  {hit.title}".rstrip())
    click.echo(f"{len(hits)} match{'es' * (len(hits) != 1)} among {papers} papers; {reread} note files read", err=True)
    if not hits:
        raise SystemExit(1)


def run_search(cache_dir: Path | None, sources: list[str], words: list[str], tag: str | None, limit: int):
    """The hits, the number of papers indexed and of note files read again; the cache's troubles as warnings
    (a damaged database is rebuilt; an unwritable one is searched as a copy in memory) or one clear error."""
    from cite_export.find.files import SourceError, note_stats
    from cite_export.find.index import paper_count, refresh
    from cite_export.find.query import search
    from cite_export.store import CacheUnusable, database_path, failure_message, open_cache

    try:
        opened = open_cache(cache_dir, offline=True)  # find never asks arXiv
    except CacheUnusable as error:
        raise click.ClickException(str(error)) from None
    for warning in opened.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        reread = refresh(opened.connection, note_stats(sources))
        hits = search(opened.connection, words, tag, limit)
        papers = paper_count(opened.connection)
    except SourceError as error:
        opened.connection.close()
        raise click.ClickException(str(error)) from error
    except sqlite3.DatabaseError as error:
        opened.connection.close()
        raise click.ClickException(failure_message(database_path(cache_dir), error)) from None
    opened.close()
    return hits, papers, reread
