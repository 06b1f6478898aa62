"""Titles made from a link when the note gives none: readable, and telling pages of one site apart."""

from cite_export.export import describe
from cite_export.model import Entry, Origin
from cite_export.resolve.offline import record_from_note


def title_for(link: str) -> str:
    return describe.title(record_from_note(Entry(origin=Origin("notes/a.md", 1), links=(link,))))


def test_a_post_is_titled_by_its_handle_and_day():
    assert title_for("https://x.com/jefrankle/status/1652918238018260992?s=20") == "Post by @jefrankle on 2023-05-01"


def test_a_page_is_titled_by_its_address_without_scheme_or_www():
    assert title_for("https://www.deepmind.com/publications/a-generalist-agent/") == (
        "deepmind.com/publications/a-generalist-agent"
    )


def test_a_percent_encoded_address_reads_as_the_words_it_encodes():
    link = "https://rosinality.github.io/2021/05/%EB%A8%B8%EC%8B%A0-%EB%9F%AC%EB%8B%9D"
    assert title_for(link) == "rosinality.github.io/2021/05/머신-러닝"


def test_pages_that_differ_only_in_their_query_get_different_titles():
    assert title_for("https://openreview.net/forum?id=H1e5GJBtDr") == "openreview.net/forum?id=H1e5GJBtDr"
    assert title_for("https://www.youtube.com/watch?v=p9IxoSkvZ-M") == "youtube.com/watch?v=p9IxoSkvZ-M"
