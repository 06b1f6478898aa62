"""A progress bar on stderr while resolving: entries done, requests made, time spent waiting for our turn."""

from __future__ import annotations

import sys
from collections.abc import Callable


class Progress:
    """A tqdm bar when ``shown`` (stderr is a terminal), else nothing at all."""

    def __init__(self, total: int, shown: bool, counters: Callable[[], tuple[int, float]]):
        self.counters = counters
        self.bar = None
        if shown:
            from tqdm import tqdm  # only for a bar that is shown: tqdm takes ~30 ms to import

            self.bar = tqdm(total=total, unit="entry", desc="arXiv", file=sys.stderr, leave=False)

    def advance(self, entries: int) -> None:
        if self.bar is None:
            return
        requests, waited = self.counters()
        self.bar.update(entries)
        # Steps come seconds apart (one per request), so redrawing at each is cheap and keeps the counts true.
        self.bar.set_postfix_str(f"{requests} requests, {waited:.0f}s waiting for our turn")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.close()
