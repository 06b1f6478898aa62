"""The example papers built against a ``--cited`` export of a vault the size of a real one, resolved on the local
arXiv server: only what they cite is exported, and pdflatex, BibTeX and biber say nothing."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from latex_builds import EXAMPLES, biber_warnings, bibtex_warnings, build, latex_warnings, tool
from seed_records import SEEDS
from servers.arxiv import SEED_PAPERS, ArxivServer, synthetic_papers

from cite_export.cli import main

PAPERS = synthetic_papers(1200)
NOTES = 1600  # some papers noted twice, in other weeks, as a real vault does
FIRST_DAY = datetime.date(2019, 1, 7)


def write_vault(folder: Path) -> None:
    for number in range(NOTES):
        paper = PAPERS[number % len(PAPERS)]
        day = FIRST_DAY + datetime.timedelta(days=number)  # 1,600 days: about 230 weeks
        author_list = ", ".join(paper.authors)
        text = f"https://arxiv.org/abs/{paper.id}\n{paper.title} ({author_list})\n\n노트 {number}: 요약.\n\n#scaling\n"
        (folder / f"{day:%y%m%d} Study {number}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vault")
    write_vault(folder)
    return folder


def bib(server, folder: Path, vault: Path, *arguments: str) -> str:
    sources = [str(SEEDS / "000_ae20b5798b0ea146.txt"), str(EXAMPLES / "notes"), str(vault)]
    options = ["--arxiv-api", server.url, "--arxiv-delay", "0.1", "--cache-dir", str(folder / "cache")]
    result = CliRunner().invoke(main, ["bib", *options, *arguments, *sources])
    assert result.exit_code == 0, result.output
    return result.stderr


def with_vault_citations(paper: str, keys: list[str]) -> str:
    source = (EXAMPLES / f"{paper}.tex").read_text(encoding="utf-8")
    citations = "Scaling, noted in the vault: " + ", ".join(f"\\citet{{{key}}}" for key in keys) + ".\n"
    return source.replace("\\printbibliography", citations + "\\printbibliography").replace(
        "\\bibliographystyle", citations + "\\bibliographystyle"
    )


def first_pass(folder: Path, paper: str, source: str) -> None:
    """pdflatex once, as a writer does before any bibliography exists: it writes the .aux (and .bcf)."""
    (folder / f"{paper}.tex").write_text(source, encoding="utf-8")
    command = [tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", paper]
    done = subprocess.run(command, cwd=folder, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:]


def entries(bib_file: Path) -> list[str]:
    return re.findall(r"^@(?!preamble|comment|string)\w+\{([^,]+),", bib_file.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize(
    ("paper", "bib_tool", "bib_name", "cited_file", "style"),
    [
        ("paper-natbib", "bibtex", "refs.bib", "paper-natbib.aux", "bibtex"),
        ("paper-biblatex", "biber", "refs-biblatex.bib", "paper-biblatex.bcf", "biblatex"),
    ],
)
def test_a_paper_builds_against_the_cited_export_of_a_large_vault(
    tmp_path, vault, paper, bib_tool, bib_name, cited_file, style
):
    tool(bib_tool)
    with ArxivServer(SEED_PAPERS + PAPERS) as server:
        everything = tmp_path / "all.bib"
        bib(server, tmp_path, vault, "-o", str(everything))
        vault_keys = [key for key in entries(everything) if key.startswith("family")]
        assert len(vault_keys) == len(PAPERS)  # every paper of the vault resolved and exported, once
        vault_keys = vault_keys[:3]
        source = with_vault_citations(paper, vault_keys)
        first_pass(tmp_path, paper, source)
        bib(
            server,
            tmp_path,
            vault,
            "--style",
            style,
            "--cited",
            str(tmp_path / cited_file),
            "-o",
            str(tmp_path / bib_name),
        )

    exported = entries(tmp_path / bib_name)
    cited = set(re.findall(r"\\cite[tp]?\{([^}]+)\}", source))
    assert set(exported) == cited and len(exported) == len(cited) == 19
    built = build(tmp_path, paper, bib_tool, source=source)
    assert latex_warnings(built.log) == []
    warnings = bibtex_warnings(built.bib_log) if bib_tool == "bibtex" else biber_warnings(built.bib_log)
    assert warnings == []
    assert len(re.findall(r"\\bibitem|\\entry\{", built.bbl)) == len(cited)
