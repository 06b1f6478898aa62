"""Small builders shared by the resolve tests: notes as the parser would give them, quick settings."""

from __future__ import annotations

from cite_export.model import Entry, Origin
from cite_export.resolve.settings import ResolveSettings

# Small but real: timeouts and back-off short enough that a failing run ends in about a second.
TEST_DELAY = 0.2
# The server stamps a request when its thread gets to it, so on a busy machine one stamp can come a few
# milliseconds late and the next gap look that much short; a client that ignored the delay would show gaps
# of a few milliseconds, far below this.
SHORTEST_GAP = TEST_DELAY - 0.05


def quick_settings(url: str, **changes) -> ResolveSettings:
    values = {"api_url": url, "delay": TEST_DELAY, "timeout": 1.0, "backoff": 0.05, "retries": 3} | changes
    return ResolveSettings(**values)


def arxiv_entry(arxiv_id: str, line: int = 1, title: str | None = None, authors: tuple[str, ...] = ()) -> Entry:
    return Entry(
        origin=Origin("notes.md", line),
        links=(f"https://arxiv.org/abs/{arxiv_id}",),
        title=title or f"Note title for {arxiv_id}",
        authors=tuple(authors) or ("Note Author",),
        commentary=("what the reader thought",),
        tags=("tag",),
    )


def web_entry(url: str, title: str, authors: list[str], line: int = 1) -> Entry:
    return Entry(
        origin=Origin("notes.md", line), links=(url,), title=title, authors=tuple(authors), commentary=("comment",)
    )


GAUSSIAN_SPLATTING_NOTE = web_entry(
    "https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/",
    "3D Gaussian Splatting for Real-Time Radiance Field Rendering",
    ["Bernhard Kerbl", "Georgios Kopanas", "Thomas Leimkühler", "George Drettakis"],
    line=22,
)
