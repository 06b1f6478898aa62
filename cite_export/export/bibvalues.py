"""Reading one field or value of a .bib entry the way BibTeX reads it (see bibreader)."""

from __future__ import annotations

import re

IDENTIFIER = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
NUMBER = re.compile(r"[0-9]+")
WHITE = re.compile(r"\s*")
BRACES = re.compile(r"[{}]")
QUOTED_END = re.compile(r'[{}"]')
# The usual field: `name = {text, braces nested once at most}` (or "quoted", a number, a macro) with no `#` after
# it, read by one match; any other goes the long way (read_value), which reads such a field the same way.
NAME = r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*+"
PLAIN = (
    rf"({NAME})\s*+=\s*+"
    rf"(?:\{{((?:[^{{}}]++|\{{[^{{}}]*+\}})*+)\}}|\"([^{{}}\"]*+)\"|([0-9]++|{NAME}))"
    r"\s*+(?!#)"
)
PLAIN_FIELD = re.compile(PLAIN)


class Unreadable(Exception):
    def __init__(self, position: int, message: str, key: str | None = None):
        super().__init__(message)
        self.position, self.message, self.key = position, message, key


def read_field(text: str, position: int, closer: str) -> tuple[tuple[str, str], int]:
    plain = PLAIN_FIELD.match(text, position)
    if plain:
        return (plain.group(1), plain_value(plain)), plain.end()
    name = IDENTIFIER.match(text, position)
    if name is None:
        raise Unreadable(position, "expected a field name")
    position = skip_white(text, name.end())
    if position >= len(text) or text[position] != "=":
        raise Unreadable(position, f"expected '=' after {name.group()}")
    value, position = read_value(text, skip_white(text, position + 1), closer)
    return (name.group(), value), position


def plain_value(field: re.Match) -> str:
    braced, quoted, bare = field.group(2, 3, 4)
    return (braced if braced is not None else quoted if quoted is not None else bare).strip()


def read_value(text: str, position: int, closer: str) -> tuple[str, int]:
    """``token # token ...``: the tokens' text joined (macros by name), and the position after the value."""
    pieces = []
    while True:
        piece, position = read_token(text, position)
        pieces.append(piece)
        position = skip_white(text, position)
        if position >= len(text) or text[position] != "#":
            return "".join(pieces).strip(), position
        position = skip_white(text, position + 1)


def read_token(text: str, position: int) -> tuple[str, int]:
    if position >= len(text):
        raise Unreadable(position, "the entry is never closed")
    char = text[position]
    if char in '{"':
        end = balanced_end(text, position)
        return text[position + 1 : end - 1], end
    token = NUMBER.match(text, position) or IDENTIFIER.match(text, position)
    if token is None:
        raise Unreadable(position, f"unexpected {char!r} where a value should be")
    return token.group(), token.end()


def balanced_end(text: str, opening: int) -> int:
    """Just past the ``}`` (or ``"`` at brace depth 0) that closes the value opened at ``opening``."""
    quoted = text[opening] == '"'
    depth = 0
    for match in (QUOTED_END if quoted else BRACES).finditer(text, opening + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                if quoted:
                    raise Unreadable(match.start(), "a '}' closes no brace in a quoted value")
                return match.end()
            depth -= 1
        elif depth == 0:
            return match.end()
    raise Unreadable(len(text), "a '{' is never closed" if not quoted else "a quoted value is never closed")


def expect_close(text: str, position: int, closer: str) -> int:
    if position < len(text) and text[position] == closer:
        return position + 1
    raise Unreadable(position, f"expected '{closer}'")


def skip_white(text: str, position: int) -> int:
    return WHITE.match(text, position).end()
