"""The example digest in seeds/ reads as exactly 13 entries, field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from cite_export.model import Week
from cite_export.notes import read_sources

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_ae20b5798b0ea146.txt"

# (first link, title, number of authors, tags) for each entry, in order.
EXPECTED = [
    ("https://arxiv.org/abs/2305.01115", "In-Context Learning Unlocked for Diffusion Models", 8,
     ("few_shot", "ddpm", "text2img")),
    ("https://arxiv.org/abs/2305.00729", "What Do Self-Supervised Vision Transformers Learn?", 5,
     ("self_supervised", "contrastive_learning", "mlm")),
    ("https://arxiv.org/abs/2305.01569",
     "Pick-a-Pic: An Open Dataset of User Preferences for Text-to-Image Generation", 6, ("text2img",)),
    ("https://twitter.com/jefrankle/status/1652918238018260992?s=20", None, 0, ()),
    ("https://arxiv.org/abs/2305.01625", "Unlimiformer: Long-Range Transformers with Unlimited Length Input", 4,
     ("seq2seq",)),
    ("https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/",
     "3D Gaussian Splatting for Real-Time Radiance Field Rendering", 4, ("neural_rendering", "nerf")),
    ("https://arxiv.org/abs/2305.02440",
     "Cheaply Evaluating Inference Efficiency Metrics for Autoregressive Transformer APIs", 6, ("llm", "efficiency")),
    ("https://arxiv.org/abs/2305.02309", "CodeGen2: Lessons for Training LLMs on Programming and Natural Languages", 5,
     ("lm",)),
    ("https://arxiv.org/abs/2305.02790", "BranchNorm: Robustly Scaling Extremely Deep Transformers", 4,
     ("normalization", "transformer")),
    ("https://arxiv.org/abs/2305.03111",
     "Can LLM Already Serve as A Database Interface? A BIg Bench for Large-Scale Database Grounded Text-to-SQLs", 16,
     ("llm",)),
    ("https://arxiv.org/abs/2305.02582", "On the Expressivity Role of LayerNorm in Transformers' Attention", 3,
     ("transformer", "attention", "normalization")),
    ("https://arxiv.org/abs/2305.03047",
     "Principle-Driven Self-Alignment of Language Models from Scratch with Minimal Human Supervision", 8,
     ("alignment", "instruction-tuning")),
    ("https://arxiv.org/abs/2305.03053", "ZipIt! Merging Models from Different Tasks without Training", 5, ()),
]  # fmt: skip


@pytest.fixture(scope="module")
def reading():
    return read_sources([str(SEED)])


def test_the_seed_reads_as_thirteen_entries_in_order(reading):
    assert reading.files == 1
    found = [(entry.links[0], entry.title, len(entry.authors), entry.tags) for entry in reading.entries]
    assert found == EXPECTED


def test_every_entry_has_the_digest_week_and_its_own_first_line(reading):
    assert {entry.week for entry in reading.entries} == {Week(2023, 5, 1, "2023년 5월 1주차")}
    assert [entry.origin.line for entry in reading.entries] == [2, 6, 10, 15, 17, 22, 27, 31, 40, 45, 49, 53, 58]
    assert all(entry.origin.path == str(SEED) for entry in reading.entries)
    assert all(entry.date is None for entry in reading.entries)


def test_the_link_only_entry_holds_both_status_links_and_nothing_else(reading):
    posts = reading.entries[3]
    assert posts.links == (
        "https://twitter.com/jefrankle/status/1652918238018260992?s=20",
        "https://twitter.com/jefrankle/status/1653038984065433603?s=20",
    )
    assert (posts.title, posts.authors, posts.commentary, posts.tags) == (None, (), (), ())
    assert reading.entries[4].links == ("https://arxiv.org/abs/2305.01625",)


def test_the_link_in_codegen2s_commentary_is_a_related_link_not_an_entry(reading):
    codegen2 = reading.entries[7]
    assert codegen2.related_links == ("https://arxiv.org/abs/2205.11726",)
    assert all("2205.11726" not in entry.links[0] for entry in reading.entries)
    assert codegen2.commentary[0] == "Salesforce의 code lm에 대한 분석. 요약은:"
    assert len(codegen2.commentary) == 6
    assert codegen2.commentary[-1] == "위와 같습니다."


def test_authors_are_names_as_written(reading):
    assert reading.entries[5].authors == ("Bernhard Kerbl", "Georgios Kopanas", "Thomas Leimkühler", "George Drettakis")
    assert "Kevin C.C. Chang" in reading.entries[9].authors


def test_commentary_keeps_the_korean_paragraphs(reading):
    pick_a_pic = reading.entries[2]
    assert len(pick_a_pic.commentary) == 2
    assert pick_a_pic.commentary[1] == "그래서 이 선호도 데이터셋으로 무엇을 할 수 있는가...하면 무궁무진할 것 같군요."
    assert reading.entries[-1].commentary[-1].endswith("재미있네요.")
    assert all(entry.english == () and entry.abstract is None for entry in reading.entries)


def test_the_only_warning_is_the_untitled_link_only_entry(reading):
    assert [str(problem) for problem in reading.problems] == [f"{SEED}:15: no title line: the entry has only its links"]
