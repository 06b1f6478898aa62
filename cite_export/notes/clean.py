"""Characters no note means to hold: control characters and Unicode noncharacters, removed before reading.

pdflatex fails on them, biber aborts on them and bibtex passes them on silently, so no stage after reading may see
them. Tab and the line ends stay; zero-width spaces and stray BOMs pasted from the web go too, since they hide a link
at the start of a line.
"""

from __future__ import annotations

import re

from cite_export.model import Origin, Problem

# C0 and C1 controls (DEL included) except tab, line feed and carriage return; the noncharacters of the Basic
# Multilingual Plane. The noncharacters of the other planes (U+1FFFE, ..., U+10FFFF) are found among the characters
# beyond it, which a class of their own would make every search of every note several times slower.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# Spelled as the range beyond the BMP, not as "[^\x00-\uffff]": the same characters, but compiling the negated class
# walks every character of the BMP (~10 ms of each run's start).
BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
INVISIBLE = re.compile("[\u200b\ufeff]")
# CONTROLS, INVISIBLE and every character beyond the BMP in one class: a note with none of them is clean.
SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufdd0-\ufdef\ufeff\ufffe\uffff\U00010000-\U0010ffff]")


def clean_text(path: str, content: str) -> tuple[str, list[Problem]]:
    """The text without unprintable characters, and a warning at the first one (with how many there were)."""
    if is_clean(content):
        return content, []
    content = INVISIBLE.sub("", content)
    found = [match.start() for match in CONTROLS.finditer(content)]
    found += [match.start() for match in BEYOND_BMP.finditer(content) if ord(match.group()) & 0xFFFE == 0xFFFE]
    if not found:
        return content, []
    found.sort()
    first = found[0]
    kept = zip([-1, *found], [*found, len(content)], strict=True)  # the text between one removal and the next
    cleaned = "".join(content[start + 1 : end] for start, end in kept)
    # Counted before removal: a removed form feed or vertical tab would no longer end a line.
    line = len((content[:first] + "x").splitlines())
    message = f"unprintable character U+{ord(content[first]):04X} removed ({len(found)} in this note)"
    return cleaned, [Problem(Origin(path, line), message)]


def is_clean(content: str) -> bool:
    """Whether a note holds nothing to remove. Every character removed is unprintable (a control, a format character
    or a noncharacter), so a note printable but for its line feeds is clean (most are): str.isprintable tells it at
    less than half the cost of the search for SUSPECT, which the others (tabs, CR LF, no-break spaces) still need."""
    return content.replace("\n", "").isprintable() or not SUSPECT.search(content)
