"""A host that accepts the connection and never answers costs a run about --service-timeout, once."""

import time
from pathlib import Path

import pytest
from arxiv_fixtures import GAUSSIAN_SPLATTING_NOTE, arxiv_entry, quick_settings
from click.testing import CliRunner
from servers.arxiv import SEED_PAPERS, ArxivServer, synthetic_papers

from cite_export.cli import main
from cite_export.model import Resolution
from cite_export.resolve import resolve
from cite_export.service_budget import ServiceBudget

SEED = str(Path(__file__).resolve().parents[2] / "seeds" / "000_ae20b5798b0ea146.txt")


def test_a_failed_attempt_is_charged_and_a_successful_one_is_not():
    budget = ServiceBudget("arXiv", "https://export.arxiv.org/api/query", seconds=0.3, endpoint_option="--arxiv-api")
    with budget.attempt():
        time.sleep(0.05)
    assert budget.lost == 0 and budget.timeout(20) == pytest.approx(0.3)
    with pytest.raises(TimeoutError), budget.attempt():
        time.sleep(0.1)
        assert budget.timeout(20) < 0.21  # the time already spent in this attempt counts
        raise TimeoutError
    assert 0.1 <= budget.lost < 0.2 and not budget.spent
    with pytest.raises(TimeoutError), budget.attempt():
        time.sleep(0.25)
        raise TimeoutError
    assert budget.spent and budget.timeout(20) == 0.1


def test_the_message_names_the_host_the_endpoint_option_the_proxy_and_the_limit(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    budget = ServiceBudget("arXiv", "https://export.arxiv.org/api/query", seconds=30, endpoint_option="--arxiv-api")
    message = budget.give_up_message()
    assert message.startswith("arXiv at export.arxiv.org gave no usable answer in 0 s of waiting;")
    assert "--arxiv-api and the proxy http://proxy.example:3128 (HTTPS_PROXY)" in message
    assert "--offline" in message and "--service-timeout (or CITE_EXPORT_SERVICE_TIMEOUT)" in message
    assert "(30 s)" in message
    monkeypatch.delenv("HTTPS_PROXY")
    assert "a proxy variable (HTTPS_PROXY) if you need one" in budget.give_up_message()


def test_a_hanging_arxiv_costs_the_budget_once_then_the_run_goes_on_offline():
    papers = synthetic_papers(250)
    entries = [arxiv_entry(p.id, line=i + 1) for i, p in enumerate(papers)] + [GAUSSIAN_SPLATTING_NOTE]
    with ArxivServer(papers) as server:
        server.hang(seconds=60, times=1000)
        started = time.monotonic()
        # Each try alone may wait 5 s; the run as a whole may lose 0.8 s.
        report = resolve(entries, None, quick_settings(server.url, timeout=5, retries=3, service_timeout=0.8))
        elapsed = time.monotonic() - started
        asked = server.request_count
    assert elapsed < 2.5
    assert 1 <= asked <= 4
    assert len(report.problems) == 1
    message = str(report.problems[0])
    host = server.url.split("/")[2]
    assert message.startswith(f"notes.md:1: arXiv at {host} gave no usable answer in 1 s of waiting")
    assert "--arxiv-api" in message and "--offline" in message and "--service-timeout" in message
    assert all(record.resolution is Resolution.NOTE for record in report.records)
    assert len(report.unresolved) == len(entries)


def test_the_cli_takes_the_limit_from_the_option_or_the_environment(tmp_path, monkeypatch):
    with ArxivServer(SEED_PAPERS) as server:
        server.hang(seconds=60, times=1000)
        base = ["resolve", SEED, "--arxiv-api", server.url, "--arxiv-delay", "0", "--arxiv-timeout", "10"]
        started = time.monotonic()
        by_option = CliRunner().invoke(main, [*base, "--cache-dir", str(tmp_path / "a"), "--service-timeout", "0.5"])
        monkeypatch.setenv("CITE_EXPORT_SERVICE_TIMEOUT", "0.5")
        by_environment = CliRunner().invoke(main, [*base, "--cache-dir", str(tmp_path / "b")])
        elapsed = time.monotonic() - started
    assert elapsed < 4
    for result in (by_option, by_environment):
        assert result.exit_code == 0, result.output
        about_arxiv = [line for line in result.stderr.splitlines() if "arXiv" in line and "warning:" in line]
        assert len(about_arxiv) == 1 and "gave no usable answer" in about_arxiv[0] and "(0.5 s)" in about_arxiv[0]
        assert "12 unresolved" in result.stderr.splitlines()[-1]
