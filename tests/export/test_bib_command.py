"""``cite-export bib`` and ``cite-export csl`` end to end on the seed, offline."""

import json
import subprocess
import sys

from click.testing import CliRunner
from seed_records import SEEDS

from cite_export.cli import main

SUMMARY = "13 notes -> 13 entries (0 merged): 11 arXiv, 1 link-only, 1 web; 1 warning"


def invoke(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def test_bib_writes_the_seeds_13_entries_to_stdout_and_a_summary_to_stderr(tmp_path):
    result = invoke("bib", "--offline", "--cache-dir", str(tmp_path), str(SEEDS))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n@misc{") + result.stdout.startswith("@misc{") == 13
    assert "@misc{kerbl20233d," in result.stdout
    assert "archivePrefix = {arXiv}" in result.stdout
    assert result.stderr.splitlines()[-1] == SUMMARY
    assert "seeds/000_ae20b5798b0ea146.txt:15:" in result.stderr  # the link-only entry's warning, file:line


def test_bib_writes_a_file_atomically_with_the_console_script(tmp_path):
    refs = tmp_path / "refs.bib"
    done = subprocess.run(
        [sys.executable, "-m", "cite_export", "bib", "--offline", "--cache-dir", str(tmp_path / "c"), "-o", str(refs)],
        cwd=SEEDS.parent,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    text = refs.read_text(encoding="utf-8")
    assert text.startswith("@preamble{") and text.count("\n@misc{") == 13
    assert "text2image에 대한 in context learning" in text
    assert done.stderr.decode().strip().endswith(SUMMARY)
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_a_missing_source_is_a_clean_error(tmp_path):
    result = invoke("bib", "--offline", "--cache-dir", str(tmp_path), str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "nowhere: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_csl_writes_csl_json_with_the_same_keys(tmp_path):
    bib = invoke("bib", "--offline", "--cache-dir", str(tmp_path), str(SEEDS))
    result = invoke("csl", "--offline", "--cache-dir", str(tmp_path), str(SEEDS))
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == [
        line[6:-1] for line in bib.stdout.splitlines() if line.startswith("@misc{")
    ]
    assert items[0]["annote"].startswith("text2image에 대한 in context learning")
    assert items[0]["keyword"] == "few_shot, ddpm, text2img"
