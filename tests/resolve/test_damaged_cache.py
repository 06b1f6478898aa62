"""A damaged, unwritable or locked cache: repaired, or one clear error, never a traceback."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from servers.arxiv import SEED_PAPERS, ArxivServer

from cite_export.cli import main
from cite_export.lock_holders import is_cite_export
from cite_export.store import DATABASE_NAME, connect

SEED = str(Path(__file__).resolve().parents[2] / "seeds" / "000_ae20b5798b0ea146.txt")


def run_bib(cache_dir, *extra, server=None):
    arguments = ["bib", SEED, "--cache-dir", str(cache_dir), *extra]
    if server:
        arguments += ["--arxiv-api", server.url, "--arxiv-delay", "0", "--arxiv-timeout", "2"]
    return CliRunner().invoke(main, arguments)


def assert_clean_exit(result, code):
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output


def warm_cache(cache_dir):
    """A cache that holds the seed's papers and pinned keys, filled by a real run."""
    with ArxivServer(SEED_PAPERS) as server:
        assert_clean_exit(run_bib(cache_dir, server=server), 0)


def database_bytes(size: int) -> bytes:
    return bytes(range(256)) * (size // 256)


def truncated(cache_dir) -> bytes:
    warm_cache(cache_dir)
    with sqlite3.connect(cache_dir / DATABASE_NAME) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = (cache_dir / DATABASE_NAME).read_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad page"])
def test_a_damaged_database_is_moved_aside_and_rebuilt_with_one_warning(tmp_path, damage):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    database = cache_dir / DATABASE_NAME
    if damage == "garbage":
        broken = database_bytes(8192)
    elif damage == "truncated":
        broken = truncated(cache_dir)
    else:
        warm_cache(cache_dir)
        with sqlite3.connect(database) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = bytearray(database.read_bytes())
        data[4096 * 2 : 4096 * 3] = database_bytes(4096)  # a b-tree page in the middle turns to noise
        broken = bytes(data)
    for sidecar in cache_dir.glob(DATABASE_NAME + "-*"):
        sidecar.unlink()
    database.write_bytes(broken)

    result = run_bib(cache_dir, "--offline")
    again = run_bib(cache_dir, "--offline")

    assert_clean_exit(result, 0)
    warnings = [line for line in result.stderr.splitlines() if "cache database" in line]
    assert len(warnings) == 1
    assert f"the cache database {database} was damaged" in warnings[0]
    assert "pinned come back from your output file on the next `cite-export bib --update FILE`" in warnings[0]
    moved = list(cache_dir.glob(DATABASE_NAME + ".corrupt-*"))
    named = warnings[0].split("moved it to ")[1].split()[0]
    assert [path.name for path in moved if not path.name.endswith("-wal")] == [named]
    assert any(path.read_bytes() == broken for path in moved)
    assert connect(cache_dir).execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert "@misc{" in result.stdout
    assert_clean_exit(again, 0)
    assert "cache database" not in again.stderr


def test_a_folder_in_the_databases_place_is_a_clear_error_and_offline_goes_on_in_memory(tmp_path):
    (tmp_path / DATABASE_NAME).mkdir()
    online = run_bib(tmp_path)
    offline = run_bib(tmp_path, "--offline")

    assert_clean_exit(online, 1)
    assert f"the cache database {tmp_path / DATABASE_NAME} is a folder" in online.stderr
    assert "--cache-dir" in online.stderr
    assert_clean_exit(offline, 0)
    assert "--offline goes on with a copy in memory: citation keys issued now are not remembered" in offline.stderr
    assert offline.stdout.count("@misc{") == 13


@contextmanager
def read_only(path: Path):
    """``path`` unwritable even for root (who ignores modes): the immutable attribute then, else chmod."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root, which ignores file modes, and chattr is missing: apt-get install e2fsprogs")
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_cache_is_a_clear_error_and_offline_still_uses_what_it_holds(tmp_path, what):
    warm_cache(tmp_path)
    database = tmp_path / DATABASE_NAME
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for sidecar in tmp_path.glob(DATABASE_NAME + "-*"):
        sidecar.unlink()
    before = database.read_bytes()
    with read_only(database if what == "file" else tmp_path):
        online = run_bib(tmp_path)
        offline = run_bib(tmp_path, "--offline")

    assert_clean_exit(online, 1)
    assert f"cannot write the cache database {database}" in online.stderr and "--cache-dir" in online.stderr
    assert_clean_exit(offline, 0)
    assert "citation keys issued now are not remembered" in offline.stderr
    # The cached arXiv answers still count: all 18 authors of the BIRD paper, not the note's 16.
    assert "Li, Yongbin}" in offline.stdout
    assert database.read_bytes() == before


def test_a_locked_database_waits_then_names_the_process_that_holds_it(tmp_path):
    connect(tmp_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "connection.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
            str(tmp_path / DATABASE_NAME),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        online = run_bib(tmp_path)
        waited = time.monotonic() - started
        offline = run_bib(tmp_path, "--offline")
    finally:
        holder.kill()
        holder.wait()
    assert_clean_exit(online, 1)
    assert waited >= 4
    assert f"the cache database {tmp_path / DATABASE_NAME} is locked by python" in online.stderr
    assert f"(pid {holder.pid}: " in online.stderr and "--cache-dir" in online.stderr
    assert_clean_exit(offline, 0)
    assert "is locked by" in offline.stderr and offline.stdout.count("@misc{") == 13


@pytest.mark.parametrize(
    ("argv", "ours"),
    [
        (["/usr/bin/python3", "/home/me/.local/bin/cite-export", "bib", "notes/"], True),
        (["cite-export", "zotero", "sync"], True),
        (["python", "-m", "cite_export", "resolve"], True),
        (["python", "-c", "import sqlite3", "/tmp/cite-export.sqlite3"], False),
        (["sqlite3", "/home/me/.cache/cite-export/cite-export.sqlite3"], False),
    ],
)
def test_a_cite_export_run_is_told_from_other_programs_by_its_command_line(argv, ours):
    assert is_cite_export(argv) is ours


def test_find_with_an_unusable_cache_searches_an_index_in_memory(tmp_path):
    (tmp_path / DATABASE_NAME).mkdir()
    result = CliRunner().invoke(main, ["find", "gaussian", "--notes", SEED, "--cache-dir", str(tmp_path)])
    assert_clean_exit(result, 0)
    assert "is a folder, not a file" in result.stderr and "copy in memory" in result.stderr
    assert "Gaussian Splatting" in result.stdout
