"""Note text -> LaTeX that BibTeX, biber and LaTeX read literally, whatever the note says.

Every LaTeX special is replaced by a command that prints it. Braces become ``\\textbraceleft{}`` /
``\\textbraceright{}`` rather than ``\\{`` / ``\\}``: BibTeX counts ``\\{`` as a brace when it looks for the
end of a field, so one unbalanced brace in a note would otherwise swallow the rest of the file.
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
# Accented Latin letters have LaTeX spellings that BibTeX sorts and abbreviates correctly; everything else
# (punctuation, Korean, emoji, right-to-left text) stays UTF-8, which inputenc, biber and pandoc all read.
ACCENTED_LATIN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# Bold or sans-serif letters pasted from social media (U+1D400-U+1D7FF) are styling, which no LaTeX font
# has glyphs for: they become the plain letters.
STYLED_LETTER = re.compile("[\U0001d400-\U0001d7ff]")
UNSAFE_IN_URL = re.compile(r"[^\x21-\x7e]|[{}\\]")
WORD = re.compile(r"[^\W_]+")
ORDINARY_CAPITALS = {"A", "I"}

_encoder = UnicodeToLatexEncoder(
    non_ascii_only=True,
    unknown_char_policy="keep",
    unknown_char_warning=False,
    replacement_latex_protection="braces-all",
)


def escape(text: str, ascii_accents: bool) -> str:
    """Plain text -> LaTeX source printing that text; with ``ascii_accents``, ``ü`` -> ``{\\"u}`` (for BibTeX)."""
    return _escape_normalized(_normalize(text), ascii_accents)


def _normalize(text: str) -> str:
    """NFC (accents as one character), styled letters as plain ones, runs of whitespace as one space."""
    if not text.isascii():  # ASCII text is NFC and holds no styled letter: the usual case, skipped
        text = STYLED_LETTER.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
        text = unicodedata.normalize("NFC", text)
    # str.split() splits where r"\s+" matches (both go by str.isspace), several times faster than that regex.
    return " ".join(text.split())


def _escape_normalized(text: str, ascii_accents: bool) -> str:
    escaped = ASCII_SPECIAL.sub(lambda match: ASCII_SPECIALS[match.group()], text)
    if ascii_accents and not escaped.isascii():
        escaped = ACCENTED_LATIN.sub(lambda match: _latin_to_latex(match.group()), escaped)
    return escaped


@functools.cache
def _latin_to_latex(char: str) -> str:
    return _encoder.unicode_to_latex(char)


def escape_paragraphs(paragraphs: list[str], ascii_accents: bool) -> str:
    """Paragraphs joined by ``\\par`` on one line: no line of the field can start with ``@`` or end the entry."""
    return r" \par ".join(escape(paragraph, ascii_accents) for paragraph in paragraphs if paragraph.strip())


def escape_title(title: str, ascii_accents: bool) -> str:
    """A title with the words whose case matters in braces, so that styles which lowercase titles keep them."""
    title = _normalize(title)
    pieces, start = [], 0
    for match in WORD.finditer(title):
        word = match.group()
        if case_matters(word):
            pieces.append(_escape_normalized(title[start : match.start()], ascii_accents))
            pieces.append("{" + _escape_normalized(word, ascii_accents) + "}")
            start = match.end()
    pieces.append(_escape_normalized(title[start:], ascii_accents))
    return "".join(pieces)


def case_matters(word: str) -> bool:
    """A capital after the first character (LLM, BIg, ZipIt, LayerNorm, 3D), or a lone capital as in
    Q-Learning or $O(n)$; not an ordinary capitalised word, nor the article A."""
    return any(char.isupper() for char in word[1:]) or (word.isupper() and word not in ORDINARY_CAPITALS)


def escape_url(link: str) -> str:
    """A link as a ``url`` field: percent-encode what LaTeX or BibTeX would read as syntax (braces, backslash,
    spaces) and non-ASCII characters; ``%`` and ``#`` are safe inside ``\\url``."""
    return UNSAFE_IN_URL.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode()), link)
