"""An existing .bib file read in pieces reads exactly as it does whole: the same blocks, lines, problems and ledger,
and the same error for a byte that is not UTF-8, wherever the pieces end."""

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cite_export.export.bibreader import blocks_in, read_blocks
from cite_export.export.bibtex import URL_PREAMBLE
from cite_export.export.oldfile import FileReading
from cite_export.export.previous import ENTRY_LINE, BibFileError, PreviousFile, PreviousText, last_entry_line_end

ENTRY_LINE_END = re.compile(r"\n(?=[ \t]*@)")

# Everything a hand-kept file holds, and what makes a reader stumble: text between entries, comments, @string and
# @preamble, an "@" starting a line inside a braced value, an unclosed quote or brace, CRLF, Korean text, a ledger.
NASTY = (
    "\ufeff% refs.bib, kept by hand: mail me@example.com\r\n"
    + URL_PREAMBLE
    + "\n\n@comment{ an unbalanced { brace in a comment\n"
    "@string{ai = {Artificial Intelligence}}\n"
    "@misc{hand, title = {A {hand} written\n@entry-like line inside a value}, eprint = {2305.01115}}\n"
    "Text between entries.\n"
    '  @Article( Paren2020,\n  title = "Quoted {with braces}, and a comma",\n  eprint = {2001.00001v2}\n)\r\n'
    "@misc{korean, annote = {흥미로운 결과입니다. 모델 크기를 키우면}, journal = ai # { 2023}}\n"
    "@misc{broken, note = {a } brace}}, year = 2020}\n"
    '@misc{quoted, title = "never closed\n'
    "@misc{after, url = {https://arxiv.org/abs/1706.03762}}\n"
    "@comment{cite-export: entries it wrote, with a hash of each; an entry you edit is yours and kept\n"
    "  hand 0123456789abcdef\r\n"
    "  after 0000000000000000\n"
    "}\n"
    "@misc{open, title = {left open to the end\n"
    "@misc{late, eprint = {1706.03762}}\n"
    "@misc{later, title = {x}\n"
)


def entry_line_cuts(text: str, skipped: list[bool] = ()) -> list[str]:
    """``text`` cut after the line ends that a line starting with "@" follows, but the n-th where ``skipped[n]``."""
    cuts = [match.end() for match in ENTRY_LINE_END.finditer(text)]
    kept = [cut for number, cut in enumerate(cuts) if number >= len(skipped) or not skipped[number]]
    return [text[start:end] for start, end in itertools.pairwise([0, *kept, len(text)])]


def read_in(pieces: list[str]) -> FileReading:
    return FileReading("refs.bib").read(pieces, None)


def test_the_nasty_file_reads_the_same_cut_at_every_entry_line():
    whole = read_blocks(NASTY)
    found = list(blocks_in(entry_line_cuts(NASTY)))
    assert [block for block, _ in found] == whole
    assert [text for _, text in found] == [NASTY[block.offset : block.end] for block in whole]
    unreadable = [block.key for block in whole if block.problem]
    assert unreadable == ["broken", "quoted", "open", "later"]
    readable = [block.key for block in whole if block.key and not block.problem]
    assert readable == ["hand", "Paren2020", "korean", "after", "late"]


def test_a_file_read_in_chunks_of_any_size_gives_the_same_pieces_blocks_and_ledger(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(NASTY.encode("utf-8"))
    whole = read_in([NASTY])
    for chunk_size in [1, 2, 3, 5, 8, 13, 64, 1 << 20]:
        with PreviousFile(path) as previous:
            pieces = list(previous.pieces(chunk_size))
            reading = read_in(pieces)
            texts = list(previous.texts(reading.blocks.ends))
        assert "".join(pieces) == NASTY
        assert all(piece.endswith("\n") for piece in pieces[:-1])
        assert list(reading.blocks) == list(whole.blocks)
        assert texts == [NASTY[block.offset : block.end] for block in whole.blocks]
        assert reading.old_file() == whole.old_file()
        assert (reading.edited, reading.marked) == (whole.edited, whole.marked) == (True, True)
    assert whole.old_file().hashes == {"hand": 0x0123456789ABCDEF, "after": 0}


def test_a_big_file_is_read_a_piece_at_a_time(tmp_path):
    entries = "".join(f"@misc{{key{number}, title = {{Paper {number}}}}}\n\n" for number in range(2000))
    path = tmp_path / "refs.bib"
    path.write_text(entries, encoding="utf-8")
    read = []
    with PreviousFile(path) as previous:
        for piece in previous.pieces(chunk_size=4096):
            read.append(piece)
            if len(read) == 2:
                break
    assert all(len(piece) < 2 * 4096 for piece in read)

    def pieces_read():
        for piece in entry_line_cuts(entries):
            read.append(piece)
            yield piece

    read.clear()
    first_block, _ = next(blocks_in(pieces_read()))
    assert first_block.key == "key0" and len(read) <= 2


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 4096])
def test_a_byte_that_is_not_utf8_deep_in_the_file_is_named_by_its_line_and_offset(tmp_path, chunk_size):
    before = ("@misc{a,\n  title = {Café 카페},\n}\n\n" * 30).encode("utf-8")
    path = tmp_path / "refs.bib"
    path.write_bytes(before + b"@misc{b,\n  title = {Caf\xe9\n@misc{c}\n")
    with PreviousFile(path) as previous, pytest.raises(BibFileError) as raised:
        read_in(previous.pieces(chunk_size))
    line, offset = 30 * 4 + 2, len(before) + len(b"@misc{b,\n  title = {Caf")
    assert str(raised.value).startswith(f"{path}:{line}: byte {offset} is not UTF-8;")


@pytest.mark.parametrize("chunk_size", [1, 2, 4096])
def test_a_character_cut_short_at_the_end_of_the_file_is_named_too(tmp_path, chunk_size):
    path = tmp_path / "refs.bib"
    path.write_bytes(b"@misc{a,\n  title = {x}}\n\n@misc{b, title = {\xea\xb0")
    with PreviousFile(path) as previous, pytest.raises(BibFileError, match=r"refs.bib:4: byte 43 is not UTF-8"):
        read_in(previous.pieces(chunk_size))


BIB_PIECES = st.sampled_from(
    [
        "@",
        "@misc{k,",
        "@comment",
        "@string{",
        "@preamble(",
        "{",
        "}",
        "(",
        ")",
        '"',
        ",",
        "=",
        "#",
        " t = ",
        "2020",
        "\n",
        "\r\n",
        "\n@",
        "\n \t@",
        "\\CiteExportVerbatim",
        "@comment{cite-export: x\n  k 0123456789abcdef\n}",
        "\ufeff",
        "카",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(BIB_PIECES, max_size=50).map("".join), st.lists(st.booleans()))
def test_any_text_reads_the_same_whole_and_cut_at_any_entry_lines(text, skipped):
    whole = read_in([text])
    cut = read_in(entry_line_cuts(text, skipped))
    assert list(cut.blocks) == list(whole.blocks) == read_blocks(text)
    assert (cut.old_file(), cut.edited, cut.marked) == (whole.old_file(), whole.edited, whole.marked)
    assert whole.edited == (bool(text) and not text.isspace())
    assert whole.line_ends == cut.line_ends == text.count("\n")
    assert whole.crlf_line_ends == text.count("\r\n")


@settings(max_examples=300, deadline=None)
@given(st.lists(BIB_PIECES, max_size=50).map("".join), st.integers(0, 200), st.integers(1, 64))
def test_the_last_entry_line_is_found_from_the_end_as_in_the_whole_text(text, searched_from, tail):
    held = bytearray(text.encode("utf-8"))
    searched_from = min(searched_from, len(held))
    everywhere = [line_end.end() for line_end in ENTRY_LINE.finditer(held, searched_from)]
    assert last_entry_line_end(held, searched_from, tail) == max(everywhere, default=0)


def test_no_file_at_all_reads_as_an_empty_text():
    reading = read_in(list(PreviousText("").pieces()))
    assert list(reading.blocks) == []
    assert (reading.edited, reading.marked, reading.old_file().newline) == (False, False, "\n")
