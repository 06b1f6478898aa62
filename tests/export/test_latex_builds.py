"""examples/ built from the exported .bib with pdflatex + bibtex (natbib, plainnat) and with biber (biblatex)."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_records import hostile_records
from latex_builds import biber_warnings, bibtex_warnings, build, latex_warnings, run
from latex_records import EXAMPLE_NOTES, example_records, latex_records
from seed_records import SEEDS, seed_records
from system_tools import require_tool

from cite_export.cli import main
from cite_export.export import describe
from cite_export.export.bibfile import render_bib
from cite_export.export.bibtex import Style

SEED_KEYS = 13
AUTHORLESS = 3  # examples/notes: a titled page, a repository, an untitled arXiv link


def export(folder: Path, style: Style, name: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "bib",
            "--offline",
            "--cache-dir",
            str(folder / "cache"),
            "--style",
            style.value,
            "-o",
            str(folder / name),
            str(SEEDS),
            str(EXAMPLE_NOTES),
        ],
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-paper")
    export(folder, Style.BIBTEX, "refs.bib")
    export(folder, Style.BIBLATEX, "refs-biblatex.bib")
    return folder


def test_natbib_plainnat_paper_cites_every_seed_entry_without_warnings(seed_folder):
    done = build(seed_folder, "paper-natbib", "bibtex")
    assert done.bbl.count(r"\bibitem") == SEED_KEYS + AUTHORLESS
    # Author-less entries: a short title and the year, a corporate author, never a bare arXiv id as the label.
    assert r"\bibitem[Reformer, 2024()]{openreview2024reformer}" in done.bbl
    assert r"\bibitem[{karpathy}(2024)]{karpathy2024}" in done.bbl
    assert r"\bibitem[{arXiv} preprint, June 2017()]{arxiv170603762}" in done.bbl
    assert latex_warnings(done.log) == []
    assert bibtex_warnings(done.bib_log) == []
    assert r"Leimk{\"u}hler" in done.bbl
    # plainnat lowercases titles; the braced words keep their case.
    assert "{3D} gaussian splatting" in done.bbl
    for word in ("{LLM}", "{BIg}", "{ZipIt}", "{CodeGen2}", "{LayerNorm}"):
        assert word in done.bbl


def test_biblatex_biber_paper_cites_every_seed_entry_without_warnings(seed_folder):
    done = build(seed_folder, "paper-biblatex", "biber")
    assert done.bbl.count(r"\entry{") == SEED_KEYS + AUTHORLESS
    assert latex_warnings(done.log) == []
    assert biber_warnings(done.bib_log) == []
    assert r"\field{eprinttype}{arxiv}" in done.bbl


@pytest.mark.parametrize(
    ("style", "paper", "bib_name", "bib_tool"),
    [
        (Style.BIBTEX, "paper-natbib", "refs.bib", "bibtex"),
        (Style.BIBLATEX, "paper-biblatex", "refs-biblatex.bib", "biber"),
    ],
)
def test_hostile_notes_build_cleanly(tmp_path, style, paper, bib_name, bib_tool):
    # BibLaTeX stays UTF-8: Greek or math symbols in its text need the document's own setup, not tested here.
    records = seed_records() + example_records() + hostile_records()
    records += latex_records() if style is Style.BIBTEX else []
    (tmp_path / bib_name).write_text(render_bib(records, None, style), encoding="utf-8")
    done = build(tmp_path, paper, bib_tool, extra_tex="\\nocite{*}\n")
    warnings = bibtex_warnings if bib_tool == "bibtex" else biber_warnings
    assert warnings(done.bib_log) == []
    assert latex_warnings(done.log) == []
    entries = r"\bibitem" if bib_tool == "bibtex" else r"\entry{"
    assert done.bbl.count(entries) == len(records)
    assert not (tmp_path / "rm").exists()  # \write18 printed, never run


def test_biblatex_export_holds_only_fields_of_bibers_data_model(tmp_path):
    require_tool("biber")
    records = seed_records() + example_records() + hostile_records() + latex_records()
    assert any(describe.other_links(record) for record in records)  # extra links, once an invalid 'urls' field
    (tmp_path / "refs.bib").write_text(render_bib(records, None, Style.BIBLATEX), encoding="utf-8")
    output = run(["biber", "--tool", "--validate-datamodel", "--output-file", "checked.bib", "refs.bib"], tmp_path)
    assert [line for line in output.splitlines() if "WARN" in line or "ERROR" in line] == []
