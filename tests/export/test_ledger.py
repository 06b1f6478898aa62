from hypothesis import given, settings
from hypothesis import strategies as st

from cite_export.export import ledger
from cite_export.export.merge import Appender


def test_the_ledger_written_in_pieces_is_the_whole_ledger_in_the_files_line_ends():
    hashes = {f"key{number}": ledger.digest(str(number)) for number in range(2500)} | {"bad@key": ledger.PREDATES}
    whole = "".join(ledger.pieces(hashes, lines_per_piece=1000))
    assert whole.startswith(ledger.HEADER + "\n  key0 ") and whole.endswith(f"  key2499 {hashes['key2499']:016x}\n}}\n")
    assert ledger.read(whole) == {key: value for key, value in hashes.items() if key != "bad@key"}
    assert ledger.render(hashes) == whole

    after_text = Appender("\r\n", tail="}\r\n", has_text=True)
    written = "".join(after_text.add_pieces(ledger.pieces(hashes, lines_per_piece=1000)))
    assert written == "\r\n" + whole.replace("\n", "\r\n")  # a blank line before it, every line CRLF


LEDGER_PIECES = st.sampled_from(
    [ledger.START, "@comment{", "cite-export: x", "\n", "\r\n", "  key ", "0123456789abcdef", "}", "@", "{", " ", "é"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LEDGER_PIECES, max_size=40).map("".join))
def test_ledgers_are_found_where_a_search_for_the_whole_pattern_finds_them(text):
    assert [found.span() for found in ledger.ledgers(text)] == [found.span() for found in ledger.FOUND.finditer(text)]
    assert ledger.present(text) == (ledger.FOUND.search(text) is not None)
