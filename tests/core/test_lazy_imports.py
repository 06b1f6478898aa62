"""The network clients, the parsers and pylatexenc load only in the code paths that use them, so that --help and
offline runs start fast."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cite_export.cli.bib import STYLES
from cite_export.export.bibtex import Style

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["arxiv", "requests", "pyzotero", "httpx2", "bibtexparser", "tqdm", "charset_normalizer", "rapidfuzz"]


def loaded_after(code: str, cwd: Path, modules: list[str] = HEAVY) -> list[str]:
    """Which of ``modules`` a new interpreter has loaded once it has run ``code``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    report = f"import sys, json; print(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_cli_loads_no_network_client_or_parser(tmp_path):
    assert loaded_after("import cite_export.cli", tmp_path) == []


def test_an_offline_bib_run_loads_no_network_client_or_parser(tmp_path):
    run_bib = (
        "from cite_export.cli import main\n"
        f"main(['bib', '--offline', '--cache-dir', {str(tmp_path)!r}, '-o', 'refs.bib', {str(ROOT / 'seeds')!r}],"
        " standalone_mode=False)"
    )
    assert loaded_after(run_bib, tmp_path) == []
    assert (tmp_path / "refs.bib").read_text(encoding="utf-8").count("@misc{") == 13


def bib_run(notes: Path, cache: Path) -> str:
    return (
        "from cite_export.cli import main\n"
        f"main(['bib', '--offline', '--cache-dir', {str(cache)!r}, {str(notes)!r}], standalone_mode=False)"
    )


def test_latex_spellings_load_only_for_a_character_that_needs_one(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    plain = "https://arxiv.org/abs/2305.01115\n\nA Plain Title, $5 Each (Jane Doe, 김 철수)\n\n한국어 요약. #llm\n"
    (notes / "230501 Plain.md").write_text(plain, encoding="utf-8")
    assert loaded_after(bib_run(notes, tmp_path), tmp_path, ["pylatexenc"]) == []

    accented = "https://arxiv.org/abs/2308.04079\n\n3D Gaussian Splatting (Thomas Leimkühler)\n"
    (notes / "230502 Accented.md").write_text(accented, encoding="utf-8")
    assert loaded_after(bib_run(notes, tmp_path), tmp_path, ["pylatexenc"]) == ["pylatexenc"]


def test_the_cli_offers_exactly_the_exporters_styles():
    assert list(STYLES) == [style.value for style in Style]
