"""``-o`` on an existing file and ``--update``: issued keys and hand-added entries stay, ours are refreshed."""

import dataclasses
import re
from pathlib import Path

from click.testing import CliRunner
from seed_records import SEEDS, seed_records

from cite_export.cli import main
from cite_export.export.bibfile import render_bib
from cite_export.export.bibtex import Style
from cite_export.model import Kind, PartialDate, Resolution
from cite_export.store import connect

HAND_ADDED = """\
@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and others},
  booktitle = neurips,
  year = 2017,
}"""
EXISTING = f"""\
% My bibliography: edited by hand too.
@string{{neurips = "Advances in Neural Information Processing Systems"}}

{HAND_ADDED}

@misc{{Wang2023ICL,
  title = {{a stale title}},
  eprint = {{2305.01115v1}},
  archivePrefix = {{arXiv}},
}}
@book{{park2023what,
  title = {{A Book That Happens to Have the Key Our Park et al. Paper Would Get}},
  author = {{Park, Someone}},
  year = {{2023}},
}}
@comment{{keep me}}
"""


def bib(folder: Path, *arguments: str) -> str:
    command = ["bib", "--offline", "--cache-dir", str(folder / "cache"), *arguments, str(SEEDS)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    return result.stdout


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
        assert "urls = {https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/}" in entry
    # To stdout, with only the database to remember the key by the note's link.
    assert keys(render_bib(online, connect(tmp_path / "a"), Style.BIBTEX)) == keys(first)


def test_an_arxiv_paper_added_from_google_scholar_is_recognised_not_added_twice(tmp_path):
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
    bib(tmp_path, "--update", str(target))
    written = target.read_text(encoding="utf-8")
    assert "2305.01115" in written and "2305.00729" in written
    assert written.count("eprint = {2305.01115}") == 1 and written.count("eprint = {2305.00729}") == 1
    # Their keys are the ones already cited in the paper.
    assert "@misc{wang2023context," in written and "@misc{park2023whatdo," in written
    assert "wang2023incontext" not in written and "park2023what," not in written
