"""How a note's lines are read once: a line's kind does not depend on the whitespace around it (the splitter and
the reader of an entry's text share the answers), and the text after a note's last link is its entry's, line by
line, with its numbers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from note_fuzz import PIECES

from cite_export.notes.bylines import author_list, names_by_shape
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


initials = st.sampled_from(["A", "B", "Á", "Ö", "Z", "Ł"])
capitalised_word = st.tuples(initials, st.text(alphabet="abzéü.'-,", max_size=14)).map("".join)
separator = st.sampled_from([" ", ", ", " , ", ",", "  ", " and ", " & ", ", et al."])


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.tuples(capitalised_word, separator), min_size=1, max_size=14))
def test_a_list_of_capitalised_names_reads_as_the_reading_of_any_list_finds_it(parts):
    text = "".join(word + gap for word, gap in parts)
    assert author_list(text) == names_by_shape(text)
