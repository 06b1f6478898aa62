"""System tools some tests drive (TeX, BibTeX, biber, pandoc, pdftotext): skip without them, or fail in CI.

A fresh machine without TeX Live still passes the test suite, those tests skipped with one line naming
what to install; CI sets CITE_EXPORT_REQUIRE_TOOLS=1 after installing them, so a missing tool fails there.
"""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_TOOLS = "CITE_EXPORT_REQUIRE_TOOLS"

# The Debian/Ubuntu packages that provide each tool (what .ci/run installs).
PACKAGES = {
    "pdflatex": "texlive-latex-base texlive-latex-recommended texlive-latex-extra",
    "bibtex": "texlive-latex-base texlive-latex-recommended texlive-latex-extra",
    "biber": "biber texlive-bibtex-extra",
    "pandoc": "pandoc",
    "pdftotext": "poppler-utils",
}


def require_tool(*names: str) -> None:
    """Skip the calling test unless every tool is on PATH; fail instead when CITE_EXPORT_REQUIRE_TOOLS=1."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    packages = dict.fromkeys(package for name in missing for package in PACKAGES[name].split())
    message = f"needs {', '.join(missing)}: apt-get install {' '.join(packages)}"
    if os.environ.get(REQUIRE_TOOLS, "") not in ("", "0"):
        pytest.fail(f"{message} ({REQUIRE_TOOLS} is set)", pytrace=False)
    pytest.skip(message)
