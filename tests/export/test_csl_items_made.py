"""An item of a CSL-JSON file we wrote is written again as it stands while what it is made from is unchanged
(cslfile.py, with made.py's digest of the inputs, as for the entries of a .bib)."""

import dataclasses
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from seed_records import SEEDS, seed_records

from cite_export.cli import main
from cite_export.export import ledger
from cite_export.export.cslfile import PreviousItems, csl_file
from cite_export.export.csljson import csl_items, dumps
from cite_export.export.keys import issue_keys
from cite_export.store import connect


def written(records, connection, previous: Path | None) -> str:
    keys = issue_keys(records, connection)
    return b"".join(csl_file(records, keys, connection, previous)).decode("utf-8")


def planted(path: Path) -> tuple[str, str]:
    """The file with its first item's title changed, and that item's new line."""
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1].removesuffix(",")
    item = json.loads(first)
    item["title"] = "Planted " + item["title"]
    other = json.dumps(item, ensure_ascii=False)
    path.write_text(text.replace(first, other), encoding="utf-8")
    return text.replace(first, other), other


def test_an_item_we_wrote_is_written_as_it_stands_while_its_paper_is_unchanged(tmp_path):
    records = seed_records()
    connection = connect(tmp_path / "cache")
    path = tmp_path / "refs.json"
    path.write_text(written(records, connection, None), encoding="utf-8")
    first = path.read_text(encoding="utf-8")
    keys = issue_keys(records, connection)
    assert first == dumps(csl_items(records, keys))
    assert written(records, connection, path) == first
    file, other = planted(path)
    # The database does not say the paper's item reads so: it is made again.
    assert written(records, connection, path) == first
    # Once it does, the item is the file's line as it stands: it was not made again.
    identity = records[0].identity
    connection.execute(
        "UPDATE entries_made SET text = ? WHERE identity = ? AND style = 'csl'",
        (ledger.digest(other).to_bytes(8, "big"), identity),
    )
    connection.commit()
    assert written(records, connection, path) == file
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # by git or an editor: the items are the same
    assert written(records, connection, path) == file
    # A change to the paper makes it again.
    retitled = [dataclasses.replace(records[0], title="A New Title"), *records[1:]]
    assert '"title": "A New Title"' in written(retitled, connection, path).splitlines()[1]


def test_only_lines_of_items_as_written_are_found_in_the_previous_file(tmp_path):
    path = tmp_path / "refs.json"
    lines = [
        "[",
        '{"id": "wang2023", "title": "한국어"},',
        '{"id": "a\\"b", "title": "escaped key"},',
        '  {"id": "indented", "title": "another tool\'s layout"},',
        '{"id": "last", "title": "x"}',
        "]",
    ]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    with PreviousItems(path) as items:
        assert set(items.starts) == {"wang2023", "last"}
        assert items.line("wang2023").decode("utf-8") == '{"id": "wang2023", "title": "한국어"}'
        assert items.line("last") == b'{"id": "last", "title": "x"}'
        assert items.line("indented") is None
    with PreviousItems(tmp_path / "missing.json") as items:
        assert items.line("wang2023") is None
    # Another tool's layout, all on one line: not read as items, nor read through.
    path.write_text('[{"id": "wang2023", "title": "x"}]', encoding="utf-8")
    with PreviousItems(path) as items:
        assert items.starts == {} and items.handle.tell() <= len("[\r\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_in_the_output_file_s_place_is_not_read_for_items(tmp_path):
    pipe = tmp_path / "refs.json"
    os.mkfifo(pipe)

    def feed() -> None:  # a program writing to the pipe: it waits for a reader
        with open(pipe, "w", encoding="utf-8") as writer:
            writer.write('[\n{"id": "wang2023", "title": "x"}\n]\n')

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    # Read, it could hold anything, or wait forever for a writer: it is taken for a file with no items.
    with PreviousItems(pipe) as items:
        assert items.starts == {}
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # lets the feeder finish
    feeder.join(timeout=10)
    os.close(reader)


def test_csl_to_a_file_keeps_what_its_items_were_made_from_and_to_stdout_does_not(tmp_path):
    def rows() -> list[tuple[str, int]]:
        connection = connect(tmp_path / "cache")
        try:
            return connection.execute("SELECT style, count(*) FROM entries_made GROUP BY style").fetchall()
        except sqlite3.OperationalError:  # no such table
            return []
        finally:
            connection.close()

    command = ["csl", "--offline", "--cache-dir", str(tmp_path / "cache")]
    printed = CliRunner().invoke(main, [*command, str(SEEDS)])
    assert printed.exit_code == 0 and printed.stdout.startswith("[\n") and rows() == []
    for _ in range(2):
        result = CliRunner().invoke(main, [*command, "-o", str(tmp_path / "refs.json"), str(SEEDS)])
        assert result.exit_code == 0 and rows() == [("csl", 13)]
        assert (tmp_path / "refs.json").read_text(encoding="utf-8") == printed.stdout
