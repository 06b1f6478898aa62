"""The network clients load only in the code paths that use them, so that --help and offline runs start fast."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cite_export.cli.bib import STYLES
from cite_export.export.bibtex import Style

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["arxiv", "requests", "pyzotero", "httpx2", "bibtexparser", "tqdm", "charset_normalizer", "rapidfuzz"]
REPORT_LOADED = f"import sys, json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"


def loaded_after(code: str, cwd: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{REPORT_LOADED}"],
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


def test_the_cli_offers_exactly_the_exporters_styles():
    assert list(STYLES) == [style.value for style in Style]
