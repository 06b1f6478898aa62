"""Two runs at once on one cache take turns on arXiv: each id asked once, no gap under the delay."""

import os
import subprocess
import sys
from pathlib import Path

from servers.arxiv import ArxivServer, synthetic_papers

REPOSITORY = Path(__file__).resolve().parents[2]
DELAY = 0.5


def digest(papers) -> str:
    lines = ["2024년 1월 1주차"]
    for paper in papers:
        lines += [f"https://arxiv.org/abs/{paper.id}", f"{paper.title} ({', '.join(paper.authors)})", "메모.", "#tag"]
    return "\n".join(lines) + "\n"


def start_run(notes: Path, cache_dir: Path, server: ArxivServer) -> subprocess.Popen:
    arguments = ["resolve", str(notes), "--cache-dir", str(cache_dir), "--arxiv-api", server.url]
    arguments += ["--arxiv-delay", str(DELAY), "--arxiv-timeout", "10"]
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    return subprocess.Popen(
        [sys.executable, "-m", "cite_export", *arguments],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_on_one_cache_ask_each_id_once_and_keep_the_delay(tmp_path):
    papers = synthetic_papers(120)
    batches = [(papers[:80], "first.txt"), (papers[40:], "second.txt")]
    for chosen, name in batches:
        (tmp_path / name).write_text(digest(chosen), encoding="utf-8")
    # Answers take a while, so that the second run asks while the first is still waiting for its answer.
    with ArxivServer(papers, latency=0.8, min_interval=DELAY) as server:
        runs = [start_run(tmp_path / name, tmp_path / "cache", server) for _, name in batches]
        outputs = [run.communicate(timeout=60) for run in runs]
        requests = list(server.requests)
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr and "warning" not in stderr.replace("0 warnings", "")
    assert all(sum(paper.id in request.ids for request in requests) == 1 for paper in papers)
    assert len(requests) == 2
    assert server.violations(DELAY) == 0
    # Whichever run came second found the 40 shared papers in the cache the first one filled.
    tables = [stdout for stdout, _ in outputs]
    assert sorted(table.count(" cache ") for table in tables) == [0, 40]
