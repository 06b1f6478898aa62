"""The README's LaTeX snippet, as written there, built with pdflatex + BibTeX (natbib, plainnat, no url.sty, OT1)
against notes whose URLs, characters, math and missing authors used to break such a build."""

import re
import unicodedata
from pathlib import Path

import pytest
from latex_builds import bibtex_warnings, build, latex_warnings, pdf_text
from latex_records import TITLED_PAGE, UNTITLED_ARXIV, latex_records
from seed_records import seed_records

from cite_export.export.bibfile import render_bib
from cite_export.export.bibtex import Style
from cite_export.export.keys import issue_keys
from cite_export.export.latex import escape_url

README = Path(__file__).resolve().parents[2] / "README.md"
HAND_ADDED = """
@misc{handadded,
  title = {A Hand-Added Page},
  author = {Someone, Else},
  year = {2024},
  url = {https://example.com/page_1#section~2&x=50%25},
}
"""


def readme_snippet() -> str:
    blocks = re.findall(r"```latex\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1, "the README has one LaTeX snippet"
    return blocks[0]


@pytest.fixture(scope="module")
def readme_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme-paper")
    records = seed_records() + latex_records()
    keys = issue_keys(records, None)
    (folder / "refs.bib").write_text(render_bib(records, None, Style.BIBTEX) + HAND_ADDED, encoding="utf-8")
    by_link = {record.entry.links[0]: keys[record.identity] for record in records}
    citations = rf"Untitled: \citet{{{by_link[UNTITLED_ARXIV]}}}. Page: \citet{{{by_link[TITLED_PAGE]}}}. "
    citations += " ".join(rf"\citet{{{key}}}." for key in keys.values()) + "\n\\nocite{*}\n"
    done = build(folder, "paper", "bibtex", extra_tex=citations, source=readme_snippet())
    return records, keys, done, pdf_text(folder, "paper")


def test_readme_snippet_builds_every_entry_without_an_error_or_warning(readme_build):
    records, _, done, _ = readme_build
    assert latex_warnings(done.log) == []
    assert bibtex_warnings(done.bib_log) == []
    assert done.bbl.count(r"\bibitem") == len(records) + 1


def test_urls_print_whole_with_plainnats_fallback_url(readme_build):
    records, _, _, text = readme_build
    printed = re.sub(r"\s", "", text)
    urls = [escape_url(record.url) for record in records if record.url]
    assert any("%" in url for url in urls) and any("_" in url for url in urls) and any("~" in url for url in urls)
    for url in [*urls, "https://example.com/page_1#section~2&x=50%25"]:
        assert url in printed


def test_author_less_entries_cite_by_a_short_title_or_their_organisation_never_a_raw_id(readme_build):
    records, keys, done, text = readme_build
    flat = " ".join(text.split())
    assert "Untitled: arXiv preprint, June 2017." in flat
    assert "Page: Reformer, 2024." in flat
    assert "rosinality [2024]" in flat and "@jefrankle [2023]" in flat
    labels = re.findall(r"\\bibitem\[(.*?)\]\{", done.bbl, flags=re.DOTALL)
    assert len(labels) == len(records) + 1
    assert not [label for label in labels if "arXiv:" in label or "http" in label or re.search(r"(?<!\\)%", label)]
    untitled = next(record for record in records if record.entry.links == (UNTITLED_ARXIV,))
    item = done.bbl.split(rf"]{{{keys[untitled.identity]}}}")[1].split(r"\bibitem")[0]
    assert item.count("1706.08224") == 2  # the title, and the URL: never a second label
    for record in records:  # every entry, the seed's included, is cited with its year
        assert re.search(rf"(\[|, )([A-Z][a-z]+ )?{record.date.year}[a-z]?\]?\.", flat), record.identity


def test_characters_print_with_the_default_font_encoding_and_math_stays_math(readme_build):
    _, _, done, text = readme_build
    assert not re.search(r"[^\x00-\x7f\uac00-\ud7a3]", done.bbl)
    flat = " ".join(text.split())
    flat = unicodedata.normalize("NFC", flat)  # pdftotext gives an accented letter as letter + accent
    greek = ("\N{MICRO SIGN}", "\N{GREEK CAPITAL LETTER SIGMA}", "\N{INCREMENT}", "\N{GREEK SMALL LETTER GAMMA}")
    for spelled in (*greek, "—", "“", "ñ", "≤", "∞", "Ż", "x\u0303"):
        assert spelled in flat
    assert r"{$\mu$}{P}" in done.bbl and r"{$Q^*$}" in done.bbl and r"\$5 to \$10" in done.bbl
