"""Check that no note's words are lost: every note's tags are in its paper's keywords and its commentary in its
entry's annote (BibTeX), annotation (BibLaTeX) and note (CSL-JSON). Prints notes -> entries (merged) and the
time of `cite-export bib --offline` (process start included, fresh cache folder).

Usage: python benchmarks/merged_notes.py FOLDER_OR_FILES...
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cite_export.export import describe
from cite_export.export.bibtex import Style, bibliography
from cite_export.export.csljson import csl_items
from cite_export.export.keys import issue_keys
from cite_export.export.latex import escape
from cite_export.pipeline import read_and_resolve
from cite_export.resolve import ResolveSettings


def main() -> None:
    sources = sys.argv[1:]
    start = time.perf_counter()
    run = read_and_resolve(sources, None, ResolveSettings(offline=True))
    keys = issue_keys(run.records, None)
    print(f"read and merged in {time.perf_counter() - start:.3f} s: {run.summary()}")
    print(f"same-paper warnings: {sum('same paper' in problem.message for problem in run.problems)}")
    lost = [*missing_in_bib(run.records, keys, Style.BIBTEX), *missing_in_bib(run.records, keys, Style.BIBLATEX)]
    lost += missing_in_csl(run.records, keys)
    print(f"notes whose tags or commentary an export lacks: {len(lost)}")
    for line in lost[:20]:
        print("  " + line)
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "cite_export", "bib", "--offline", "--cache-dir", folder]
        command += ["-o", str(Path(folder) / "refs.bib"), *sources]
        for attempt in ("first", "second"):
            start = time.perf_counter()
            subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
            print(f"cite-export bib --offline, {attempt} run: {time.perf_counter() - start:.3f} s wall")


def missing_in_bib(records, keys, style: Style) -> list[str]:
    ascii_accents = style is Style.BIBTEX
    field = "annote" if style is Style.BIBTEX else "annotation"
    entries = bibliography(records, keys, style)
    lost = []
    for record in records:
        text = entries[record.identity]
        keywords = re.search(r"^  keywords = \{(.*)\},$", text, flags=re.MULTILINE)
        annotation = re.search(rf"^  {field} = \{{(.*)\}},$", text, flags=re.MULTILINE)
        for note in record.notes:
            tags = [escape(tag, ascii_accents) for tag in note.tags if tag.strip()]
            if tags and not (keywords and set(tags) <= set(keywords.group(1).split(", "))):
                lost.append(f"{note.origin}: tags not in keywords ({style})")
            words = [escape(paragraph, ascii_accents, keep_unknown=True) for paragraph in describe.note_words(note)]
            if words and not (annotation and all(paragraph in annotation.group(1) for paragraph in words)):
                lost.append(f"{note.origin}: commentary not in {field} ({style})")
    return lost


def missing_in_csl(records, keys) -> list[str]:
    lost = []
    for record, item in zip(records, csl_items(records, keys), strict=True):
        keywords = set(item.get("keyword", "").split(", "))
        for note in record.notes:
            if not {tag for tag in note.tags if tag.strip()} <= keywords:
                lost.append(f"{note.origin}: tags not in CSL keyword")
            if not all(paragraph in item.get("annote", "") for paragraph in describe.note_words(note)):
                lost.append(f"{note.origin}: commentary not in CSL annote")
    return lost


if __name__ == "__main__":
    main()
