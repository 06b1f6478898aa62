"""How a note's lines are read once: a line's kind does not depend on the whitespace around it (the splitter and
the reader of an entry's text share the answers), and the text after a note's last link is its entry's, line by
line, with its numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from note_fuzz import PIECES

from cite_export.notes.bylines import NOT_IN_NAMES, author_list, names_by_shape, without_parenthesized
from cite_export.notes.clean import BEYOND_BMP, CONTROLS, INVISIBLE, clean_text, is_clean
from cite_export.notes.kinds import classify
from cite_export.notes.splitting import split_entries

lines = st.one_of(st.sampled_from(PIECES), st.text(max_size=12), st.sampled_from(PIECES).map(lambda piece: piece[:20]))
spaces = st.text(alphabet=" \t\u3000\xa0", max_size=3)


@settings(max_examples=300, deadline=None, database=None)
@given(lines, spaces, spaces)
def test_a_line_is_the_same_kind_with_or_without_the_whitespace_around_it(line, before, after):
    for part in line.splitlines() or [line]:
        assert classify(before + part + after) is classify(part.strip())


def test_the_lines_after_the_last_link_are_the_last_entry_text_with_their_numbers():
    note = [
        "https://arxiv.org/abs/2305.01115",
        "",
        "Title of the Paper (Ann One, Bo Two)",
        "",
        "> An abstract, quoted.",
        "Commentary with [the code](https://github.com/lab/repo). #tag",
        "## A heading",
        "#sparse #flow",
    ]
    layout = split_entries(note)
    assert layout.preamble == []
    [draft] = layout.drafts
    assert draft.links == ["https://arxiv.org/abs/2305.01115"]
    assert draft.text.rows == list(enumerate(note, start=1))[1:]


def test_text_between_entries_stays_with_the_entry_above_and_the_rest_with_the_last():
    note = [
        "Intro line",
        "https://arxiv.org/abs/2305.01115",
        "First Paper Title (Ann One)",
        "#done",
        "https://arxiv.org/abs/2306.02222",
        "Second Paper Title (Bo Two)",
        "text of the second",
        "",
    ]
    layout = split_entries(note)
    assert layout.preamble == [(1, "Intro line")]
    first, second = layout.drafts
    assert first.text.rows == [(3, "First Paper Title (Ann One)"), (4, "#done")]
    assert second.text.rows == [(6, "Second Paper Title (Bo Two)"), (7, "text of the second"), (8, "")]


# Mostly the usual names, and now and then a word that is not (a capital beyond ASCII, lowercase, brackets, Korean).
usual_word = st.tuples(st.sampled_from("ABZ"), st.text(alphabet="abz.'-", max_size=8)).map("".join)
odd_word = st.tuples(st.sampled_from("ÁÖŁa(1)"), st.text(alphabet="abzéü.'-,()/:가", max_size=6)).map("".join)
word = st.one_of(usual_word, usual_word, usual_word, odd_word)
separator = st.sampled_from([" ", " ", " ", ", ", " , ", "  ", "\t", "\xa0,", "\u3000", " and ", " & ", ", et al."])


def names_read_word_by_word(text: str) -> list[str] | None:
    text = without_parenthesized(text)
    return None if not text.strip() or NOT_IN_NAMES.search(text) else names_by_shape(text)


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.tuples(word, separator), min_size=1, max_size=20))
def test_the_usual_list_of_names_reads_as_the_word_by_word_reading_finds_it(parts):
    text = "".join(word + gap for word, gap in parts)
    assert author_list(text) == names_read_word_by_word(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ann One, Bo Two, Cy Three",
        "One Two Three Four Five Six Seven",
        "One Two Three Four Five Six Seven Eight",
        "Ann) One, Bo Two",
        "Ann One:, Bo Two",
        "A" * 60 + ", Bo Two",
        "A" * 61 + ", Bo Two",
        "Ann One,, Bo Two,",
        " Ann\tOne ,Bo  Two ",
        "Ángel Díaz, Bo Two",
        "Ann One, bo Two",
    ],
)
def test_the_edges_of_the_usual_list_read_as_the_word_by_word_reading_finds_them(text):
    assert author_list(text) == names_read_word_by_word(text)


# Printable text, line ends and tabs, and every kind of character a note must not hold (controls, zero-width space,
# BOM, noncharacters of the BMP and beyond), and characters beyond the BMP that it may (an emoji).
note_characters = st.one_of(
    st.sampled_from("ab 가\n\t\r\x00\x1f\x7f\x85\x9f\u200b\ufeff\ufdd0\ufffe\uffff\xa0\u3000\u2028"),
    st.sampled_from("😀\U0001fffe\U0010ffff"),
    st.characters(),
)


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(note_characters, max_size=30).map("".join))
def test_a_note_is_passed_as_clean_only_when_cleaning_would_remove_nothing(text):
    removes = bool(CONTROLS.search(text) or INVISIBLE.search(text))
    removes |= any(ord(char) & 0xFFFE == 0xFFFE for char in BEYOND_BMP.findall(text))
    assert not (is_clean(text) and removes)
    assert (clean_text("note.md", text) == (text, [])) is not removes
