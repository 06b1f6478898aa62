import sys

from hypothesis import given
from hypothesis import strategies as st

from cite_export.model import Entry, Kind, Origin, Paragraphs, Record


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


@given(st.lists(st.text()))
def test_paragraphs_give_back_any_text_as_the_tuple_it_was(texts):
    paragraphs = Paragraphs(texts)
    assert tuple(paragraphs) == tuple(texts)
    assert paragraphs == tuple(texts) and len(paragraphs) == len(texts) and bool(paragraphs) == bool(texts)
    assert hash(paragraphs) == hash(tuple(texts))
    assert Paragraphs.from_utf8(paragraphs.utf8) == paragraphs
    if texts:
        assert paragraphs[-1] == texts[-1] and paragraphs[1:] == tuple(texts[1:])


def test_paragraphs_keep_the_texts_utf8_cannot_hold_and_tell_none_from_one_empty():
    odd = ("", "\0", "\udcff lone surrogate", "ÿ\xff", "😀 beyond the BMP", "한국어")
    assert tuple(Paragraphs(odd)) == odd
    assert Paragraphs([""]) != Paragraphs() and len(Paragraphs([""])) == 1 and not Paragraphs()


def test_an_entry_holds_its_paragraphs_as_utf8_in_less_memory_than_strings():
    comment = "흥미로운 결과입니다. " + "The model scales with data and compute. " * 20
    entry = Entry(Origin("notes.md", 1), commentary=[comment], english=())
    assert isinstance(entry.commentary, Paragraphs) and entry.commentary == (comment,)
    assert entry.english is Entry(Origin("other.md", 1)).english  # no English version: one shared object
    held = sys.getsizeof(entry.commentary) + sys.getsizeof(entry.commentary.utf8)
    assert held < 0.6 * (sys.getsizeof((comment,)) + sys.getsizeof(comment))
