"""Records -> a Zotero library: check the key, catch up with the library, plan, write (writes.py)."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field

from cite_export.model import Problem, Record
from cite_export.zotero.client import ZoteroClient
from cite_export.zotero.collections import DEFAULT_PARENT_COLLECTION, collection_paths
from cite_export.zotero.index import LibraryIndex
from cite_export.zotero.library import MAX_REPLANS, catch_up, find_collections
from cite_export.zotero.plan import Action, PlanInputs, PlannedEntry, make_plan
from cite_export.zotero.settings import Library, ZoteroError
from cite_export.zotero.state import SyncState
from cite_export.zotero.writes import remember_matches, write_plan

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
    paths = {path for record in records for path in collection_paths(record, settings.parent_collection)}
    if not paths <= state.collections().keys():
        find_collections(client, state, paths, create=not settings.dry_run)

    def plan_now() -> list[PlannedEntry]:
        return plan_from_mirror(records, citation_keys, state, client.library.uri, settings)

    report = SyncReport(plan_now())
    if not settings.dry_run:
        plan = report.plan
        for attempt in range(MAX_REPLANS):
            remember_matches(plan, state)
            if write_plan(plan, client, state, report.problems):
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
        record.identity: [known[path] for path in collection_paths(record, settings.parent_collection) if path in known]
        for record in records
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
