import datetime
import pickle
from dataclasses import fields

from cite_export.model import Entry, Kind, Origin, Record, Week


def record(links, arxiv_id=None):
    return Record(Entry(Origin("notes.md", 3), links=tuple(links)), Kind.WEB, None, (), None, arxiv_id=arxiv_id)


def test_url_is_the_abs_page_for_arxiv_papers_and_the_clean_primary_link_otherwise():
    assert record(["https://arxiv.org/pdf/2305.01115v2"], "2305.01115").url == "https://arxiv.org/abs/2305.01115"
    post = record(["https://twitter.com/jefrankle/status/1652918238018260992?s=20", "https://x.com/a/status/1"])
    assert post.url == "https://twitter.com/jefrankle/status/1652918238018260992"
    assert record([]).url is None


def test_identity_names_the_same_paper_the_same_way_however_it_was_linked():
    assert record(["https://arxiv.org/abs/2305.01115"], "2305.01115").identity == "arxiv:2305.01115"
    assert (
        record(["https://x.com/jefrankle/status/1652918238018260992?s=20"]).identity
        == record(["https://twitter.com/jefrankle/status/1652918238018260992"]).identity
    )
    assert record([]).identity == "note:notes.md:3"


def test_an_entry_crosses_a_pickle_whole():
    # Entries come back from reader processes pickled: every field must survive, and the week stay shared.
    week = Week(2023, 5, 1, "2023년 5월 1주차")
    entries = [
        Entry(
            Origin("digest.txt", 12),
            links=("https://arxiv.org/abs/2305.01115",),
            title="A Title",
            authors=("Ann Author", "Bo Two"),
            author_is_organisation=True,
            commentary=("한국어 설명.",),
            english=("In English.",),
            abstract="An abstract.",
            tags=("llm",),
            related_links=("https://github.com/a/b",),
            wiki_links=("note",),
            week=week,
            date=datetime.date(2023, 5, 2),
        ),
        Entry(Origin("230502 Other.md", 1), week=week),
    ]
    back = pickle.loads(pickle.dumps(entries))
    assert back == entries and back[0].origin == Origin("digest.txt", 12)
    assert back[0].week is back[1].week


def test_an_entry_is_sent_with_every_field_it_has_in_order():
    # A field added to Entry but not to what a reader process sends would be lost without an error.
    entry = Entry(Origin("a.md", 1), ("https://a.org/1",), "T", ("A B",), True, ("c",), ("e",), "x", ("t",), ("r",))
    entry.wiki_links, entry.week, entry.date = ("w",), Week(2023, 5, 1, "w"), datetime.date(2023, 5, 2)
    assert entry.__reduce__() == (Entry, tuple(getattr(entry, field.name) for field in fields(Entry)))
