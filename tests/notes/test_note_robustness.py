"""Whatever a note holds, reading it never crashes, and every entry it yields has a link."""

from __future__ import annotations

import random

from cite_export.notes import read_text

PIECES = [
    "https://arxiv.org/abs/2305.01115",
    "https://x.com/a/status/1666000000000000000",
    "arxiv.org/abs/2305.01115",
    "[t](https://a.example/c)",
    "(",
    ")",
    "[[",
    "]]",
    "#",
    "#tag",
    "## heading",
    "> ",
    "<english>",
    "</english>",
    "```",
    "Title",
    "(Ann Author, Bo Author)",
    "\u200b",
    "\t",
    "\r",
    "\ufeff",
    "2023년 5월 1주차",
    "한국어",
    "*",
    "\\",
    "{",
    "}",
    "@",
    "https://",
    "\n",
    "\n",
    "\n",
]


def test_random_notes_read_without_error_and_every_entry_has_a_link():
    generator = random.Random(20230501)
    for _ in range(3000):
        note = "".join(
            generator.choice(PIECES) + generator.choice(["", " ", "\n"]) for _ in range(generator.randint(0, 30))
        )
        entries, problems = read_text("note.md", note)
        assert all(entry.links for entry in entries), note
        assert all(problem.origin.path == "note.md" and problem.origin.line >= 1 for problem in problems), note
