"""Records -> BibTeX ``@misc`` (natbib, plainnat and the like) or BibLaTeX ``@online`` (biber) entries.

arXiv papers follow arXiv's own BibTeX export (``eprint``, ``archivePrefix``, ``primaryClass``) and
biblatex's eprint fields. Commentary, and the note's links besides ``url``, go in ``annote`` /
``annotation``, which standard styles do not print. Each field sits on one line, so no line of a field can
look like the start of an entry. BibTeX fields are ASCII LaTeX (but Hangul and CJK); BibLaTeX stays UTF-8.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Iterator

from cite_export.export import describe, ledger, venue
from cite_export.export.latex import (
    VERBATIM,
    escape,
    escape_list,
    escape_paragraphs,
    escape_title,
    escape_url,
    settled,
)
from cite_export.export.merge import newline_of
from cite_export.model import Kind, Person, Record, VersionOfRecord

# plainnat and its kin print ``url`` as ``\\url{...}`` and fall back to ``\\texttt{#1}`` when url.sty is not
# loaded, which reads ``%`` as a comment and ``_`` / ``#`` / ``&`` as syntax. The .bib's preamble (written into
# the .bbl before the style's own fallback) defines a fallback that reads the URL verbatim and may break it
# after any character, for ``\\url`` and, as plainnat does, for ``\\doi``; a document that loads url.sty or
# hyperref keeps theirs. Under OT1, LaTeX's default font encoding, ``\\k`` (ogonek) does not exist; a
# cedilla stands in for it there, and T1 documents keep the real one.
URL_PREAMBLE_MARK = r"\CiteExportVerbatim"
URL_PREAMBLE = r"""@preamble{ "\providecommand{\CiteExportVerbatim}{\begingroup\catcode`\%=12\catcode`\#=12\catcode`\_=12\catcode`\~=12\catcode`\&=12\catcode`\^=12\catcode`\$=12\relax\CiteExportTypewriter}"
  # "\providecommand{\CiteExportTypewriter}[1]{\texttt{\CiteExportBreakable#1\relax}\endgroup}"
  # "\providecommand{\CiteExportBreakable}[1]{\ifx\relax#1\else#1\allowbreak\expandafter\CiteExportBreakable\fi}"
  # "\providecommand{\url}{\CiteExportVerbatim}"
  # "\expandafter\ifx\csname urlstyle\endcsname\relax\providecommand{\doi}{doi: \CiteExportVerbatim}\fi"
  # "\ProvideTextCommandDefault{\k}[1]{\c{#1}}" }
"""  # noqa: E501
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class Style(enum.StrEnum):
    BIBTEX = "bibtex"
    BIBLATEX = "biblatex"


# Fields written as a bare macro (``month = may``), without braces.
MACRO_FIELDS = {"month"}


def bibliography(records: Iterable[Record], keys: dict[str, str], style: Style) -> dict[str, str]:
    """``record.identity`` -> the entry's text, for every record. In BibLaTeX, the keys a paper had before
    (``IssuedKeys.replaced``) are its ``ids``, so that a document citing an old key still compiles."""
    replaced = getattr(keys, "replaced", {})
    return {
        record.identity: entry(record, keys[record.identity], style, replaced.get(record.identity, []))
        for record in records
    }


def with_preamble(pieces: Iterable[str], style: Style, edited: bool, needed: bool) -> Iterable[str]:
    """The pieces of a BibTeX file with the URL preamble: first in a file we write; in an ``edited`` one after
    the user's text, before the ledger that ends it (BibTeX writes every preamble at the top of the .bbl,
    wherever it is). None where it is not ``needed``: the file's text holds its mark already, or a file we
    write holds no entry or an entry that could hold the mark (see ``could_hold_mark``).

    A file we write streams by. Where the preamble goes into the user's text, the text is joined to find its
    ledger: once per file, since the file then holds the mark."""
    if style is not Style.BIBTEX or not needed:
        return pieces
    if not edited:
        return itertools.chain([URL_PREAMBLE + "\n"], pieces)
    return after_user_text(pieces)


def after_user_text(pieces: Iterable[str]) -> Iterator[str]:
    text = "".join(pieces)
    if URL_PREAMBLE_MARK in text or not text.strip():
        yield text
        return
    ledgers = list(ledger.LEDGER.finditer(text))
    end = ledgers[-1].start() if ledgers and not text[ledgers[-1].end() :].strip() else len(text)
    preamble = ("\n\n" + URL_PREAMBLE).replace("\n", newline_of(text))
    yield text[:end].rstrip("\r\n") + preamble + text[end:]


def could_hold_mark(record: Record, key: str, old_keys: list[str]) -> bool:
    """Whether the entry for ``record`` could hold URL_PREAMBLE_MARK: escaping spells out every backslash, so
    only a value written as it is could (a key, the arXiv id and class, a DOI)."""
    published = record.version_of_record
    verbatim = [key, *old_keys, record.arxiv_id, record.primary_class, record.doi, published and published.doi]
    return any(value and URL_PREAMBLE_MARK in value for value in verbatim)


def entry(record: Record, key: str, style: Style, old_keys: list[str] | None = None) -> str:
    fields = biblatex_fields(record) if style is Style.BIBLATEX else bibtex_fields(record)
    if style is Style.BIBLATEX and old_keys:
        fields = {"ids": ", ".join(dict.fromkeys(old for old in old_keys if old != key)), **fields}
    entry_type = "online" if style is Style.BIBLATEX else "misc"
    if record.version_of_record:
        entry_type, fields = published_entry(record.version_of_record, fields, style)
    return "\n".join([f"@{entry_type}{{{key},", *field_lines(fields), "}"]) + "\n"


def field_lines(fields: dict[str, str]) -> list[str]:
    """``  name = {value},`` for each field with a value, a macro bare: one line each, so that no line of a field
    can look like the start of an entry."""
    return [
        f"  {name} = {value}," if name in MACRO_FIELDS else f"  {name} = {{{value}}},"
        for name, value in fields.items()
        if value
    ]


def published_entry(version: VersionOfRecord, fields: dict[str, str], style: Style) -> tuple[str, dict[str, str]]:
    """@inproceedings / @article with the venue's fields after the authors; the preprint's eprint fields stay."""
    ascii_only = style is Style.BIBTEX
    venue_fields = {
        name: value if name == "doi" else escape(value, ascii_only)
        for name, value in venue.bib_venue_fields(version, not ascii_only)
    }
    published = {}
    for name, value in fields.items():
        if name not in venue.PREPRINT_ONLY_BIB_FIELDS:
            published[name] = value
        if name == "author":
            published |= venue_fields
    return venue.bib_entry_type(version), published


def bibtex_fields(record: Record) -> dict[str, str]:
    date = record.date
    authors = author_list(record, ascii_only=True)
    title = describe.title(record)
    if not record.title and record.kind is Kind.WEB and record.entry.links:
        # A title made from a page's address keeps the link's percent-encoding: a decoded Korean path would
        # need a Korean font package to print.
        title = describe.page_address(record.entry.links[0], decoded=False)
    fields = {
        "title": escape_title(title, ascii_only=True),
        "author": authors,
        "year": str(date.year) if date else "",
        "month": MONTHS[date.month - 1] if date and date.month else "",
        # With no author, natbib styles label and sort by ``key`` (else by three letters of the citation key), and
        # then print no year: a short title and the year stand in for author and year, as APA does; never the
        # bare arXiv id the title may be.
        "key": "" if authors else escape_title(citation_label(record, title), ascii_only=True),
    }
    if record.kind is Kind.ARXIV and record.arxiv_id:
        fields |= {
            "eprint": record.arxiv_id,
            "archivePrefix": "arXiv",
            "primaryClass": record.primary_class or "",
            "doi": describe.arxiv_doi(record) or "",
        }
    return fields | common_fields(record, ascii_only=True, annotation_field="annote")


def citation_label(record: Record, title: str) -> str:
    """The short title and the year; for papers known only by their arXiv id, the month too, so that fewer
    than 26 share a label (plainnat tells them apart by a letter, and runs out after ``z``)."""
    label = describe.label(record, title)
    if not record.date:
        return label
    month = MONTH_NAMES[record.date.month - 1] + " " if record.date.month and not record.title else ""
    return f"{label}, {month}{record.date.year}"


def biblatex_fields(record: Record) -> dict[str, str]:
    fields = {
        "title": escape_title(describe.title(record), ascii_only=False),
        "author": author_list(record, ascii_only=False),
        "date": record.date.iso() if record.date else "",
    }
    if record.kind is Kind.ARXIV and record.arxiv_id:
        fields |= {
            "eprinttype": "arxiv",
            "eprint": record.arxiv_id,
            "eprintclass": record.primary_class or "",
            "version": str(record.version) if record.version else "",
            "pubstate": "prepublished",
            "doi": describe.arxiv_doi(record) or "",
        }
    return fields | common_fields(record, ascii_only=False, annotation_field="annotation")


def common_fields(record: Record, ascii_only: bool, annotation_field: str) -> dict[str, str]:
    entry = record.entry
    return {
        "url": escape_url(record.url) if record.url else "",
        "urldate": entry.date.isoformat() if entry.date and record.kind is not Kind.ARXIV else "",
        "keywords": escape_list(record.tags, ascii_only),
        "abstract": escape(record.abstract, ascii_only, keep_unknown=True) if record.abstract else "",
        annotation_field: escape_paragraphs(describe.annotation(record), ascii_only),
    }


def author_list(record: Record, ascii_only: bool) -> str:
    """``Family, Given and ...``; an organisation, a post's handle or a site as one braced name (a corporate
    author, which BibTeX never splits or abbreviates); ``and others`` for ``et al.``"""
    people, cut_short = describe.authors(record)
    if not people:
        organisation = describe.organisation(record)
        return "{" + escape(organisation, ascii_only) + "}" if organisation else ""
    names = [person_name(person, ascii_only) for person in people]
    return " and ".join(names + ["others"] * cut_short)


def person_name(person: Person, ascii_only: bool) -> str:
    given, family = person.given, person.family
    if verbatim_name(f"{given} {family}"):
        # The usual name, both of whose parts are their own LaTeX and need no braces: one test of the whole name
        # tells for both, since no space run, end space, comma or word "and" can span the space between them (and
        # an empty part leaves a space at an end).
        return f"{family}, {given}"
    family = keep_whole(escape(family, ascii_only))
    given = keep_whole(escape(given, ascii_only))
    if not given:
        return "{" + family + "}"
    return f"{family}, {given}"


def verbatim_name(name: str) -> bool:
    return settled(name, VERBATIM) and not splits(name)


def keep_whole(part: str) -> str:
    return "{" + part + "}" if splits(part) else part


def splits(part: str) -> bool:
    """Whether BibTeX would split a name at a comma or at a literal "and" inside it, which braces keep it from."""
    return "," in part or " and " in f" {part.lower()} "
