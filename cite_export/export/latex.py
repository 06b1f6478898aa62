"""Note text -> LaTeX that BibTeX, biber and LaTeX read literally, whatever the note says.

Every LaTeX special is replaced by a command that prints it. Braces become ``\\textbraceleft{}`` /
``\\textbraceright{}`` rather than ``\\{`` / ``\\}``: BibTeX counts ``\\{`` as a brace when it looks for the
end of a field, so one unbalanced brace in a note would otherwise swallow the rest of the file.

For BibTeX (``ascii_only``) every other character becomes its LaTeX spelling (pylatexenc's table), so that
pdflatex prints it with its default font encoding and no package; only Hangul and CJK stay UTF-8, since no
spelling exists without a font package. A balanced ``$...$`` in a title is kept as math (see texmath).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from cite_export.export import texmath

if TYPE_CHECKING:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

ASCII_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
ASCII_SPECIAL = re.compile("[" + re.escape("".join(ASCII_SPECIALS)) + "]")
# Scripts pdflatex cannot spell without a font package (kotex, CJK): they stay as written.
HANGUL_CJK_RANGES = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef"
)
# What to_ascii spells out: not ASCII, and not Hangul or CJK (kept as written), so that a Korean paragraph is
# passed over in C instead of calling back per character.
TO_SPELL = re.compile(f"[^\x00-\x7f{HANGUL_CJK_RANGES}]")
# A letter followed by a combining accent that has no precomposed form (x + U+0303). Matching it tries every
# letter, so it runs only on a text that holds such an accent at all (found by one scan for the marks).
COMBINING_MARK = re.compile("[\u0300-\u036f]")
COMBINED_LETTER = re.compile(r"([^\W\d_])([\u0300-\u036f])")
NFC_SCRIPTS = "\uac00-\ud7a3\u4e00-\u9fff"
PLAIN_ASCII = "".join(char for char in map(chr, range(0x20, 0x7F)) if char not in ASCII_SPECIALS)
# Text that normalizing and spelling leave as it is (see settled): printable ASCII, Hangul syllables, CJK ideographs;
# VERBATIM, the same without the LaTeX specials, is text that escaping leaves as it is. Their runs are possessive:
# they never need to give a character back, and keeping none to give back makes a long paragraph's match faster.
SETTLED = re.compile(f"[\x20-\x7e{NFC_SCRIPTS}]*+")
VERBATIM = re.compile(f"[{re.escape(PLAIN_ASCII)}{NFC_SCRIPTS}]*+")
# A list of single words that escaping leaves as they are, with ", " between them (see escape_list).
VERBATIM_WORD = f"[{re.escape(PLAIN_ASCII.replace(' ', '').replace(',', ''))}{NFC_SCRIPTS}]++"
VERBATIM_LIST = re.compile(f"(?:{VERBATIM_WORD}(?:, {VERBATIM_WORD})*+)?")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Bold or sans-serif letters pasted from social media (U+1D400-U+1D7FF) are styling, which no LaTeX font
# has glyphs for: they become the plain letters.
STYLED_LETTER = re.compile("[\U0001d400-\U0001d7ff]")
UNSAFE_IN_URL = re.compile(r"[^\x21-\x7e]|[{}\\]")
WORD = re.compile(r"[^\W_]+")
ORDINARY_CAPITALS = {"A", "I"}
# Where, in ASCII text, a word's case matters (see case_matters): a capital after a letter or a digit, or a lone
# capital but the words A and I, with nothing but digits after it. One search tells for a whole title, which most
# often has no such word, instead of a test of each word.
CASE_MATTERS_IN_ASCII = re.compile(r"[A-Za-z0-9][A-Z]|(?<![A-Za-z0-9])(?:[B-HJ-Z]|[AI](?=[0-9]))[0-9]*(?![A-Za-z0-9])")
ACCENT_BASES = "aeioucnszgrAEIOUCNSZGR"


@functools.cache
def encoder() -> UnicodeToLatexEncoder:
    """pylatexenc's encoder, loaded (~25 ms) only once a character needs its spelling: most notes, English or
    Korean, hold none, and a run that only copies the entries of its file escapes nothing."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        unknown_char_policy="keep",
        unknown_char_warning=False,
        replacement_latex_protection="braces-all",
    )


def escape(text: str, ascii_only: bool, keep_unknown: bool = False) -> str:
    """Plain text -> LaTeX source printing that text; with ``ascii_only``, ``ü`` -> ``{\\"u}`` (for BibTeX).

    ``keep_unknown`` is for fields no standard style prints (``annote``): what has no LaTeX spelling
    (emoji, Hebrew) stays as written instead of becoming its code point."""
    if settled(text, VERBATIM):  # no special either: the text is its own LaTeX
        return text
    if settled(text):
        return _escape_specials(text)
    return _escape_normalized(_normalize(text), ascii_only, keep_unknown)


def settled(text: str, characters: re.Pattern = SETTLED) -> bool:
    """Whether normalizing and spelling leave ``text`` as it is: printable ASCII, Hangul syllables and CJK
    ideographs only (all NFC, none spelled out; or the narrower ``characters``), single spaces. The usual note,
    English or Korean, is; one scan tells, where the passes it skips would each scan it again."""
    return (
        characters.fullmatch(text) is not None
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def _normalize(text: str) -> str:
    """NFC (accents as one character), styled letters as plain ones, runs of whitespace as one space."""
    if settled(text):
        return text
    if not text.isascii():  # ASCII text is NFC and holds no styled letter
        text = STYLED_LETTER.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
        text = unicodedata.normalize("NFC", text)
    # str.split() splits where r"\s+" matches (both go by str.isspace), several times faster than that regex.
    return " ".join(text.split())


def _escape_normalized(text: str, ascii_only: bool, keep_unknown: bool = False) -> str:
    escaped = _escape_specials(text)
    return to_ascii(escaped, keep_unknown) if ascii_only and not escaped.isascii() else escaped


def _escape_specials(text: str) -> str:
    return ASCII_SPECIAL.sub(lambda match: ASCII_SPECIALS[match.group()], text)


def to_ascii(text: str, keep_unknown: bool = False) -> str:
    """Every character but Hangul and CJK as LaTeX that pdflatex prints with its default (OT1) encoding.

    A character pylatexenc has no spelling for (an emoji) is written as its code point, ``[U+1F680]``,
    unless ``keep_unknown``.
    """
    if text.isascii():
        return text
    if COMBINING_MARK.search(text):
        text = COMBINED_LETTER.sub(_combined_letter, text)
    return TO_SPELL.sub(lambda match: _char_to_latex(match.group(), keep_unknown), text)


@functools.cache
def _char_to_latex(char: str, keep_unknown: bool) -> str:
    latex = encoder().unicode_to_latex(char)
    if NON_ASCII.search(latex):
        return char if keep_unknown else f"[U+{ord(char):04X}]"
    return latex


def _combined_letter(match: re.Match) -> str:
    command = accent_command(match.group(2))
    return f"{{{command}{{{match.group(1)}}}}}" if command else match.group()


@functools.cache
def accent_command(mark: str) -> str | None:
    """The accent macro for a combining mark (U+0303 -> ``\\~``), read off pylatexenc's spelling of a
    precomposed letter that carries it."""
    for base in ACCENT_BASES:
        composed = unicodedata.normalize("NFC", base + mark)
        if len(composed) == 1:
            latex = encoder().unicode_to_latex(composed)
            found = re.fullmatch(r"\{(\\[^a-zA-Z]|\\[a-zA-Z]+) ?\{?" + base + r"\}?\}", latex)
            if found:
                return found.group(1)
    return None


def escape_list(items: list[str], ascii_only: bool) -> str:
    """``items`` (tags) escaped as for a field no standard style prints, joined by ", ". The usual list, of single
    words that need no escaping, is its own LaTeX: one match of the joined text tells, instead of one per item."""
    listed = ", ".join(items)
    if VERBATIM_LIST.fullmatch(listed):
        return listed
    return ", ".join(escape(item, ascii_only, keep_unknown=True) for item in items)


def escape_paragraphs(paragraphs: list[str], ascii_only: bool) -> str:
    """Paragraphs joined by ``\\par`` on one line: no line of the field can start with ``@`` or end the entry.
    For ``annote``, which no standard style prints, so what has no LaTeX spelling stays as written."""
    kept = [paragraph for paragraph in paragraphs if paragraph.strip()]
    return r" \par ".join(escape(paragraph, ascii_only, keep_unknown=True) for paragraph in kept)


def escape_title(title: str, ascii_only: bool) -> str:
    """A title with the words whose case matters in braces, so that styles which lowercase titles keep them;
    a balanced ``$...$`` stays math, braced so that no style changes its case."""
    pieces = []
    for text, is_math in texmath.split(_normalize(title)):
        pieces.append("{$" + to_ascii(text) + "$}" if is_math else _protect_words(text, ascii_only))
    return "".join(pieces)


def _protect_words(text: str, ascii_only: bool) -> str:
    if text.isascii() and not CASE_MATTERS_IN_ASCII.search(text):
        return _escape_normalized(text, ascii_only)
    pieces, start = [], 0
    for match in WORD.finditer(text):
        word = match.group()
        if case_matters(word):
            pieces.append(_escape_normalized(text[start : match.start()], ascii_only))
            pieces.append("{" + _escape_normalized(word, ascii_only) + "}")
            start = match.end()
    pieces.append(_escape_normalized(text[start:], ascii_only))
    return "".join(pieces)


def case_matters(word: str) -> bool:
    """A capital after the first character (LLM, BIg, ZipIt, LayerNorm, 3D), or a lone capital as in
    Q-Learning or $O(n)$; not an ordinary capitalised word, nor the article A."""
    return has_capital(word[1:]) or (word.isupper() and word not in ORDINARY_CAPITALS)


def has_capital(text: str) -> bool:
    # In ASCII only A-Z are capitals, and lowercasing changes only them: one call instead of one per letter.
    return text != text.lower() if text.isascii() else any(char.isupper() for char in text)


def escape_url(link: str) -> str:
    """A link as a ``url`` field: percent-encode what LaTeX or BibTeX would read as syntax (braces, backslash,
    spaces) and non-ASCII characters. ``%``, ``#``, ``_``, ``~`` and ``&`` stay as they are: ``\\url`` reads
    them verbatim, and for a document without url.sty the .bib's ``@preamble`` (see bibtex.URL_PREAMBLE)
    gives ``\\url`` a verbatim fallback."""
    return UNSAFE_IN_URL.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode()), link)
