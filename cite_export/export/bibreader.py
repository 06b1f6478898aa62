"""Reading an existing .bib file the way BibTeX reads it, without losing a byte.

BibTeX ignores everything outside an ``@command``; ``@comment`` is a command with no body (so the text after
it, braces balanced or not, is ignored text, and an entry inside it is still an entry); ``@string`` and
``@preamble`` take one delimited body; an entry is ``@type{key, name = value # value, ...}`` or the same in
parentheses, where a value is ``{balanced}``, ``"quoted, with balanced braces"``, a number or a macro name.
After an error BibTeX skips to the next ``@``; a value left open would swallow the rest of the file, so then
reading resumes at the next line that starts with ``@``, and the entry in between is kept as it is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from cite_export.export.bibvalues import (
    NAME,
    PLAIN,
    Unreadable,
    expect_close,
    plain_value,
    read_field,
    read_value,
    skip_white,
)

COMMAND = re.compile(r"@[ \t\r\n]*([^\s\"#%'(),={}@]+)[ \t\r\n]*")
LINE_START_AT = re.compile(r"^[ \t]*@", re.MULTILINE)
# An entry's fields after its key when all are plain: taken one match each, then the entry's end.
NEXT_PLAIN_FIELD = re.compile(rf",\s*+{PLAIN}")
# The usual field, one whose value is in braces and holds none, or a number or macro (``month = jan``), with its
# value as written: a braced one is taken to its first "}", which the engine finds far faster than it matches
# ``[^{}]`` character by character (~13 ns each, most of reading long annotations). And an entry all of whose
# fields are such, to its end: the usual entry (every entry cite-export writes), read by one match and one findall.
SIMPLE_FIELD = rf",\s*+({NAME})\s*+=\s*+(\{{[^}}]*+\}}|[0-9]++|{NAME})\s*+(?!#)"
SIMPLE_FIELDS = re.compile(SIMPLE_FIELD)
SIMPLE_ENTRY = {closer: re.compile(rf"(?:{SIMPLE_FIELD})*+(?:,\s*+)?\{closer}") for closer in "})"}
PLAIN_END = {closer: re.compile(rf"(?:,\s*+)?\{closer}") for closer in "})"}
KEY_END = {"}": re.compile(r"[,}\s]"), ")": re.compile(r"[,\s]")}


# Not frozen: a frozen dataclass sets each field through object.__setattr__, at four times the cost, and a big
# file's blocks are made again each time they are gone through (see oldfile.HeldBlocks).
@dataclass(slots=True)
class Block:
    """A piece of the file: an entry, a command, an unreadable entry, or the text around them.

    Joined back in order, the blocks are the file: the block is ``text[offset:end]``, and starts on line ``line``.
    It holds no copy of its text, which a big file's blocks would hold all over again."""

    offset: int
    end: int
    line: int
    key: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    problem: str | None = None  # why the entry could not be read; it is kept as it is


def read_blocks(text: str, kept_fields: Collection[str] | None = None) -> list[Block]:
    """The file cut into entries, commands and the text around them; entries keep the fields named in
    ``kept_fields`` (all if None)."""
    return [block for block, _ in blocks_in([text], kept_fields)]


def blocks_in(pieces: Iterable[str], kept_fields: Collection[str] | None = None) -> Iterator[tuple[Block, str]]:
    """``read_blocks`` of the text that ``pieces`` make up, each block with its text, found as the pieces are
    read: only the block being read and the pieces after it are held.

    Each piece but the last must end with a line end before a line that starts with "@" (as
    ``previous.entry_line_pieces`` cuts them). Text cut there reads the same as the whole text as far as it goes
    (see ``Window``); where reading a block reaches the end of the pieces so far, it is read again with more."""
    window = Window(iter(pieces))
    names = KeptNames(kept_fields)
    found = Blocks(window)
    position = 0
    # Once a brace is left open to the end of the file, BibTeX sees nothing more; from then on each entry is read
    # only up to the next line that starts with "@", so that many open entries still take linear time.
    lenient = False
    while True:
        text, base = window.text, window.start
        at = text.find("@", position - base)
        if at < 0:
            if window.final:
                break
            position = base + len(text)
            window.extend(found.done)
            continue
        command = command_at(text, at)
        if command is None:
            position = base + at + 1
            continue
        opening, kind = command
        step = read_step(text, at, opening, kind, names, lenient, window.final)
        if step is None:  # it reached the end of the text read so far
            window.extend(found.done)
            continue
        end, key, fields, problem, lenient = step
        if base + at > found.done:
            yield found.add(base + at)
        yield found.add(base + end, key, fields, problem)
        position = found.done
    if base + len(text) > found.done:
        yield found.add(base + len(text))


Step = tuple[int, str | None, dict[str, str] | None, str | None, bool]


def command_at(text: str, at: int) -> tuple[int, str] | None:
    """Where the body of the command whose "@" is at ``at`` opens, and its kind (lower-case); None where BibTeX reads
    no command there: no name, ``@comment``, or no body after the name."""
    command = COMMAND.match(text, at)
    if command is None:
        return None
    kind = command.group(1).lower()
    if kind == "comment" or command.end() >= len(text) or text[command.end()] not in "{(":
        return None
    return command.end(), kind


def read_step(text: str, at: int, opening: int, kind: str, names: KeptNames, lenient: bool, final: bool) -> Step | None:
    """The command at ``at`` read: its end, key, fields, the problem that made it unreadable, and whether
    reading is lenient from then on; None where that depends on text after ``text`` (unless it is ``final``)."""
    scope_end = next_entry_line(text, at) if lenient else len(text)
    if lenient and scope_end >= len(text) and not final:
        return None
    scope = text[at:scope_end] if lenient else text
    base = at if lenient else 0
    try:
        end, key, fields = read_command(scope, opening - base, kind, names)
        return end + base, key, fields, None, lenient
    except Unreadable as error:
        if error.position + base >= scope_end:
            if not (final or lenient):
                return None
            lenient, end = True, next_entry_line(text, at)
        else:  # BibTeX's own way on: the next "@"
            following = text.find("@", error.position + base)
            if following < 0 and not final:
                return None
            end = len(text) if following < 0 else following
        return end, error.key, None, error.message, lenient


@dataclass
class Window:
    """The part of the text being read: ``text`` starts at ``start`` in the whole, and ends where the whole ends
    (``final``) or where a piece ends, before a line that starts with "@".

    Reading a command at such an end sees what it would see in the whole text until it reaches the end: there a
    line end is followed by "@", which no name, key or value runs into, so each step that reaches it is read
    again with more text (twice as much as the block needs each time, so that a long block is read a few times
    rather than once per piece)."""

    pieces: Iterator[str]
    text: str = ""
    start: int = 0
    final: bool = False

    def extend(self, keep_from: int) -> None:
        """More text, dropping what comes before ``keep_from`` (in the whole text)."""
        kept = self.text[keep_from - self.start :]
        added: list[str] = []
        size = len(kept)
        while size < 2 * len(kept) or not added:
            piece = next(self.pieces, None)
            if piece is None:
                self.final = True
                break
            added.append(piece)
            size += len(piece)
        self.text, self.start = kept + "".join(added), keep_from


@dataclass
class Blocks:
    """The blocks found so far, with the line each starts on counted as they are found."""

    window: Window
    done: int = 0  # the end of the last block
    line: int = 1

    def add(
        self, end: int, key: str | None = None, fields: dict | None = None, problem: str | None = None
    ) -> tuple[Block, str]:
        """The block that ends at ``end`` and its text."""
        text = self.window.text[self.done - self.window.start : end - self.window.start]
        block = Block(self.done, end, self.line, key, fields or {}, problem)
        self.line += text.count("\n")
        self.done = end
        return block, text


def next_entry_line(text: str, start: int) -> int:
    """The "@" of the first line after the one of ``start`` that starts with "@" (end of text if none)."""
    first_line_end = text.find("\n", start)
    line_start = LINE_START_AT.search(text, first_line_end + 1) if first_line_end >= 0 else None
    return line_start.end() - 1 if line_start else len(text)


def read_command(text: str, opening: int, kind: str, names: KeptNames) -> tuple[int, str | None, dict[str, str]]:
    """The end of the command whose body opens at ``opening``, its key and fields (under their ``names``, those
    kept only)."""
    closer = "}" if text[opening] == "{" else ")"
    position = skip_white(text, opening + 1)
    if kind == "preamble":
        _, position = read_value(text, position, closer)
        return expect_close(text, position, closer), None, {}
    if kind == "string":
        _, position = read_field(text, position, closer)
        return expect_close(text, position, closer), None, {}
    key_end = KEY_END[closer].search(text, position)
    if key_end is None:
        raise Unreadable(len(text), "the entry is never closed")
    key = text[position : key_end.start()] or None
    position = skip_white(text, key_end.start())
    fields: dict[str, str] = {}
    simple = simple_fields(text, position, closer)
    if simple:
        end, found = simple
        for name, value in found:
            if kept := names[name]:  # a field not kept is left as it is found
                fields.setdefault(kept, simple_value(value))
        return end, key, fields
    plain = plain_fields(text, position, closer)
    if plain:
        end, found = plain
        for name, value in found:
            if kept := names[name]:
                fields.setdefault(kept, value)
        return end, key, fields
    while True:
        if position < len(text) and text[position] == closer:
            return position + 1, key, fields
        if position >= len(text) or text[position] != ",":
            raise Unreadable(position, f"expected ',' or '{closer}' after the key or a field", key)
        position = skip_white(text, position + 1)
        if position < len(text) and text[position] == closer:
            return position + 1, key, fields
        try:
            (name, value), position = read_field(text, position, closer)
        except Unreadable as error:
            raise Unreadable(error.position, error.message, key) from None
        if kept := names[name]:
            fields.setdefault(kept, value)


def simple_fields(text: str, position: int, closer: str) -> tuple[int, list[tuple[str, str]]] | None:
    """``plain_fields`` of the usual entry (see SIMPLE_ENTRY), its values as written (braced ones in their braces);
    None for any other. Each braced value holds a "{" and a "}", and no other "}": only when the "{" are as many,
    no value holds one, and the entry is read as plain_fields reads it."""
    simple = SIMPLE_ENTRY[closer].match(text, position)
    if simple is None:
        return None
    end = simple.end()
    if text.count("{", position, end) + (closer == "}") != text.count("}", position, end):
        return None
    return end, SIMPLE_FIELDS.findall(text, position, end)


def simple_value(value: str) -> str:
    """A SIMPLE_FIELD's value as written -> as read: a braced one without its braces and the spaces inside them."""
    return value[1:-1].strip() if value[0] == "{" else value


def plain_fields(text: str, position: int, closer: str) -> tuple[int, list[tuple[str, str]]] | None:
    """The end of the entry whose fields start at ``position``, and its fields (name, value), when every field is
    plain; else None. One pass: each field is matched where the one before it ended."""
    found = []
    while True:
        field = SIMPLE_FIELDS.match(text, position)
        if field and "{" not in field.group(2)[1:]:  # no brace inside a braced value
            found.append((field.group(1), simple_value(field.group(2))))
        elif field := NEXT_PLAIN_FIELD.match(text, position):
            found.append((field.group(1), plain_value(field)))
        else:
            break
        position = field.end()
    end = PLAIN_END[closer].match(text, position)
    return (end.end(), found) if end else None


class KeptNames(dict):
    """Each field name as it is kept (lowercased, one string for all entries), or None if it is not kept (not in
    ``kept_fields``, when given): worked out once per name, as a file uses a few dozen."""

    def __init__(self, kept_fields: Collection[str] | None) -> None:
        super().__init__()
        self.kept_fields = kept_fields

    def __missing__(self, name: str) -> str | None:
        lowered = name.lower()
        kept = sys.intern(lowered) if self.kept_fields is None or lowered in self.kept_fields else None
        self[name] = kept
        return kept
