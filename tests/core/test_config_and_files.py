import os
import stat

import pytest

from cite_export.config import ConfigError, load_config
from cite_export.files import write_atomically


def test_config_sources_are_relative_to_the_config_file(tmp_path):
    path = tmp_path / "cite-export.toml"
    path.write_text('sources = ["notes", "-", "/abs/digest.txt"]\n', encoding="utf-8")
    config = load_config(path)
    assert config.sources == [str(tmp_path / "notes"), "-", "/abs/digest.txt"]


def test_config_syntax_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "cite-export.toml"
    path.write_text('sources = ["a"]\n[zotero\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cite-export.toml:2: "):
        load_config(path)


def test_secret_in_a_readable_config_is_refused_without_echoing_it(tmp_path):
    path = tmp_path / "cite-export.toml"
    path.write_text('[zotero]\napi_key = "s3cr3tkey"\n', encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600") as raised:
        load_config(path).secret("zotero", "api_key")
    assert "s3cr3tkey" not in str(raised.value)
    path.chmod(0o600)
    assert load_config(path).secret("zotero", "api_key") == "s3cr3tkey"


def test_write_atomically_replaces_whole_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, "new ✓\n")
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["refs.bib"]


def test_write_atomically_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "bad \udcff surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["refs.bib"]
