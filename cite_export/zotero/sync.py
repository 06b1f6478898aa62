"""Records -> a Zotero library: check the key, catch up with the library, plan, write in batches of 50."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cite_export.model import Problem, Record
from cite_export.zotero.client import WRITE_LIMIT, Library, LibraryChanged, WriteResult, ZoteroClient, ZoteroError
from cite_export.zotero.collections import DEFAULT_PARENT_COLLECTION, collection_path
from cite_export.zotero.index import LibraryIndex
from cite_export.zotero.items import content_hash
from cite_export.zotero.library import MAX_REPLANS, catch_up, find_collections
from cite_export.zotero.plan import Action, Part, PlanInputs, PlannedEntry, make_plan
from cite_export.zotero.relations import relation_list
from cite_export.zotero.state import PartState, SyncedEntry, SyncState

REPLAN_PAUSE = 0.5  # seconds, growing with each re-read, so that a busy library gets a moment to settle


@dataclass(frozen=True)
class SyncSettings:
    parent_collection: str = DEFAULT_PARENT_COLLECTION
    dry_run: bool = False
    force: bool = False


@dataclass
class SyncReport:
    plan: list[PlannedEntry]
    problems: list[Problem] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    offline_mirror: str | None = None  # set when planned offline: how old the local copy of the library is

    def counts(self) -> Counter:
        return Counter(entry.action for entry in self.plan)

    def summary(self, dry_run: bool = False, merged: int = 0) -> str:
        """``13 entries: 13 create, 0 update, 0 unchanged, 0 conflict; 0 merged; 1 warning; 5 Zotero requests``."""
        counts = self.counts()
        actions = ", ".join(f"{counts.get(action, 0)} {action}" for action in Action)
        edited = sum(entry.edited for entry in self.plan)
        kept = f" ({edited} edited in Zotero, kept)" if edited else ""
        warnings = f"{len(self.problems)} warning{'' if len(self.problems) == 1 else 's'}"
        requests = sum(self.requests.values())
        planned = " (dry run, nothing written)" if dry_run else ""
        tail = f"{merged} merged; {warnings}; {requests} Zotero requests"
        if self.offline_mirror:
            tail += f" (offline: {self.offline_mirror})"
        return f"{len(self.plan)} entries{planned}: {actions}{kept}; {tail}"

    def lines(self) -> list[str]:
        """The plan, one line per entry: action, item key, identity, title."""
        return [
            f"{entry.action:<9} {entry.item.key} {entry.record.identity}  {entry.record.title or ''}"
            + ("  [edited in Zotero]" if entry.edited else "")
            for entry in self.plan
        ]


def sync(
    records: list[Record],
    citation_keys: dict[str, str],
    connection: sqlite3.Connection,
    client: ZoteroClient,
    settings: SyncSettings,
) -> SyncReport:
    """Bring the library in line with ``records``; with ``dry_run``, only read and plan.

    A second run with nothing changed makes two requests: the key check and an empty ``since`` read.
    """
    access = client.key_access()
    target = client.library.path
    if not client.allows(access, "library"):
        raise ZoteroError(f"the Zotero API key cannot read the library {target}")
    if not settings.dry_run and not client.allows(access, "write"):
        raise ZoteroError(
            f"the Zotero API key is read-only for {target}: create a key with write access at "
            "https://www.zotero.org/settings/keys; nothing was written"
        )
    state = SyncState(connection, client.library.state_name)
    catch_up(client, state)
    paths = {record.identity: collection_path(record, settings.parent_collection) for record in records}
    known = state.collections()
    if not set(paths.values()) <= known.keys():
        known = find_collections(client, state, set(paths.values()), create=not settings.dry_run)

    def plan_now() -> list[PlannedEntry]:
        return plan_from_mirror(records, citation_keys, state, client.library.uri, settings)

    report = SyncReport(plan_now())
    if not settings.dry_run:
        plan = report.plan
        for attempt in range(MAX_REPLANS):
            remember_matches(plan, state)
            if write_plan(plan, client, state, report):
                break
            time.sleep(attempt * REPLAN_PAUSE)
            catch_up(client, state)
            plan = plan_now()
        else:
            raise ZoteroError("the library kept changing during the sync; run it again later")
    report.requests = dict(client.requests)
    return report


def plan_offline(
    records: list[Record],
    citation_keys: dict[str, str],
    connection: sqlite3.Connection,
    library: Library,
    settings: SyncSettings,
) -> SyncReport:
    """What a sync would do, planned from the local copy of the library alone: no request at all."""
    state = SyncState(connection, library.state_name)
    read_at = state.read_at()
    if read_at is None:
        age = f"no local copy of {library.path} on this machine, so the plan assumes an empty library"
    else:
        age = f"from the local copy of {library.path}, read {how_long_ago(time.time() - read_at)}"
    return SyncReport(plan_from_mirror(records, citation_keys, state, library.uri, settings), offline_mirror=age)


def plan_from_mirror(
    records: list[Record], citation_keys: dict[str, str], state: SyncState, library_uri: str, settings: SyncSettings
) -> list[PlannedEntry]:
    """The plan against the mirrored library; a collection not known yet is planned as to be created."""
    known = state.collections()
    collections = {
        record.identity: known.get(collection_path(record, settings.parent_collection)) for record in records
    }
    inputs = PlanInputs(records, citation_keys, collections, library_uri, settings.force)
    return make_plan(inputs, LibraryIndex(state.objects()), state.entries())


def how_long_ago(seconds: float) -> str:
    """``just now``, ``12 min ago``, ``5 h ago``, ``3 days ago``."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600:.0f} h ago"
    return f"{seconds // 86400:.0f} days ago"


def remember_matches(plan: list[PlannedEntry], state: SyncState) -> None:
    """Record the entries there is nothing to write for: items the library already holds as we would
    write them (a fresh machine, say) get their state; edits made in Zotero keep the old one."""
    state.put_entries(synced for entry in plan if not entry.objects for synced in updated_state(entry, {}))
    state.save()


def batches(plan: list[PlannedEntry]) -> list[list[PlannedEntry]]:
    """Entries packed into writes of at most 50 objects, an item never apart from its note."""
    packed: list[list[PlannedEntry]] = [[]]
    size = 0
    for entry in (entry for entry in plan if entry.objects):
        if size + len(entry.objects) > WRITE_LIMIT:
            packed.append([])
            size = 0
        packed[-1].append(entry)
        size += len(entry.objects)
    return [batch for batch in packed if batch]


def write_plan(plan: list[PlannedEntry], client: ZoteroClient, state: SyncState, report: SyncReport) -> bool:
    """Write every batch, saving state after each; False when the library changed and a re-plan is needed."""
    related: set[str] = set()
    for batch in batches(plan):
        objects = [obj for entry in batch for obj in entry.objects]
        try:
            result = client.write_items(objects, state.library_version())
        except LibraryChanged:
            return False
        stale = record_batch(batch, result, state, report)
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


def record_batch(batch: list[PlannedEntry], result: WriteResult, state: SyncState, report: SyncReport) -> bool:
    """Store what the server accepted; report what it refused. True when an object was stale (412)."""
    stale = False
    index = 0
    written, entries = [], []
    for entry in batch:
        parts = [part for part in (entry.item, entry.note) if part and part.send]
        outcome = {}
        for part in parts:
            if index in result.successful:
                data = result.successful[index]["data"]
                written.append(data)
                outcome[part.key] = data
            elif index in result.unchanged:
                outcome[part.key] = part.server
            elif index in result.failed:
                failure = result.failed[index]
                stale |= failure.get("code") == 412
                if failure.get("code") != 412:
                    report.problems.append(
                        Problem(entry.record.entry.origin, f"Zotero refused {part.key}: {failure.get('message')}")
                    )
            index += 1
        entries.extend(updated_state(entry, outcome))
    state.put_objects(written)
    state.put_entries(entries)
    return stale


def updated_state(entry: PlannedEntry, outcome: dict[str, dict[str, Any]]) -> list[SyncedEntry]:
    """The entry's state after a write (``outcome``: what the server returned, by key)."""
    old = entry.synced
    item = part_state(entry.item, outcome, old.item if old else None)
    if item is None:
        return []
    last_note = old.note if old else None
    note = part_state(entry.note, outcome, last_note) if entry.note else last_note
    return [SyncedEntry(entry.record.identity, item, note)]


def part_state(part: Part, outcome: dict[str, dict[str, Any]], last: PartState | None) -> PartState | None:
    """What to remember of one part after a write.

    A part edited in Zotero that we did not overwrite keeps its old state, so that the edit is still
    recognised as the user's next time; with no old state it gets none (and stays a conflict). So does
    a part the server refused.
    """
    written = outcome.get(part.key)
    overwritten = written is not None and part.send is not None and "itemType" in part.send
    if not overwritten and (part.edited or (part.send and written is None)):
        return last if last and last.key == part.key else None
    data = written or part.server
    if data is None:
        return None
    return PartState(part.key, data["version"], part.wanted_hash, content_hash(data))
