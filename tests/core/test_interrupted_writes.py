"""A write killed half-way (kill -9) leaves a temporary file; the next write to the same file removes it,
but never the temporary file of a run that is still writing."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from cite_export.files import write_atomically

# A child that writes refs.bib and hangs just before its temporary file is complete.
HANGING_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from cite_export.files import write_atomically

    def hang(fd):
        print("writing", flush=True)
        time.sleep(600)

    os.fsync = hang
    write_atomically(sys.argv[1], "@misc{half,\\n")
    """
)


def start_hanging_writer(target: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", HANGING_WRITER, str(target)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout.readline() == b"writing\n"
    return child


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_the_temporary_file_of_a_killed_write_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text("old\n", encoding="utf-8")
    child = start_hanging_writer(target)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert len(leftovers(tmp_path)) == 1 and leftovers(tmp_path)[0].startswith(".refs.bib.")
    assert target.read_text(encoding="utf-8") == "old\n"
    write_atomically(target, "new\n")
    assert leftovers(tmp_path) == []
    assert target.read_text(encoding="utf-8") == "new\n"


def test_leftovers_of_the_right_pattern_go_and_other_files_stay(tmp_path):
    target = tmp_path / "refs.bib"
    names = [".refs.bib.k3j_x9a1.tmp", ".refs.bib.abcdefgh.tmp", ".other.bib.abcdefgh.tmp", "refs.bib.tmp", "x.tmp"]
    for name in names:
        (tmp_path / name).write_text("half", encoding="utf-8")
    write_atomically(target, "new\n")
    assert leftovers(tmp_path) == [".other.bib.abcdefgh.tmp", "refs.bib.tmp", "x.tmp"]


def test_the_temporary_file_of_a_write_still_running_is_left_alone(tmp_path):
    target = tmp_path / "refs.bib"
    child = start_hanging_writer(target)
    try:
        running = leftovers(tmp_path)
        write_atomically(target, "new\n")
        assert leftovers(tmp_path) == running and len(running) == 1
    finally:
        child.kill()
        child.wait(timeout=30)
