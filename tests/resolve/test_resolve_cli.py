"""`cite-export resolve` on the seed digest against the local arXiv server."""

from pathlib import Path

from click.testing import CliRunner
from servers.arxiv import SEED_PAPERS, ArxivServer

from cite_export.cli import main

SEED = str(Path(__file__).resolve().parents[2] / "seeds" / "000_ae20b5798b0ea146.txt")


def run_resolve(server, cache_dir, *extra):
    arguments = ["resolve", SEED, "--arxiv-api", server.url, "--arxiv-delay", "0.1", "--cache-dir", str(cache_dir)]
    return CliRunner().invoke(main, [*arguments, "--arxiv-timeout", "1", *extra])


def test_the_table_shows_how_each_seed_entry_resolved(tmp_path):
    with ArxivServer(SEED_PAPERS) as server:
        cold = run_resolve(server, tmp_path, "--strict")
        warm = run_resolve(server, tmp_path)
        assert server.request_count == 2  # one id batch, one title search; none when warm
    assert cold.exit_code == 0, cold.output
    lines = cold.stdout.splitlines()
    assert lines[0].split() == ["entry", "id", "resolved", "problems"]
    assert len(lines) == 14
    gaussian = next(line for line in lines if "3D Gaussian Splatting" in line)
    assert "2308.04079" in gaussian and "title search: title 100% alike" in gaussian
    assert sum(" arXiv " in line for line in lines) == 11
    assert "13 entries (0 merged): 13 arXiv" not in cold.stderr
    assert "0 unresolved; 2 arXiv requests" in cold.stderr
    assert sum(" cache " in line for line in warm.stdout.splitlines()) == 11
    assert "0 arXiv requests" in warm.stderr


def test_strict_fails_when_arxiv_cannot_be_asked(tmp_path):
    with ArxivServer(SEED_PAPERS) as server:
        server.fail(503, times=100)
        result = run_resolve(server, tmp_path, "--strict")
    assert result.exit_code == 1
    assert "arXiv failed 2 queries in a row (the last: HTTP 503, 4 tries)" in result.stderr
    assert "12 unresolved" in result.stderr


def test_offline_strict_with_an_empty_cache_fails_and_asks_nothing(tmp_path):
    with ArxivServer(SEED_PAPERS) as server:
        result = run_resolve(server, tmp_path, "--offline", "--strict")
        assert server.request_count == 0
    assert result.exit_code == 1
    assert "note only (offline)" in result.stdout


def test_bib_on_the_seed_writes_arxivs_authors_categories_v1_dates_and_dois(tmp_path):
    with ArxivServer(SEED_PAPERS) as server:
        arguments = ["bib", SEED, "--arxiv-api", server.url, "--arxiv-delay", "0.1", "--cache-dir", str(tmp_path)]
        result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    bib = result.stdout
    # The note lists 16 authors of the BIRD paper; arXiv lists 18, ending with Yongbin Li.
    assert "Cheng, Reynold and Li, Yongbin}" in bib and "Zhou, Xuanhe" in bib
    assert bib.count("primaryClass = {") == 12 and "primaryClass = {cs.GR}" in bib
    assert "doi = {10.1145/3592433}" in bib and "doi = {10.48550/arXiv.2305.03111}" in bib
    gaussian = bib[bib.index("@misc{kerbl2023") :].split("\n}\n")[0]
    assert "year = {2023}" in gaussian and "month = aug" in gaussian and "eprint = {2308.04079}" in gaussian
