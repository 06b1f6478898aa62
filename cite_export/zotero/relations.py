"""``dc:relation`` between items: links in a note's commentary and wiki links to other notes. Pure."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from cite_export.identity import link_identity
from cite_export.model import Record
from cite_export.zotero.index import LibraryIndex

RELATION = "dc:relation"


def relation_field(uris) -> dict[str, list[str]]:
    """``{"dc:relation": [...]}``, or no relation at all when there is none."""
    uris = sorted(set(uris))
    return {RELATION: uris} if uris else {}


def relation_list(relations: dict[str, Any]) -> list[str]:
    value = relations.get(RELATION, [])
    return [value] if isinstance(value, str) else list(value)


def related_keys(records: list[Record], item_keys: dict[str, str], index: LibraryIndex) -> dict[str, set[str]]:
    """Item key -> keys of the items it relates to, both ways, for links and wiki links that reach
    another item of this run or of the library."""
    by_note_name = {PurePath(note.origin.path).stem: record.identity for record in records for note in record.notes}
    related: dict[str, set[str]] = {key: set() for key in item_keys.values()}
    for record in records:
        source = item_keys[record.identity]
        targets = [link_identity(link) for link in record.related_links]
        targets += [by_note_name.get(wiki_name(link)) for link in record.wiki_links]
        for target in filter(None, targets):
            key = item_keys.get(target) or index.by_identity.get(target)
            if key and key != source:
                related[source].add(key)
                related.setdefault(key, set()).add(source)
    return related


def wiki_name(link: str) -> str:
    """``[[230418 UniMax.md]]`` or ``230418 UniMax|alias`` -> ``230418 UniMax``."""
    name = link.strip().removeprefix("[[").removesuffix("]]").split("|")[0].split("#")[0].strip()
    return name.removesuffix(".md")
