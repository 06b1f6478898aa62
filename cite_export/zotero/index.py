"""Finding a record's item in the mirrored library: by arXiv id (archiveID, extra, DOI, url), DOI, then url."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from cite_export.links import arxiv_ref, canonical_url, parse_arxiv_id
from cite_export.model import Record

ARXIV_LABEL = re.compile(r"^\s*arXiv:\s*(\S+)", re.IGNORECASE)
ARXIV_DOI_PREFIX = "10.48550/arxiv."


def item_identities(data: dict[str, Any]) -> list[str]:
    """Every name under which an item in Zotero may be one of our papers, most specific first."""
    found = []
    for text in [data.get("archiveID", ""), *str(data.get("extra", "")).splitlines()]:
        match = ARXIV_LABEL.match(text)
        if match and (ref := parse_arxiv_id(match.group(1))):
            found.append(f"arxiv:{ref.id}")
    doi = str(data.get("DOI", "")).strip()
    if doi.lower().startswith(ARXIV_DOI_PREFIX) and (ref := parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX) :])):
        found.append(f"arxiv:{ref.id}")
    elif doi:
        found.append(f"doi:{doi.lower()}")
    url = str(data.get("url", "")).strip()
    if url:
        ref = arxiv_ref(url)
        found.append(f"arxiv:{ref.id}" if ref else f"url:{canonical_url(url)}")
    return found


def record_identities(record: Record) -> list[str]:
    names = [record.identity]
    if record.doi and not record.doi.lower().startswith(ARXIV_DOI_PREFIX):
        names.append(f"doi:{record.doi.lower()}")
    names.extend(f"url:{canonical_url(link)}" for link in record.entry.links)
    return list(dict.fromkeys(names))


class LibraryIndex:
    """The library's items by key, by identity, and notes by parent."""

    def __init__(self, objects: dict[str, dict[str, Any]]):
        self.objects = objects
        self.by_identity: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        for key, data in sorted(objects.items(), key=lambda pair: pair[1].get("version", 0)):
            if data.get("parentItem"):
                self.children[data["parentItem"]].append(key)
            elif data.get("itemType") not in ("note", "attachment", "annotation"):
                for name in item_identities(data):
                    self.by_identity.setdefault(name, key)

    def get(self, key: str | None) -> dict[str, Any] | None:
        return self.objects.get(key) if key else None

    def match(self, record: Record) -> str | None:
        return next((self.by_identity[name] for name in record_identities(record) if name in self.by_identity), None)
