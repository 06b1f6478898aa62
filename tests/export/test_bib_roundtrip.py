"""The .bib output read back by bibtexparser (v1 API) gives the same fields, and the note's own text."""

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from hostile_records import STYLED_DEEP, STYLED_TITLE, hostile_records
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from seed_records import seed_records

from cite_export.export import describe
from cite_export.export.bibfile import render_bib
from cite_export.export.bibtex import Style, biblatex_fields, bibtex_fields
from cite_export.export.keys import issue_keys

RECORDS = seed_records() + hostile_records()
# Bold letters pasted from social media have no glyphs in LaTeX fonts: the export writes plain ones.
STYLED_TITLES = {STYLED_TITLE: STYLED_TITLE.replace(STYLED_DEEP, "Deep")}


def latex_to_text():
    context = get_default_latex_context_db()
    context.add_context_category(
        "cite-export",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textless", "<"),
            MacroTextSpec("textgreater", ">"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textbackslash", "\\"),
            MacroTextSpec("par", "\n\n"),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", strict_latex_spaces=True).latex_to_text


decode = latex_to_text()


def parse(text: str) -> dict[str, dict]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return {entry["ID"]: entry for entry in bibtexparser.loads(text, parser).entries}


def split_names(field: str) -> list[str]:
    """BibTeX's own rule: names are separated by ``and`` outside braces."""
    names, depth, start = [], 0, 0
    for index, char in enumerate(field):
        depth += (char == "{") - (char == "}")
        if depth == 0 and field.startswith(" and ", index):
            names.append(field[start:index])
            start = index + len(" and ")
    return [*names, field[start:]]


def paragraphs(text: str) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in text.split("\n\n")]


@pytest.mark.parametrize("style", list(Style))
def test_every_field_reads_back_as_written(style):
    keys = issue_keys(RECORDS, None)
    parsed = parse(render_bib(RECORDS, None, style))
    assert sorted(parsed) == sorted(keys.values())
    make_fields = bibtex_fields if style is Style.BIBTEX else biblatex_fields
    for record in RECORDS:
        entry = parsed[keys[record.identity]]
        written = {name.lower(): value for name, value in make_fields(record).items() if value}
        if "month" in written:
            assert entry.pop("month")[:3].lower() == written.pop("month")
        assert {name: value for name, value in entry.items() if name not in ("ID", "ENTRYTYPE")} == written
        assert entry["ENTRYTYPE"] == ("misc" if style is Style.BIBTEX else "online")


@pytest.mark.parametrize("style", list(Style))
def test_hostile_notes_decode_back_to_what_the_note_says(style):
    keys = issue_keys(RECORDS, None)
    parsed = parse(render_bib(RECORDS, None, style))
    annotation = "annote" if style is Style.BIBTEX else "annotation"
    for record in RECORDS:
        entry = parsed[keys[record.identity]]
        title = " ".join(describe.title(record).split())
        assert decode(entry["title"]) == STYLED_TITLES.get(title, title)
        if record.entry.commentary:
            assert paragraphs(decode(entry[annotation])) == [" ".join(p.split()) for p in describe.annotation(record)]
        if record.entry.tags:
            assert tuple(decode(entry["keywords"]).split(", ")) == record.entry.tags
        people, _ = describe.authors(record)
        if people:
            names = [decode(name) for name in split_names(entry["author"]) if name != "others"]
            assert names == [f"{p.family}, {p.given}" if p.given else p.family for p in people]


def test_the_hostile_title_and_commentary_survive_exactly():
    record = hostile_records()[0]
    entry = parse(render_bib([record], None, Style.BIBLATEX))["leimkuhler2024breaking"]
    assert decode(entry["title"]) == "Breaking $O(n^2)$ & 100% of {Braces}: Über_Models #1 ~ C:\\path"
    assert paragraphs(decode(entry["annotation"]))[:2] == [
        r"\immediate\write18{rm -rf ~} and \input{/etc/passwd} should print literally.",
        "An unbalanced } brace and another { and }} more }",
    ]
    assert decode(entry["abstract"]) == "An abstract with $math$, {braces} and a backslash \\ too."


def test_only_the_annotation_field_holds_the_commentary():
    text = render_bib(seed_records(), None, Style.BIBTEX)
    for entry in parse(text).values():
        assert "note" not in entry
    assert "text2image에 대한 in context learning" in parse(text)["wang2023incontext"]["annote"]
