"""One paper, many notes: notes of the same paper merge into one record, none is dropped."""

import datetime
import gc
import sqlite3

from click.testing import CliRunner

from cite_export.cli import main
from cite_export.export.keys import issue_keys
from cite_export.identity import doi_identity, link_identity, paper_identity
from cite_export.merging import merge_records
from cite_export.model import Entry, Kind, Origin, PartialDate, Person, Record, Resolution, Week, note_order
from cite_export.resolve.offline import record_from_note

WEEK_1 = Week(2023, 5, 1, "2023년 5월 1주차")
WEEK_3 = Week(2023, 5, 3, "2023년 5월 3주차")


def note(path, line, link, *, title=None, authors=(), tags=(), commentary=(), week=None, date=None, **more):
    return Entry(
        Origin(path, line),
        links=(link,),
        title=title,
        authors=tuple(authors),
        tags=tuple(tags),
        commentary=tuple(commentary),
        week=week,
        date=date,
        **more,
    )


def from_arxiv(entry: Entry) -> Record:
    return Record(
        entry,
        Kind.ARXIV,
        "In-Context Learning Unlocked for Diffusion Models",
        [Person("Zhendong", "Wang"), Person("Yifan", "Jiang")],
        PartialDate(2023, 5, 1),
        arxiv_id="2305.01115",
        abstract="We present Prompt Diffusion.",
        resolution=Resolution.ARXIV,
    )


def test_identity_is_the_arxiv_id_else_the_doi_else_the_canonical_url():
    assert paper_identity("2305.01115", "10.1145/3442188.3445922", "https://a.org/") == "arxiv:2305.01115"
    assert paper_identity(None, "10.1145/3442188.3445922", "https://a.org/") == "doi:10.1145/3442188.3445922"
    assert paper_identity(None, "10.48550/arXiv.2305.01115") == "arxiv:2305.01115"
    assert paper_identity(None, None, "https://A.org/page?x=1#top") == "url:https://a.org/page?x=1"
    assert paper_identity() is None
    assert doi_identity("https://doi.org/10.1145/ABC.1") == "doi:10.1145/abc.1"
    assert doi_identity("not a doi") is None
    assert link_identity("https://arxiv.org/pdf/2305.01115v2") == "arxiv:2305.01115"
    assert link_identity("https://dx.doi.org/10.1145/3442188.3445922") == "doi:10.1145/3442188.3445922"
    assert link_identity("https://x.com/a/status/1?s=20") == link_identity("https://twitter.com/a/status/1")


def test_notes_sort_by_date_then_file_and_line_and_undated_notes_come_last():
    vault = note("papers/230510 ICL.md", 1, "u", date=datetime.date(2023, 5, 10))
    week_one = note("digests/b.txt", 40, "u", week=WEEK_1)
    week_three = note("digests/a.txt", 2, "u", week=WEEK_3)
    undated = note("a.md", 1, "u")
    assert sorted([undated, week_three, vault, week_one], key=note_order) == [week_one, vault, week_three, undated]


def test_a_paper_noted_three_times_is_one_record_with_every_note_in_note_order():
    later = note(
        "digest.txt",
        9,
        "https://arxiv.org/abs/2305.01115v2",
        tags=["icl", "ddpm"],
        week=WEEK_3,
        commentary=["second read"],
        related_links=["https://github.com/x/y"],
    )
    vault = note(
        "papers/230510 Prompt Diffusion.md",
        1,
        "https://arxiv.org/abs/2305.01115",
        tags=["ddpm", "vision"],
        commentary=["vault words"],
        date=datetime.date(2023, 5, 10),
        wiki_links=["230418 UniMax"],
    )
    first = note(
        "digest.txt",
        2,
        "https://arxiv.org/pdf/2305.01115",
        tags=["few_shot", "icl"],
        week=WEEK_1,
        commentary=["first read"],
        related_links=["https://github.com/x/y#readme"],
    )
    other = note("digest.txt", 5, "https://arxiv.org/abs/2305.00729", week=WEEK_1)
    records = merge_records([from_arxiv(later), record_from_note(other), from_arxiv(vault), from_arxiv(first)])

    assert [record.identity for record in records] == ["arxiv:2305.01115", "arxiv:2305.00729"]
    merged = records[0]
    assert merged.notes == (first, vault, later) and merged.entry is first
    assert merged.tags == ["few_shot", "icl", "ddpm", "vision"]
    assert [n.commentary for n in merged.notes] == [("first read",), ("vault words",), ("second read",)]
    assert merged.links == ["https://arxiv.org/pdf/2305.01115"]
    assert merged.related_links == ["https://github.com/x/y#readme"]  # one per page, as first written
    assert merged.wiki_links == ["230418 UniMax"]
    assert merged.title == "In-Context Learning Unlocked for Diffusion Models" and len(merged.authors) == 2
    assert records[1].notes == (other,)


def test_offline_the_most_complete_note_gives_title_and_authors_and_the_first_abstract_wins():
    bare = note("a.txt", 1, "https://arxiv.org/abs/1906.08237", week=WEEK_1, title="XLNet")
    full = note(
        "b.txt",
        1,
        "https://arxiv.org/abs/1906.08237",
        week=WEEK_3,
        abstract="We propose XLNet.",
        title="XLNet: Generalized Autoregressive Pretraining",
        authors=["Zhilin Yang", "Zihang Dai"],
    )
    later = note(
        "c.txt",
        1,
        "https://arxiv.org/abs/1906.08237",
        title="XLNet",
        authors=["Zhilin Yang"],
        abstract="Another abstract.",
    )
    [merged] = merge_records([record_from_note(later), record_from_note(full), record_from_note(bare)])
    assert merged.entry is bare and merged.resolution is Resolution.NOTE
    assert merged.title == "XLNet: Generalized Autoregressive Pretraining"
    assert [person.family for person in merged.authors] == ["Yang", "Dai"]
    assert merged.abstract == "We propose XLNet."


def test_adding_a_later_note_never_renames_the_key_the_first_note_earned():
    first = note("a.txt", 1, "https://example.org/post", title="Scaling things", authors=["Kim Lee"], week=WEEK_1)
    later = note(
        "b.txt", 1, "https://example.org/post", title="Zebra findings", authors=["Park Choi", "Kim Lee"], week=WEEK_3
    )
    connection = sqlite3.connect(":memory:")
    [alone] = merge_records([record_from_note(first)])
    before = issue_keys([alone], connection)[alone.identity]
    [merged] = merge_records([record_from_note(later), record_from_note(first)])
    assert merged.title == "Zebra findings"  # the most complete note names it now ...
    assert issue_keys([merged], connection)[merged.identity] == before == "lee2023scaling"  # ... its key stays


def test_the_summary_counts_notes_entries_and_merged_entries_and_a_repeat_is_no_warning(tmp_path):
    (tmp_path / "digest.txt").write_text(
        "2023년 5월 1주차\nhttps://arxiv.org/abs/2305.01115\nIn-Context Learning (Zhendong Wang)\nfirst\n#icl\n"
        "https://arxiv.org/abs/2305.00729\nWhat Do Self-Supervised ViTs Learn? (Namuk Park)\nvit\n#vit\n"
        "2023년 5월 3주차\nhttps://arxiv.org/abs/2305.01115v2\nIn-Context Learning (Zhendong Wang)\nagain\n#ddpm\n",
        encoding="utf-8",
    )
    (tmp_path / "230510 ICL.md").write_text(
        "https://arxiv.org/abs/2305.01115\n\nIn-Context Learning (Zhendong Wang)\n\nvault words\n\n#icl #vision\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["bib", "--offline", "--cache-dir", str(tmp_path / "cache"), str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "same paper" not in result.stderr
    assert result.stderr.splitlines()[-1] == "4 notes -> 2 entries (1 merged): 2 arXiv; 0 warnings"
    assert result.stdout.count("@misc{") == 2


def test_an_offline_run_hands_the_cycle_collector_back(tmp_path):
    (tmp_path / "230510 ICL.md").write_text("https://arxiv.org/abs/2305.01115\n\nIn-Context Learning (Zhendong Wang)\n")
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["csl", "--offline", "--cache-dir", str(tmp_path / "cache"), str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()  # held off only while the notes were read and resolved
