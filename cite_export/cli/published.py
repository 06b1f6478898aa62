"""``--published``: the options that look up versions of record, and how a command shows what was found."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

from cite_export.endpoints import DEFAULT_CROSSREF_API, DEFAULT_DBLP_API, DEFAULT_S2_API

if TYPE_CHECKING:
    import sqlite3

    from cite_export.model import Record
    from cite_export.pipeline import Run
    from cite_export.resolve.published import PublishedReport, PublishedSettings

# The lookups are imported where --published is used, so that --help and other runs need not load them.

S2_KEY_ENV = "S2_API_KEY"


def delay_option(name: str, service: str, default: float, why: str):
    return click.option(
        f"--{name}-delay",
        envvar=f"CITE_EXPORT_{name.upper()}_DELAY",
        type=click.FloatRange(min=0),
        default=default,
        show_default=True,
        help=f"Seconds between two {service} requests ({why}).",
    )


def endpoint_option(name: str, default: str, what: str):
    return click.option(
        f"--{name}-api", envvar=f"CITE_EXPORT_{name.upper()}_API", default=default, show_default=True, help=what
    )


PUBLISHED_OPTIONS = [
    click.option(
        "--published",
        is_flag=True,
        help="Cite the version of record (conference or journal) of arXiv papers that have one: asks "
        "Semantic Scholar, DBLP and Crossref (cached; --offline uses the cache only).",
    ),
    endpoint_option(
        "s2", DEFAULT_S2_API, f"Semantic Scholar Graph API root (an optional key is read from {S2_KEY_ENV})."
    ),
    delay_option("s2", "Semantic Scholar", 1.0, "one a second, as for a key holder"),
    endpoint_option("dblp", DEFAULT_DBLP_API, "DBLP publication search URL."),
    delay_option("dblp", "DBLP", 1.0, "DBLP asks for at least 1"),
    endpoint_option("crossref", DEFAULT_CROSSREF_API, "Crossref REST API root."),
    click.option(
        "--crossref-delay",
        envvar="CITE_EXPORT_CROSSREF_DELAY",
        type=click.FloatRange(min=0),
        help="Seconds between two Crossref requests (default 0.1 with --mailto, Crossref's polite pool; else 0.2).",
    ),
    click.option(
        "--mailto",
        envvar="CITE_EXPORT_MAILTO",
        help="Your e-mail, sent to Crossref so that its polite pool serves the requests.",
    ),
]


def published_settings(options: dict[str, Any]) -> PublishedSettings | None:
    if not options.get("published"):
        return None
    from cite_export.resolve.published import PublishedSettings

    return PublishedSettings(
        offline=options["offline"],
        refresh=options["refresh"],
        s2_api=options["s2_api"],
        s2_api_key=os.environ.get(S2_KEY_ENV) or None,
        s2_delay=options["s2_delay"],
        dblp_api=options["dblp_api"],
        dblp_delay=options["dblp_delay"],
        crossref_api=options["crossref_api"],
        crossref_delay=options["crossref_delay"],
        mailto=options["mailto"] or None,
        timeout=options["arxiv_timeout"],
        service_timeout=options["service_timeout"],
    )


def add_published(run: Run, connection: sqlite3.Connection, options: dict[str, Any]) -> None:
    """With --published, set each record's version of record and keep the report on the run."""
    settings = published_settings(options)
    if settings is None:
        return
    from cite_export.resolve.published import find_published

    run.published = find_published(run.records, connection, settings)
    run.problems.extend(run.published.problems)


def decision_lines(records: list[Record], report: PublishedReport) -> list[str]:
    """Per entry: the venue found and its source, or why none was accepted."""
    lines = []
    for record in records:
        decision = report.decisions.get(record.arxiv_id or "")
        if decision is None:
            why = "not an arXiv paper" if not record.arxiv_id else "not looked up: arXiv did not confirm the id"
            lines.append(f"{record.entry.origin}  {record.arxiv_id or '-'}  {why}")
        else:
            lines.append(f"{record.entry.origin}  {record.arxiv_id}  {decision.reason}")
    return lines
