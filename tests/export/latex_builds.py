"""Building examples/ with the real tools, and reading what they complained about."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from system_tools import require_tool

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOOL_TIMEOUT = 120


@dataclass
class Build:
    log: str  # the last pdflatex run's .log
    bib_log: str  # bibtex's or biber's .blg
    bbl: str
    outputs: list[str]  # what each tool printed, in order


def tool(name: str) -> str:
    require_tool(name)
    return shutil.which(name)


def run(command: list[str], folder: Path) -> str:
    done = subprocess.run(
        [tool(command[0]), *command[1:]],
        cwd=folder,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TOOL_TIMEOUT,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(command)} failed ({done.returncode}):\n{output[-3000:]}"
    return output


def build(folder: Path, paper: str, bib_tool: str, extra_tex: str = "", source: str | None = None) -> Build:
    """Copy ``examples/<paper>.tex`` (or write ``source``) into ``folder`` (which holds the .bib) and run LaTeX,
    the bib tool, LaTeX x2."""
    require_tool("pdflatex", bib_tool)
    if source is None:
        source = (EXAMPLES / f"{paper}.tex").read_text(encoding="utf-8")
    (folder / f"{paper}.tex").write_text(source.replace(r"\end{document}", extra_tex + r"\end{document}"))
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", paper]
    outputs = [run(latex, folder), run([bib_tool, paper], folder), run(latex, folder), run(latex, folder)]
    read = lambda suffix: (folder / f"{paper}{suffix}").read_text(encoding="utf-8", errors="replace")  # noqa: E731
    return Build(read(".log"), read(".blg"), read(".bbl"), outputs)


def pdf_text(folder: Path, paper: str) -> str:
    require_tool("pdftotext")
    run(["pdftotext", "-enc", "UTF-8", f"{paper}.pdf", f"{paper}.txt"], folder)
    return (folder / f"{paper}.txt").read_text(encoding="utf-8")


def latex_warnings(log: str) -> list[str]:
    """Errors and warnings in a pdflatex log (undefined citations, rerun requests, bad characters, ...)."""
    lines = log.splitlines()
    return [line for line in lines if line.startswith("!") or re.search(r"Warning|undefined", line)]


def bibtex_warnings(blg: str) -> list[str]:
    return [
        line for line in blg.splitlines() if re.search(r"Warning--|error message|I was expecting|I'm ignoring", line)
    ]


def biber_warnings(blg: str) -> list[str]:
    return [line for line in blg.splitlines() if re.search(r"\] (WARN|ERROR) - ", line)]
