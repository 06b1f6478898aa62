"""pandoc reads every exported entry with its title, authors and date (BibTeX, BibLaTeX and CSL-JSON)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_records import hostile_records
from latex_builds import run
from seed_records import SEEDS, seed_records

from cite_export.cli import main
from cite_export.export import describe
from cite_export.export.bibfile import render_bib
from cite_export.export.bibtex import Style
from cite_export.export.csljson import csl_items, dumps
from cite_export.export.keys import issue_keys
from cite_export.model import Record


def pandoc_csl(folder: Path, name: str, reader: str) -> dict[str, dict]:
    output = run(["pandoc", "-f", reader, "-t", "csljson", name], folder)
    return {item["id"]: item for item in json.loads(output)}


def assert_complete(items: dict[str, dict], records: list[Record]) -> None:
    """Every entry has a title and a date, and authors whenever the note (or the post's handle) gives some."""
    keys = issue_keys(records, None)
    assert sorted(items) == sorted(keys.values())
    for record in records:
        item = items[keys[record.identity]]
        assert item.get("title"), record.identity
        assert item.get("issued", {}).get("date-parts"), record.identity
        if record.authors or describe.post_handle(record):
            assert item.get("author"), record.identity


@pytest.mark.parametrize(("style", "reader"), [(Style.BIBTEX, "bibtex"), (Style.BIBLATEX, "biblatex")])
def test_pandoc_reads_the_seed_export(tmp_path, style, reader):
    command = ["bib", "--offline", "--cache-dir", str(tmp_path / "cache"), "--style", style.value, str(SEEDS)]
    result = CliRunner().invoke(main, [*command, "-o", str(tmp_path / "refs.bib")])
    assert result.exit_code == 0, result.output
    items = pandoc_csl(tmp_path, "refs.bib", reader)
    assert_complete(items, seed_records())
    assert items["kerbl20233d"]["author"][2] == {"family": "Leimkühler", "given": "Thomas"}
    assert items["jefrankle2023"]["author"] == [{"literal": "@jefrankle"}]
    assert items["wang2023incontext"]["issued"] == {"date-parts": [[2023, 5]]}


@pytest.mark.parametrize(("style", "reader"), [(Style.BIBTEX, "bibtex"), (Style.BIBLATEX, "biblatex")])
def test_pandoc_reads_hostile_notes(tmp_path, style, reader):
    records = seed_records() + hostile_records()
    (tmp_path / "refs.bib").write_text(render_bib(records, None, style), encoding="utf-8")
    items = pandoc_csl(tmp_path, "refs.bib", reader)
    assert_complete(items, records)
    assert items["schmidhuber2024titel"]["author"] == [{"family": "Schmidhuber", "given": "Jürgen"}]


def test_pandoc_reads_the_csl_json_export(tmp_path):
    records = seed_records() + hostile_records()
    keys = issue_keys(records, None)
    (tmp_path / "refs.json").write_text(dumps(csl_items(records, keys)), encoding="utf-8")
    items = pandoc_csl(tmp_path, "refs.json", "csljson")
    assert_complete(items, records)
    wang = items["wang2023incontext"]
    assert (wang["type"], wang["number"], wang["DOI"]) == ("article", "arXiv:2305.01115", "10.48550/arXiv.2305.01115")
    assert items["jefrankle2023"]["type"] == "post"
