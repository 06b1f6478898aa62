"""arXiv's record over the note's: arXiv wins on bibliographic facts, the note keeps its own words."""

from arxiv_fixtures import arxiv_entry, quick_settings
from servers.arxiv import SEED_PAPERS, ArxivServer

from cite_export.model import PartialDate, Person
from cite_export.resolve import resolve


def resolved(entries):
    with ArxivServer(SEED_PAPERS) as server:
        return resolve(entries, None, quick_settings(server.url)).records


def test_arxiv_title_full_authors_v1_date_latest_version_category_and_arxiv_doi():
    note = arxiv_entry("2305.01115v1", title="in-context learning unlocked", authors=("Zhendong Wang", "Mingyuan Zhou"))
    record = resolved([note])[0]
    assert record.title == "In-Context Learning Unlocked for Diffusion Models"
    assert len(record.authors) == 8 and record.authors[0] == Person("Zhendong", "Wang")
    assert record.date == PartialDate(2023, 5, 1)  # published (v1), not updated
    assert record.updated == PartialDate(2023, 10, 19)
    assert (record.arxiv_id, record.version) == ("2305.01115", 2)
    assert record.primary_class == "cs.CV"
    assert record.doi == "10.48550/arXiv.2305.01115"
    assert record.journal_ref is None
    assert record.abstract.startswith("Placeholder abstract")


def test_journal_doi_and_reference_when_arxiv_lists_them():
    record = resolved([arxiv_entry("2308.04079")])[0]
    assert record.doi == "10.1145/3592433"
    assert record.journal_ref == "ACM Transactions on Graphics, 42(4), July 2023"
    assert record.authors[2] == Person("Thomas", "Leimkühler")


def test_the_notes_commentary_tags_and_links_stay():
    note = arxiv_entry("2305.02309")
    note.related_links = ("https://arxiv.org/abs/2205.11726",)
    record = resolved([note])[0]
    assert record.entry is note
    assert record.entry.commentary == ("what the reader thought",) and record.entry.tags == ("tag",)
    assert record.entry.related_links == ("https://arxiv.org/abs/2205.11726",)
