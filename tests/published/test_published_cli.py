"""`--published` through the CLI on the seed, against local arXiv, Semantic Scholar, DBLP and Crossref servers."""

import json
import re
from pathlib import Path

from click.testing import CliRunner
from export.latex_builds import biber_warnings, bibtex_warnings, build, latex_warnings
from export.latex_records import example_records
from export.seed_records import SEEDS
from published_fixtures import TEST_DELAY, seed_servers
from servers.arxiv import SEED_PAPERS, ArxivServer

from cite_export.cli import main
from cite_export.export.bibfile import render_bib
from cite_export.export.bibtex import Style

SEED = str(SEEDS / "000_ae20b5798b0ea146.txt")
PUBLISHED_KEYS = {
    "kerbl20233d": "article",
    "park2023what": "inproceedings",
    "brody2023expressivity": "inproceedings",
    "kirstain2023pickapic": "inproceedings",
    "bertsch2023unlimiformer": "inproceedings",
    "wang2023incontext": "inproceedings",
}


def run(servers, cache_dir: Path, command: str, *extra: str):
    arxiv, s2, dblp, crossref = servers
    arguments = [command, SEED, "--arxiv-api", arxiv.url, "--arxiv-delay", "0", "--cache-dir", str(cache_dir)]
    arguments += ["--s2-api", s2.url, "--dblp-api", dblp.url, "--crossref-api", crossref.url]
    arguments += ["--s2-delay", str(TEST_DELAY), "--dblp-delay", str(TEST_DELAY), "--crossref-delay", str(TEST_DELAY)]
    result = CliRunner().invoke(main, [*arguments, *extra], env={"CITE_EXPORT_MAILTO": "reader@example.org"})
    assert result.exit_code == 0, result.output
    return result


def entries(text: str) -> dict[str, tuple[str, str]]:
    found = re.findall(r"^@(?!preamble)(\w+)\{([^,]+),\n(.*?)\n\}", text, re.M | re.S)
    return {key: (kind, body) for kind, key, body in found}


def local_servers():
    class Servers:
        def __enter__(self):
            self.arxiv = ArxivServer(SEED_PAPERS).__enter__()
            self.others = seed_servers()
            return (self.arxiv, *self.others.__enter__())

        def __exit__(self, *exc):
            self.others.__exit__(*exc)
            self.arxiv.__exit__(*exc)

    return Servers()


def test_published_seed_papers_become_inproceedings_or_article_with_their_keys_and_the_builds_pass(tmp_path):
    with local_servers() as servers:
        run(servers, tmp_path / "c", "bib", "-o", str(tmp_path / "plain.bib"))
        cold = run(servers, tmp_path / "c", "bib", "--published", "-o", str(tmp_path / "refs.bib"))
        warm = run(
            servers,
            tmp_path / "c",
            "bib",
            "--published",
            "--style",
            "biblatex",
            "-o",
            str(tmp_path / "refs-biblatex.bib"),
        )
        assert servers[1].violations() == servers[2].violations() == servers[3].violations() == 0
    assert "6 published (requests: Semantic Scholar 1, DBLP 9, Crossref 3)" in cold.stderr
    assert "6 published (no requests)" in warm.stderr
    plain, published = entries((tmp_path / "plain.bib").read_text()), entries((tmp_path / "refs.bib").read_text())
    assert list(published) == list(plain)  # the same keys, in the same order
    assert {key: kind for key, (kind, _) in published.items() if kind != "misc"} == PUBLISHED_KEYS
    tog = published["kerbl20233d"][1]
    for field in (
        "journal = {ACM Transactions on Graphics}",
        "volume = {42}",
        "number = {4}",
        "pages = {1--14}",
        "year = {2023}",
        "publisher = {Association for Computing Machinery (ACM)}",
        "doi = {10.1145/3592433}",
        "eprint = {2308.04079}",
        "archivePrefix = {arXiv}",
        "primaryClass = {cs.GR}",
    ):
        assert field in tog
    assert "month" not in tog
    iclr = published["park2023what"][1]
    assert "booktitle = {ICLR}" in iclr and "year = {2023}" in iclr and "eprint = {2305.00729}" in iclr
    assert "doi =" not in iclr  # no DOI of record, and the arXiv DOI would name the preprint
    assert published["park2023what"][1].split("annote = ")[1] == plain["park2023what"][1].split("annote = ")[1]
    assert (
        published["liu2023branchnorm"][0] == "misc"
        and "doi = {10.48550/arXiv.2305.02790}" in published["liu2023branchnorm"][1]
    )
    biblatex = entries((tmp_path / "refs-biblatex.bib").read_text())
    assert (
        biblatex["kerbl20233d"][0] == "article"
        and "journaltitle = {ACM Transactions on Graphics}" in biblatex["kerbl20233d"][1]
    )
    assert biblatex["park2023what"][0] == "inproceedings"
    assert "eprinttype = {arxiv}" in biblatex["park2023what"][1] and "pubstate" not in biblatex["park2023what"][1]
    assert (
        biblatex["liu2023branchnorm"][0] == "online" and "pubstate = {prepublished}" in biblatex["liu2023branchnorm"][1]
    )
    for name, style in (("refs.bib", Style.BIBTEX), ("refs-biblatex.bib", Style.BIBLATEX)):  # the papers cite these too
        bib_file = tmp_path / name
        bib_file.write_text(bib_file.read_text() + render_bib(example_records(), None, style), encoding="utf-8")
    natbib = build(tmp_path, "paper-natbib", "bibtex")
    assert bibtex_warnings(natbib.bib_log) == [] and latex_warnings(natbib.log) == []
    assert "ACM Transactions on Graphics" in natbib.bbl
    biber = build(tmp_path, "paper-biblatex", "biber")
    assert biber_warnings(biber.bib_log) == [] and latex_warnings(biber.log) == []
    assert r"\field{booktitle}{ICLR}" in biber.bbl


def test_csl_json_and_the_resolve_table_show_the_versions_of_record(tmp_path):
    with local_servers() as servers:
        csl = run(servers, tmp_path / "c", "csl", "--published")
        table = run(servers, tmp_path / "c", "resolve", "--published")
    items = {item["id"]: item for item in json.loads(csl.stdout)}
    tog = items["kerbl20233d"]
    assert (tog["type"], tog["container-title"], tog["volume"], tog["issue"], tog["page"]) == (
        "article-journal",
        "ACM Transactions on Graphics",
        "42",
        "4",
        "1-14",
    )
    assert tog["DOI"] == "10.1145/3592433" and tog["issued"] == {"date-parts": [[2023]]}
    assert "genre" not in tog and tog["URL"] == "https://arxiv.org/abs/2308.04079"
    assert items["park2023what"]["type"] == "paper-conference" and items["park2023what"]["container-title"] == "ICLR"
    assert items["liu2023branchnorm"]["type"] == "article" and items["liu2023branchnorm"]["genre"] == "Preprint"
    lines = table.stdout.split("version of record (--published):\n")[1].splitlines()
    by_id = {line.split("  ")[1]: line.split("  ", 2)[2] for line in lines}
    assert by_id["2305.00729"].startswith("ICLR, 2023, via DBLP: same title, shared author")
    assert by_id["2305.01569"].startswith("NeurIPS, 2023, via DBLP")
    assert "no author surname in common" in by_id["2305.02790"]
    assert "withdrawn or rejected submission" in by_id["2305.02309"]
    assert "6 published" in table.stderr


def test_published_in_the_config_file_turns_it_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cite-export.toml").write_text('published = true\nmailto = "reader@example.org"\n')
    with local_servers() as servers:
        result = run(servers, tmp_path / "c", "bib")
        assert servers[3].mailtos() and set(servers[3].mailtos()) == {"reader@example.org"}
    assert "@inproceedings{park2023what," in result.stdout
    assert "6 published" in result.stderr
