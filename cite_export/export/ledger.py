"""The ledger: which entries of a .bib file we wrote, each with a hash of its text as written.

It is an ``@comment`` at the end of the file (BibTeX and biber ignore it), so that it travels with the file to
a fresh machine or a co-author, where a database would not. An entry whose text no longer matches its hash
was edited by hand: it is the user's now, and ``--update`` leaves it alone.

An entry that was in the file before it had a ledger (written by hand, or by a cite-export that kept none) is
listed with ``PREDATES`` instead of a hash: kept like an edit, but reported in one line for the whole file
rather than one per entry, since thousands of them say one thing (see ``merge``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator

HEADER = "@comment{cite-export: entries it wrote, with a hash of each; an entry you edit is yours and kept"
# Its lines are taken possessively: a line never starts with "}", so giving one back never helps, and the point to
# give each back from would cost a 100,000-line ledger 30 MB while it is read or removed.
BODY = r"@comment\{cite-export: [^\n{}@]*\r?\n((?:[ \t]*[^\s@{},]+ [0-9a-f]{16}[ \t]*\r?\n)*+)\}"
# The blank line before it is ours too, so that rewriting the ledger never grows the file.
LEDGER = re.compile(r"(?:\r?\n)?" + BODY + r"[ \t]*(?:\r?\n)?")
# The same ledgers, matched where their first line's start is found: str.find looks for it ~10x faster than the
# regex engine searches a whole file for the pattern (and LEDGER's optional newline would be tried everywhere).
FOUND = re.compile(BODY)
START = "@comment{cite-export: "
# Zero, written as 16 zeros: a hash no text of ours will have; older readers see an edit.
PREDATES = 0
LINE = re.compile(r"([^\s@{},]+) ([0-9a-f]{16})")


def digest(entry_text: str) -> int:
    """A hash of an entry's text, blind to line endings (git may turn LF into CRLF on checkout): the first 64 bits
    of its SHA-256, written as 16 hex digits. Held as a number, not as those digits: a run holds one per entry
    until the ledger is written, and a number takes half the memory."""
    return digest_utf8(entry_text.replace("\r\n", "\n").encode("utf-8"))


def digest_utf8(utf8: bytes) -> int:
    """``digest`` of the text whose UTF-8 bytes, with LF line ends, these are."""
    return int.from_bytes(hashlib.sha256(utf8).digest()[:8], "big")


def ledgers(text: str) -> Iterator[re.Match[str]]:
    """The ledgers in ``text``, as ``FOUND.finditer`` finds them."""
    start = text.find(START)
    while start >= 0:
        ledger = FOUND.match(text, start)
        if ledger:
            yield ledger
        start = text.find(START, ledger.end() if ledger else start + 1)


def read(text: str) -> dict[str, int]:
    """key -> hash, from the ledger in ``text`` (empty if there is none)."""
    hashes: dict[str, int] = {}
    for ledger in ledgers(text):
        # Line by line where it stands: a copy of a 100k-line ledger and a list of its lines took ~25 MB at once.
        lines = LINE.finditer(text, ledger.start(1), ledger.end(1))
        hashes.update((line.group(1), int(line.group(2), 16)) for line in lines)
    return hashes


def present(text: str) -> bool:
    return next(ledgers(text), None) is not None


def remove(text: str) -> str:
    return LEDGER.sub("", text)


def render(hashes: dict[str, int]) -> str:
    """The ledger for ``hashes``; keys BibTeX would read as a command (with ``@``) cannot be listed."""
    return "".join(pieces(hashes))


def pieces(hashes: dict[str, int], lines_per_piece: int = 1000) -> Iterator[str]:
    """The ledger a thousand lines at a time, each piece ending in a newline: at 100k entries, its lines and
    their joined text would be ~15 MB more at the end of a run."""
    lines = (f"  {key} {value:016x}\n" for key, value in hashes.items() if not any(char in key for char in "@{},"))
    yield HEADER + "\n"
    while piece := "".join(itertools.islice(lines, lines_per_piece)):
        yield piece
    yield "}\n"
