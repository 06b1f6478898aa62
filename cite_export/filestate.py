"""A file's state: what tells it unchanged without reading it, as git's index and make judge a file."""

from __future__ import annotations

import os
import struct

# Its size, inode, and times of its last write and of its last change: while they stay the same, so do its bytes.
# Any write to a file sets its time of change, which no program can set back.
FILE_STATE = struct.Struct("<QqqQ")


def file_state(stat: os.stat_result) -> bytes:
    return FILE_STATE.pack(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def current_state(path: str | os.PathLike[str]) -> bytes | None:
    """The state of the file at ``path`` now; None for one that cannot be looked at."""
    try:
        return file_state(os.stat(path))
    except OSError:
        return None
