"""Characters no note means to hold: control characters and Unicode noncharacters, removed before reading.

pdflatex fails on them, biber aborts on them and bibtex passes them on silently, so no stage after reading may see
them. Tab and the line ends stay; zero-width spaces and stray BOMs pasted from the web go too, since they hide a link
at the start of a line.
"""

from __future__ import annotations

import re

from cite_export.model import Origin, Problem

# C0 and C1 controls (DEL included) except tab, line feed and carriage return; noncharacters U+FDD0..U+FDEF and the
# last two code points of every plane.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
INVISIBLE = re.compile("[\u200b\ufeff]")


def clean_text(path: str, content: str) -> tuple[str, list[Problem]]:
    """The text without unprintable characters, and a warning at the first one (with how many there were)."""
    content = INVISIBLE.sub("", content)
    first = UNPRINTABLE.search(content)
    if first is None:
        return content, []
    cleaned, count = UNPRINTABLE.subn("", content)
    # Counted before removal: a removed form feed or vertical tab would no longer end a line.
    line = len((content[: first.start()] + "x").splitlines())
    message = f"unprintable character U+{ord(first.group()):04X} removed ({count} in this note)"
    return cleaned, [Problem(Origin(path, line), message)]
