"""What a sync would do to each record: create, update, leave unchanged, or report a conflict. Pure."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from cite_export.model import Record
from cite_export.zotero.child_notes import note_keys, note_texts
from cite_export.zotero.index import LibraryIndex
from cite_export.zotero.items import content_hash, item_data, note_data, object_key
from cite_export.zotero.relations import related_keys, relation_field, relation_list
from cite_export.zotero.state import PartState, SyncedEntry


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


# An entry is reported by its most telling part: a conflicting note makes the entry a conflict.
PRIORITY = (Action.CONFLICT, Action.CREATE, Action.UPDATE, Action.UNCHANGED)


@dataclass
class Part:
    """The item or the note of one entry: what we want, what the library has, and what to send."""

    key: str
    wanted: dict[str, Any]
    server: dict[str, Any] | None
    action: Action
    edited: bool = False
    send: dict[str, Any] | None = None

    @property
    def wanted_hash(self) -> str:
        return content_hash(self.wanted)


@dataclass
class PlannedEntry:
    """One paper: its item, and one child note per source note that has words (``notes``, by source)."""

    record: Record
    item: Part
    notes: dict[str, Part]
    synced: SyncedEntry | None

    @property
    def parts(self) -> list[Part]:
        """The item, then its notes: the order they are written in (the server needs the parent first)."""
        return [self.item, *self.notes.values()]

    @property
    def action(self) -> Action:
        actions = {part.action for part in self.parts}
        return next(action for action in PRIORITY if action in actions)

    @property
    def edited(self) -> bool:
        return any(part.edited for part in self.parts)

    @property
    def objects(self) -> list[dict[str, Any]]:
        return [part.send for part in self.parts if part.send]


@dataclass(frozen=True)
class PlanInputs:
    records: list[Record]
    citation_keys: dict[str, str]
    collections: dict[str, list[str]]  # identity -> keys of the week collections that exist already
    library_uri: str
    force: bool = False


def make_plan(inputs: PlanInputs, index: LibraryIndex, synced: dict[str, SyncedEntry]) -> list[PlannedEntry]:
    """One PlannedEntry per record."""
    item_keys = {record.identity: item_key(record, index, synced.get(record.identity)) for record in inputs.records}
    relations = related_keys(inputs.records, item_keys, index)
    plan = []
    for record in inputs.records:
        identity = record.identity
        key = item_keys[identity]
        state = synced.get(identity)
        wanted = item_data(record, inputs.citation_keys.get(identity))
        extras = {
            "collections": inputs.collections.get(identity, []),
            "relations": relation_field(f"{inputs.library_uri}/items/{other}" for other in relations[key]),
        }
        item = plan_part(key, wanted, index.get(key), state.item if state else None)
        finish_item(item, extras, inputs.force)
        item_there = item.server is not None or item.send is not None
        notes = plan_notes(record, key, index, state, inputs.force) if item_there else {}
        plan.append(PlannedEntry(record, item, notes, state))
    return plan


def item_key(record: Record, index: LibraryIndex, state: SyncedEntry | None) -> str:
    """The key we used before, else the library's matching item, else our own deterministic key."""
    if state and index.get(state.item.key):
        return state.item.key
    own = object_key(record.identity)
    if index.get(own):
        return own
    return index.match(record) or (state.item.key if state else own)


def plan_notes(
    record: Record, parent: str, index: LibraryIndex, state: SyncedEntry | None, force: bool
) -> dict[str, Part]:
    """One child note per source note with words; each is compared with its own copy and state, so an
    edit of one in Zotero never touches another's plan."""
    texts = note_texts(record)
    keys = note_keys(record, texts, parent, index, state)
    notes = {}
    for source, html in texts.items():
        note = plan_part(
            keys[source], note_data(html), index.get(keys[source]), state and state.note_state(keys[source])
        )
        finish_note(note, parent, force)
        notes[source] = note
    return notes


def plan_part(key: str, wanted: dict[str, Any], server: dict[str, Any] | None, last: PartState | None) -> Part:
    """Compare what we want with the library and with what we last wrote there.

    The library copy differing from what we last saw means someone edited it in Zotero: their
    edit stays; only when our notes changed too is it a conflict.
    """
    if server is None:
        # Gone from a library we wrote it to: deleted in Zotero, which is the user's call to make.
        deleted = last is not None and last.key == key
        return Part(key, wanted, None, Action.UNCHANGED if deleted else Action.CREATE, edited=deleted)
    wanted_hash, server_hash = content_hash(wanted), content_hash(server)
    if wanted_hash == server_hash:
        return Part(key, wanted, server, Action.UNCHANGED)
    if last is None or last.key != key:
        return Part(key, wanted, server, Action.CONFLICT, edited=True)
    ours_changed, theirs_changed = wanted_hash != last.hash, server_hash != last.seen_hash
    if not theirs_changed:
        return Part(key, wanted, server, Action.UPDATE)
    if not ours_changed:
        return Part(key, wanted, server, Action.UNCHANGED, edited=True)
    return Part(key, wanted, server, Action.CONFLICT, edited=True)


def create_or_force(part: Part, new_fields: dict[str, Any], force: bool) -> bool:
    """Settle a part the library lacks: create it, unless it was deleted in Zotero (then only with --force).
    With --force, a conflict becomes an update. True when the part needs nothing more decided."""
    if part.server is None:
        if force or part.action is Action.CREATE:
            part.action = Action.CREATE
            part.send = {**part.wanted, **new_fields, "key": part.key, "version": 0}
        return True
    if force and part.action is Action.CONFLICT:
        part.action = Action.UPDATE
    return False


def finish_item(item: Part, extras: dict[str, Any], force: bool) -> None:
    """Decide what to send for the item; collections and relations are merged, never taken away."""
    if create_or_force(item, extras, force):
        return
    server = item.server
    collections = sorted(set(server.get("collections", [])) | set(extras["collections"]))
    have = set(relation_list(server.get("relations", {})))
    related = have | set(relation_list(extras["relations"]))
    relations = {**server.get("relations", {}), **relation_field(related)}
    membership_changed = collections != sorted(server.get("collections", [])) or related != have
    if item.action is Action.UPDATE:
        item.send = {**item.wanted, "collections": collections, "relations": relations}
    elif membership_changed and item.action is not Action.CONFLICT:
        item.action = Action.UPDATE
        item.send = {"collections": collections, "relations": relations}
    if item.send is not None:
        item.send.update(key=item.key, version=server["version"])


def finish_note(note: Part, parent: str, force: bool) -> None:
    if create_or_force(note, {"parentItem": parent}, force):
        return
    if note.action is Action.UPDATE:
        note.send = {**note.wanted, "key": note.key, "version": note.server["version"]}
