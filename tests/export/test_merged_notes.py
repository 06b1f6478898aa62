"""A paper noted in two digests and a vault note is one entry carrying all three notes' words and tags."""

import json
import re
from pathlib import Path

import bibtexparser
from click.testing import CliRunner

from cite_export.cli import main
from cite_export.export.describe import annotation
from cite_export.merging import merge_records
from cite_export.model import Entry, Origin, Week
from cite_export.resolve.offline import record_from_note

FIRST_DIGEST = """\
2023년 5월 1주차
https://arxiv.org/abs/2305.01115
In-Context Learning Unlocked for Diffusion Models (Zhendong Wang, Yifan Jiang)
첫 번째 읽기: controlnet에 추가적인 입력을 넣는다는 느낌이네요.
#few_shot #ddpm
https://arxiv.org/abs/2305.00729
What Do Self-Supervised Vision Transformers Learn? (Namuk Park, Wonjae Kim)
contrastive learning vs masked image modeling.
#self_supervised
"""
SECOND_DIGEST = """\
2023년 5월 3주차
https://arxiv.org/pdf/2305.01115v2
In-Context Learning Unlocked for Diffusion Models (Zhendong Wang, Yifan Jiang)
다시 읽어 보니 prompt 설계가 핵심이군요.
#icl #ddpm
"""
VAULT_NOTE = """\
https://arxiv.org/abs/2305.01115

Prompt Diffusion: In-Context Learning Unlocked for Diffusion Models (Zhendong Wang, Yifan Jiang, Yadong Lu)

Vault note: the example pairs act as the prompt.

#vision #few_shot
"""
COMMENTARIES = [
    "첫 번째 읽기: controlnet에 추가적인 입력을 넣는다는 느낌이네요.",
    "Vault note: the example pairs act as the prompt.",
    "다시 읽어 보니 prompt 설계가 핵심이군요.",
]
# Note order: week 1 (May 1), the vault note (May 10), week 3 (May 15); tags in first-seen order.
LABELS = ["[2023년 5월 1주차, week1.txt]", "[2023-05-10, 230510 Prompt Diffusion.md]", "[2023년 5월 3주차, week3.txt]"]
TAGS = ["few_shot", "ddpm", "vision", "icl"]


def write_notes(folder: Path, *, all_three: bool = True) -> list[str]:
    folder.mkdir(exist_ok=True)
    (folder / "week1.txt").write_text(FIRST_DIGEST, encoding="utf-8")
    if all_three:
        (folder / "week3.txt").write_text(SECOND_DIGEST, encoding="utf-8")
        (folder / "230510 Prompt Diffusion.md").write_text(VAULT_NOTE, encoding="utf-8")
    return [str(folder)]


def run(cache: Path, *arguments: str):
    result = CliRunner().invoke(main, [arguments[0], "--offline", "--cache-dir", str(cache), *arguments[1:]])
    assert result.exit_code == 0, result.output
    return result


def entries_by_eprint(text: str) -> dict[str, dict]:
    parsed = bibtexparser.loads(text, parser=bibtexparser.bparser.BibTexParser(common_strings=True))
    return {entry["eprint"]: entry for entry in parsed.entries if "eprint" in entry}


def test_bibtex_has_one_entry_with_every_notes_commentary_marked_and_every_tag(tmp_path):
    result = run(tmp_path / "cache", "bib", *write_notes(tmp_path / "notes"))
    assert result.stdout.count("eprint = {2305.01115}") == 1
    assert result.stderr.splitlines()[-1] == "4 notes -> 2 entries (1 merged): 2 arXiv; 0 warnings"
    entry = entries_by_eprint(result.stdout)["2305.01115"]
    blocks = [block.strip() for block in entry["annote"].split(r"\par")]
    assert blocks == [part for label, words in zip(LABELS, COMMENTARIES, strict=True) for part in (label, words)]
    assert entry["keywords"].replace("\\_", "_").split(", ") == TAGS
    # Offline, the note that says most gives title and authors.
    assert entry["title"] == "Prompt Diffusion: In-Context Learning Unlocked for Diffusion Models"
    assert entry["author"] == "Wang, Zhendong and Jiang, Yifan and Lu, Yadong"
    # A paper noted once reads as before: its commentary, with no marker.
    assert entries_by_eprint(result.stdout)["2305.00729"]["annote"] == "contrastive learning vs masked image modeling."


def test_biblatex_annotation_and_csl_json_carry_the_same_three_notes_and_tags(tmp_path):
    sources = write_notes(tmp_path / "notes")
    biblatex = run(tmp_path / "cache", "bib", "--style", "biblatex", *sources).stdout
    annotation = re.search(r"^  annotation = \{(.*)\},$", biblatex, flags=re.MULTILINE).group(1)
    assert [block.strip() for block in annotation.split(r"\par")][::2] == LABELS
    assert all(words in annotation for words in COMMENTARIES)

    items = json.loads(run(tmp_path / "cache", "csl", *sources).stdout)
    [item] = [item for item in items if item.get("number") == "arXiv:2305.01115"]
    assert item["annote"].split("\n\n") == [
        part for label, words in zip(LABELS, COMMENTARIES, strict=True) for part in (label, words)
    ]
    assert item["keyword"] == ", ".join(TAGS)


def test_update_refreshes_the_merged_entry_in_place_under_the_key_it_already_had(tmp_path):
    notes = tmp_path / "notes"
    refs = tmp_path / "refs.bib"
    first = run(tmp_path / "cache", "bib", "-o", str(refs), *write_notes(notes, all_three=False))
    assert "1 merged" not in first.stderr
    hand_added = "@book{knuth1984,\n  title = {The TeXbook},\n  author = {Knuth, Donald},\n  year = {1984},\n}\n"
    original = refs.read_text(encoding="utf-8")
    refs.write_text(hand_added + "\n" + original, encoding="utf-8")
    key = entries_by_eprint(original)["2305.01115"]["ID"]
    assert key == "wang2023incontext"
    # All three notes read afresh would make the key from the fullest note's title ...
    fresh = run(tmp_path / "other-cache", "bib", *write_notes(notes))
    assert entries_by_eprint(fresh.stdout)["2305.01115"]["ID"] == "wang2023prompt"

    # ... but the key the first note earned stays, even on a machine whose database never saw it.
    second = run(tmp_path / "fresh-cache", "bib", "--update", str(refs), *write_notes(notes))
    assert "4 notes -> 2 entries (1 merged)" in second.stderr
    text = refs.read_text(encoding="utf-8")
    assert text.startswith(hand_added)
    assert text.count("eprint = {2305.01115}") == 1 and text.count("@misc{") == 2
    assert re.search(rf"^@misc\{{{key},$", text, flags=re.MULTILINE)
    assert text.index("knuth1984") < text.index(key) < text.index("2305.00729")  # in place, not appended
    entry = entries_by_eprint(text)["2305.01115"]
    assert all(words in entry["annote"] for words in COMMENTARIES)
    assert entry["keywords"].replace("\\_", "_").split(", ") == TAGS


def test_each_notes_english_version_follows_its_own_commentary_and_a_note_without_words_gets_no_block():
    link = "https://arxiv.org/abs/2305.01115"
    week = Week(2023, 5, 1, "2023년 5월 1주차")
    korean = Entry(Origin("w1.txt", 2), [link], commentary=("한국어 메모",), english=("English memo",), week=week)
    tags_only = Entry(Origin("w1.txt", 9), [link], tags=("icl",), week=week)
    undated = Entry(Origin("<stdin>", 1), (link,), commentary=("from stdin",))
    [record] = merge_records([record_from_note(undated), record_from_note(tags_only), record_from_note(korean)])
    assert annotation(record) == [
        "[2023년 5월 1주차, w1.txt]",
        "한국어 메모",
        "English: English memo",
        "[<stdin>]",
        "from stdin",
    ]
    [alone] = merge_records([record_from_note(korean)])
    assert annotation(alone) == ["한국어 메모", "English: English memo"]
