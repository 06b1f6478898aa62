"""Options shared by the commands that read notes and resolve them.

The pipeline is imported where a command runs, not here, so that ``--help`` and ``--version`` start fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cite_export.cli.published import PUBLISHED_OPTIONS, add_published
from cite_export.config import Config
from cite_export.endpoints import DEFAULT_ARXIV_API
from cite_export.service_budget import DEFAULT_SERVICE_TIMEOUT, SERVICE_TIMEOUT_ENV, SERVICE_TIMEOUT_OPTION

if TYPE_CHECKING:
    import sqlite3

    from cite_export.model import Problem
    from cite_export.pipeline import Run
    from cite_export.resolve import ResolveSettings

DEFAULT_SOURCE = "seeds"


def sources_argument(command):
    return click.argument("sources", nargs=-1, type=click.Path(allow_dash=True, path_type=str))(command)


def resolve_options(command):
    """``--offline``, ``--refresh``, ``--cache-dir``, the arXiv endpoint options, ``--published`` and its sources'."""
    options = [
        click.option("--offline", is_flag=True, help="Ask arXiv nothing: use the cache and the notes' own text."),
        click.option("--refresh", is_flag=True, help="Fetch again from arXiv even what is cached."),
        click.option(
            "--cache-dir",
            envvar="CITE_EXPORT_CACHE_DIR",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder of the local database (arXiv cache, citation keys, notes already read, Zotero state).",
        ),
        click.option(
            "--arxiv-api",
            envvar="CITE_EXPORT_ARXIV_API",
            default=DEFAULT_ARXIV_API,
            show_default=True,
            help="arXiv API query URL.",
        ),
        click.option(
            "--arxiv-delay",
            envvar="CITE_EXPORT_ARXIV_DELAY",
            type=click.FloatRange(min=0),
            default=3.0,
            show_default=True,
            help="Seconds between two arXiv requests (arXiv asks for 3).",
        ),
        click.option(
            "--arxiv-timeout",
            envvar="CITE_EXPORT_ARXIV_TIMEOUT",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="Seconds to wait for arXiv to connect or answer before retrying.",
        ),
        click.option(
            SERVICE_TIMEOUT_OPTION,
            envvar=SERVICE_TIMEOUT_ENV,
            type=click.FloatRange(min=0),
            default=DEFAULT_SERVICE_TIMEOUT,
            show_default=True,
            help="Seconds a run may lose, in all, to one unresponsive service (arXiv, Zotero, ...) "
            "before it goes on without it.",
        ),
        *PUBLISHED_OPTIONS,
    ]
    return functools.reduce(lambda wrapped, option: option(wrapped), reversed(options), command)


def resolve_settings(options: dict[str, Any], progress: bool) -> ResolveSettings:
    from cite_export.resolve import ResolveSettings

    return ResolveSettings(
        offline=options["offline"],
        refresh=options["refresh"],
        api_url=options["arxiv_api"],
        delay=options["arxiv_delay"],
        timeout=options["arxiv_timeout"],
        service_timeout=options["service_timeout"],
        progress=progress,
    )


@contextmanager
def cache_database(options: dict[str, Any]) -> Iterator[sqlite3.Connection]:
    """The command's database, its repair warnings printed; its failures (even mid-run) one clear error."""
    import sqlite3

    from cite_export.store import CacheUnusable, database_path, failure_message, open_cache

    try:
        opened = open_cache(options["cache_dir"], offline=options["offline"])
    except CacheUnusable as error:
        raise click.ClickException(str(error)) from None
    for warning in opened.warnings:
        click.echo(f"warning: {warning}", err=True)
    path = database_path(options["cache_dir"])
    try:
        yield opened.connection
    except sqlite3.DatabaseError as error:
        opened.connection.close()
        raise click.ClickException(failure_message(path, error)) from None
    opened.close()


def pick_sources(sources: tuple[str, ...], config: Config) -> list[str]:
    """The sources given, else those of the config file, else ``./seeds``."""
    if sources:
        return list(sources)
    if config.sources:
        return config.sources
    if Path(DEFAULT_SOURCE).is_dir():
        return [DEFAULT_SOURCE]
    raise click.UsageError(
        "no notes to read: name files or folders (e.g. `cite-export bib notes/`), use `-` for stdin, "
        'or list them as `sources = ["notes/"]` in cite-export.toml'
    )


def read_notes(sources: tuple[str, ...], config: Config, connection: sqlite3.Connection, options: dict) -> Run:
    """Read and resolve the notes the command was given, with the command's resolve options."""
    from cite_export.notes import NotesError
    from cite_export.pipeline import read_and_resolve

    settings = resolve_settings(options, progress=sys.stderr.isatty())
    try:
        run = read_and_resolve(pick_sources(sources, config), connection, settings)
    except NotesError as error:
        raise click.ClickException(str(error)) from error
    add_published(run, connection, options)
    return run


def report(problems: list[Problem], summary: str) -> None:
    """Warnings, one per line, then the one-line summary, all on stderr in one write (4,000 fuzzed notes warn
    8,000 times, and a write of its own flushed each)."""
    click.echo("".join(f"warning: {problem}\n" for problem in problems) + summary, err=True)
