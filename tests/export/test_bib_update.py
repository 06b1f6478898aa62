"""``-o`` on an existing file and ``--update``: issued keys and hand-added entries stay, ours are refreshed."""

import dataclasses
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from seed_records import SEEDS, seed_records

from cite_export.cli import main
from cite_export.export import ledger
from cite_export.export.bibfile import render_bib, update_bib
from cite_export.export.bibtex import Style
from cite_export.export.previous import BibFileError, PreviousFile
from cite_export.files import write_atomically
from cite_export.model import Kind, PartialDate, Resolution
from cite_export.store import connect

HAND_ADDED = """\
@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and others},
  booktitle = neurips,
  year = 2017,
}"""
STALE = """\
@misc{Wang2023ICL,
  title = {a stale title},
  eprint = {2305.01115v1},
  archivePrefix = {arXiv},
}"""
EXISTING = f"""\
% My bibliography: edited by hand too.
@string{{neurips = "Advances in Neural Information Processing Systems"}}

{HAND_ADDED}

{STALE}
@book{{park2023what,
  title = {{A Book That Happens to Have the Key Our Park et al. Paper Would Get}},
  author = {{Park, Someone}},
  year = {{2023}},
}}
@comment{{keep me}}

{ledger.render({"Wang2023ICL": ledger.digest(STALE)})}"""


def bib(folder: Path, *arguments: str, notes: Path = SEEDS) -> str:
    return run_bib(folder, *arguments, notes=notes).stdout


def run_bib(folder: Path, *arguments: str, notes: Path = SEEDS):
    command = ["bib", "--offline", "--cache-dir", str(folder / "cache"), *arguments, str(notes)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    return result


def keys(text: str) -> list[str]:
    return re.findall(r"^@(?!string|comment)\w+\{([^,\s]+),$", text, flags=re.MULTILINE)


def test_output_onto_an_existing_file_keeps_its_keys_and_entries(tmp_path):
    refs = tmp_path / "refs.bib"
    refs.write_text(EXISTING, encoding="utf-8")
    bib(tmp_path, "-o", str(refs))
    text = refs.read_text(encoding="utf-8")
    assert text.startswith('% My bibliography: edited by hand too.\n@string{neurips = "Advances')
    assert HAND_ADDED in text
    assert "@comment{keep me}" in text
    assert "a stale title" not in text  # our entry refreshed in place, under the key the file gave it
    assert keys(text)[:3] == ["vaswani2017attention", "Wang2023ICL", "park2023what"]
    assert "@book{park2023what," in text
    assert "{In-Context Learning Unlocked for Diffusion Models}" in text.split("@misc{Wang2023ICL,")[1].split("\n}")[0]
    assert "park2023whata" in keys(text)  # the hand-added key is never given to our paper
    assert len(keys(text)) == 3 + 12  # vaswani, the book, and the 13 seed entries (Wang kept its key)


def test_a_second_run_changes_nothing_and_a_fresh_cache_keeps_the_files_keys(tmp_path):
    refs = tmp_path / "refs.bib"
    refs.write_text(EXISTING, encoding="utf-8")
    bib(tmp_path, "-o", str(refs))
    first = refs.read_text(encoding="utf-8")
    bib(tmp_path, "-o", str(refs))
    assert refs.read_text(encoding="utf-8") == first
    fresh = tmp_path / "elsewhere"
    fresh.mkdir()
    (fresh / "refs.bib").write_text(first, encoding="utf-8")
    bib(fresh, "--update", str(fresh / "refs.bib"))
    assert (fresh / "refs.bib").read_text(encoding="utf-8") == first


def test_update_into_another_file_and_switching_style_keep_keys(tmp_path):
    source, target = tmp_path / "old.bib", tmp_path / "new.bib"
    source.write_text(EXISTING, encoding="utf-8")
    bib(tmp_path, "--update", str(source), "--style", "biblatex", "-o", str(target))
    assert source.read_text(encoding="utf-8") == EXISTING
    text = target.read_text(encoding="utf-8")
    assert "@online{Wang2023ICL," in text
    assert "@online{park2023whata," in text
    assert HAND_ADDED in text


def test_keys_issued_to_stdout_are_remembered_for_the_next_run(tmp_path):
    first = bib(tmp_path)
    assert len(keys(first)) == 13
    second = bib(tmp_path, "--style", "biblatex")
    assert keys(second) == keys(first)


def test_a_project_page_resolved_to_arxiv_later_keeps_its_key_and_its_place(tmp_path):
    offline = seed_records()
    first = render_bib(offline, connect(tmp_path / "a"), Style.BIBTEX)
    gaussian = next(record for record in offline if record.identity.startswith("url:https://repo-sam"))
    online = [
        dataclasses.replace(
            record,
            kind=Kind.ARXIV,
            arxiv_id="2308.04079",
            date=PartialDate(2023, 8, 8),
            primary_class="cs.GR",
            resolution=Resolution.TITLE_SEARCH,
        )
        if record is gaussian
        else record
        for record in offline
    ]
    for cache in ("a", "fresh"):  # the same database, and a machine that only has the file
        text = render_bib(online, connect(tmp_path / cache), Style.BIBTEX, previous=first)
        assert keys(text) == keys(first)
        entry = text.split("@misc{kerbl20233d,")[1].split("\n}")[0]
        assert "eprint = {2308.04079}" in entry
        assert r"\par Links: https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/}" in entry
    # To stdout, with only the database to remember the key by the note's link.
    assert keys(render_bib(online, connect(tmp_path / "a"), Style.BIBTEX)) == keys(first)


def test_an_arxiv_paper_added_from_google_scholar_is_recognised_kept_and_not_added_twice(tmp_path):
    scholar = """\
@article{wang2023context,
  title={In-context learning unlocked for diffusion models},
  author={Wang, Zhendong and Jiang, Yifan},
  journal={arXiv preprint arXiv:2305.01115},
  year={2023}
}
@misc{park2023whatdo,
  title = {What Do Self-Supervised Vision Transformers Learn?},
  eprint = {arXiv:2305.00729v2},
}
"""
    target = tmp_path / "refs.bib"
    target.write_text(scholar, encoding="utf-8")
    result = run_bib(tmp_path, "--update", str(target))
    written = target.read_text(encoding="utf-8")
    assert written.startswith(scholar)  # written by hand: the user's, kept as it is
    assert "2305.01115}" not in written.removeprefix(scholar) and "2305.00729" not in written.removeprefix(scholar)
    assert "wang2023incontext" not in written and "park2023what," not in written
    assert f"{target}:1: kept 2 entries for your papers that this file held before cite-export" in result.stderr
    assert "wang2023context (line 1), park2023whatdo (line 7); use --force to overwrite them" in result.stderr
    forced = run_bib(tmp_path, "--update", str(target), "--force")
    written = target.read_text(encoding="utf-8")
    assert "kept" not in forced.stderr
    # Rewritten in place, under the keys the paper already cites.
    assert written.count("eprint = {2305.01115}") == 1 and written.count("eprint = {2305.00729}") == 1
    assert written.startswith("@misc{wang2023context,\n  title = {In-Context Learning")
    assert "@misc{park2023whatdo," in written


HAND_EDITED = """\
@inproceedings{park2023what,
  title = {What Do Self-Supervised Vision Transformers Learn?},
  author = {Park, Namuk and Kim, Wonjae and Heo, Byeongho and Kim, Taekyung and Yun, Sangdoo},
  booktitle = {International Conference on Learning Representations},
  pages = {1--20},
  year = {2023},
  eprint = {2305.00729},
}"""


def test_an_entry_we_wrote_and_the_user_edited_is_kept_and_reported_until_forced(tmp_path):
    target = tmp_path / "refs.bib"
    bib(tmp_path, "-o", str(target))
    ours = target.read_text(encoding="utf-8")
    kirstain = re.search(r"@misc\{kirstain2023pickapic,.*?\n\}", ours, flags=re.DOTALL).group()
    with_note = kirstain.replace("\n}", "\n  note = {my own note},\n}")
    park = re.search(r"@misc\{park2023what,.*?\n\}", ours, flags=re.DOTALL).group()
    edited = ours.replace(kirstain, with_note).replace(park, HAND_EDITED)
    target.write_text(edited, encoding="utf-8")

    result = run_bib(tmp_path, "--update", str(target))
    assert target.read_text(encoding="utf-8") == edited
    line = edited[: edited.index("@inproceedings{park2023what")].count("\n") + 1
    assert f"{target}:{line}: kept your edit of park2023what (use --force to overwrite)" in result.stderr
    assert "kept your edit of kirstain2023pickapic" in result.stderr
    assert result.stderr.count("kept your edit") == 2

    run_bib(tmp_path, "--update", str(target), "--force")
    assert target.read_text(encoding="utf-8") == ours


def test_a_file_an_older_cite_export_wrote_is_adopted_where_unchanged_and_the_rest_reported_once(tmp_path):
    target = tmp_path / "refs.bib"
    bib(tmp_path, "-o", str(target))
    ours = target.read_text(encoding="utf-8")
    older = ledger.remove(ours)  # as written before there was a ledger, ...
    entries = re.findall(r"^@misc\{.*?\n\}", older, flags=re.MULTILINE | re.DOTALL)
    first_line = older[: older.index(entries[0])].count("\n") + 1
    for entry in entries[:4]:  # ... with four entries in an older format (or edited: we cannot tell)
        older = older.replace(entry, entry.replace("\n}", "\n  note = {older},\n}"))
    target.write_text(older, encoding="utf-8")

    for _ in range(2):  # the ledger written by the first run remembers which entries predate it
        result = run_bib(tmp_path, "--update", str(target))
        warnings = [line for line in result.stderr.splitlines() if " kept " in line]
        assert len(warnings) == 1, result.stderr
        assert f"{target}:{first_line}: kept 4 entries" in warnings[0]
        assert "use --force to overwrite them" in warnings[0] and "kept your edit" not in result.stderr
        written = target.read_text(encoding="utf-8")
        assert ledger.remove(written) == older  # nothing rewritten; only the ledger added
        assert len(ledger.read(written)) == 13 and list(ledger.read(written).values()).count(ledger.PREDATES) == 4

    run_bib(tmp_path, "--update", str(target), "--force")
    assert target.read_text(encoding="utf-8") == ours


def test_five_entries_are_named_and_the_rest_counted(tmp_path):
    target = tmp_path / "refs.bib"
    bib(tmp_path, "-o", str(target))
    older = re.sub(r"\n\}", "\n  note = {older},\n}", ledger.remove(target.read_text(encoding="utf-8")))
    target.write_text(older, encoding="utf-8")
    stderr = run_bib(tmp_path, "--update", str(target)).stderr
    [warning] = [line for line in stderr.splitlines() if " kept " in line]
    assert f"{target}:" in warning and "kept 13 entries" in warning
    assert warning.count("(line ") == 5 and ") and 8 more; use --force to overwrite them" in warning


def test_crlf_line_ends_and_a_bom_are_kept_and_new_entries_use_crlf(tmp_path):
    target = tmp_path / "refs.bib"
    mine = "\ufeff% my refs\r\n\r\n" + HAND_ADDED.replace("\n", "\r\n") + "\r\n"
    target.write_bytes(mine.encode("utf-8"))
    bib(tmp_path, "--update", str(target))
    first = target.read_bytes()
    assert first.startswith(mine.encode("utf-8"))
    assert b"\n" not in first.replace(b"\r\n", b"")  # every line of ours ends in CRLF too
    assert first.count(b"\r\n@misc{") == 13
    bib(tmp_path, "--update", str(target))
    assert target.read_bytes() == first  # and they are still ours: the ledger is blind to line ends


def test_an_unbalanced_brace_in_a_comment_hides_no_entry(tmp_path):
    target = tmp_path / "refs.bib"
    mine = "@comment{ half-finished {note\n\n" + HAND_EDITED + "\n"
    target.write_text(mine, encoding="utf-8")
    bib(tmp_path, "--update", str(target))
    written = target.read_text(encoding="utf-8")
    assert written.startswith(mine)
    assert written.count("2305.00729") == 1  # the paper is not added a second time
    assert "park2023whata" not in written


def test_an_entry_bibtex_cannot_read_is_kept_byte_for_byte_and_reported(tmp_path):
    target = tmp_path / "refs.bib"
    broken = "@misc{broken, title = {Half {open},\n  year = 2020,\n"
    mine = f"{HAND_ADDED}\n{broken}\n{HAND_EDITED}\n"
    target.write_text(mine, encoding="utf-8")
    result = run_bib(tmp_path, "--update", str(target))
    written = target.read_text(encoding="utf-8")
    assert written.startswith(mine)
    assert f"{target}:7: cannot read this entry (a '{{' is never closed); kept as it is" in result.stderr
    assert written.count("2305.00729") == 1  # the entry after the broken one is still seen
    assert "@misc{brokena," not in written and "{broken," not in written.removeprefix(mine)
    run_bib(tmp_path, "--update", str(target))
    assert target.read_text(encoding="utf-8") == written  # and a second run changes nothing


def test_a_brace_left_open_at_the_end_of_the_file_does_not_grow_it_run_after_run(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text(f"{HAND_ADDED}\n@misc{{open, title = {{never closed\n", encoding="utf-8")
    bib(tmp_path, "--update", str(target))
    first = target.read_text(encoding="utf-8")
    bib(tmp_path, "--update", str(target))
    assert target.read_text(encoding="utf-8") == first


def test_a_hand_written_entry_with_our_key_or_title_and_no_link_is_kept_and_not_added_twice(tmp_path):
    bib(tmp_path)  # the database pins park2023what for 2305.00729 and kirstain2023pickapic for 2305.01569
    target = tmp_path / "refs.bib"
    by_key = "@inproceedings{park2023what,\n  booktitle = {ICLR},\n  pages = {1--20},\n  year = 2023,\n}\n"
    by_title = (
        "@inproceedings{PickAPic,\n  title = {{Pick-a-Pic}: An Open Dataset of User Preferences for"
        " Text-to-Image Generation},\n  booktitle = {NeurIPS},\n}\n"
    )
    target.write_text(by_key + by_title, encoding="utf-8")
    result = run_bib(tmp_path, "--update", str(target))
    written = target.read_text(encoding="utf-8")
    assert written.startswith(by_key + by_title)
    assert "2305.00729" not in written and "2305.01569" not in written  # not added a second time
    assert "park2023whata" not in written and "kirstain2023pickapic" not in written
    assert f"{target}:1: kept 2 entries for your papers that this file held before cite-export" in result.stderr
    assert "park2023what (line 1), PickAPic (line 6); use --force" in result.stderr


def test_a_file_not_in_utf8_is_refused_naming_the_line_and_left_as_it_is(tmp_path):
    target = tmp_path / "refs.bib"
    latin1 = "@misc{a,\n  title = {Caf\u00e9},\n}\n".encode("latin-1")
    target.write_bytes(latin1)
    command = ["bib", "--offline", "--cache-dir", str(tmp_path / "cache"), "--update", str(target), str(SEEDS)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert f"{target}:2: byte 23 is not UTF-8" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_bytes() == latin1


def test_the_url_preamble_goes_once_into_a_hand_written_file_after_its_text_and_before_the_ledger(tmp_path):
    refs = tmp_path / "refs.bib"
    refs.write_text(EXISTING, encoding="utf-8")
    bib(tmp_path, "-o", str(refs))
    first = refs.read_text(encoding="utf-8")
    assert first.count("@preamble{") == 1
    assert first.rindex("\n@misc{") < first.index("@preamble{") < first.index("@comment{cite-export:")
    bib(tmp_path, "-o", str(refs))
    assert refs.read_text(encoding="utf-8") == first


def test_a_new_file_whose_entry_names_the_preamble_mark_gets_no_preamble():
    records = seed_records()
    assert render_bib(records, None, Style.BIBTEX).startswith("@preamble{")
    records[0] = dataclasses.replace(records[0], doi="10.1234/\\CiteExportVerbatim")
    assert not render_bib(records, None, Style.BIBTEX).startswith("@preamble{")


def test_a_file_rewritten_in_place_after_it_was_read_is_not_written_over(tmp_path):
    refs = tmp_path / "refs.bib"
    refs.write_text(EXISTING, encoding="utf-8")
    meanwhile = EXISTING + "@misc{added, title = {Added while the export ran}}\n"
    with PreviousFile(refs) as previous:
        merged = update_bib(seed_records(), None, Style.BIBTEX, previous, str(refs))
        refs.write_text(meanwhile, encoding="utf-8")  # in place: the same file, not a new one renamed over it
        with pytest.raises(BibFileError, match="changed while cite-export was running"):
            write_atomically(refs, merged.pieces)
    assert refs.read_text(encoding="utf-8") == meanwhile
    assert [path.name for path in tmp_path.iterdir()] == ["refs.bib"]
