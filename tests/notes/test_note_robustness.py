"""Whatever a note holds, reading it never crashes, and every entry it yields has a link."""

from __future__ import annotations

import random

from note_fuzz import random_note

from cite_export.notes import read_text


def test_random_notes_read_without_error_and_every_entry_has_a_link():
    generator = random.Random(20230501)
    for _ in range(3000):
        note = random_note(generator)
        entries, problems = read_text("note.md", note)
        assert all(entry.links for entry in entries), note
        assert all(problem.origin.path == "note.md" and problem.origin.line >= 1 for problem in problems), note
