"""Records -> Zotero item JSON, shaped like what Zotero's own arXiv import saves. Pure functions."""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any
from urllib.parse import urlsplit

from cite_export.export import describe
from cite_export.model import Entry, Kind, Person, Record
from cite_export.zotero.published import published_fields

KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
MAX_FIELD_BYTES = 65_535
MAX_NAME_CHARS = 255
MAX_NOTE_CHARS = 500_000
# Keys the server owns or that we merge instead of comparing (relations are made two-way by the server).
VOLATILE_KEYS = {"key", "version", "dateAdded", "dateModified", "collections", "relations", "parentItem", "deleted"}


def object_key(seed: str) -> str:
    """A Zotero object key derived from ``seed``: the same paper gets the same key on every machine,
    so a create that already happened fails as 412 instead of making a second item."""
    digest = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
    chars = []
    for _ in range(8):
        digest, index = divmod(digest, len(KEY_ALPHABET))
        chars.append(KEY_ALPHABET[index])
    return "".join(chars)


def clip(text: str, max_bytes: int = MAX_FIELD_BYTES) -> str:
    """``text`` cut to the server's per-field byte limit without splitting a character."""
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[: max_bytes - 3].decode(errors="ignore") + "…"


def creator(person: Person) -> dict[str, str]:
    if not person.given:
        return {"creatorType": "author", "name": person.family[:MAX_NAME_CHARS]}
    return {
        "creatorType": "author",
        "firstName": person.given[:MAX_NAME_CHARS],
        "lastName": person.family[:MAX_NAME_CHARS],
    }


def tags(record: Record) -> list[dict[str, str]]:
    """Every note's hashtags, each once, in first-seen order."""
    return [{"tag": tag[:MAX_NAME_CHARS]} for tag in record.tags if tag.strip()]


def item_data(record: Record, citation_key: str | None) -> dict[str, Any]:
    """The item's fields (no key, version, collections or relations): preprint, forumPost or webpage."""
    if record.kind is Kind.ARXIV:
        fields = preprint_fields(record)
        if record.version_of_record:
            fields = published_fields(fields, record.version_of_record)
    elif record.kind is Kind.POST:
        fields = post_fields(record)
    else:
        fields = webpage_fields(record)
    if citation_key:
        fields["citationKey"] = citation_key
    fields["tags"] = tags(record)
    return {key: clip(value) if isinstance(value, str) else value for key, value in fields.items()}


def preprint_fields(record: Record) -> dict[str, Any]:
    arxiv_id = record.arxiv_id
    # As Zotero's arXiv translator writes it: an old-style id (hep-th/9901001) names its archive already.
    category = f" [{record.primary_class}]" if record.primary_class and "/" not in arxiv_id else ""
    return {
        "itemType": "preprint",
        "title": describe.title(record),
        "creators": [creator(person) for person in record.authors],
        "abstractNote": record.abstract or "",
        "date": record.date.iso() if record.date else "",
        "repository": "arXiv",
        "archiveID": f"arXiv:{arxiv_id}",
        "DOI": describe.arxiv_doi(record),
        "url": record.url,
        "libraryCatalog": "arXiv.org",
        "extra": f"arXiv:{arxiv_id}{category}",
    }


def post_fields(record: Record) -> dict[str, Any]:
    handle = describe.post_handle(record)
    return {
        "itemType": "forumPost",
        "title": describe.title(record),
        "creators": [{"creatorType": "author", "name": handle}] if handle else [creator(p) for p in record.authors],
        "abstractNote": record.abstract or "",
        "forumTitle": "X (Twitter)",
        "postType": "Post",
        "date": record.date.iso() if record.date else "",
        "url": record.url,
        "extra": other_links(record),
    }


def webpage_fields(record: Record) -> dict[str, Any]:
    url = record.url or ""
    parts = urlsplit(url)
    return {
        "itemType": "webpage",
        "title": describe.title(record),
        "creators": [creator(person) for person in record.authors],
        "abstractNote": record.abstract or "",
        "websiteTitle": parts.netloc,
        "date": record.date.iso() if record.date else "",
        "url": url,
        "extra": other_links(record),
    }


def other_links(record: Record) -> str:
    """The paper's links after the first (from every note), one per line, so that none is lost."""
    return "\n".join(record.links[1:])


def note_html(entry: Entry) -> str | None:
    """One note's commentary as a child note: one ``<p>`` per paragraph, escaped; an English version after a rule."""
    if not entry.commentary and not entry.english:
        return None
    parts = [paragraph(text) for text in entry.commentary]
    if entry.english:
        parts.append("<hr/><p><strong>English</strong></p>")
        parts.extend(paragraph(text) for text in entry.english)
    note = "".join(parts)
    if len(note) > MAX_NOTE_CHARS:
        note = note[: MAX_NOTE_CHARS - len("…</p>")] + "…</p>"
    return note


def paragraph(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def note_data(note: str) -> dict[str, Any]:
    return {"itemType": "note", "note": note, "tags": []}


def content_view(data: dict[str, Any]) -> dict[str, Any]:
    """What a person could have edited: every field but the volatile ones, with tags in a stable order."""
    view = {key: value for key, value in data.items() if key not in VOLATILE_KEYS and value not in ("", [], None)}
    if "tags" in view:
        view["tags"] = sorted((tag["tag"], int(tag.get("type", 0))) for tag in view["tags"])
    return view


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content_view(data), sort_keys=True, ensure_ascii=False).encode()).hexdigest()
