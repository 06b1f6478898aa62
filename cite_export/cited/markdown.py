"""Cited keys in pandoc Markdown: ``[@a; @b, p. 3]``, ``[-@a]``, ``@a [p. 3]``, ``@{a.b}``, ``nocite: '@*'``.

A key starts with a letter, digit or ``_`` and may hold internal punctuation (``:.#$%&-+?<>~/``), so a
trailing full stop or comma is not part of it; an ``@`` after a word character (an email address) is not a
citation, and code (fenced blocks, inline spans) cites nothing.
"""

from __future__ import annotations

import re

KEY = re.compile(r"(?<![\w@])@(?:\{([^{}\s]+)\}|(\w(?:[\w:.#$%&\-+?<>~/]*\w)?)|(\*))")
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)[^`].*?\1", re.DOTALL)


def markdown_keys(text: str) -> list[tuple[str, int]]:
    prose = INLINE_CODE.sub(blank, FENCE.sub(blank, text))
    found = []
    line, counted = 1, 0
    for match in KEY.finditer(prose):
        line, counted = line + prose.count("\n", counted, match.start()), match.start()
        found.append((next(group for group in match.groups() if group), line))
    return found


def blank(match: re.Match) -> str:
    """The code replaced by its line breaks alone, so that later lines keep their numbers."""
    return "\n" * match.group().count("\n")
