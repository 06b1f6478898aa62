"""The citation keys a document cites, read from what LaTeX, biber or the author wrote.

- natbib/BibTeX ``.aux``: ``\\citation{a,b}``, ``\\citation{*}`` for all; ``\\@input{chapter.aux}`` is followed;
- biblatex ``.aux``: ``\\abx@aux@cite{0}{a}``, ``\\abx@aux@nociteall``; its ``.bcf``: ``<bcf:citekey>a</bcf:citekey>``;
- ``.tex``: every ``\\cite``-family command with optional arguments and key lists, ``\\nocite{*}``, ``%`` comments,
  and the files it ``\\input``s or ``\\include``s;
- pandoc Markdown (any other file): ``[@a; @b, p. 3]``, ``@a [p. 3]``, ``@{a}``, ``nocite: '@*'``; code is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cite_export.cited import latex, markdown
from cite_export.model import Origin

ALL = "*"


@dataclass
class Citations:
    """Cited keys in the order first cited, each with where; ``everything`` after ``\\nocite{*}``."""

    keys: dict[str, Origin] = field(default_factory=dict)
    everything: bool = False

    def add(self, key: str, origin: Origin) -> None:
        if key == ALL:
            self.everything = True
        else:
            self.keys.setdefault(key, origin)

    def wants(self, key: str) -> bool:
        return self.everything or key in self.keys


class CitedError(Exception):
    pass


def read_citations(paths: list[Path]) -> Citations:
    citations = Citations()
    for path in paths:
        for key, line in keys_in(path):
            citations.add(key, Origin(str(path), line))
    return citations


def keys_in(path: Path, seen: frozenset[Path] = frozenset(), root: Path | None = None) -> list[tuple[str, int]]:
    """``(key, line)`` for every key ``path`` cites, in order; ``root`` is the main file's folder, against which
    LaTeX resolves every file included, however deep."""
    root = root or path.parent
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise CitedError(f"{path}: cannot read ({error.strerror or error})") from error
    suffix = path.suffix.lower()
    if suffix == ".aux":
        return latex.aux_keys(text) + included(path, root, latex.aux_inputs(text), seen)
    if suffix == ".bcf":
        return latex.bcf_keys(text)
    if suffix in (".tex", ".ltx", ".sty", ".cls"):
        return latex.tex_keys(text) + included(path, root, latex.tex_inputs(text), seen)
    return markdown.markdown_keys(text)


def included(path: Path, root: Path, names: list[str], seen: frozenset[Path]) -> list[tuple[str, int]]:
    """The keys of the files ``path`` includes (a file that does not exist is skipped, as LaTeX warns); no file
    is read again inside itself."""
    found = []
    seen = seen | {path.resolve()}
    for name in names:
        child = root / name
        if child.is_file() and child.resolve() not in seen:
            found += keys_in(child, seen, root)
    return found
