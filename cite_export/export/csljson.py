"""Records -> CSL-JSON (pandoc ``--citeproc``, Zotero, Quarto), keyed by the same citation keys as the .bib.

arXiv papers follow Zotero's own preprint export: type ``article``, ``publisher`` arXiv, ``number``
``arXiv:<id>``. Commentary goes in ``annote``, which citation styles do not print.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from cite_export.export import describe, venue
from cite_export.model import Kind, PartialDate, Person, Record

# One encoder for every item: json.dumps makes a new one per call, a quarter of the time an item takes to encode.
# An item is a tree of fresh dicts and lists that cannot hold itself, so the encoder need not track each container
# it enters to catch a cycle (~10% of encoding an item).
ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def csl_items(records: Iterable[Record], keys: dict[str, str]) -> Iterator[dict]:
    """One item per record, made as they are asked for."""
    return (csl_item(record, keys[record.identity]) for record in records)


def dumps(items: Iterable[dict]) -> str:
    return b"".join(json_chunks(items)).decode("utf-8")


def json_chunks(items: Iterable[dict]) -> Iterator[bytes]:
    """The JSON array of ``items`` in UTF-8, one item per line, each made and written in turn: a big export is never
    held whole (json's indented output would also be built in Python, ~3x slower than one line per item)."""
    return array_chunks(map(item_utf8, items))


def item_utf8(item: dict) -> bytes:
    return ENCODER.encode(item).encode("utf-8")


def array_chunks(items: Iterable[bytes]) -> Iterator[bytes]:
    """The JSON array of the items whose UTF-8 texts (item_utf8's, on one line) these are, one item per line."""
    first = True
    for item in items:
        yield (b"[\n" if first else b",\n") + item
        first = False
    yield b"[]\n" if first else b"\n]\n"


def csl_item(record: Record, key: str) -> dict:
    item: dict = {"id": key, "type": csl_type(record), "title": describe.title(record)}
    people, _ = describe.authors(record)
    organisation = describe.organisation(record)
    if people:
        item["author"] = [csl_name(person) for person in people]
    elif organisation:
        item["author"] = [{"literal": organisation}]
    if record.date:
        item["issued"] = date_parts(record.date)
    if record.kind is Kind.ARXIV and record.arxiv_id:
        item |= {
            "publisher": "arXiv",
            "number": f"arXiv:{record.arxiv_id}",
            "genre": "Preprint",
            "DOI": describe.arxiv_doi(record),
        }
        if record.version:
            item["version"] = str(record.version)
        if record.primary_class:
            item["note"] = f"arXiv:{record.arxiv_id} [{record.primary_class}]"
    elif record.kind is Kind.POST:
        item["container-title"] = "X (Twitter)"
    if record.url:
        item["URL"] = record.url
    noted = record.entry.date
    if noted and record.kind is not Kind.ARXIV:
        item["accessed"] = date_parts(PartialDate(noted.year, noted.month, noted.day))
    optional = {
        "abstract": record.abstract,
        "keyword": ", ".join(record.tags),
        "annote": "\n\n".join(describe.annotation(record)),
    }
    item |= {name: value for name, value in optional.items() if value}
    if record.version_of_record:
        kept = {key: value for key, value in item.items() if key not in venue.PREPRINT_ONLY_CSL_KEYS}
        item = kept | venue.csl_venue(record.version_of_record)
    return item


def csl_name(person: Person) -> dict:
    given = person.given  # a slice of the name each time it is asked for
    return {"family": person.family, "given": given} if given else {"literal": person.family}


def csl_type(record: Record) -> str:
    if record.kind is Kind.ARXIV:
        return "article"
    return "post" if record.kind is Kind.POST else "webpage"


def date_parts(date: PartialDate) -> dict:
    return {"date-parts": [[part for part in (date.year, date.month, date.day) if part]]}
