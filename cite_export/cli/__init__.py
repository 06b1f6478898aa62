"""The ``cite-export`` command line: a thin layer over the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from cite_export import __version__
from cite_export.cli.bib import bib, csl
from cite_export.cli.find import find
from cite_export.cli.resolve import resolve
from cite_export.cli.zotero import zotero
from cite_export.config import TOP_LEVEL, ConfigError, check_keys, load_config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cite-export")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: ./cite-export.toml, then the user config folder).",
)
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """Turn paper-reading notes into citations.

    Reads weekly digests and vault notes (one Markdown file per paper: a link, a
    `Title (Authors)` line, commentary and #hashtags), looks the papers up on arXiv
    (cached locally; --offline uses the notes alone), and exports BibTeX, BibLaTeX or
    CSL-JSON, or syncs them into a Zotero library.

    \b
    Examples:
      cite-export bib notes/ > refs.bib        BibTeX for every note in notes/
      cite-export bib --update refs.bib notes/ add new papers, keep issued keys
      cite-export bib --cited paper.aux -o refs.bib notes/  only what paper.tex cites
      cite-export find gaussian splatting      the key of "that Gaussian splatting paper"
      cite-export resolve notes/               how each note resolved on arXiv
      cite-export zotero sync notes/           push the notes into Zotero

    With no SOURCES, the `sources` of cite-export.toml are read, else ./seeds.
    """
    try:
        config = load_config(config_path)
        check_keys(config, config_schema())
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    ctx.obj = config
    ctx.default_map = config_defaults(config.values)


def config_schema() -> dict[str, set[str]]:
    """The keys cite-export.toml may hold: in each table the options of its commands, at the top level any
    option of bib, csl and resolve (zotero's own options belong in [zotero])."""
    tables = {"bib": bib, "csl": csl, "resolve": resolve, "zotero": zotero}
    keys = {name: option_names(command) for name, command in tables.items()}
    keys["zotero"].add("api_key")
    keys["find"] = {"cache_dir"}  # the only option config_defaults hands to find
    return {TOP_LEVEL: {"sources", *keys["bib"], *keys["csl"], *keys["resolve"]}, **keys}


def option_names(command: click.Command) -> set[str]:
    if isinstance(command, click.Group):
        return set().union(*map(option_names, command.commands.values()))
    return {param.name for param in command.params if isinstance(param, click.Option) and param.name}


def config_defaults(values: dict) -> dict:
    """Config-file values as click defaults: top-level keys apply to every command, tables to one."""
    shared = {key: value for key, value in values.items() if not isinstance(value, dict) and key != "sources"}
    tables = {key: value for key, value in values.items() if isinstance(value, dict)}
    zotero_table = {key: value for key, value in tables.get("zotero", {}).items() if key != "api_key"}
    zotero_defaults = {**shared, **zotero_table}
    return {
        "bib": {**shared, **tables.get("bib", {})},
        "csl": {**shared, **tables.get("csl", {})},
        "resolve": {**shared, **tables.get("resolve", {})},
        "find": {key: value for key, value in {**shared, **tables.get("find", {})}.items() if key == "cache_dir"},
        "zotero": {"sync": zotero_defaults, "status": zotero_defaults},
    }


main.add_command(bib)
main.add_command(csl)
main.add_command(resolve)
main.add_command(zotero)
main.add_command(find)
