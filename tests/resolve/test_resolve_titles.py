"""Title search for project pages and blogs: the right paper, or none, never a look-alike."""

import dataclasses

from arxiv_fixtures import GAUSSIAN_SPLATTING_NOTE, quick_settings, web_entry
from servers.arxiv import SEED_PAPERS, ArxivServer, paper

from cite_export.model import Kind, Resolution
from cite_export.resolve import resolve, titles
from cite_export.resolve.paper import ArxivPaper
from cite_export.store import connect

REAL_3DGS = next(p for p in SEED_PAPERS if p.id == "2308.04079")
LOOK_ALIKE = paper(
    "2401.09999",
    "3D Gaussian Splatting for Real-Time Radiance Field Rendering of Large Scenes",
    ["Bernhard Kerbl", "Somebody Else"],
    "2024-01-20",
    "cs.GR",
)


def test_the_3dgs_project_page_resolves_to_its_arxiv_record():
    with ArxivServer(SEED_PAPERS) as server:
        report = resolve([GAUSSIAN_SPLATTING_NOTE], None, quick_settings(server.url))
    record = report.records[0]
    assert (record.arxiv_id, record.kind, record.resolution) == ("2308.04079", Kind.ARXIV, Resolution.TITLE_SEARCH)
    assert record.primary_class == "cs.GR" and record.doi == "10.1145/3592433"
    assert (record.date.year, record.date.month) == (2023, 8)
    assert record.entry.links == ("https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/",)
    assert report.details[0] == "title search: title 100% alike, 4 shared surnames"
    query = server.requests[0].params["search_query"]
    assert query == '(ti:"3d gaussian splatting for real time radiance field rendering" AND au:kerbl)'


def test_a_look_alike_title_is_not_accepted():
    with ArxivServer([LOOK_ALIKE, *[p for p in SEED_PAPERS if p.id != "2308.04079"]]) as server:
        report = resolve([GAUSSIAN_SPLATTING_NOTE], None, quick_settings(server.url))
        assert server.request_count == 1  # the look-alike was a candidate, and was turned down
    record = report.records[0]
    assert (record.arxiv_id, record.kind, record.resolution) == (None, Kind.WEB, Resolution.NOTE)
    assert report.details[0] == "note only (title search: no close match)"
    assert report.unresolved == []


def test_the_real_paper_wins_over_a_look_alike_in_the_same_answer():
    with ArxivServer([LOOK_ALIKE, REAL_3DGS]) as server:
        report = resolve([GAUSSIAN_SPLATTING_NOTE], None, quick_settings(server.url))
    assert report.records[0].arxiv_id == "2308.04079"


def candidate(title: str, authors: list[str]) -> ArxivPaper:
    import datetime

    day = datetime.date(2023, 1, 1)
    return ArxivPaper("2301.00001", 1, title, authors, day, day, "cs.LG", None, None, None)


def test_judging_needs_a_near_identical_title_and_a_shared_surname():
    note = GAUSSIAN_SPLATTING_NOTE
    same_title_other_people = candidate(note.title, ["Ann Other", "Bo Dy"])
    four_d = candidate("4D Gaussian Splatting for Real-Time Dynamic Scene Rendering", ["Guanjun Wu"])
    punctuation_and_case = candidate("3D gaussian splatting for real-time radiance-field rendering", ["B. Kerbl"])
    assert titles.judge(note, same_title_other_people) is None
    assert titles.judge(note, four_d) is None
    assert titles.judge(note, candidate(LOOK_ALIKE.title, LOOK_ALIKE.authors)) is None
    assert titles.judge(note, punctuation_and_case) is not None
    typo = dataclasses.replace(note, title="3D Gaussian Splating for Real-Time Radiance Field Rendering")
    assert titles.judge(typo, candidate(note.title, ["Bernhard Kerbl"])) is not None


def test_titles_are_searched_several_per_request_and_the_outcome_is_cached(tmp_path):
    notes = [
        GAUSSIAN_SPLATTING_NOTE,
        web_entry(
            "https://example.org/zipit",
            "ZipIt! Merging Models from Different Tasks without Training",
            ["George Stoica", "Daniel Bolya"],
            line=30,
        ),
        web_entry("https://example.org/nothing", "A Blog Post Nobody Put on arXiv", ["Jane Doe"], line=40),
        web_entry("https://example.org/untitled", "An Entry Without Authors", [], line=50),
    ]
    with ArxivServer(SEED_PAPERS) as server:
        first = resolve(notes, connect(tmp_path), quick_settings(server.url))
        assert server.request_count == 1
        warm = resolve(notes, connect(tmp_path), quick_settings(server.url))
        assert server.request_count == 1
    assert [r.arxiv_id for r in first.records] == ["2308.04079", "2305.03053", None, None]
    assert [r.arxiv_id for r in warm.records] == ["2308.04079", "2305.03053", None, None]
    assert warm.details[0] == "title search (cached): title 100% alike, 4 shared surnames"
    assert warm.details[2] == "note only (title search (cached): no close match)"
    assert warm.details[3] == "note only"
