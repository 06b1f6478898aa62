"""Cited keys in LaTeX's own files (.aux, .bcf) and in LaTeX source (.tex)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

AUX = re.compile(r"\\citation\{([^}]*)\}|\\abx@aux@cite(?:\{[^}]*\})?\{([^}]*)\}|\\(abx@aux@nociteall)\b")
AUX_INPUT = re.compile(r"\\@input\{([^}]*)\}")  # \include{chapter} writes chapter.aux and this line
BCF = re.compile(r"<bcf:citekey\b[^>]*>([^<]*)</bcf:citekey>")
# \cite, \citep*, \Citet, \parencite, \textcites, \footcite, \nocite, \autocite, \citeauthor ... (not \citestyle).
CITE_COMMAND = re.compile(r"\\([A-Za-z]*[Cc]ite[A-Za-z]*\*?)(?![A-Za-z])")
NOT_CITATIONS = {"citestyle", "citesetup", "citetrackerfalse", "citetrackertrue", "citereset"}
TEX_INPUT = re.compile(r"\\(?:input|include|subfile)\s*\{([^}]+)\}")
COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)%.*")


def aux_keys(text: str) -> list[tuple[str, int]]:
    found = []
    for match in AUX.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        natbib, biblatex, all_keys = match.groups()
        if all_keys:
            found.append(("*", line))
        else:
            found += [(key, line) for key in split_keys(natbib if natbib is not None else biblatex)]
    return found


def aux_inputs(text: str) -> list[str]:
    """The .aux files this one includes, as LaTeX names them (relative to the main file's folder)."""
    return AUX_INPUT.findall(text)


def tex_inputs(text: str) -> list[str]:
    """The files ``\\input``, ``\\include`` or ``\\subfile`` pulls in (``.tex`` added when no suffix is given)."""
    names = [name.strip() for name in TEX_INPUT.findall(without_comments(text))]
    return [name if "." in name.rsplit("/", 1)[-1] else f"{name}.tex" for name in names]


def bcf_keys(text: str) -> list[tuple[str, int]]:
    return [
        (html.unescape(match.group(1)).strip(), text.count("\n", 0, match.start()) + 1) for match in BCF.finditer(text)
    ]


def tex_keys(text: str) -> list[tuple[str, int]]:
    found = []
    source = without_comments(text)
    line, counted = 1, 0
    for match in CITE_COMMAND.finditer(source):
        name = match.group(1).rstrip("*")
        if name.lower() in NOT_CITATIONS:
            continue
        line, counted = line + source.count("\n", counted, match.start()), match.start()
        several = name.endswith("cites")  # biblatex's multicite: \cites(pre)(post)[a][b]{k1}[c]{k2}
        found += [(key, line) for group in key_groups(source, match.end(), several) for key in split_keys(group)]
    return found


def key_groups(text: str, position: int, several: bool) -> Iterator[str]:
    """The ``{...}`` arguments after a cite command, skipping its ``[...]`` and ``(...)`` optional ones."""
    while True:
        position = skip_space(text, position)
        if position >= len(text):
            return
        char = text[position]
        if char in "[(":
            end = text.find("]" if char == "[" else ")", position)
            if end < 0:
                return
            position = end + 1
        elif char == "{":
            end = text.find("}", position)
            if end < 0:
                return
            yield text[position + 1 : end]
            if not several:
                return
            position = end + 1
        else:
            return


def skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def without_comments(text: str) -> str:
    """``%`` to the end of the line removed (not ``\\%``); lines stay where they were."""
    return COMMENT.sub(r"\1", text)


def split_keys(group: str) -> list[str]:
    return [key.strip() for key in group.split(",") if key.strip()]
