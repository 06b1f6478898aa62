"""Which arXiv ids to ask next, and how many at once.

New ids go out in batches of the run's batch size (1,000 by default: arXiv serves up to 2,000
entries per call and asks for slices of at most 1,000). When a batch fails:

- refused for its size (413, 414): the run's batch size halves and the ids go out again at once;
- answered badly in a way a big batch provokes (a timeout, a truncated or malformed feed): the
  batch is split in two, the halves asked next, and the batch size halved; if one half then
  works and the other fails, the size was not the cause (one id was) and the size comes back;
- failed otherwise (5xx, 429 after every retry): split in two, the halves asked after all new
  ids, so that one bad id costs one id, not its whole batch.

A failure counts towards giving arXiv up unless it is half of a failed batch whose other half
has not failed: bisecting is expected to meet the bad id again.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass(eq=False)
class Batch:
    ids: list[str]
    parent: Batch | None = None
    halves: list[Batch] = field(default_factory=list)
    failed: bool = False
    answered: bool = False
    # The run's batch size before this batch's failure shrank it, to restore if an id was the cause.
    size_before: int | None = None

    @property
    def sibling(self) -> Batch | None:
        if self.parent is None:
            return None
        return next(half for half in self.parent.halves if half is not self)


class BatchPlan:
    def __init__(self, ids: list[str], size: int):
        self.fresh: deque[str] = deque(ids)
        self.size = max(1, size)
        self.soon: deque[Batch] = deque()  # halves to ask before any new id
        self.later: deque[Batch] = deque()  # halves to ask after every new id
        self.asked_again: set[str] = set()  # ids missing from an answer cut short, asked once more
        self.last_asked_again: list[str] = []

    def next_batch(self) -> Batch | None:
        if self.soon:
            return self.soon.popleft()
        if self.fresh:
            return Batch([self.fresh.popleft() for _ in range(min(self.size, len(self.fresh)))])
        return self.later.popleft() if self.later else None

    def remaining_ids(self) -> list[str]:
        return [*(i for b in self.soon for i in b.ids), *self.fresh, *(i for b in self.later for i in b.ids)]

    def refused_for_size(self, batch: Batch) -> bool:
        """413/414: ask the same ids again in smaller batches. False for a single id: nothing smaller exists."""
        if len(batch.ids) == 1:
            return False
        self.size = min(self.size, len(batch.ids) // 2)
        self.fresh.extendleft(reversed(batch.ids))
        return True

    def failed(self, batch: Batch, size_suspect: bool) -> bool:
        """Split a failed batch for later; False for a single id, which is given up."""
        batch.failed = True
        self._settle(batch)
        if len(batch.ids) == 1:
            return False
        middle = len(batch.ids) // 2
        batch.halves = [Batch(batch.ids[:middle], batch), Batch(batch.ids[middle:], batch)]
        if size_suspect:
            batch.size_before = self.size
            self.size = min(self.size, middle)
            self.soon.extendleft(reversed(batch.halves))
        else:
            self.later.extend(batch.halves)
        return True

    def answered(self, batch: Batch) -> None:
        batch.answered = True
        self._settle(batch)

    def cut_short(self, missing: list[str], entries: int) -> list[str]:
        """An answer lacked ids in suspicious number: ask them again in batches of the size that came back.

        Returns the ids already asked again, which arXiv has indeed not got.
        """
        unknown = [arxiv_id for arxiv_id in missing if arxiv_id in self.asked_again]
        again = [arxiv_id for arxiv_id in missing if arxiv_id not in self.asked_again]
        self.last_asked_again = again
        if again:
            self.size = min(self.size, max(1, entries))
            self.asked_again.update(again)
            self.fresh.extendleft(reversed(again))
        return unknown

    def counts_as_failure(self, batch: Batch) -> bool:
        sibling = batch.sibling
        return sibling is None or sibling.failed

    def _settle(self, batch: Batch) -> None:
        """Once both halves are settled: one failed and one worked means an id, not the size, was the cause."""
        parent, sibling = batch.parent, batch.sibling
        if parent is None or sibling is None or parent.size_before is None:
            return
        settled = [half.failed or half.answered for half in parent.halves]
        if all(settled) and batch.failed != sibling.failed:
            self.size = max(self.size, parent.size_before)
