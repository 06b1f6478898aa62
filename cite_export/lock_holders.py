"""Which other process holds a write lock on a file: for "the cache is locked by ..." messages.

SQLite locks with POSIX advisory locks (in WAL mode on the ``-shm`` file), which Linux lists in
``/proc/locks`` by inode. Elsewhere nothing is known and the caller says "another process".
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")


def write_lock_holders(paths: Iterable[Path]) -> list[int]:
    """Pids, other than ours, holding a write lock on any of ``paths`` (files that do not exist are skipped)."""
    inodes = set()
    for path in paths:
        try:
            inodes.add(os.stat(path).st_ino)
        except OSError:
            continue
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return []
    holders: list[int] = []
    for line in lines:
        # "7: POSIX  ADVISORY  WRITE 9184 fe:00:2147247 120 120"
        fields = line.split()
        if len(fields) < 6 or fields[3] != "WRITE" or not fields[4].isdigit():
            continue
        pid, inode = int(fields[4]), fields[5].rsplit(":", 1)[-1]
        if inode.isdigit() and int(inode) in inodes and pid != os.getpid() and pid not in holders:
            holders.append(pid)
    return holders


def describe_process(pid: int) -> str:
    """``another cite-export run (pid 12)`` or ``sqlite3 (pid 12: sqlite3 cache.db)``: what kind of program."""
    proc = Path("/proc") / str(pid)
    try:
        argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        name = (proc / "comm").read_text().strip()
    except OSError:
        return f"process {pid}"
    if is_cite_export(argv):
        return f"another cite-export run (pid {pid})"
    return f"{name or 'a process'} (pid {pid}: {' '.join(argv).strip()[:80]})"


def is_cite_export(argv: list[str]) -> bool:
    """``cite-export ...``, ``python .../cite-export ...`` or ``python -m cite_export ...``."""
    if any(Path(arg).name == "cite-export" for arg in argv[:2]):
        return True
    return any(arg == "-m" and module.split(".")[0] == "cite_export" for arg, module in itertools.pairwise(argv))


def describe_holders(paths: Iterable[Path]) -> str:
    holders = write_lock_holders(paths)
    if not holders:
        return "another process"
    return ", ".join(describe_process(pid) for pid in holders)
