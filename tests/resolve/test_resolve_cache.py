"""The SQLite cache: offline runs use it, failures never enter it, two runs at once share it."""

import datetime
import threading

from arxiv_fixtures import GAUSSIAN_SPLATTING_NOTE, arxiv_entry, quick_settings
from servers.arxiv import SEED_PAPERS, ArxivServer, synthetic_papers

from cite_export import store
from cite_export.model import Resolution
from cite_export.resolve import resolve
from cite_export.resolve.cache import ArxivCache
from cite_export.resolve.paper import ArxivPaper
from cite_export.resolve.settings import ResolveSettings
from cite_export.store import connect


def test_offline_makes_no_request_and_uses_the_cache(tmp_path):
    entries = [arxiv_entry("2305.01115"), arxiv_entry("2305.00729"), GAUSSIAN_SPLATTING_NOTE]
    with ArxivServer(SEED_PAPERS) as server:
        cold = resolve(entries, connect(tmp_path / "empty"), ResolveSettings(offline=True, api_url=server.url))
        resolve(entries[:1] + entries[2:], connect(tmp_path / "warm"), quick_settings(server.url))
        asked = server.request_count
        warm = resolve(entries, connect(tmp_path / "warm"), ResolveSettings(offline=True, api_url=server.url))
        assert server.request_count == asked
    assert cold.requests == 0 and cold.problems == []
    assert all(record.resolution is Resolution.NOTE for record in cold.records)
    assert cold.unresolved == [0, 1, 2]
    assert [record.resolution for record in warm.records] == [
        Resolution.CACHE,
        Resolution.NOTE,
        Resolution.TITLE_SEARCH,
    ]
    assert warm.unresolved == [1]


def test_an_unknown_id_is_remembered(tmp_path):
    entries = [arxiv_entry("2305.99999")]
    with ArxivServer(SEED_PAPERS) as server:
        resolve(entries, connect(tmp_path), quick_settings(server.url))
        # A page with no entry at all may be one of arXiv's sporadic empty pages: asked 1 + 3 retries.
        assert server.request_count == 4
        again = resolve(entries, connect(tmp_path), quick_settings(server.url))
        assert server.request_count == 4
    assert [problem.message for problem in again.problems] == ["arXiv has no paper 2305.99999; exported from the note"]


def test_runs_that_open_a_new_database_together_all_get_it(tmp_path):
    # SQLite refuses such a race at once (no busy wait): it happened to about one pair in eight.
    for attempt in range(50):
        folder = tmp_path / str(attempt)
        failures = []

        def open_and_read(folder=folder, failures=failures):
            try:
                connect(folder).execute("SELECT count(*) FROM sqlite_master").fetchone()
            except Exception as error:
                failures.append(error)

        threads = [threading.Thread(target=open_and_read) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert failures == []


def test_two_runs_at_once_on_one_database(tmp_path):
    papers = synthetic_papers(300)
    halves = [[arxiv_entry(p.id) for p in papers[:200]], [arxiv_entry(p.id) for p in papers[100:]]]
    reports = [None, None]
    with ArxivServer(papers, latency=0.05) as server:

        def run(index):
            reports[index] = resolve(halves[index], connect(tmp_path), quick_settings(server.url))

        threads = [threading.Thread(target=run, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        assert all(report.problems == [] for report in reports)
        after = resolve([arxiv_entry(p.id) for p in papers], connect(tmp_path), quick_settings(server.url))
    assert after.requests == 0
    assert [record.title for record in after.records] == [p.title for p in papers]
    assert connect(tmp_path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cached_answers_are_found_across_queries_of_a_few_thousand_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "KEYS_PER_QUERY", 7)
    cache = ArxivCache(connect(tmp_path))
    stored = [stored_paper(f"2401.{number:05d}") for number in range(0, 40, 2)]
    cache.store_papers(stored, unknown=["2401.00003", "2401.00031"])
    asked = [f"2401.{number:05d}" for number in range(40)]
    found = cache.papers(reversed(asked))
    assert found == {paper.id: paper for paper in stored} | {"2401.00003": None, "2401.00031": None}


def stored_paper(arxiv_id: str) -> ArxivPaper:
    day = datetime.date(2024, 1, 2)
    return ArxivPaper(arxiv_id, 1, f"Title {arxiv_id}", ["Ann Bo"], day, day, "cs.LG", None, None, None)
