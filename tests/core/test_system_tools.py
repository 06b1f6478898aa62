"""Tests that drive pdflatex, biber, pandoc ... skip on a machine without them, and fail when CI requires them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
USES_TOOLS = """
from system_tools import require_tool

def test_builds_a_paper():
    require_tool("pdflatex", "biber")
"""


def pytest_run(folder: Path, path_dirs: list[Path], *arguments: str, require: str | None = None):
    """A pytest subprocess whose PATH holds only ``path_dirs``."""
    env = {key: value for key, value in os.environ.items() if key != "CITE_EXPORT_REQUIRE_TOOLS"}
    env["PATH"] = os.pathsep.join(str(path) for path in path_dirs)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(TESTS.parent)])
    if require is not None:
        env["CITE_EXPORT_REQUIRE_TOOLS"] = require
    command = [sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider", *arguments]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def tiny_suite(tmp_path):
    (tmp_path / "test_tiny.py").write_text(USES_TOOLS, encoding="utf-8")
    (tmp_path / "bin").mkdir()
    return tmp_path


def test_a_missing_tool_skips_with_one_line_naming_what_to_install(tiny_suite):
    done = pytest_run(tiny_suite, [tiny_suite / "bin"], "test_tiny.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    skip_lines = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skip_lines) == 1
    assert "needs pdflatex, biber: apt-get install texlive-latex-base" in skip_lines[0]
    assert "biber" in skip_lines[0].split("apt-get install")[1]


@pytest.mark.parametrize("flag", ["1", "true"])
def test_a_missing_tool_fails_when_tools_are_required(tiny_suite, flag):
    done = pytest_run(tiny_suite, [tiny_suite / "bin"], "test_tiny.py", require=flag)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed" in done.stdout
    assert "needs pdflatex, biber" in done.stdout and "CITE_EXPORT_REQUIRE_TOOLS is set" in done.stdout


def test_required_tools_on_path_let_the_test_run(tiny_suite):
    for name in ("pdflatex", "biber"):
        fake = tiny_suite / "bin" / name
        fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        fake.chmod(0o755)
    done = pytest_run(tiny_suite, [tiny_suite / "bin"], "test_tiny.py", require="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_the_real_pandoc_test_skips_without_pandoc(tmp_path):
    """The suite's own pandoc test, run with a PATH that has no pandoc."""
    (tmp_path / "bin").mkdir()
    pandoc_test = "tests/export/test_pandoc_reads.py::test_pandoc_reads_the_csl_json_export"
    done = pytest_run(TESTS.parent, [tmp_path / "bin"], pandoc_test)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout and "needs pandoc: apt-get install pandoc" in done.stdout
    required = pytest_run(TESTS.parent, [tmp_path / "bin"], pandoc_test, require="1")
    assert required.returncode == 1 and "1 failed" in required.stdout
