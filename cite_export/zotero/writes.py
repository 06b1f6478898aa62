"""Writing a plan: its objects in requests of at most 50, parents first, and what each write leaves in the
local state, chunk by chunk, so that a run stopped halfway is resumed by the next one."""

from __future__ import annotations

from typing import Any

from cite_export.model import Problem
from cite_export.zotero.client import WRITE_LIMIT, LibraryChanged, WriteResult, ZoteroClient
from cite_export.zotero.items import content_hash
from cite_export.zotero.plan import Part, PlannedEntry
from cite_export.zotero.relations import relation_list
from cite_export.zotero.state import PartState, SyncedEntry, SyncState


def remember_matches(plan: list[PlannedEntry], state: SyncState) -> None:
    """Record the entries there is nothing to write for: items the library already holds as we would
    write them (a fresh machine, say) get their state; edits made in Zotero keep the old one."""
    state.put_entries(synced for entry in plan if not entry.objects for synced in updated_state(entry, {}))
    state.save()


def chunks(plan: list[PlannedEntry]) -> list[list[tuple[PlannedEntry, Part]]]:
    """Every part to send, an item before its notes, cut into writes of at most 50 objects."""
    parts = [(entry, part) for entry in plan for part in entry.parts if part.send]
    return [parts[start : start + WRITE_LIMIT] for start in range(0, len(parts), WRITE_LIMIT)]


def write_plan(plan: list[PlannedEntry], client: ZoteroClient, state: SyncState, problems: list[Problem]) -> bool:
    """Write every chunk, saving state after each; False when the library changed and a re-plan is needed."""
    related: set[str] = set()
    outcome: dict[str, dict[str, Any]] = {}  # part key -> the server's copy after our write
    for chunk in chunks(plan):
        objects = [part.send for _, part in chunk]
        try:
            result = client.write_items(objects, state.library_version())
        except LibraryChanged:
            return False
        stale = record_chunk(chunk, result, outcome, problems)
        state.put_objects(data["data"] for data in result.successful.values())
        touched = {id(entry): entry for entry, _ in chunk}.values()
        state.put_entries(synced for entry in touched for synced in updated_state(entry, outcome))
        state.set_library_version(result.library_version)
        state.save()
        if stale:
            return False
        related |= {uri.rsplit("/", 1)[-1] for obj in objects for uri in relation_list(obj.get("relations", {}))}
    if related:
        # The server made those relations two-way, changing the other items: mirror them again.
        state.put_objects(client.fetch_items(sorted(related)))
        state.save()
    return True


def record_chunk(
    chunk: list[tuple[PlannedEntry, Part]],
    result: WriteResult,
    outcome: dict[str, dict[str, Any]],
    problems: list[Problem],
) -> bool:
    """Note what the server accepted in ``outcome``; report what it refused. True when an object was stale (412)."""
    stale = False
    for index, (entry, part) in enumerate(chunk):
        if index in result.successful:
            outcome[part.key] = result.successful[index]["data"]
        elif index in result.unchanged and part.server is not None:
            outcome[part.key] = part.server
        elif index in result.failed:
            failure = result.failed[index]
            stale |= failure.get("code") == 412
            if failure.get("code") != 412:
                problems.append(
                    Problem(entry.record.entry.origin, f"Zotero refused {part.key}: {failure.get('message')}")
                )
    return stale


def updated_state(entry: PlannedEntry, outcome: dict[str, dict[str, Any]]) -> list[SyncedEntry]:
    """The entry's state after a write (``outcome``: what the server returned, by key)."""
    old = entry.synced
    item = part_state(entry.item, outcome, old.item if old else None)
    if item is None:
        return []
    notes = {}
    for source, note in entry.notes.items():
        if state := part_state(note, outcome, old.note_state(note.key) if old else None):
            notes[source] = state
    return [SyncedEntry(entry.record.identity, item, notes)]


def part_state(part: Part, outcome: dict[str, dict[str, Any]], last: PartState | None) -> PartState | None:
    """What to remember of one part after a write.

    A part edited in Zotero that we did not overwrite keeps its old state, so that the edit is still
    recognised as the user's next time; with no old state it gets none (and stays a conflict). So does
    a part the server refused, or one not written yet.
    """
    written = outcome.get(part.key)
    overwritten = written is not None and part.send is not None and "itemType" in part.send
    if not overwritten and (part.edited or (part.send and written is None)):
        return last if last and last.key == part.key else None
    data = written or part.server
    if data is None:
        return None
    return PartState(part.key, data["version"], part.wanted_hash, content_hash(data))
