import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from latex_records import MATH_TITLES, latex_records

from cite_export.export import bibtex, latex, texmath
from cite_export.export.csljson import csl_items
from cite_export.export.latex import escape, escape_paragraphs, escape_title, escape_url
from cite_export.model import Person


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
    assert escape_title(title, ascii_only=True) == protected


def test_latex_specials_print_literally_and_braces_stay_balanced_for_bibtex():
    hostile = r"\immediate\write18{rm -rf ~} 100% $x^2$ & a_b #1 } <b>"
    escaped = escape(hostile, ascii_only=False)
    assert escaped == (
        r"\textbackslash{}immediate\textbackslash{}write18\textbraceleft{}rm -rf \textasciitilde{}\textbraceright{}"
        r" 100\% \$x\textasciicircum{}2\$ \& a\_b \#1 \textbraceright{} \textless{}b\textgreater{}"
    )
    # BibTeX ends a field at the brace that balances its opening one, escaped or not.
    assert escaped.count("{") == escaped.count("}")


def test_bibtex_gets_latin_accents_as_macros_and_keeps_other_scripts():
    assert escape("Thomas Leimkühler", ascii_only=True) == r"Thomas Leimk{\"u}hler"
    assert escape("Thomas Leimkühler", ascii_only=False) == "Thomas Leimkühler"
    assert escape("Łukasz Kaiser, Ørsted", ascii_only=True) == r"{\L}ukasz Kaiser, {\O}rsted"
    mixed = "한국어 코멘트 🚀 שלום — “quoted”… μP x\u0303"
    assert escape(mixed, ascii_only=False) == mixed
    spelled = (
        r"한국어 코멘트 [U+1F680] [U+05E9][U+05DC][U+05D5][U+05DD] {\textemdash} {\textquotedblleft}quoted"
        r"{\textquotedblright}{\textellipsis} {\ensuremath{\mu}}P {\~{x}}"
    )
    assert escape(mixed, ascii_only=True) == spelled
    # annote, which no standard style prints, keeps what LaTeX cannot spell.
    assert escape("🚀 שלום é", ascii_only=True, keep_unknown=True) == r"🚀 שלום {\'e}"


@pytest.mark.parametrize(
    ("title", "latex"),
    [
        ("S$^2$R: Teaching LLMs", r"{S}{$^2$}{R}: Teaching {LLMs}"),
        (r"$\mu$P scales", r"{$\mu$}{P} scales"),
        ("From $r$ to $Q^*$", r"From {$r$} to {$Q^*$}"),
        ("$\N{GREEK SMALL LETTER GAMMA}$-MoD", r"{${\ensuremath{\gamma}}$}-{MoD}"),
        ("From $f(x)$ and $g(x)$ to $f(g(x))$", r"From {$f(x)$} and {$g(x)$} to {$f(g(x))$}"),
        ("Costs $5 and $10", r"Costs \$5 and \$10"),
        ("A lone $ sign", r"A lone \$ sign"),
        (r"$\input{/etc/passwd}$", r"\$\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}\$"),
        ("$a}{b$ and $x%y$", r"\$a\textbraceright{}\textbraceleft{}b\$ and \$x\%y\$"),
    ],
)
def test_balanced_tex_math_stays_math_protected_from_case_changes(title, latex):
    assert escape_title(title, ascii_only=True) == latex


def test_paragraphs_stay_on_one_line_so_no_line_of_a_field_starts_an_entry():
    joined = escape_paragraphs(["first\nline", "@misc{evil,", "", "last"], ascii_only=False)
    assert joined == r"first line \par @misc\textbraceleft{}evil, \par last"
    assert "\n" not in joined


def test_urls_keep_their_query_and_encode_what_latex_would_read():
    assert escape_url("https://x.com/a/status/1?s=20#frag") == "https://x.com/a/status/1?s=20#frag"
    assert escape_url("https://example.com/a b{c}\\d/ü") == "https://example.com/a%20b%7Bc%7D%5Cd/%C3%BC"


def test_csl_json_carries_titles_as_arxiv_writes_them():
    records = [record for record in latex_records() if "$" in (record.title or "")]
    items = csl_items(records, {record.identity: f"key{index}" for index, record in enumerate(records)})
    assert [item["title"] for item in items] == MATH_TITLES


# Characters that decide which path escaping takes: text escaping leaves as it is (plain ASCII, Hangul, CJK, single
# spaces), mostly, so that a text with one thing that needs escaping (a LaTeX special, a space of another kind or
# too many, jamo or accents to normalize, a styled letter, an emoji, Hebrew) is often one of them.
PLAIN_CHARACTERS = st.sampled_from([*"aZ09.,:-한국語", " "])
OTHER_CHARACTERS = st.sampled_from(
    [
        *latex.ASCII_SPECIALS,
        *["\t", "\n", "\u3000", "\xa0", "\u1100\u1161", "e\u0301", "\u00e9", "x\u0303", "\U0001d400", "\U0001f680"],
        *["\u05e9", "\x7f", "\x00", "\ud7a4", "\u3131", "\u4dff"],
    ]
)
NOTE_TEXT = st.lists(st.one_of(PLAIN_CHARACTERS, PLAIN_CHARACTERS, PLAIN_CHARACTERS, OTHER_CHARACTERS), max_size=12)


def normalized(text: str) -> str:
    """_normalize without its shortcut: styled letters as plain ones, NFC, runs of white space as one space."""
    text = latex.STYLED_LETTER.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return " ".join(unicodedata.normalize("NFC", text).split())


@settings(max_examples=500)
@given(NOTE_TEXT.map("".join), st.booleans(), st.booleans())
@example("a ", True, False).via("a space at an end")
@example(" 한", False, False).via("a space at an end")
@example("a  b", True, True).via("two spaces")
@example("a_b", False, False).via("a special")
def test_text_escaping_leaves_as_it_is_is_escaped_as_the_general_path_would(text, ascii_only, keep_unknown):
    specials_escaped = latex.ASCII_SPECIAL.sub(lambda match: latex.ASCII_SPECIALS[match.group()], normalized(text))
    general = latex.to_ascii(specials_escaped, keep_unknown) if ascii_only else specials_escaped
    assert escape(text, ascii_only, keep_unknown) == general
    assert latex._normalize(text) == normalized(text)


@given(st.lists(NOTE_TEXT.map("".join), max_size=4), st.booleans())
@example(["a ", "b"], True).via("a space at an end")
@example(["a", "", "b"], True).via("an empty item")
@example(["a,", "b"], True).via("a comma at an end")
@example(["a, b", "c"], True).via("an item with its own comma")
def test_a_list_escaping_leaves_as_it_is_is_escaped_item_by_item_as_the_general_path_would(items, ascii_only):
    item_by_item = ", ".join(escape(item, ascii_only, keep_unknown=True) for item in items)
    assert latex.escape_list(items, ascii_only) == item_by_item


@given(st.lists(st.sampled_from([*"aZ $\\^{}", "\\mu", "x", "5", "%"]), max_size=12).map("".join))
def test_a_title_cut_into_math_and_text_joins_back_to_itself_and_one_without_dollars_is_all_text(title):
    pieces = texmath.split(title)
    assert "".join(text if not is_math else f"${text}$" for text, is_math in pieces) == title
    assert all(text for text, _ in pieces)
    if "$" not in title:
        assert pieces == ([(title, False)] if title else [])


NAME_PART = st.lists(st.one_of(PLAIN_CHARACTERS, st.sampled_from(["and", "AND", ","]), OTHER_CHARACTERS), max_size=8)


@settings(max_examples=300)
@given(NAME_PART.map("".join), NAME_PART.map("".join), st.booleans())
@example("Ann", "Smith and", True).via("the word and at an end")
@example("and Ann", "Smith", False).via("the word and at an end")
@example("Ann ", "Smith", True).via("a space at an end")
@example("Ann", " Smith", True).via("a space at an end")
@example("Ann", "Smith, Jr", True).via("a comma")
def test_a_name_is_written_as_its_two_parts_escaped_and_braced_one_by_one_would_be(given_name, family, ascii_only):
    family_part, given_part = (bibtex.keep_whole(escape(part, ascii_only)) for part in (family, given_name))
    one_by_one = f"{family_part}, {given_part}" if given_part else "{" + family_part + "}"
    assert bibtex.person_name(Person(given_name, family), ascii_only) == one_by_one


@settings(max_examples=500)
@given(st.lists(st.sampled_from([*"AIBQZaiz019_ -'$", "LLM", "And"]), max_size=10).map("".join))
@example("A I a1 A1 I2").via("the words A and I, with a digit after")
@example("Q-Learning in C").via("lone capitals")
@example("a_B 3D").via("a capital after an underscore, then a digit")
def test_one_search_of_ascii_text_finds_a_word_whose_case_matters_where_testing_each_word_does(text):
    word_by_word = any(latex.case_matters(word) for word in latex.WORD.findall(text))
    assert (latex.CASE_MATTERS_IN_ASCII.search(text) is not None) == word_by_word
