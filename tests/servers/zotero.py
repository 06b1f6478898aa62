"""A local Zotero Web API v3 server for tests and benchmarks.

It keeps libraries in memory and applies the API's rules: keys and access, library and object
versions, ``since``/``format=versions``/paging at most 100 a page with ``Link`` headers, writes of
at most 50 items or 50 collections (413 beyond) with per-object results, client keys with
``version: 0`` for items and collections alike, ``If-Unmodified-Since-Version`` (412),
missing preconditions (428), missing parents or collections (409), and item validation against a
subset of Zotero's schema (item types, their fields, creator types, tags, relations, size limits).

Faults can be injected per request kind: an error status (429/503 with ``Retry-After``, 500), a
``Backoff`` header on a success, a write that is applied but whose response is lost, or a stall.

From a script: ``with ZoteroServer() as server: server.add_key(KEY, USER_ID)``, then point the CLI at
``server.url`` (``--zotero-api`` or ``CITE_EXPORT_ZOTERO_API``); ``server.requests`` counts requests by
kind and ``server.writes`` lists every accepted write as ``("items" | "collections", objects)``.
A key must look like a real one (24 letters and digits), or the CLI refuses it before any request.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from servers.base import LocalServer
from servers.zotero_schema import CREATOR_TYPES, ITEM_FIELDS

ALL_FIELDS = {name for fields in ITEM_FIELDS.values() for name in fields}
COMMON_PROPERTIES = {"key", "version", "itemType", "tags", "collections", "relations", "parentItem", "deleted"}
SERVER_PROPERTIES = {"dateAdded", "dateModified"}
KEY_PATTERN = re.compile(r"^[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}$")
RELATION_PREDICATES = {"owl:sameAs", "dc:replaces", "dc:relation"}
RELATION_URI = re.compile(r"^http://zotero\.org/(users|groups)/\d+/items/[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}$")
MAX_FIELD_BYTES = 65_535
MAX_NOTE_CHARS = 500_000
MAX_NAME_CHARS = 255
MAX_WRITE_OBJECTS = 50
MAX_OBJECT_KEYS = 100
LIBRARY_PATH = re.compile(r"^/(users|groups)/([^/]+)(/.*)?$")


class Refused(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ApiKey:
    key: str
    user_id: int
    write: bool = True
    groups: dict[str, bool] = field(default_factory=dict)  # group id -> write access


@dataclass
class Fault:
    kind: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    drop_response: bool = False
    times: int = 1
    skip: int = 0  # let this many matching requests through first
    hang: float = 0.0  # seconds of silence before answering, as from a stalled server


@dataclass
class Library:
    kind: str
    id: str
    version: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted_items: dict[str, int] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"{self.kind}/{self.id}"


class ZoteroServer(LocalServer):
    """Start with ``with ZoteroServer() as server:``; point pyzotero at ``server.url``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: dict[str, ApiKey] = {}
        self.libraries: dict[str, Library] = {}
        self.faults: list[Fault] = []
        self.requests: Counter = Counter()
        self.write_sizes: list[int] = []
        self.writes: list[tuple[str, int]] = []  # ("items" or "collections", objects) per accepted write
        self.write_tokens: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        super().__init__(make_handler(self))

    @property
    def url(self) -> str:
        return self.origin

    # --- set-up and inspection, for tests -------------------------------------------------------
    def add_key(self, key: str, user_id: int, write: bool = True, groups: dict[str, bool] | None = None) -> None:
        self.keys[key] = ApiKey(key, user_id, write, groups or {})

    def library(self, kind: str, library_id: int | str) -> Library:
        name = f"{kind}/{library_id}"
        return self.libraries.setdefault(name, Library(kind, str(library_id)))

    def inject(self, kind: str, status: int | None = None, headers: dict[str, str] | None = None, **options) -> None:
        """The next ``times`` requests of ``kind`` (e.g. ``write items``, ``versions``) fail or change."""
        self.faults.append(Fault(kind, status, headers or {}, **options))

    def user_edit(self, library: Library, key: str, **changes: Any) -> None:
        """An edit made in the Zotero app, synced up: new field values and a new version."""
        with self.lock:
            library.version += 1
            library.items[key].update(changes, version=library.version)

    def user_delete(self, library: Library, key: str) -> None:
        with self.lock:
            library.version += 1
            del library.items[key]
            library.deleted_items[key] = library.version

    def reset_counts(self) -> None:
        self.requests.clear()
        self.write_sizes.clear()
        self.writes.clear()

    # --- request handling -----------------------------------------------------------------------
    def take_fault(self, kind: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.kind == kind and fault.times > 0:
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    fault.times -= 1
                    return fault
        return None

    def authorise(self, headers, query: dict[str, str], library: Library | None, write: bool) -> ApiKey:
        bearer = headers.get("Authorization", "")
        token = headers.get("Zotero-API-Key") or query.get("key") or bearer.removeprefix("Bearer ").strip()
        api_key = self.keys.get(token)
        if api_key is None:
            raise Refused(403, "Invalid key" if token else "Forbidden")
        if library is None:
            return api_key
        if library.kind == "users":
            allowed, can_write = str(api_key.user_id) == library.id, api_key.write
        else:
            allowed = library.id in api_key.groups or "all" in api_key.groups
            can_write = api_key.groups.get(library.id, api_key.groups.get("all", False))
        if not allowed:
            raise Refused(403, "Forbidden")
        if write and not can_write:
            raise Refused(403, "Write access denied")
        return api_key

    def key_info(self, api_key: ApiKey) -> dict[str, Any]:
        groups = {group: {"library": True, "write": write} for group, write in api_key.groups.items()}
        return {
            "key": api_key.key,
            "userID": api_key.user_id,
            "username": f"user{api_key.user_id}",
            "displayName": "",
            "access": {"user": {"library": True, "notes": True, "write": api_key.write}, "groups": groups},
        }


def item_envelope(library: Library, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": data["key"],
        "version": data["version"],
        "library": {"type": library.kind.rstrip("s"), "id": int(library.id), "name": "", "links": {}},
        "links": {},
        "meta": {},
        "data": data,
    }


def validate_item(library: Library, data: dict[str, Any], pending: dict[str, dict[str, Any]]) -> None:
    """Zotero's per-object checks, raising Refused(code, message) as the server reports them."""
    item_type = data.get("itemType")
    if item_type not in ITEM_FIELDS:
        raise Refused(400, f"'{item_type}' is not a valid itemType")
    fields = set(ITEM_FIELDS[item_type])
    for name, value in data.items():
        if name in COMMON_PROPERTIES or name in SERVER_PROPERTIES:
            continue
        if name == "note":
            if item_type != "note":
                raise Refused(400, "'note' property is valid only for note and attachment items")
            if not isinstance(value, str) or len(value) > MAX_NOTE_CHARS:
                raise Refused(413, "Note too long")
            continue
        if name == "creators":
            validate_creators(item_type, value)
            continue
        if name not in fields:
            if any(name in type_fields for type_fields in ITEM_FIELDS.values()):
                raise Refused(400, f"'{name}' is not a valid field for type '{item_type}'")
            raise Refused(400, f"Invalid property '{name}'")
        if not isinstance(value, str):
            raise Refused(400, f"'{name}' must be a string")
        if len(value.encode()) > MAX_FIELD_BYTES:
            raise Refused(413, f"Value for '{name}' too long")
    for tag in data.get("tags", []):
        if not isinstance(tag, dict) or not isinstance(tag.get("tag"), str):
            raise Refused(400, "Tag must be an object")
        if len(tag["tag"]) > MAX_NAME_CHARS:
            raise Refused(413, "Tag too long")
        if tag.get("type", 0) not in (0, 1) or set(tag) - {"tag", "type"}:
            raise Refused(400, "Invalid tag")
    for predicate, values in data.get("relations", {}).items():
        if predicate not in RELATION_PREDICATES:
            raise Refused(400, f"Unsupported predicate '{predicate}'")
        for value in [values] if isinstance(values, str) else values:
            if not RELATION_URI.match(str(value)):
                raise Refused(400, f"'{value}' is not a valid relation URI")
    for collection in data.get("collections", []):
        if collection not in library.collections:
            raise Refused(409, f"Collection {collection} not found")
    parent = data.get("parentItem")
    if parent:
        if item_type != "note":
            raise Refused(400, "Only notes and attachments can be child items here")
        if parent not in library.items and parent not in pending:
            raise Refused(409, f"Parent item {parent} not found")
        if data.get("collections"):
            raise Refused(400, "Child items cannot be assigned to collections")


def validate_creators(item_type: str, creators: Any) -> None:
    if not isinstance(creators, list):
        raise Refused(400, "'creators' must be an array")
    for person in creators:
        if not isinstance(person, dict):
            raise Refused(400, "Creator must be an object")
        creator_type = person.get("creatorType")
        if creator_type not in CREATOR_TYPES[item_type]:
            raise Refused(400, f"'{creator_type}' is not a valid creator type for item type '{item_type}'")
        names = {key: value for key, value in person.items() if key != "creatorType"}
        if set(names) not in ({"name"}, {"firstName", "lastName"}, {"lastName"}):
            raise Refused(400, "Creator must have 'name' or 'firstName' and 'lastName'")
        if any(len(value) > MAX_NAME_CHARS for value in names.values()):
            raise Refused(413, "Creator name too long")


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Drop what the server drops: blank tags; fill the array properties a stored item always has."""
    data = dict(data)
    tags = data.get("tags", [])
    data["tags"] = [tag for tag in tags if not isinstance(tag, dict) or str(tag.get("tag", "")).strip()]
    data.setdefault("relations", {})
    if data.get("itemType") != "note":
        data.setdefault("collections", [])
    return data


def apply_item_write(library: Library, objects: list[Any], header_version: int | None) -> dict[str, Any]:
    """One POST of items: each object created, updated (PATCH-like), left unchanged, or failed."""
    result: dict[str, Any] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
    new_version = library.version + 1
    written: dict[str, dict[str, Any]] = {}
    for index, obj in enumerate(objects):
        slot = str(index)
        try:
            data = prepare_item(library, obj, header_version, written)
        except Refused as refused:
            result["failed"][slot] = {"key": obj.get("key", "") if isinstance(obj, dict) else "", **vars_of(refused)}
            continue
        key = data["key"]
        existing = written.get(key) or library.items.get(key)
        if existing and strip_meta(existing) == strip_meta(data):
            result["unchanged"][slot] = key
            continue
        data["version"] = new_version
        data.setdefault("dateAdded", "2026-01-01T00:00:00Z")
        data["dateModified"] = "2026-01-01T00:00:00Z"
        written[key] = data
        result["successful"][slot] = None
        result["success"][slot] = key
    for key, data in written.items():
        library.items[key] = data
        library.deleted_items.pop(key, None)
    if written:
        library.version = new_version
        link_relations_both_ways(library, written)
    for slot, key in result["success"].items():
        result["successful"][slot] = item_envelope(library, library.items[key])
    return result


def vars_of(refused: Refused) -> dict[str, Any]:
    return {"code": refused.code, "message": refused.message}


def strip_meta(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in {"version", "dateAdded", "dateModified"}}


def prepare_item(
    library: Library, obj: Any, header_version: int | None, written: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise Refused(400, "Item must be an object")
    key = obj.get("key")
    existing = None
    if key is not None:
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise Refused(400, f"'{key}' is not a valid item key")
        existing = written.get(key) or library.items.get(key)
        if "version" not in obj and header_version is None:
            raise Refused(428, "Either If-Unmodified-Since-Version or object version property must be provided")
        version = obj.get("version")
        if existing is None and version:
            raise Refused(404, f"Item {key} doesn't exist (to update) in library")
        if existing is not None and version is not None and version != existing["version"]:
            raise Refused(412, f"Item has been modified since specified version (expected {version})")
    else:
        key = new_key(library, written)
    if existing is None and "itemType" not in obj:
        raise Refused(400, "'itemType' property not provided")
    if existing and obj.get("itemType", existing["itemType"]) != existing["itemType"]:
        # A type change keeps only the fields the new type has, as Zotero's Item.setType() does.
        valid = set(ITEM_FIELDS[obj["itemType"]]) if obj["itemType"] in ITEM_FIELDS else set()
        existing = {name: value for name, value in existing.items() if name not in ALL_FIELDS or name in valid}
    data = normalise({**(existing or {}), **obj, "key": key})
    data.pop("version", None)
    validate_item(library, data, written)
    if existing:
        data["version"] = existing["version"]
    return data


def new_key(library: Library, taken: dict[str, Any]) -> str:
    alphabet = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
    while True:
        key = "".join(random.choice(alphabet) for _ in range(8))
        if key not in library.items and key not in taken:
            return key


def link_relations_both_ways(library: Library, written: dict[str, dict[str, Any]]) -> None:
    """``dc:relation`` is symmetric: the other item gets the reverse relation (and a new version)."""
    base = f"http://zotero.org/{library.kind}/{library.id}/items/"
    for key, data in written.items():
        values = data.get("relations", {}).get("dc:relation", [])
        for uri in [values] if isinstance(values, str) else values:
            other = library.items.get(uri.rsplit("/", 1)[-1])
            if other is None or not uri.startswith(base):
                continue
            reverse = other.setdefault("relations", {}).get("dc:relation", [])
            reverse = [reverse] if isinstance(reverse, str) else list(reverse)
            if base + key not in reverse:
                other["relations"]["dc:relation"] = [*reverse, base + key]
                other["version"] = library.version


def apply_collection_write(library: Library, objects: list[Any], header_version: int | None) -> dict[str, Any]:
    result: dict[str, Any] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
    new_version = library.version + 1
    for index, obj in enumerate(objects):
        slot = str(index)
        try:
            if not isinstance(obj, dict) or not isinstance(obj.get("name"), str) or not obj["name"].strip():
                raise Refused(400, "Collection name must be provided")
            if len(obj["name"]) > MAX_NAME_CHARS:
                raise Refused(413, "Collection name too long")
            key = obj.get("key") or new_key(library, library.collections)
            if not isinstance(key, str) or not KEY_PATTERN.match(key):
                raise Refused(400, f"'{key}' is not a valid collection key")
            existing = library.collections.get(key)
            if "version" not in obj and header_version is None:
                raise Refused(428, "Either If-Unmodified-Since-Version or object version property must be provided")
            if existing is None and obj.get("version"):
                raise Refused(404, f"Collection {key} doesn't exist (to update) in library")
            if existing is not None and obj.get("version") not in (None, existing["version"]):
                raise Refused(412, "Collection has been modified since specified version")
            parent = obj.get("parentCollection") or False
            if parent and parent not in library.collections:
                raise Refused(409, f"Parent collection {parent} not found")
            if set(obj) - {"key", "version", "name", "parentCollection", "relations"}:
                raise Refused(400, "Invalid property")
        except Refused as refused:
            result["failed"][slot] = vars_of(refused)
            continue
        data = {"key": key, "version": new_version, "name": obj["name"], "parentCollection": parent, "relations": {}}
        library.collections[key] = data
        result["success"][slot] = key
        result["successful"][slot] = {"key": key, "version": new_version, "data": data, "meta": {}, "links": {}}
    if result["success"]:
        library.version = new_version
    return result


def make_handler(server: ZoteroServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.handle_request("GET")

        def do_POST(self) -> None:
            self.handle_request("POST")

        def do_PATCH(self) -> None:
            self.handle_request("PATCH")

        def do_DELETE(self) -> None:
            self.handle_request("DELETE")

        def handle_request(self, method: str) -> None:
            with server.lock:
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                self.route(method)
            finally:
                with server.lock:
                    server.in_flight -= 1

        def route(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            kind = request_kind(method, parts.path, query)
            server.requests[kind] += 1
            fault = server.take_fault(kind)
            if fault and fault.hang:
                server.closing.wait(fault.hang)
            if fault and fault.status:
                self.reply(fault.status, f"injected {fault.status}", fault.headers)
                return
            try:
                status, payload, headers = self.dispatch(method, parts.path, query, body, kind)
            except Refused as refused:
                status, payload, headers = refused.code, refused.message, {}
            if fault and fault.drop_response:
                # The write happened; the client never hears about it.
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault:
                headers = {**headers, **fault.headers}
            self.reply(status, payload, headers)

        def dispatch(self, method, path, query, body, kind):
            if path.startswith("/keys/"):
                api_key = server.authorise(self.headers, query, None, write=False)
                name = path.removeprefix("/keys/")
                if name not in ("current", api_key.key):
                    raise Refused(404, "Key not found")
                return 200, server.key_info(api_key), {}
            if path in ("/itemTypes", "/itemFields", "/itemTypeFields", "/items/new"):
                return 200, schema_answer(path, query), {}
            match = LIBRARY_PATH.match(path)
            if not match:
                raise Refused(404, "Not found")
            if not match.group(2).isdigit():
                raise Refused(400, "Invalid library id")
            with server.lock:
                library = server.library(match.group(1), match.group(2))
                server.authorise(self.headers, query, library, write=method != "GET")
                rest = match.group(3) or ""
                if method == "GET":
                    return read(library, rest, query, self.headers)
                return write(server, library, method, rest, body, self.headers)

        def reply(self, status: int, payload: Any, headers: dict[str, str]) -> None:
            if isinstance(payload, (dict, list)):
                data, content_type = json.dumps(payload).encode(), "application/json"
            else:
                data, content_type = str(payload or "").encode(), "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Zotero-API-Version", "3")
            self.send_header("Zotero-Schema-Version", "41")
            for name, value in headers.items():
                self.send_header(name, str(value))
            self.end_headers()
            if status != 304:
                self.wfile.write(data)

    return Handler


def request_kind(method: str, path: str, query: dict[str, str]) -> str:
    if path.startswith("/keys/"):
        return "keys"
    if method != "GET":
        return f"write {'collections' if '/collections' in path else 'items'}"
    if path.endswith("/deleted"):
        return "deleted"
    if "/collections" in path:
        return "collection versions" if query.get("format") == "versions" else "collections"
    if "/items" in path and query.get("format") in ("versions", "keys"):
        return "versions"
    if "/items" in path:
        return "items"
    return "schema"


def schema_answer(path: str, query: dict[str, str]) -> Any:
    if path == "/itemTypes":
        return [{"itemType": name, "localized": name} for name in ITEM_FIELDS]
    if path == "/itemFields":
        names = dict.fromkeys(field for fields in ITEM_FIELDS.values() for field in fields)
        return [{"field": name, "localized": name} for name in names]
    item_type = query.get("itemType", "")
    if item_type not in ITEM_FIELDS:
        raise Refused(400, f"'{item_type}' is not a valid itemType")
    if path == "/itemTypeFields":
        return [{"field": name, "localized": name} for name in ITEM_FIELDS[item_type]]
    fields = ITEM_FIELDS[item_type]
    template: dict[str, Any] = {"itemType": item_type}
    if fields:
        template[fields[0]] = ""
        template["creators"] = []
        template.update(dict.fromkeys(fields[1:], ""))
    return {**template, "tags": [], "collections": [], "relations": {}}


def read(library: Library, rest: str, query: dict[str, str], headers) -> tuple[int, Any, dict[str, str]]:
    version_header = {"Last-Modified-Version": str(library.version)}
    if rest == "/deleted":
        since = int(query.get("since", 0))
        items = [key for key, version in library.deleted_items.items() if version > since]
        payload = {"collections": [], "searches": [], "items": items, "tags": [], "settings": []}
        return 200, payload, version_header
    if_modified = headers.get("If-Modified-Since-Version")
    if if_modified is not None and library.version <= int(if_modified):
        return 304, "", version_header
    if rest.startswith("/collections"):
        found = sorted(library.collections.values(), key=lambda data: data["version"])
        if "since" in query:
            found = [data for data in found if data["version"] > int(query["since"])]
        if query.get("format") == "versions":
            return 200, {data["key"]: data["version"] for data in found}, version_header
        envelopes = [{"key": c["key"], "version": c["version"], "data": c, "meta": {}, "links": {}} for c in found]
        return page(envelopes, query, f"/{library.prefix}/collections", version_header)
    single = re.fullmatch(r"/items/([^/]+)", rest)
    if single and single.group(1) not in ("top", "trash"):
        data = library.items.get(single.group(1))
        if data is None:
            raise Refused(404, "Item not found")
        return 200, item_envelope(library, data), {"Last-Modified-Version": str(data["version"])}
    if rest not in ("/items", "/items/top"):
        raise Refused(404, "Not found")
    found = sorted(library.items.values(), key=lambda data: (data["version"], data["key"]))
    if rest == "/items/top":
        found = [data for data in found if not data.get("parentItem")]
    if "since" in query:
        found = [data for data in found if data["version"] > int(query["since"])]
    if "itemKey" in query:
        wanted = set(query["itemKey"].strip(",").split(","))
        if not all(KEY_PATTERN.match(key) for key in wanted):
            raise Refused(400, f"Invalid 'itemKey' value '{query['itemKey']}'")
        found = [data for data in found if data["key"] in wanted]
        query = {**query, "limit": str(MAX_OBJECT_KEYS)}  # as Zotero does: keys named, pages of 100
    if query.get("includeTrashed") not in ("1", "true"):
        found = [data for data in found if not data.get("deleted")]
    if query.get("format") == "versions":
        return 200, {data["key"]: data["version"] for data in found}, version_header
    if query.get("format") == "keys":
        return 200, "\n".join(data["key"] for data in found), version_header
    return page([item_envelope(library, data) for data in found], query, f"/{library.prefix}{rest}", version_header)


def page(envelopes: list[Any], query: dict[str, str], path: str, headers: dict[str, str]):
    limit = max(1, min(int(query.get("limit", 25)), 100))
    start = int(query.get("start", 0))
    total = len(envelopes)
    links = {}
    base = {key: value for key, value in query.items() if key not in ("start", "limit")}

    def link(at: int) -> str:
        return f"<{path}?{urlencode({**base, 'limit': limit, 'start': at})}>"

    links["first"] = link(0)
    if start + limit < total:
        links["next"] = link(start + limit)
        links["last"] = link((total - 1) // limit * limit)
    if start > 0:
        links["prev"] = link(max(0, start - limit))
    link_header = ", ".join(f'{url}; rel="{rel}"' for rel, url in links.items())
    return 200, envelopes[start : start + limit], {**headers, "Total-Results": str(total), "Link": link_header}


def write(server: ZoteroServer, library: Library, method: str, rest: str, body: bytes, headers):
    if method != "POST" or rest not in ("/items", "/collections"):
        raise Refused(405, "Method not allowed")
    token = headers.get("Zotero-Write-Token")
    if token:
        if token in server.write_tokens:
            raise Refused(412, "Write token already used")
        server.write_tokens.add(token)
    try:
        objects = json.loads(body or b"null")
    except ValueError as error:
        raise Refused(400, "Invalid JSON") from error
    if not isinstance(objects, list):
        raise Refused(400, "Uploaded data must be a JSON array")
    if len(objects) > MAX_WRITE_OBJECTS:
        raise Refused(413, f"Cannot add more than {MAX_WRITE_OBJECTS} {rest.strip('/')} at a time")
    header_version = headers.get("If-Unmodified-Since-Version")
    header_version = int(header_version) if header_version is not None else None
    if header_version is not None and library.version > header_version:
        return (
            412,
            f"Library has been modified since specified version (expected {header_version})",
            {"Last-Modified-Version": str(library.version)},
        )
    server.write_sizes.append(len(objects))
    server.writes.append((rest.strip("/"), len(objects)))
    apply = apply_item_write if rest == "/items" else apply_collection_write
    result = apply(library, objects, header_version)
    return 200, result, {"Last-Modified-Version": str(library.version)}
