"""Which notes a command reads when none are named, and how it fails when there are none."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from cite_export.cli import main

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_ae20b5798b0ea146.txt"
ONE_NOTE = "https://arxiv.org/abs/1706.03762\nAttention Is All You Need (Ashish Vaswani, Noam Shazeer)\n#transformer\n"


def bib(folder: Path, *arguments: str):
    with CliRunner().isolated_filesystem(temp_dir=folder):
        return CliRunner().invoke(main, ["bib", "--offline", "--cache-dir", str(folder / "cache"), *arguments])


def test_without_sources_the_config_files_sources_are_read_relative_to_it(tmp_path, monkeypatch):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "170612 Transformer.md").write_text(ONE_NOTE, encoding="utf-8")
    (tmp_path / "cite-export.toml").write_text('sources = ["notes"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["bib", "--offline", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "@misc{vaswani2017attention," in result.stdout
    assert result.stderr.splitlines()[-1] == "1 note -> 1 entry (0 merged): 1 arXiv; 0 warnings"


def test_config_file_options_are_defaults_that_the_command_line_overrides(tmp_path, monkeypatch):
    (tmp_path / "digest.txt").write_text(ONE_NOTE, encoding="utf-8")
    (tmp_path / "cite-export.toml").write_text(
        f'sources = ["digest.txt"]\noffline = true\ncache_dir = "{tmp_path / "cache"}"\n[bib]\nstyle = "biblatex"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    configured = CliRunner().invoke(main, ["bib"])
    assert configured.exit_code == 0, configured.output
    assert configured.stdout.startswith("@online{vaswani2017attention,")
    assert (tmp_path / "cache" / "cite-export.sqlite3").exists()
    overridden = CliRunner().invoke(main, ["bib", "--style", "bibtex"])
    assert overridden.stdout.startswith("@preamble{") and "\n@misc{vaswani2017attention," in overridden.stdout


def test_without_sources_or_config_the_seeds_folder_is_read(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["bib", "--offline", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("13 notes -> 13 entries (0 merged):")


def test_with_nothing_to_read_the_error_says_how_to_pass_notes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["bib", "--offline", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 2
    assert "no notes to read" in result.stderr and "cite-export.toml" in result.stderr


def test_a_broken_config_file_is_an_error_naming_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "cite-export.toml").write_text("sources = [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["bib", "--offline"])
    assert result.exit_code == 2
    assert "cite-export.toml:1: " in result.stderr


def test_a_missing_source_is_an_error_naming_it(tmp_path):
    result = CliRunner().invoke(main, ["bib", "--offline", "--cache-dir", str(tmp_path), str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert "nope.md" in result.stderr
    assert "Traceback" not in result.output


def test_a_named_folder_without_notes_is_an_error_like_a_missing_file(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "paper.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "pdfs" / ".hidden.md").write_text(ONE_NOTE, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "170612 Transformer.md").write_text(ONE_NOTE, encoding="utf-8")
    for folder in ("empty", "pdfs"):
        result = bib(tmp_path, str(tmp_path / "notes"), str(tmp_path / folder))
        assert result.exit_code == 1, result.output
        assert f"{tmp_path / folder}: no notes found" in result.stderr
        assert result.stdout == ""


def test_links_whose_host_python_refuses_export_as_pages_written_as_they_are(tmp_path):
    note = "https://a\uff03b.com/x\nhttp://[2001:db8::1/paper\nA pasted link (Ann Author)\n#paste\n"
    (tmp_path / "230101 Pasted.md").write_text(note, encoding="utf-8")
    for command in (["bib"], ["bib", "--style", "biblatex"], ["csl"]):
        result = CliRunner().invoke(
            main, [*command, "--offline", "--cache-dir", str(tmp_path / "cache"), str(tmp_path / "230101 Pasted.md")]
        )
        assert result.exit_code == 0, result.output
        assert "A pasted link" in result.stdout
        assert result.stderr.splitlines()[-1] == "1 note -> 1 entry (0 merged): 1 web; 0 warnings"
