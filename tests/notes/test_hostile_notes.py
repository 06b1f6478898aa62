"""Hostile notes: a megabyte on one line reads in linear time, and unprintable characters never get past reading."""

from __future__ import annotations

import time

import pytest

from cite_export.notes import read_text

LINK = "https://arxiv.org/abs/2305.01115\n"
MEGABYTE = 1 << 20


def repeat(piece: str) -> str:
    return piece * (MEGABYTE // len(piece))


# The shapes that took minutes when matching backtracked: nested parentheses on a title line (the author list
# stripped one level per pass), a long run of hashtags followed by text (the trailing-tags search restarted at every
# tag), runs of spaces inside an author list, and a long note of prose with a link on every other line (each link
# once rescanned the entry's text so far).
SHAPES = {
    "nested parentheses title": LINK + "A Title " + "(" * (MEGABYTE // 2) + ")" * (MEGABYTE // 2) + "\n",
    "nicknames in an author list": LINK + "A Title (" + repeat("Ann (Bo (Cy)) Do, ") + "Eve Fu)\n",
    "hashtags then text": LINK + "A Title\n" + repeat("#tag ") + "and then some text\n",
    "prose then hashtags then text": LINK + "A Title\nprose " + repeat("#t ") + "text\n",
    "spaces in an author list": LINK + "A Title (Ann " + " " * MEGABYTE + "Bo et al)\n",
    "and-separated authors": LINK + "A Title (" + repeat("Ann Bo and ") + "Cy)\n",
    "prose and links on alternate lines": LINK + "A Title\n" + "some prose here\nhttps://a.example/c\n" * 7000,
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_a_megabyte_of_any_shape_reads_in_linear_time(shape):
    # Linear reading takes about a second at most here, even on a busy machine a few; the quadratic paths this
    # guards against took minutes at 32 KB, so hours at this size.
    start = time.perf_counter()
    entries, _ = read_text("230501 hostile.md", SHAPES[shape])
    assert time.perf_counter() - start < 15
    assert entries[0].links == ("https://arxiv.org/abs/2305.01115",)


def test_trailing_hashtags_after_a_long_run_still_split_from_the_prose():
    (entry,), _ = read_text("n.md", LINK + "A Title\n" + "#not a run " * 1000 + "ends here #last #tags\n")
    assert entry.tags[-2:] == ("last", "tags")
    assert entry.commentary[-1].endswith("ends here")


def test_unprintable_characters_are_removed_and_the_first_is_reported_with_its_line():
    note = (
        "https://arxiv.org/abs/2305.01115\n"
        "Speculative\x07 Decoding (Ann\x00 Author, Bo Author)\n"
        "Commentary with a form\x0cfeed, C1 \x85 and \x9b controls\n"
        "and noncharacters \ufffe\uffff\U0010ffff\ufdd0 too.\t#tag\x0e\n"
    )
    (entry,), problems = read_text("230501 note.md", note)
    assert entry.title == "Speculative Decoding"
    assert entry.authors == ("Ann Author", "Bo Author")
    assert entry.commentary == ("Commentary with a formfeed, C1  and  controls", "and noncharacters  too.")
    assert entry.tags == ("tag",)
    assert [str(problem) for problem in problems] == [
        "230501 note.md:2: unprintable character U+0007 removed (10 in this note)"
    ]


def test_tab_and_line_ends_are_kept_and_raise_no_warning():
    (entry,), problems = read_text("n.md", "https://arxiv.org/abs/2305.01115\r\nA Title (Ann Bo)\r\nOne\ttwo.\r\n")
    assert entry.commentary == ("One\ttwo.",)
    assert problems == []


def test_a_note_that_is_only_controls_is_empty_and_says_why():
    _, problems = read_text("n.md", "\x00\x01\n\x02")
    assert [problem.message for problem in problems] == [
        "unprintable character U+0000 removed (3 in this note)",
        "empty file: no entry",
    ]
