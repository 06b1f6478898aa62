"""Notes written to break a .bib file: LaTeX specials, stray braces, shell escapes, ``@``, emoji, RTL text."""

import datetime

from cite_export.model import Entry, Origin, PartialDate, Person, Record
from cite_export.resolve.offline import record_from_note

HOSTILE_PATH = "notes/hostile.md"
STYLED_DEEP = (
    "\U0001d5d7\U0001d5f2\U0001d5f2\U0001d5fd"  # "Deep" in sans-serif bold letters, as pasted from social media
)
STYLED_TITLE = f"{STYLED_DEEP} Polish Łódź żółć ąę: Styled Letters"
LONG_PARAGRAPH = "아주 긴 코멘트입니다. A very long comment with 100% of {nothing} in it & more_text; " * 700

HOSTILE_NOTES = [
    dict(
        links=("https://arxiv.org/abs/2401.00001v3",),
        title="Breaking $O(n^2)$ & 100% of {Braces}: Über_Models #1 ~ C:\\path",
        authors=("Thomas Leimkühler", "Zoë O'Brien-Smith", "Ørjan Ødegård", "María José García-Núñez"),
        commentary=(
            "\\immediate\\write18{rm -rf ~} and \\input{/etc/passwd} should print literally.",
            "An unbalanced } brace and another { and }} more }",
            "@misc{evil, title={injected}} at the start of a paragraph",
            "Emoji 🚀🔥 and RTL: שלום עולם, مرحبا بالعالم; Korean: 한국어 코멘트.",
            "Backslashes \\ \\\\ and a trailing backslash \\",
        ),
        tags=("c++", "under_score", "한글태그"),
    ),
    dict(
        links=("https://arxiv.org/abs/2401.00002",),
        title='A Title with "Quotes", Commas, and an Author Named And',
        authors=("Ludwig van Beethoven", "Kevin C.C. Chang", "Barnes and Noble", "et al."),
        commentary=(LONG_PARAGRAPH, "A second paragraph % with a percent sign that is not a comment."),
        tags=("long",),
    ),
    dict(
        links=("https://example.com/a%20page?x={1}&y=\\2#frag", "https://github.com/someone/some-repo"),
        title="Ein Titel über Äpfel: ß, æ and — dashes… “quotes”",
        authors=("Jürgen Schmidhuber",),
        commentary=("Accents in commentary: café, naïve, Zürich.",),
        tags=(),
    ),
    dict(links=("https://arxiv.org/abs/1907.05681",)),
    dict(links=("https://github.com/owner/repo",), commentary=("A link-only page with no title or author.",)),
    dict(
        links=("https://arxiv.org/abs/2402.00003",),
        title=STYLED_TITLE,
        authors=("Wojciech Zaręba",),
    ),
]


def hostile_entries() -> list[Entry]:
    # Like a vault note, each has the date its file name gives.
    return [
        Entry(origin=Origin(HOSTILE_PATH, 1 + 10 * index), date=datetime.date(2024, 3, 1), **fields)
        for index, fields in enumerate(HOSTILE_NOTES)
    ]


def hostile_records() -> list[Record]:
    records = [record_from_note(entry) for entry in hostile_entries()]
    records[0].primary_class = "cs.LG"
    records[0].abstract = "An abstract with $math$, {braces} and a backslash \\ too."
    records[0].authors += (Person("", "Anonymous"),)
    records[2].date = PartialDate(2024, 2, 29)
    return records
