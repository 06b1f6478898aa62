"""A published arXiv paper in Zotero: the same item, its type changed to the version of record's. Pure.

Zotero's own arXiv workflow does the same when a preprint is published: a ``conferencePaper``
(``proceedingsTitle``) or ``journalArticle`` (``publicationTitle``, ``volume``, ``issue``), with the
venue's DOI and year. The arXiv id stays in ``extra`` (``arXiv:<id> [class]``), which is how Zotero,
Better BibTeX and our own matching still recognise the paper, so no second item is ever made.
"""

from __future__ import annotations

from typing import Any

from cite_export.model import VenueType, VersionOfRecord

# Preprint fields every item type has; the rest (repository, archiveID, DOI, date) are the preprint's.
KEPT = ("title", "creators", "abstractNote", "url", "extra")


def published_fields(preprint: dict[str, Any], version: VersionOfRecord) -> dict[str, Any]:
    fields = {name: preprint[name] for name in KEPT if name in preprint}
    if version.type is VenueType.PROCEEDINGS:
        venue = {"itemType": "conferencePaper", "proceedingsTitle": version.venue}
    else:
        venue = {"itemType": "journalArticle", "publicationTitle": version.venue, "issue": version.number or ""}
    return (
        venue
        | fields
        | {
            "volume": version.volume or "",
            "pages": version.pages or "",
            "publisher": version.publisher or "",
            "date": str(version.year) if version.year else "",
            "DOI": version.doi or "",
            "libraryCatalog": version.source,
        }
    )
