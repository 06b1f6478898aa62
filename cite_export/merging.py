"""Many notes of one paper -> one record that carries the words of every note. Pure.

Notes of the same paper (same ``Record.identity``: arXiv id, else DOI, else canonical URL) are merged, never
dropped: the record's ``notes`` holds each of them in note order, so its tags, commentary, English versions
and links are those of all the notes. Title and authors are arXiv's when any note was resolved there, else
those of the most complete note; the abstract is arXiv's, else the first note's that has one. The first note
stays ``record.entry``: it names the paper and the citation
key is pinned to the paper's identity, so a later note never renames an issued key.
"""

from __future__ import annotations

import dataclasses

from cite_export.model import Record, Resolution, note_order


def merge_records(records: list[Record]) -> list[Record]:
    """One record per paper, in the order each paper was first read."""
    papers: dict[str, list[Record]] = {}
    for record in records:
        papers.setdefault(record.identity, []).append(record)
    return [one_record(group) if len(group) > 1 else group[0] for group in papers.values()]


def one_record(group: list[Record]) -> Record:
    group = sorted(group, key=lambda record: note_order(record.entry))
    notes = tuple(sorted((note for record in group for note in record.notes), key=note_order))
    resolved = next((record for record in group if record.resolution is not Resolution.NOTE), None)
    # arXiv's record, when there is one, is the same for every note; else the first note's facts stand.
    base = resolved or group[0]
    complete = resolved or most_complete(group)
    return dataclasses.replace(
        base,
        entry=notes[0],
        notes=notes,
        title=complete.title,
        authors=complete.authors,
        abstract=(resolved.abstract if resolved else None) or next((n.abstract for n in notes if n.abstract), None),
        problems=tuple(problem for record in group for problem in record.problems),
    )


def most_complete(group: list[Record]) -> Record:
    """The record whose note says most about the paper: a title, then the longest author list; the earliest
    note on a tie."""
    return max(group, key=lambda record: (bool(record.title), len(record.authors), len(record.title or "")))
