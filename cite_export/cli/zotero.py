"""``cite-export zotero sync|status``: push the notes into a Zotero library, or show what that would do."""

from __future__ import annotations

import functools
import os
from contextlib import closing
from typing import TYPE_CHECKING

import click

from cite_export.cli.options import cache_database, read_notes, report, resolve_options, sources_argument
from cite_export.config import Config, ConfigError
from cite_export.zotero.collections import DEFAULT_PARENT_COLLECTION
from cite_export.zotero.settings import (
    DEFAULT_ZOTERO_API,
    Library,
    ZoteroError,
    ZoteroUnreachable,
    check_api_key,
    check_endpoint,
)

if TYPE_CHECKING:
    import sqlite3

    from cite_export.model import Record
    from cite_export.zotero.sync import SyncReport, SyncSettings

# pyzotero and httpx take ~0.15 s to load: the client and the sync are imported where a zotero command runs,
# so that --help and the other commands need not pay for them.


def zotero_options(command):
    options = [
        click.option("--library-id", required=True, help="The numeric id of the Zotero user or group library."),
        click.option(
            "--library-type",
            type=click.Choice(["user", "group"]),
            default="user",
            show_default=True,
            help="A personal library or a group library.",
        ),
        click.option(
            "--zotero-api",
            envvar="CITE_EXPORT_ZOTERO_API",
            default=DEFAULT_ZOTERO_API,
            show_default=True,
            help="Zotero Web API root (https, or http on this machine only).",
        ),
        click.option(
            "--parent-collection",
            default=DEFAULT_PARENT_COLLECTION,
            show_default=True,
            help="Collection that holds one sub-collection per week (digest week or ISO week of a vault note).",
        ),
    ]
    return functools.reduce(lambda wrapped, option: option(wrapped), reversed(options), command)


@click.group()
def zotero() -> None:
    """Sync the notes into a Zotero library through the Zotero Web API.

    The API key comes from ZOTERO_API_KEY or `api_key` in the [zotero] table of
    cite-export.toml (a file only you may read). Items are matched against the
    library first, so nothing is created twice; items edited in Zotero are kept
    and reported as conflicts (--force overwrites them).
    """


@zotero.command("sync")
@sources_argument
@zotero_options
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the plan (create/update/unchanged/conflict) per entry; write nothing to Zotero. "
    "With --offline, planned from the local copy of the library, without the network.",
)
@click.option("--force", is_flag=True, help="Overwrite items and notes edited in Zotero since the last sync.")
@resolve_options
@click.pass_obj
def sync_command(config: Config, sources: tuple[str, ...], dry_run: bool, force: bool, **options) -> None:
    """Create or update one Zotero item per paper, with one child note per note about it."""
    from cite_export.zotero.sync import SyncSettings

    outcome, merged = run_sync(config, sources, options, SyncSettings(options["parent_collection"], dry_run, force))
    if dry_run:
        click.echo("\n".join(outcome.lines()))
    report(outcome.problems, outcome.summary(dry_run, merged))


@zotero.command("status")
@sources_argument
@zotero_options
@resolve_options
@click.pass_obj
def status_command(config: Config, sources: tuple[str, ...], **options) -> None:
    """Print what `zotero sync` would do, as counts; write nothing to Zotero.

    With --offline, Zotero is not asked either: the plan comes from the local copy of the library
    that the last sync read, and the summary says how old that copy is.
    """
    from cite_export.zotero.sync import SyncSettings

    outcome, merged = run_sync(config, sources, options, SyncSettings(options["parent_collection"], dry_run=True))
    report(outcome.problems, outcome.summary(dry_run=True, merged=merged))


def run_sync(config: Config, sources: tuple[str, ...], options: dict, settings: SyncSettings) -> tuple[SyncReport, int]:
    """The sync's report, and how many entries merged the notes of one paper. A plan with ``--offline``
    (``status``, ``sync --dry-run``) asks Zotero nothing: it is made from the local copy of the library."""
    from cite_export.service_budget import ServiceBudget
    from cite_export.zotero.client import ZoteroClient
    from cite_export.zotero.sync import plan_offline, sync

    offline_plan = options["offline"] and settings.dry_run
    api_key = None if offline_plan else zotero_api_key(config)
    with cache_database(options) as connection:
        run = read_notes(sources, config, connection, options)
        keys = citation_keys(run.records, connection, settings.dry_run)
        try:
            library = Library(check_endpoint(options["zotero_api"]), options["library_type"], options["library_id"])
            if api_key is None:
                outcome = plan_offline(run.records, keys, connection, library, settings)
            else:
                client = ZoteroClient(
                    options["library_id"],
                    options["library_type"],
                    api_key,
                    options["zotero_api"],
                    budget=ServiceBudget("Zotero", options["zotero_api"], options["service_timeout"], "--zotero-api"),
                )
                try:
                    with closing(client):
                        outcome = sync(run.records, keys, connection, client, settings)
                except ZoteroUnreachable as error:
                    if not settings.dry_run:
                        raise
                    # Only a plan was asked for: it goes on from the local copy of the library, as --offline would.
                    click.echo(f"warning: {error}", err=True)
                    outcome = plan_offline(run.records, keys, connection, library, settings)
        except ZoteroError as error:
            raise click.ClickException(str(error)) from None
    outcome.problems[:0] = run.problems
    return outcome, run.merged


def zotero_api_key(config: Config) -> str:
    """The key from ZOTERO_API_KEY or the config file, trimmed, and refused before any request when it
    does not have a key's shape."""
    try:
        # Asked even when the environment has a key: a config file that leaks one is refused either way.
        configured = config.secret("zotero", "api_key")
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    from_environment = os.environ.get("ZOTERO_API_KEY", "").strip()
    api_key = from_environment or str(configured or "").strip()
    if not api_key:
        raise click.UsageError("no Zotero API key: set ZOTERO_API_KEY or `api_key` in the [zotero] config table")
    try:
        return check_api_key(api_key)
    except ZoteroError as error:
        origin = "ZOTERO_API_KEY" if from_environment else f"[zotero] api_key in {config.path}"
        raise click.UsageError(f"{origin}: {error}") from None


def citation_keys(records: list[Record], connection: sqlite3.Connection, dry_run: bool) -> dict[str, str]:
    """The keys `bib` gives these records. A pinned key never changes, so a dry run pins none: it reads
    the pins from an in-memory copy of the database."""
    import sqlite3

    from cite_export.export.keys import issue_keys

    if not dry_run:
        return issue_keys(records, connection)
    with closing(sqlite3.connect(":memory:")) as copy:
        connection.backup(copy)
        return issue_keys(records, copy)
