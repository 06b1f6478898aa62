"""The longer fuzz run: random notes of real-vault shape with hostile pieces (controls, noncharacters, TeX,
braces, stray brackets, long runs), read one by one, then exported together with `cite-export bib --offline`.

Prints: notes tried, tracebacks, notes with a link but no entry, the slowest read per KB, and whether the BibTeX
parses back (bibtexparser) free of control characters.

Usage: python benchmarks/fuzz_notes.py [--notes 20000] [--seed 1] [--long 200]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

import bibtexparser
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "notes"))
from note_fuzz import PIECES, UNPRINTABLE, random_note

from cite_export.cli import main as cli
from cite_export.notes import read_text
from cite_export.notes.clean import clean_text
from cite_export.notes.line_kinds import urls_in

ENTRY_START = re.compile(r"^@(?!comment\{)\w+\{", re.MULTILINE | re.IGNORECASE)


def long_note(generator: random.Random) -> str:
    """A note of 16 KB to 1 MB: one piece repeated on a line, or many pieces."""
    piece = generator.choice(PIECES)
    size = generator.choice([16, 64, 256, 1024]) << 10
    if generator.random() < 0.5:
        return "https://arxiv.org/abs/2305.01115\n" + piece * (size // max(len(piece), 1)) + " tail\n"
    note = ""
    while len(note) < size:
        note += random_note(generator, 200)
    return note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000, help="random notes of ordinary size")
    parser.add_argument("--long", type=int, default=200, help="notes of 16 KB to 1 MB")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    generator = random.Random(options.seed)

    tracebacks, linkless, kept = [], [], []
    slowest, slowest_per_kb = (0.0, 0), (0.0, 0)  # per KB only on notes of 16 KB and more: timer noise dominates below
    started = time.perf_counter()
    notes = [random_note(generator) for _ in range(options.notes)]
    notes += [long_note(generator) for _ in range(options.long)]
    for number, note in enumerate(notes):
        start = time.perf_counter()
        try:
            entries, _ = read_text(f"fuzz-{number}.md", note)
        except Exception:
            tracebacks.append((number, traceback.format_exc()))
            continue
        elapsed = time.perf_counter() - start
        kilobytes = len(note.encode("utf-8")) / 1024
        slowest = max(slowest, (elapsed, number))
        if kilobytes >= 16:
            slowest_per_kb = max(slowest_per_kb, (elapsed / kilobytes, number))
        if not entries and urls_in(clean_text("n", note)[0]):
            linkless.append(number)
        if number % 20 == 0 and len(note) < 1 << 16:
            kept.append(note)
    reading = time.perf_counter() - started

    bib_ok, bib_entries, bib_unprintable, bib_wall = export_and_parse(kept)

    print(f"notes tried                 {len(notes):>8}  ({options.notes} ordinary, {options.long} of 16 KB-1 MB)")
    print(f"tracebacks                  {len(tracebacks):>8}")
    print(f"link but no entry           {len(linkless):>8}")
    print(f"slowest read, any note      {slowest[0] * 1000:>8.1f} ms (note {slowest[1]})")
    print(f"slowest read per KB         {slowest_per_kb[0] * 1000:>8.3f} ms per KB (notes of 16 KB-1 MB)")
    print(f"read time, all notes        {reading:>8.1f} s")
    print(f"bib --offline over          {len(kept):>8} notes: {bib_entries} entries, {bib_wall:.1f} s")
    print(f"bib parses back             {'yes' if bib_ok else 'NO':>8}")
    print(f"control chars in bib        {bib_unprintable:>8}")
    for number, trace in tracebacks[:3]:
        print(f"--- note {number}\n{trace}")
    sys.exit(1 if tracebacks or linkless or not bib_ok or bib_unprintable else 0)


def export_and_parse(notes: list[str]) -> tuple[bool, int, int, float]:
    """Write the notes to a vault, export it offline, and parse the BibTeX back."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "vault").mkdir()
        for number, note in enumerate(notes):
            (root / "vault" / f"2305{number % 28 + 1:02d} fuzz {number}.md").write_text(note, encoding="utf-8")
        output = root / "refs.bib"
        start = time.perf_counter()
        arguments = ["bib", "--offline", "--cache-dir", str(root / "cache"), "-o", str(output), str(root / "vault")]
        result = CliRunner().invoke(cli, arguments)
        wall = time.perf_counter() - start
        if result.exception and not isinstance(result.exception, SystemExit):
            print("".join(traceback.format_exception(result.exception)))
            return False, 0, 0, wall
        text = output.read_text(encoding="utf-8")
    written = len(ENTRY_START.findall(text))
    try:
        parsed = len(bibtexparser.loads(text).entries)
    except Exception:
        return False, written, len(UNPRINTABLE.findall(text)), wall
    return parsed == written, written, len(UNPRINTABLE.findall(text)), wall


if __name__ == "__main__":
    main()
