import datetime
import inspect
import pickle
from dataclasses import fields

from cite_export.model import Entry, Kind, Origin, Record, Week, entry_from_fields


def record(links, arxiv_id=None):
    return Record(Entry(Origin("notes.md", 3), links=links), Kind.WEB, None, [], None, arxiv_id=arxiv_id)


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
            links=["https://arxiv.org/abs/2305.01115"],
            title="A Title",
            authors=["Ann Author", "Bo Two"],
            author_is_organisation=True,
            commentary=["한국어 설명."],
            english=["In English."],
            abstract="An abstract.",
            tags=["llm"],
            related_links=["https://github.com/a/b"],
            wiki_links=["note"],
            week=week,
            date=datetime.date(2023, 5, 2),
        ),
        Entry(Origin("230502 Other.md", 1), week=week),
    ]
    back = pickle.loads(pickle.dumps(entries))
    assert back == entries and back[0].origin == Origin("digest.txt", 12)
    assert back[0].week is back[1].week
    assert [len(value) for value in back[0].__reduce__()[1] if isinstance(value, tuple)] == [1, 2, 1, 1, 1, 1, 1]


def test_an_entry_is_sent_with_every_field_it_has():
    # A field added to Entry but not to what a reader process sends would be lost without an error.
    assert list(inspect.signature(entry_from_fields).parameters) == [field.name for field in fields(Entry)]
    assert len(Entry(Origin("a.md", 1)).__reduce__()[1]) == len(fields(Entry))
