import pytest

from cite_export.export.latex import escape, escape_paragraphs, escape_title, escape_url


@pytest.mark.parametrize(
    ("title", "protected"),
    [
        (
            "Can LLM Already Serve as A Database Interface? A BIg Bench",
            "Can {LLM} Already Serve as A Database Interface? A {BIg} Bench",
        ),
        ("ZipIt! Merging Models from Different Tasks", "{ZipIt}! Merging Models from Different Tasks"),
        ("CodeGen2: Lessons for Training LLMs", "{CodeGen2}: Lessons for Training {LLMs}"),
        (
            "On the Expressivity Role of LayerNorm in Transformers' Attention",
            "On the Expressivity Role of {LayerNorm} in Transformers' Attention",
        ),
        (
            "3D Gaussian Splatting for Real-Time Radiance Field Rendering",
            "{3D} Gaussian Splatting for Real-Time Radiance Field Rendering",
        ),
        ("Pick-a-Pic: An Open Dataset of User Preferences", "Pick-a-Pic: An Open Dataset of User Preferences"),
        ("Q-Learning in C", "{Q}-Learning in {C}"),
    ],
)
def test_titles_protect_only_words_whose_case_matters(title, protected):
    assert escape_title(title, ascii_accents=True) == protected


def test_latex_specials_print_literally_and_braces_stay_balanced_for_bibtex():
    hostile = r"\immediate\write18{rm -rf ~} 100% $x^2$ & a_b #1 } <b>"
    escaped = escape(hostile, ascii_accents=False)
    assert escaped == (
        r"\textbackslash{}immediate\textbackslash{}write18\textbraceleft{}rm -rf \textasciitilde{}\textbraceright{}"
        r" 100\% \$x\textasciicircum{}2\$ \& a\_b \#1 \textbraceright{} \textless{}b\textgreater{}"
    )
    # BibTeX ends a field at the brace that balances its opening one, escaped or not.
    assert escaped.count("{") == escaped.count("}")


def test_bibtex_gets_latin_accents_as_macros_and_keeps_other_scripts():
    assert escape("Thomas Leimkühler", ascii_accents=True) == r"Thomas Leimk{\"u}hler"
    assert escape("Thomas Leimkühler", ascii_accents=False) == "Thomas Leimkühler"
    assert escape("Łukasz Kaiser, Ørsted", ascii_accents=True) == r"{\L}ukasz Kaiser, {\O}rsted"
    mixed = "한국어 코멘트 🚀 שלום — “quoted”…"
    assert escape(mixed, ascii_accents=True) == mixed


def test_paragraphs_stay_on_one_line_so_no_line_of_a_field_starts_an_entry():
    joined = escape_paragraphs(["first\nline", "@misc{evil,", "", "last"], ascii_accents=False)
    assert joined == r"first line \par @misc\textbraceleft{}evil, \par last"
    assert "\n" not in joined


def test_urls_keep_their_query_and_encode_what_latex_would_read():
    assert escape_url("https://x.com/a/status/1?s=20#frag") == "https://x.com/a/status/1?s=20#frag"
    assert escape_url("https://example.com/a b{c}\\d/ü") == "https://example.com/a%20b%7Bc%7D%5Cd/%C3%BC"
