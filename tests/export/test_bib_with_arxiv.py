"""`cite-export bib` on the seed against the local arXiv server: arXiv's metadata in the .bib, keys unchanged."""

import re
from pathlib import Path

from click.testing import CliRunner
from latex_builds import biber_warnings, bibtex_warnings, build, latex_warnings
from seed_records import SEEDS
from servers.arxiv import SEED_PAPERS, ArxivServer

from cite_export.cli import main

SEED = str(SEEDS / "000_ae20b5798b0ea146.txt")
EXAMPLE_NOTES = str(SEEDS.parent / "examples" / "notes")  # the example papers cite these too


def bib(server, cache_dir: Path, *extra: str):
    arguments = ["bib", SEED, EXAMPLE_NOTES, "--arxiv-api", server.url, "--arxiv-delay", "0.1", "--arxiv-timeout", "2"]
    result = CliRunner().invoke(main, [*arguments, "--cache-dir", str(cache_dir), *extra])
    assert result.exit_code == 0, result.output
    return result


def entry(text: str, key: str) -> str:
    return text.split(f"{{{key},\n")[1].split("\n}")[0]


def test_resolved_seed_export_keeps_the_offline_keys_and_builds(tmp_path):
    refs = tmp_path / "refs.bib"
    arguments = ["bib", SEED, EXAMPLE_NOTES, "--offline", "--cache-dir", str(tmp_path / "c"), "-o", str(refs)]
    offline = CliRunner().invoke(main, arguments)
    assert offline.exit_code == 0, offline.output
    offline_keys = re.findall(r"^@misc\{([^,]+),", refs.read_text(encoding="utf-8"), flags=re.MULTILINE)
    with ArxivServer(SEED_PAPERS) as server:
        bib(server, tmp_path / "c", "-o", str(refs))
        bib(server, tmp_path / "c", "--style", "biblatex", "-o", str(tmp_path / "refs-biblatex.bib"))
    text = refs.read_text(encoding="utf-8")
    assert re.findall(r"^@misc\{([^,]+),", text, flags=re.MULTILINE) == offline_keys
    gaussian = entry(text, "kerbl20233d")
    assert "eprint = {2308.04079}" in gaussian and "primaryClass = {cs.GR}" in gaussian
    assert "month = aug" in gaussian
    assert r"\par Links: https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/}" in gaussian
    li = entry(text, "li2023can")
    assert "primaryClass = {cs.CL}" in li
    assert li.count(" and ") == 17  # arXiv's 18 authors; the note lists 16
    assert "doi = {10.48550/arXiv.2305.03111}" in li
    natbib = build(tmp_path, "paper-natbib", "bibtex")
    assert bibtex_warnings(natbib.bib_log) == [] and latex_warnings(natbib.log) == []
    biblatex = build(tmp_path, "paper-biblatex", "biber")
    assert biber_warnings(biblatex.bib_log) == [] and latex_warnings(biblatex.log) == []
    assert r"\field{eprintclass}{cs.GR}" in biblatex.bbl
