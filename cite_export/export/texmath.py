"""TeX math in titles, as arXiv writes it (``S$^2$R``, ``$\\mu$P``, ``From $r$ to $Q^*$``).

A ``$...$`` counts as math by pandoc's rule for ``tex_math_dollars``: the opening ``$`` has a non-space
right after it, the closing one a non-space right before it and no digit after it (so ``$5 and $10`` is
text). The math is kept only when LaTeX can typeset it with no package and nothing in it can act on the
document: braces balance, every command is a math symbol or font command pylatexenc knows, and there is
no ``%``, ``#`` or ``&``. Anything else is text, and its ``$`` is escaped.
"""

from __future__ import annotations

import functools
import re

MATH = re.compile(r"(?<!\\)\$(?=\S)([^$]*?\S)(?<!\\)\$(?!\d)")
COMMAND = re.compile(r"\\([a-zA-Z]+|.)")
# Commands pylatexenc knows that are not math: they read files, make titles or cross-references.
NOT_MATH = {"input", "include", "title", "author", "date", "maketitle", "item", "footnote", "url", "href"}
SPACING = set(",;:! {}|")


def split(title: str) -> list[tuple[str, bool]]:
    """The title cut into ``(text, is_math)`` pieces, math without its dollars; joined back, they are the title."""
    if "$" not in title:  # most titles: no math to look for
        return [(title, False)] if title else []
    pieces, start = [], 0
    for match in MATH.finditer(title):
        if not typesettable(match.group(1)):
            continue
        pieces.append((title[start : match.start()], False))
        pieces.append((match.group(1), True))
        start = match.end()
    pieces.append((title[start:], False))
    return [(text, is_math) for text, is_math in pieces if text]


def typesettable(math: str) -> bool:
    if any(char in math for char in "%#&"):
        return False
    depth = 0
    for char in math:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    if depth:
        return False
    return all(name in SPACING or name in known_commands() for name in COMMAND.findall(math))


@functools.cache
def known_commands() -> frozenset[str]:
    """Greek letters, symbols, ``\\sqrt``, ``\\mathcal``, ... from pylatexenc's LaTeX-to-text tables (loaded only
    for a title with math in it)."""
    from pylatexenc import latex2text

    database = latex2text.get_default_latex_context_db()
    names = set()
    for category in ("latex-base", "advanced-symbols"):
        macros = database.d[category]["macros"]
        names.update(spec.macroname for spec in (macros.values() if isinstance(macros, dict) else macros))
    return frozenset(names - NOT_MATH | {"frac", "left", "right"})
