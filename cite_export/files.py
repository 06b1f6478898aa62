"""Writing output files so that a reader never sees half a file, and no run leaves its temporary file behind."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so only old leftovers are taken for abandoned
    fcntl = None

# Without locks, a temporary file this old belongs to no live run: a write takes well under a minute.
ABANDONED_AFTER_SECONDS = 3600


def write_atomically(path: str | os.PathLike[str], text: str | Iterable[str | bytes]) -> None:
    """Write ``text`` (or its pieces, written as they come: text, or bytes already in UTF-8) to a temporary file
    beside ``path``, then rename it over ``path``.

    The temporary file is locked while it is written, so that the next run can tell the leftovers of a run
    that was killed (``.refs.bib.XXXX.tmp``; the lock died with it) from the file of a run still writing."""
    target = Path(path)
    folder = target.parent or Path(".")
    remove_abandoned(folder, target.name)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "wb") as handle:
            for piece in [text] if isinstance(text, str) else text:
                handle.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
            if target.exists():
                os.chmod(temporary, target.stat().st_mode & 0o777)
            else:
                os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_abandoned(folder: Path, name: str) -> list[Path]:
    """Remove the temporary files that interrupted writes to ``folder/name`` left behind; return them."""
    pattern = re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]+\.tmp")
    try:
        leftovers = [path for path in folder.iterdir() if pattern.fullmatch(path.name)]
    except OSError:
        return []
    removed = []
    for path in leftovers:
        if abandoned(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def abandoned(path: Path) -> bool:
    try:
        if fcntl is None:
            return time.time() - path.stat().st_mtime > ABANDONED_AFTER_SECONDS
        with open(path, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
    except OSError:  # locked by a run still writing, or gone already
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
