"""Records -> BibTeX ``@misc`` (natbib, plainnat and the like) or BibLaTeX ``@online`` (biber) entries.

arXiv papers follow arXiv's own BibTeX export (``eprint``, ``archivePrefix``, ``primaryClass``) and
biblatex's eprint fields. Commentary goes in ``annote`` / ``annotation``, which standard styles do not
print. Each field sits on one line, so no line of a field can look like the start of an entry.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from cite_export.export import describe, venue
from cite_export.export.latex import escape, escape_paragraphs, escape_title, escape_url
from cite_export.model import Kind, Person, Record, VersionOfRecord

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class Style(enum.StrEnum):
    BIBTEX = "bibtex"
    BIBLATEX = "biblatex"


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    macro: bool = False  # a bare macro such as ``may``, written without braces

    def __str__(self) -> str:
        return f"  {self.name} = {self.value if self.macro else '{' + self.value + '}'},"


def bibliography(records: Iterable[Record], keys: dict[str, str], style: Style) -> dict[str, str]:
    """``record.identity`` -> the entry's text, for every record."""
    return {record.identity: entry(record, keys[record.identity], style) for record in records}


def entry(record: Record, key: str, style: Style) -> str:
    fields = biblatex_fields(record) if style is Style.BIBLATEX else bibtex_fields(record)
    entry_type = "online" if style is Style.BIBLATEX else "misc"
    if record.version_of_record:
        entry_type, fields = published_entry(record.version_of_record, fields, style)
    lines = [f"@{entry_type}{{{key},", *(str(field) for field in fields if field.value), "}"]
    return "\n".join(lines) + "\n"


def published_entry(version: VersionOfRecord, fields: list[Field], style: Style) -> tuple[str, list[Field]]:
    """@inproceedings / @article with the venue's fields after the authors; the preprint's eprint fields stay."""
    ascii_accents = style is Style.BIBTEX
    venue_fields = [
        Field(name, value if name == "doi" else escape(value, ascii_accents))
        for name, value in venue.bib_venue_fields(version, not ascii_accents)
    ]
    kept = [field for field in fields if field.name not in venue.PREPRINT_ONLY_BIB_FIELDS]
    after_authors = next(index for index, field in enumerate(kept) if field.name == "author") + 1
    return venue.bib_entry_type(version), kept[:after_authors] + venue_fields + kept[after_authors:]


def bibtex_fields(record: Record) -> list[Field]:
    date = record.date
    title = describe.title(record)
    authors = author_list(record, ascii_accents=True)
    fields = [
        Field("title", escape_title(title, ascii_accents=True)),
        Field("author", authors),
        Field("year", str(date.year) if date else ""),
        Field("month", MONTHS[date.month - 1] if date and date.month else "", macro=True),
        # With no author, natbib styles label and sort by ``key`` (else by three letters of the citation key,
        # which makes dozens of identical labels): the title stands in for the author, as APA does.
        Field("key", "" if authors else escape(title, ascii_accents=True)),
    ]
    if record.kind is Kind.ARXIV and record.arxiv_id:
        fields += [
            Field("eprint", record.arxiv_id),
            Field("archivePrefix", "arXiv"),
            Field("primaryClass", record.primary_class or ""),
            Field("doi", describe.arxiv_doi(record) or ""),
        ]
    return fields + common_fields(record, ascii_accents=True, annotation_field="annote")


def biblatex_fields(record: Record) -> list[Field]:
    fields = [
        Field("title", escape_title(describe.title(record), ascii_accents=False)),
        Field("author", author_list(record, ascii_accents=False)),
        Field("date", record.date.iso() if record.date else ""),
    ]
    if record.kind is Kind.ARXIV and record.arxiv_id:
        fields += [
            Field("eprinttype", "arxiv"),
            Field("eprint", record.arxiv_id),
            Field("eprintclass", record.primary_class or ""),
            Field("version", str(record.version) if record.version else ""),
            Field("pubstate", "prepublished"),
            Field("doi", describe.arxiv_doi(record) or ""),
        ]
    return fields + common_fields(record, ascii_accents=False, annotation_field="annotation")


def common_fields(record: Record, ascii_accents: bool, annotation_field: str) -> list[Field]:
    entry = record.entry
    return [
        Field("url", escape_url(record.url) if record.url else ""),
        Field("urldate", entry.date.isoformat() if entry.date and record.kind is not Kind.ARXIV else ""),
        Field("urls", " ".join(escape_url(link) for link in describe.other_links(record))),
        Field("keywords", ", ".join(escape(tag, ascii_accents) for tag in record.tags)),
        Field("abstract", escape(record.abstract, ascii_accents) if record.abstract else ""),
        Field(annotation_field, escape_paragraphs(describe.annotation(record), ascii_accents)),
    ]


def author_list(record: Record, ascii_accents: bool) -> str:
    """``Family, Given and ...``; a post's handle as one literal name; ``and others`` for ``et al.``"""
    handle = describe.post_handle(record)
    if handle:
        return "{" + escape(handle, ascii_accents) + "}"
    people, cut_short = describe.authors(record)
    names = [person_name(person, ascii_accents) for person in people]
    return " and ".join(names + ["others"] * (cut_short and bool(names)))


def person_name(person: Person, ascii_accents: bool) -> str:
    family = keep_whole(escape(person.family, ascii_accents))
    given = keep_whole(escape(person.given, ascii_accents))
    if not given:
        return family if " " not in family else "{" + family + "}"
    return f"{family}, {given}"


def keep_whole(part: str) -> str:
    """Braces keep BibTeX from splitting a name at a comma or at a literal "and" inside it."""
    return "{" + part + "}" if "," in part or " and " in f" {part.lower()} " else part
