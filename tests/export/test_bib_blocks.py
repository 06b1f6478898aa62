"""Reading an existing .bib file into blocks without losing a byte, and recognising the papers it names."""

from cite_export.export.merge import read_blocks

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
@misc{web, url = {https://www.Example.com/page?x=1#top}, note = {a } brace inside {a} group}}
@preamble{ "\\newcommand{\\noop}[1]{}" }
@misc{unterminated, title = {never closed
"""


def test_blocks_join_back_to_the_exact_text():
    assert "".join(block.text for block in read_blocks(TEXT)) == TEXT


def test_entries_give_their_key_and_the_paper_they_name():
    entries = [(block.key, block.identity) for block in read_blocks(TEXT) if block.key]
    assert entries == [
        ("Paren2020", "arxiv:2001.00001"),
        ("bib2023", "arxiv:hep-th/9901001"),
        ("doionly", "arxiv:2305.01115"),
        ("web", "url:https://www.example.com/page?x=1"),
        ("unterminated", None),
    ]


def test_comments_strings_and_preambles_are_kept_but_are_not_entries():
    blocks = read_blocks('@comment{x, y}\n@string{ai = "Artificial Intelligence"}\n@preamble{"x"}\n')
    assert [block.key for block in blocks] == [None] * len(blocks)


def test_a_parenthesised_entry_ends_at_its_own_parenthesis_not_at_one_inside_a_quoted_value():
    text = '@misc(paren, title = "Attention (Is) All", eprint = "2305.01115")\n@misc{next, url = {https://a.org/x}}\n'
    blocks = read_blocks(text)
    assert "".join(block.text for block in blocks) == text
    assert [(block.key, block.identity) for block in blocks if block.key] == [
        ("paren", "arxiv:2305.01115"),
        ("next", "url:https://a.org/x"),
    ]
