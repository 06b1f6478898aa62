"""Entries -> records: arXiv metadata through the cache and the API, else the note's own data."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cite_export.model import Entry, Problem, Record, Resolution
from cite_export.resolve.batches import Batch, BatchPlan
from cite_export.resolve.cache import ArxivCache
from cite_export.resolve.merge import record_from_arxiv
from cite_export.resolve.offline import record_from_note
from cite_export.resolve.paper import ArxivPaper
from cite_export.resolve.progress import Progress
from cite_export.resolve.settings import ResolveSettings
from cite_export.resolve.title_pass import TitleSearching

if TYPE_CHECKING:
    from cite_export.resolve.client import IdAnswer

# The arXiv client (resolve.client, resolve.turns) is imported inside the methods that only a run asking arXiv
# reaches: arxiv and requests take ~0.2 s to load, which --offline runs need not pay (tests/core/test_lazy_imports).
__all__ = ["ResolveReport", "ResolveSettings", "resolve"]

SHORT_ANSWER_MIN_BATCH = 10
# How long a run waits for another run's turn with arXiv (a batch with its retries) before giving up.
LONGEST_TURN_WAIT = 120.0


@dataclass
class ResolveReport:
    records: list[Record]
    problems: list[Problem] = field(default_factory=list)
    requests: int = 0
    # Per record, in the same order: how it was resolved, in words, for `cite-export resolve`.
    details: list[str] = field(default_factory=list)
    waited: float = 0.0
    unsearched: set[int] = field(default_factory=set)  # indices of the titles that could not be searched

    @property
    def unresolved(self) -> list[int]:
        """Indices of records that should have come from arXiv but did not: an id arXiv did not confirm, or a title
        that could not be searched (offline, failure). A title searched in vain is resolved.

        Listed when asked, not with every run: an offline run of 100k notes would hold 100k numbers to its end."""
        return sorted(self.unsearched | {index for index, record in enumerate(self.records) if unconfirmed(record)})


def unconfirmed(record: Record) -> bool:
    return bool(record.arxiv_id) and record.resolution is Resolution.NOTE


def resolve(entries: list[Entry], connection: sqlite3.Connection | None, settings: ResolveSettings) -> ResolveReport:
    """One record per entry, in the entries' order."""
    return Resolver(entries, connection, settings).run()


def looks_cut_short(answer: IdAnswer, asked: int) -> bool:
    """More ids missing than typos and unannounced ids explain: a tenth of a batch of ten or more."""
    return asked >= SHORT_ANSWER_MIN_BATCH and len(answer.unknown) * 10 >= asked


class Resolver(TitleSearching):
    """One run: cached answers first, then as few polite requests as the rest needs."""

    def __init__(self, entries: list[Entry], connection: sqlite3.Connection | None, settings: ResolveSettings):
        self.entries = entries
        self.settings = settings
        # Without a database the run still works; it just remembers nothing.
        connection = connection or sqlite3.connect(":memory:")
        self.cache = ArxivCache(connection)
        self.api = None
        if not settings.offline:
            from cite_export.resolve.client import ArxivApi
            from cite_export.resolve.turns import SharedTurns, turn_lock_path

            self.api = ArxivApi(settings)
            self.turns = SharedTurns(turn_lock_path(connection), self.api.session, LONGEST_TURN_WAIT)
        self.records = [record_from_note(entry) for entry in entries]
        self.details = ["note only (offline)" if settings.offline else "note only"] * len(entries)
        self.problems: list[Problem] = []
        self.reported_unavailable = False
        self.unsearched: set[int] = set()

    def run(self) -> ResolveReport:
        with Progress(len(self.entries), self.settings.progress, self._counters) as progress:
            self.progress = progress
            try:
                self._resolve_ids()
                self._resolve_titles()
            finally:
                if self.api:
                    self.api.session.close()
        return ResolveReport(
            records=self.records,
            problems=self.problems,
            requests=self.api.requests_made if self.api else 0,
            details=self.details,
            waited=self.api.waited if self.api else 0.0,
            unsearched=self.unsearched,
        )

    def _counters(self) -> tuple[int, float]:
        return (self.api.requests_made, self.api.waited) if self.api else (0, 0.0)

    def _resolve_ids(self) -> None:
        # Tuples: most ids are noted once, and a list grown by one append holds room for four (~4 MB at 100k).
        by_id: dict[str, tuple[int, ...]] = {}
        for index, record in enumerate(self.records):
            if record.arxiv_id:
                by_id[record.arxiv_id] = (*by_id.get(record.arxiv_id, ()), index)
        self.progress.advance(len(self.entries) - sum(map(len, by_id.values())))

        cached = {} if self._refreshing else self.cache.papers(by_id)
        for arxiv_id, paper in cached.items():
            self._apply(by_id[arxiv_id], arxiv_id, paper, Resolution.CACHE)
        self.progress.advance(sum(len(by_id[arxiv_id]) for arxiv_id in cached))

        missing = [arxiv_id for arxiv_id in by_id if arxiv_id not in cached]
        if self.api:
            self._fetch(BatchPlan(missing, self.settings.batch_size), by_id)
        else:
            self.progress.advance(sum(len(by_id[arxiv_id]) for arxiv_id in missing))

    @property
    def _refreshing(self) -> bool:
        return self.settings.refresh and not self.settings.offline

    def _fetch(self, plan: BatchPlan, by_id: dict[str, tuple[int, ...]]) -> None:
        """Ask for the plan's ids, one batch per turn; answers another run stored meanwhile are taken as they are.

        An id that failed on its own is reported at the end, unless arXiv is given up first: then one
        warning covers it with the rest.
        """
        from cite_export.resolve.client import ArxivUnavailable, RequestFailed, refused_for_size, size_suspect
        from cite_export.resolve.turns import TurnNotGiven

        given_up: list[tuple[list[int], RequestFailed]] = []
        while batch := plan.next_batch():
            indices = [index for arxiv_id in batch.ids for index in by_id[arxiv_id]]
            try:
                with self.turns.turn():
                    answer = self._ask(batch, by_id, plan)
            except TurnNotGiven as error:
                answer = ArxivUnavailable(str(error))
                self.api.stopped = str(error)
            if isinstance(answer, ArxivUnavailable):
                left = [index for arxiv_id in [*batch.ids, *plan.remaining_ids()] for index in by_id[arxiv_id]]
                self._failed(sorted([index for indices, _ in given_up for index in indices] + left), answer)
                self.progress.advance(len(left))
                return
            if isinstance(answer, RequestFailed):
                if refused_for_size(answer) and plan.refused_for_size(batch):
                    continue
                if plan.failed(batch, size_suspect(answer)):
                    continue
                given_up.append((indices, answer))
            elif plan.last_asked_again:  # these come again in a later batch
                again = set(plan.last_asked_again)
                indices = [index for arxiv_id in batch.ids if arxiv_id not in again for index in by_id[arxiv_id]]
                plan.last_asked_again = []
            self.progress.advance(len(indices))
        for indices, failure in given_up:
            self._failed(indices, failure)

    def _ask(self, batch: Batch, by_id: dict[str, tuple[int, ...]], plan: BatchPlan) -> IdAnswer | Exception:
        from cite_export.resolve.client import ArxivUnavailable, IdAnswer, RequestFailed

        cached = {} if self._refreshing else self.cache.papers(batch.ids)
        for arxiv_id, paper in cached.items():
            self._apply(by_id[arxiv_id], arxiv_id, paper, Resolution.CACHE)
        asked = [arxiv_id for arxiv_id in batch.ids if arxiv_id not in cached]
        if not asked:
            plan.answered(batch)
            return IdAnswer()
        try:
            answer = self.api.papers(asked, counted=plan.counts_as_failure(batch))
        except (ArxivUnavailable, RequestFailed) as error:
            return error
        plan.answered(batch)
        if looks_cut_short(answer, len(asked)):
            # Asked again before being called unknown: a feed cut short is not arXiv's word.
            answer.unknown = plan.cut_short(answer.unknown, len(answer.papers))
        self.cache.store_papers(answer.papers.values(), answer.unknown)
        for arxiv_id, paper in answer.papers.items():
            self._apply(by_id[arxiv_id], arxiv_id, paper, Resolution.ARXIV)
        for arxiv_id in answer.unknown:
            self._apply(by_id[arxiv_id], arxiv_id, None, Resolution.ARXIV)
        for arxiv_id in answer.malformed:
            for index in by_id[arxiv_id]:
                self._problem(index, f"arXiv rejects {arxiv_id} as a malformed id; exported from the note")
        return answer

    def _apply(self, indices: tuple[int, ...], arxiv_id: str, paper: ArxivPaper | None, resolution: Resolution) -> None:
        for index in indices:
            if paper is None:
                self._problem(index, f"arXiv has no paper {arxiv_id}; exported from the note")
                continue
            self.records[index] = record_from_arxiv(self.entries[index], paper, resolution, self.records[index])
            self.details[index] = "arXiv" if resolution is Resolution.ARXIV else "cache"

    def _problem(self, index: int, message: str) -> None:
        problem = Problem(self.entries[index].origin, message)
        record = self.records[index]
        record.problems = (*record.problems, problem)
        self.problems.append(problem)

    def _failed(self, indices: list[int], error: Exception) -> None:
        """One warning for the whole batch, or for the rest of the run once arXiv is given up on."""
        from cite_export.resolve.client import ArxivOutOfTime, ArxivUnavailable

        unavailable = isinstance(error, ArxivUnavailable)
        for index in indices:
            self.details[index] = "note only (arXiv unavailable)" if unavailable else "note only (arXiv failed)"
        if unavailable and self.reported_unavailable:
            return
        self.reported_unavailable = self.reported_unavailable or unavailable
        if isinstance(error, ArxivOutOfTime):
            message = str(error)  # already says that the run goes on without arXiv, and what to change
        elif unavailable:
            message = f"{error}; no further requests: this and later entries are exported from the notes"
        else:
            others = f" and {len(indices) - 1} other entries" if len(indices) > 1 else ""
            message = f"arXiv lookup failed ({error}) for this entry{others}; exported from the notes"
        self.problems.append(Problem(self.entries[indices[0]].origin, message))
