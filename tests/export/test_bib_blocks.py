"""Reading an existing .bib file into blocks as BibTeX reads it, without losing a byte."""

import re
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st
from system_tools import require_tool

from cite_export.export.bibpapers import identity_from_fields
from cite_export.export.bibreader import NEXT_PLAIN_FIELD, plain_fields, read_blocks, simple_fields
from cite_export.export.bibvalues import PLAIN, plain_value

TEXT = """\
Free text before the first entry, with an email: someone@example.com
@Article( Paren2020,
  title = "Quoted {with braces}, and a comma",
  eprint = {2001.00001v2}, archivePrefix = "arXiv"
)
@online{bib2023,
  eprinttype = {arxiv},
  eprint = {hep-th/9901001},
}
@misc{doionly, doi = {10.48550/arXiv.2305.01115}}
@misc{web, url = "https://www.Example.com/" # "page?x=1#top", year = 2020, month = may}
@preamble{ "\\newcommand{\\noop}[1]{}" }
@string{ai = {Artificial Intelligence}}
@misc{unterminated, title = {never closed
"""


def entries(text: str) -> list[tuple[str | None, str | None]]:
    return [(block.key, identity_from_fields(block.fields)) for block in read_blocks(text) if block.key]


def test_blocks_join_back_to_the_exact_text():
    assert "".join(TEXT[block.offset : block.end] for block in read_blocks(TEXT)) == TEXT


def test_entries_give_their_key_and_the_paper_they_name():
    assert entries(TEXT) == [
        ("Paren2020", "arxiv:2001.00001"),
        ("bib2023", "arxiv:hep-th/9901001"),
        ("doionly", "arxiv:2305.01115"),
        ("web", "url:https://www.example.com/page?x=1"),
        ("unterminated", None),
    ]
    unterminated = read_blocks(TEXT)[-1]
    assert unterminated.problem == "a '{' is never closed"
    assert TEXT[unterminated.offset :].startswith("@misc{unterminated")


def test_comments_strings_and_preambles_are_kept_but_are_not_entries():
    blocks = read_blocks('@comment{x, y}\n@string{ai = "Artificial Intelligence"}\n@preamble{"x"}\n')
    assert [block.key for block in blocks] == [None] * len(blocks)
    assert all(block.problem is None for block in blocks)


def test_a_parenthesised_entry_ends_at_its_own_parenthesis_not_at_one_inside_a_quoted_value():
    text = '@misc(paren, title = "Attention (Is) All", eprint = "2305.01115")\n@misc{next, url = {https://a.org/x}}\n'
    assert "".join(text[block.offset : block.end] for block in read_blocks(text)) == text
    assert entries(text) == [("paren", "arxiv:2305.01115"), ("next", "url:https://a.org/x")]


# BibTeX's own rule: @comment takes no body, so an unbalanced brace after it hides nothing, and an entry
# written inside a comment is still an entry.
COMMENTED = """\
@comment{ an unbalanced { brace in a comment
@misc{a, title = {A}, eprint = {2305.01115}, year = 2020}
@comment{ @misc{b, title = {B}, year = 2021} }
@misc(c, title = "C (x)", year = 2022)
"""


def test_an_unbalanced_brace_in_a_comment_hides_nothing_and_a_commented_entry_is_read_as_bibtex_does():
    assert [key for key, _ in entries(COMMENTED)] == ["a", "b", "c"]
    assert "".join(COMMENTED[block.offset : block.end] for block in read_blocks(COMMENTED)) == COMMENTED


def test_bibtex_reads_the_same_entries(tmp_path):
    require_tool("bibtex")
    (tmp_path / "refs.bib").write_text(COMMENTED, encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8")
    subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, timeout=60, check=False)
    bibitems = [line[9:-1] for line in (tmp_path / "doc.bbl").read_text().splitlines() if line.startswith("\\bibitem{")]
    assert sorted(bibitems) == [key for key, _ in entries(COMMENTED)]


def test_an_entry_bibtex_cannot_read_is_kept_and_later_entries_are_still_seen():
    text = (
        "@misc{broken, note = {a } brace inside {a} group}}\n"
        "@misc{open, title = {never closed,\n  year = 2020}\n"
        "@misc{after, eprint = {2305.01115}}\n"
    )
    blocks = read_blocks(text)
    assert "".join(text[block.offset : block.end] for block in blocks) == text
    assert [(block.key, bool(block.problem)) for block in blocks if block.key] == [
        ("broken", True),
        ("open", True),
        ("after", False),
    ]


BIB_PIECES = st.sampled_from(
    [
        "@",
        "@misc",
        "@comment",
        "@string",
        "@preamble",
        "{",
        "}",
        "(",
        ")",
        '"',
        ",",
        "=",
        "#",
        " ",
        "\n",
        "\r\n",
        "%",
        "key",
        "title",
        "2305.01115",
        "eprint",
        "\ufeff",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(BIB_PIECES, max_size=60).map("".join))
def test_any_text_is_cut_into_blocks_that_join_back_to_it(text):
    blocks = read_blocks(text)
    assert "".join(text[block.offset : block.end] for block in blocks) == text
    assert [block.offset for block in blocks[1:]] == [block.end for block in blocks[:-1]]
    assert all(block.line == text.count("\n", 0, block.offset) + 1 for block in blocks)


# The run of plain fields as one match of the whole run (the reader's former way): the oracle for plain_fields.
WHOLE_RUN = {closer: re.compile(rf"(?:,\s*+{PLAIN})*+(?:,\s*+)?\{closer}") for closer in "})"}
FIELD_PIECES = st.sampled_from(
    [",", " ", "\n", "title", "x2", "=", "{", "}", "{a}", "{b {c} d}", '"q"', '"', "#", "12", ")", "(", "@", "é",
     ", note = {a, é b}", ",url={}", " = {", "} #", ", t = {x y}", ",\n  u={ é }", ", v = {}"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(FIELD_PIECES, max_size=40).map("".join), st.sampled_from("})"))
def test_plain_fields_read_one_at_a_time_are_those_a_match_of_the_whole_run_finds(text, closer):
    whole = WHOLE_RUN[closer].match(text)
    found = plain_fields(text, 0, closer)
    if whole is None:
        assert found is None
    else:
        assert found is not None and found[0] == whole.end()
        fields = NEXT_PLAIN_FIELD.finditer(text, 0, whole.end())
        assert found[1] == [(field.group(1), plain_value(field)) for field in fields]


USUAL_FIELDS = st.sampled_from(
    [
        ", t = {x y}",
        ",\n  u={ é }",
        ", v = {}",
        ", month = jan",
        ", year = 2020",
        ", w = {a {b} c}",
        ", w = {a {b}",
        ', q = "x"',
        " ",
    ]
)
ENTRY_ENDS = st.sampled_from(["}", ",\n}", ")", ",)", "} #", "}x"])


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.tuples(st.lists(USUAL_FIELDS, max_size=8).map("".join), ENTRY_ENDS).map("".join),
        st.lists(FIELD_PIECES, max_size=40).map("".join),
    ),
    st.sampled_from("})"),
)
def test_the_usual_entry_read_by_one_match_reads_as_it_does_field_by_field(text, closer):
    simple = simple_fields(text, 0, closer)
    if simple is not None:
        end, found = simple
        as_read = [(name, value[1:-1].strip() if value[0] == "{" else value) for name, value in found]
        assert plain_fields(text, 0, closer) == (end, as_read)


def test_the_usual_entry_is_read_by_one_match():
    entry = ", title = { A title },\n  month = jan,\n  year = 2020,\n}"
    assert simple_fields(entry, 0, "}") == (
        len(entry),
        [("title", "{ A title }"), ("month", "jan"), ("year", "2020")],
    )
    assert simple_fields(", title = {A {B} title}}", 0, "}") is None  # a brace in a value: field by field
