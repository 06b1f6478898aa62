"""CSL-JSON is written item by item, in UTF-8, and is the same JSON as the items held whole."""

import json

from cite_export.export.csljson import dumps, json_chunks


def test_streamed_json_reads_back_as_the_items():
    items = [{"id": f"key{n}", "title": f'제목 {n}\n"quoted"', "annote": "a\n\nb"} for n in range(3)]
    chunks = list(json_chunks(iter(items)))
    assert len(chunks) == 4  # one per item, then the closing bracket
    assert json.loads(b"".join(chunks)) == items
    assert "제목".encode() in chunks[0]  # UTF-8, not \\u escapes


def test_no_items_is_an_empty_array():
    assert dumps([]) == "[]\n"
    assert json.loads(dumps(iter([]))) == []
