"""A version of record as BibTeX/BibLaTeX and CSL-JSON see it: entry type and venue fields. Pure.

The preprint stays one click away (eprint fields, arXiv URL); the arXiv DOI and month give way to
the venue's DOI and year; the citation key, commentary, tags and links are the note's as before.
"""

from __future__ import annotations

from cite_export.model import VenueType, VersionOfRecord

# Fields of the preprint that would misdescribe the published paper.
PREPRINT_ONLY_BIB_FIELDS = {"year", "month", "date", "pubstate", "doi", "version"}
PREPRINT_ONLY_CSL_KEYS = {"genre", "number", "version", "DOI", "publisher"}


def bib_entry_type(version: VersionOfRecord) -> str:
    return "inproceedings" if version.type is VenueType.PROCEEDINGS else "article"


def bib_venue_fields(version: VersionOfRecord, biblatex: bool) -> list[tuple[str, str]]:
    """(name, plain text) pairs, in the order BibTeX's own examples use; empty values left out by the caller."""
    journal = "journaltitle" if biblatex else "journal"
    container = "booktitle" if version.type is VenueType.PROCEEDINGS else journal
    pages = (version.pages or "").replace("--", "-").replace("-", "--")
    fields = [
        (container, version.venue),
        ("volume", version.volume or ""),
        ("number", version.number or ""),
        ("pages", pages),
        ("date" if biblatex else "year", str(version.year) if version.year else ""),
        ("publisher", version.publisher or ""),
        ("doi", version.doi or ""),
    ]
    return fields


def csl_type(version: VersionOfRecord) -> str:
    return "paper-conference" if version.type is VenueType.PROCEEDINGS else "article-journal"


def csl_venue(version: VersionOfRecord) -> dict:
    item = {
        "type": csl_type(version),
        "container-title": version.venue,
        "volume": version.volume,
        "issue": version.number,
        "page": version.pages,
        "publisher": version.publisher,
        "DOI": version.doi,
        "issued": {"date-parts": [[version.year]]} if version.year else None,
    }
    return {key: value for key, value in item.items() if value}
