"""Fuzzed notes (hypothesis): no traceback, every note with a link gives an entry, and the offline BibTeX parses
back and holds no control character. The longer run, with its figures, is benchmarks/fuzz_notes.py."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import bibtexparser
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from note_fuzz import PIECES, SEPARATORS, UNPRINTABLE

from cite_export.cli import main
from cite_export.notes import read_text
from cite_export.notes.clean import clean_text
from cite_export.notes.line_kinds import urls_in

# Pieces of real notes, and runs of any characters at all (controls and noncharacters included).
notes = st.lists(
    st.tuples(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), st.sampled_from(SEPARATORS)), max_size=30
).map(lambda parts: "".join(piece + separator for piece, separator in parts))
# The ledger is a comment; the preamble holds the fallback \url.
ENTRY_START = re.compile(r"^@(?!comment\{|preamble\{)\w+\{", re.MULTILINE | re.IGNORECASE)


@settings(max_examples=120, deadline=None, database=None)
@given(notes)
def test_any_note_reads_and_a_note_with_a_link_gives_an_entry_free_of_control_characters(note):
    entries, problems = read_text("230501 fuzzed.md", note)
    if urls_in(clean_text("230501 fuzzed.md", note)[0]):
        assert entries
    for entry in entries:
        assert entry.links
        fields = [entry.title or "", *entry.authors, *entry.commentary, *entry.english, entry.abstract or ""]
        fields += [*entry.tags, *entry.links, *entry.related_links, *entry.wiki_links]
        assert not any(UNPRINTABLE.search(field) for field in fields)
    assert all(problem.origin.line >= 1 for problem in problems)


@settings(max_examples=20, deadline=None, database=None)
@given(st.lists(notes, min_size=1, max_size=4))
def test_the_offline_bibtex_of_any_notes_parses_back_without_a_control_character(batch):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "notes").mkdir()
        for number, note in enumerate(batch):
            (root / "notes" / f"2305{number + 1:02d} fuzzed.md").write_text(note, encoding="utf-8")
        output = root / "refs.bib"
        arguments = ["bib", "--offline", "--cache-dir", str(root / "cache"), "-o", str(output), str(root / "notes")]
        result = CliRunner().invoke(main, arguments)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        text = output.read_text(encoding="utf-8") if output.exists() else ""
    assert not UNPRINTABLE.search(text)
    parsed = bibtexparser.loads(text)
    assert len(parsed.entries) == len(ENTRY_START.findall(text))
