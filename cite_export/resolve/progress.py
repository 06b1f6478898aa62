"""A progress bar on stderr while resolving: entries done, requests made, time spent waiting for our turn."""

from __future__ import annotations

import sys
from collections.abc import Callable

from tqdm import tqdm


class Progress:
    """A tqdm bar when ``shown`` (stderr is a terminal), else nothing at all."""

    def __init__(self, total: int, shown: bool, counters: Callable[[], tuple[int, float]]):
        self.counters = counters
        self.bar = tqdm(total=total, unit="entry", desc="arXiv", file=sys.stderr, disable=not shown, leave=False)

    def advance(self, entries: int) -> None:
        requests, waited = self.counters()
        self.bar.update(entries)
        # Steps come seconds apart (one per request), so redrawing at each is cheap and keeps the counts true.
        self.bar.set_postfix_str(f"{requests} requests, {waited:.0f}s waiting for our turn")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info) -> None:
        self.bar.close()
