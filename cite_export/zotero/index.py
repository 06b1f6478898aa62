"""Finding a record's item in the mirrored library: by arXiv id (archiveID, extra, DOI, url), DOI, then url."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from cite_export.identity import doi_identity, link_identity, paper_identity
from cite_export.links import parse_arxiv_id
from cite_export.model import Record

ARXIV_LABEL = re.compile(r"^\s*arXiv:\s*(\S+)", re.IGNORECASE)


def item_identities(data: dict[str, Any]) -> list[str]:
    """Every name under which an item in Zotero may be one of our papers, most specific first."""
    found = []
    for text in [data.get("archiveID", ""), *str(data.get("extra", "")).splitlines()]:
        match = ARXIV_LABEL.match(text)
        if match and (ref := parse_arxiv_id(match.group(1))):
            found.append(paper_identity(ref.id))
    doi = str(data.get("DOI", "")).strip()
    if doi and (name := doi_identity(doi)):
        found.append(name)
    url = str(data.get("url", "")).strip()
    if url:
        found.append(link_identity(url))
    return found


def record_identities(record: Record) -> list[str]:
    names = [record.identity]
    if record.doi and (name := doi_identity(record.doi)):
        names.append(name)
    names.extend(link_identity(link) for link in record.links)
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
