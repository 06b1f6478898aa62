"""What a sync reads from the library and sets up in it before planning: the local mirror, kept current
with ``since`` reads, and the parent and week collections, found by name or created."""

from __future__ import annotations

import math
import time
from typing import Any

from cite_export.zotero.client import PAGE_SIZE, WRITE_LIMIT, LibraryChanged, ZoteroClient
from cite_export.zotero.items import object_key
from cite_export.zotero.settings import ZoteroError
from cite_export.zotero.state import SyncState

# A 412 means the library moved under us; after this many re-reads in one run, give up and say so.
MAX_REPLANS = 5


def catch_up(client: ZoteroClient, state: SyncState) -> None:
    """Mirror what changed in the library since our last read: the versions first, to skip what the mirror
    holds, then the changed items, paged 100 a request when that is cheaper than asking by key 50 at a time
    (a fresh machine reads the whole library in ceil(items/100) pages)."""
    since = state.library_version()
    versions, library_version = client.item_versions(since)
    mirrored = state.versions()
    stale = {key for key, version in versions.items() if mirrored.get(key) != version}
    if math.ceil(len(versions) / PAGE_SIZE) < math.ceil(len(stale) / WRITE_LIMIT):
        changed = [data for data in client.items_since(since) if data["key"] in stale]
        state.put_objects(changed)
        stale -= {data["key"] for data in changed}  # what is left moved during the paging: asked by key
    state.put_objects(client.fetch_items(sorted(stale)))
    if since and library_version > since:
        # Someone else wrote to the library: items may have been deleted too.
        state.drop_objects(client.deleted_items(since))
    state.set_library_version(library_version)
    state.set_read_at(time.time())
    state.save()


def find_collections(client: ZoteroClient, state: SyncState, paths: set[str], create: bool) -> dict[str, str]:
    """Collection keys for ``paths`` (``parent`` or ``parent/week``): ours by key, others' by name, the rest
    created. Our keys are derived from the path, so one unpaged key listing finds what an earlier run made."""
    wanted = paths | {path.split("/")[0] for path in paths}
    ours = {path: collection_key(client, path) for path in wanted}
    for _ in range(MAX_REPLANS):
        existing = client.collection_versions()
        found = {path: key for path, key in ours.items() if key in existing}
        if len(found) < len(wanted):
            by_name = collection_paths(client.collections())
            found.update({path: by_name[path] for path in wanted - found.keys() if path in by_name})
        missing = sorted(wanted - found.keys())
        if not missing or not create:
            break
        try:
            create_collections(client, state, {path: ours[path] for path in missing}, found)
            break
        except LibraryChanged:
            catch_up(client, state)
    else:
        raise ZoteroError("the library kept changing while creating collections; run the sync again later")
    state.put_collections(found)
    state.save()
    return found


def collection_key(client: ZoteroClient, path: str) -> str:
    return object_key(f"{client.library.state_name}/collection/{path}")


def collection_paths(collections: list[dict[str, Any]]) -> dict[str, str]:
    """``name`` or ``parent name/name`` -> key, for top-level collections and their children."""
    by_key = {collection["key"]: collection for collection in collections}
    found: dict[str, str] = {}
    for key, collection in sorted(by_key.items(), key=lambda pair: pair[1]["version"]):
        parent = by_key.get(collection.get("parentCollection") or "")
        path = f"{parent['name']}/{collection['name']}" if parent else collection["name"]
        found.setdefault(path, key)
    return found


def create_collections(client: ZoteroClient, state: SyncState, new: dict[str, str], found: dict[str, str]) -> None:
    """Create ``new`` (path -> our key) in writes of at most 50, parents before children, adding each
    written chunk to ``found`` and to the state at once: a run stopped halfway resumes from there. A
    collection whose create already happened (a lost reply) fails as 412, never as a second collection."""
    ordered = sorted(new, key=lambda path: (path.count("/"), path))
    keys = {**found, **new}
    for start in range(0, len(ordered), WRITE_LIMIT):
        chunk = ordered[start : start + WRITE_LIMIT]
        payload = [
            {
                "key": new[path],
                "version": 0,
                "name": path.rsplit("/", 1)[-1],
                "parentCollection": keys[path.split("/")[0]] if "/" in path else False,
            }
            for path in chunk
        ]
        result = client.create_collections(payload, state.library_version())
        if any(failure.get("code") == 412 for failure in result.failed.values()):
            raise LibraryChanged("a collection already exists")
        if result.failed:
            raise ZoteroError(f"could not create the collections: {list(result.failed.values())[:3]}")
        found.update({path: new[path] for path in chunk})
        state.put_collections({path: new[path] for path in chunk})
        state.set_library_version(result.library_version)
        state.save()
