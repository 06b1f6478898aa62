"""cite-export.toml is strict: every key is an option of its table's commands, spelled cache-dir or cache_dir."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cite_export.cli import main

ONE_NOTE = "https://arxiv.org/abs/1706.03762\nAttention Is All You Need (Ashish Vaswani, Noam Shazeer)\n#transformer\n"


def run_with_config(folder: Path, config: str, *arguments: str):
    (folder / "digest.txt").write_text(ONE_NOTE, encoding="utf-8")
    (folder / "cite-export.toml").write_text(config, encoding="utf-8")
    return CliRunner().invoke(main, ["--config", str(folder / "cite-export.toml"), *arguments])


@pytest.mark.parametrize("spelling", ["cache-dir", "cache_dir"])
def test_the_long_option_name_and_the_underscore_spelling_are_both_read(tmp_path, spelling):
    config = f'sources = ["digest.txt"]\noffline = true\n{spelling} = "{tmp_path / "cache"}"\n'
    result = run_with_config(tmp_path, config, "bib")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cache" / "cite-export.sqlite3").exists()


def test_a_table_key_in_either_spelling_is_read(tmp_path):
    config = f'sources = ["digest.txt"]\n[bib]\narxiv-api = "http://127.0.0.1:9/x"\ncache-dir = "{tmp_path}"\n'
    result = run_with_config(tmp_path, config, "bib", "--offline")
    assert result.exit_code == 0, result.output


def test_a_misspelt_key_names_file_line_and_the_nearest_valid_key(tmp_path):
    result = run_with_config(tmp_path, 'sources = ["digest.txt"]\n\nofline = true\n', "bib")
    assert result.exit_code == 2
    assert f"{tmp_path / 'cite-export.toml'}:3: unknown key 'ofline' at the top level; did you mean 'offline'?" in (
        result.stderr
    )


def test_a_misspelling_is_answered_in_the_users_spelling(tmp_path):
    result = run_with_config(tmp_path, "[bib]\nstyle = 'bibtex'\ncache-dri = 'x'\n", "bib")
    assert result.exit_code == 2
    assert "cite-export.toml:3: unknown key 'cache-dri' in [bib]; did you mean 'cache-dir'?" in result.stderr


def test_an_unknown_key_with_nothing_close_lists_the_valid_keys(tmp_path):
    result = run_with_config(tmp_path, 'colour = "blue"\n', "bib")
    assert result.exit_code == 2
    message = next(line for line in result.stderr.splitlines() if "colour" in line)
    config = tmp_path / "cite-export.toml"
    assert message.startswith(f"Error: {config}:1: unknown key 'colour' at the top level (valid: ")
    assert "offline" in message and "sources" in message


def test_a_key_of_another_table_says_where_it_belongs(tmp_path):
    config = 'sources = ["digest.txt"]\nlibrary_id = "123"\n[csl]\nstyle = "biblatex"\n[zotero]\nsources = ["x"]\n'
    result = run_with_config(tmp_path, config, "bib")
    assert result.exit_code == 2
    assert "cite-export.toml:2: 'library_id' belongs in [zotero], not at the top level" in result.stderr
    assert "cite-export.toml:4: 'style' belongs at the top level or in [bib], not in [csl]" in result.stderr
    assert "cite-export.toml:6: 'sources' belongs at the top level, not in [zotero]" in result.stderr


def test_an_unknown_table_names_the_nearest_table(tmp_path):
    result = run_with_config(tmp_path, 'sources = ["digest.txt"]\n\n[zotro]\nlibrary_id = "1"\n', "bib")
    assert result.exit_code == 2
    assert "cite-export.toml:3: unknown table [zotro]; did you mean [zotero]?" in result.stderr


def test_a_key_given_in_both_spellings_is_refused(tmp_path):
    result = run_with_config(tmp_path, 'cache_dir = "a"\ncache-dir = "b"\n', "bib")
    assert result.exit_code == 2
    assert "cite-export.toml:1: 'cache-dir' is given twice" in result.stderr


def test_zotero_options_and_the_api_key_are_valid_in_the_zotero_table(tmp_path):
    config = (
        'sources = ["digest.txt"]\noffline = true\n'
        '[zotero]\nlibrary-id = "1"\nlibrary_type = "group"\nparent_collection = "x"\napi_key = "k"\n'
    )
    result = run_with_config(tmp_path, config, "bib")
    assert result.exit_code == 0, result.output


def test_the_find_table_takes_the_cache_folder(tmp_path):
    digest = str(tmp_path / "digest.txt")
    result = run_with_config(tmp_path, f'[find]\ncache-dir = "{tmp_path}"\n', "bib", "--offline", digest)
    assert result.exit_code == 0, result.output
    refused = run_with_config(tmp_path, "[find]\nlimit = 3\n", "bib", "--offline", digest)
    assert "cite-export.toml:2: unknown key 'limit' in [find]" in refused.stderr
