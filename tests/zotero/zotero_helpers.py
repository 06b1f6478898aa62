"""Running ``cite-export zotero`` against the local servers, and reading back the library it wrote."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from cite_export.cli import main

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_ae20b5798b0ea146.txt"
API_KEY = "Zk3yThatMustNeverBePrntd"
USER_ID = 4242
# An arXiv that refuses at once: the run is online (for Zotero) and resolves from the notes.
CLOSED_ARXIV = "http://127.0.0.1:9/api/query"


def run_cli(
    zotero_url: str,
    cache_dir: Path,
    *arguments: str,
    arxiv_url: str | None = None,
    key: str = API_KEY,
    source: Path = SEED,
) -> Result:
    """``cite-export zotero <arguments>`` on the seed (or ``source``), offline unless an arXiv server is given."""
    arxiv = ["--arxiv-api", arxiv_url, "--arxiv-delay", "0"] if arxiv_url else ["--offline"]
    env = {"ZOTERO_API_KEY": key, "CITE_EXPORT_ZOTERO_API": zotero_url, "CITE_EXPORT_CACHE_DIR": str(cache_dir)}
    command, *rest = arguments
    has_library = any(argument == "--library-id" for argument in rest)
    library = [] if has_library else ["--library-id", str(USER_ID)]
    return CliRunner().invoke(main, ["zotero", command, *library, *arxiv, *rest, str(source)], env=env)


def top_items(library) -> list[dict]:
    return [data for data in library.items.values() if data["itemType"] != "note"]


def notes(library) -> list[dict]:
    return [data for data in library.items.values() if data["itemType"] == "note"]
