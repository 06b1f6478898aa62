"""Formats found in real vaults that were misread, each from a note of its own in fixtures/formats."""

from __future__ import annotations

from pathlib import Path

from cite_export.model import Person
from cite_export.notes import read_sources, read_text
from cite_export.resolve.offline import record_from_note

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def read_note(name: str):
    reading = read_sources([str(FORMATS / name)])
    return reading.entries, [problem.message for problem in reading.problems]


def test_a_surname_typed_in_lowercase_still_makes_an_author_list():
    (entry,), problems = read_note("241010 Physics of Skill Learning.md")
    assert entry.title == "Physics of Skill Learning"
    assert entry.authors == ("Yizhou liu", "Ziming Liu", "Jeff Gore")
    assert entry.tags == ("scaling", "toy_model")
    assert problems == []


def test_a_collective_author_is_one_organisation():
    (entry,), _ = read_note("250122 Kimi k1.5.md")
    assert entry.title == "Kimi k1.5: Scaling Reinforcement Learning with LLMs"
    assert (entry.authors, entry.author_is_organisation) == (("Kimi Team",), True)
    # One corporate name, never split into given and family names.
    assert record_from_note(entry).authors == (Person("", "Kimi Team"),)


def test_anonymous_authors_make_a_title_line_that_names_no_one():
    (entry,), _ = read_note("231010 Under Review.md")
    assert (entry.title, entry.authors) == ("Towards Understanding Sycophancy in Language Models", ())
    assert entry.commentary == ("리뷰 중인 논문. 제목만 봐도 재미있을 것 같다.",)


def test_names_with_particles_and_a_title_line_ending_the_file_without_a_newline():
    (entry,), problems = read_note("211208 RETRO.md")
    assert entry.title == "Improving language models by retrieving from trillions of tokens"
    assert "George van den Driessche" in entry.authors and "Diego de Las Casas" in entry.authors
    assert len(entry.authors) == 9 and problems == []
    (entry,), _ = read_note("230529 Direct Preference Optimization.md")
    assert entry.title == "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    assert entry.authors[-1] == "Chelsea Finn"


def test_a_title_beginning_with_a_hash_is_a_title_not_a_hashtag():
    (entry,), _ = read_note("230814 InsTag.md")
    assert entry.title.startswith("#InsTag: Instruction Tagging for Analyzing")
    assert entry.authors[:2] == ("Keming Lu", "Hongyi Yuan")
    assert entry.tags == ("instruction_tuning", "sft")
    assert entry.commentary[0].startswith("instruction에 태그를 붙여")


def test_a_line_is_a_hashtag_line_only_when_every_word_is_a_tag():
    (entry,), _ = read_text("n.md", "https://arxiv.org/abs/2308.07074\nA Title (Ann Bo)\n#InsTag: still prose\n#a #b\n")
    assert entry.commentary == ("#InsTag: still prose",)
    assert entry.tags == ("a", "b")


def test_a_heading_holding_a_markdown_link_then_an_organisation_line():
    (entry,), problems = read_note("240513 Hello GPT-4o.md")
    assert entry.links == ("https://openai.com/index/hello-gpt-4o/",)
    assert entry.title == "Hello GPT-4o"
    assert (entry.authors, entry.author_is_organisation) == (("OpenAI",), True)
    assert entry.commentary == ("텍스트, 오디오, 이미지를 end-to-end로 처리하는 모델. 음성 응답 지연이 평균 320ms.",)
    assert entry.tags == ("multimodal", "speech")
    assert problems == []


def test_markdown_links_separated_by_blank_lines_above_one_title_are_one_entry():
    (entry,), problems = read_note("230627 LongNet.md")
    assert entry.links == ("https://arxiv.org/abs/2307.02486", "https://github.com/microsoft/torchscale")
    assert entry.title == "LongNet: Scaling Transformers to 1,000,000,000 Tokens"
    assert entry.authors[0] == "Jiayu Ding" and entry.tags == ("long_context", "attention")
    assert problems == []


def test_bare_links_separated_by_blank_lines_above_one_title_are_one_entry_named_by_arxiv():
    (entry,), problems = read_note("230905 Scaling Sparse Fine-Tuning.md")
    assert entry.links == (
        "https://arxiv.org/abs/2309.01234",
        "https://github.com/example/sparse-ft",
        "https://example.github.io/sparse-ft/",
    )
    assert entry.title == "Scaling Sparse Fine-Tuning to Large Language Models"
    assert entry.commentary == ("메모리 효율적인 sparse fine-tuning. LoRA와 비교.",)
    assert record_from_note(entry).arxiv_id == "2309.01234"
    assert problems == []


def test_a_markdown_link_labelled_arxiv_names_no_title():
    (entry,), _ = read_text("n.md", "[arXiv](https://arxiv.org/abs/2307.02486)\n\n코멘트.\n")
    assert entry.links == ("https://arxiv.org/abs/2307.02486",)
    assert entry.title is None


def test_hashtags_followed_by_a_links_section_of_wiki_links_and_a_url():
    (entry,), problems = read_note("230905 Mixture of Tokens.md")
    assert entry.tags == ("moe", "efficient_training")
    assert entry.wiki_links == ("230802 From Sparse to Soft Mixtures of Experts", "220217 ST-MoE")
    assert entry.related_links == ("https://arxiv.org/abs/2308.00951",)
    assert problems == []


def test_hashtags_and_a_links_section_above_the_link_belong_to_the_one_entry():
    note = "#moe #routing\n\n# Links\n[[230802 Soft MoE]]\n\nhttps://arxiv.org/abs/2310.15961\nA Title (Ann Bo)\n"
    (entry,), problems = read_text("231023 note.md", note)
    assert (entry.tags, entry.wiki_links) == (("moe", "routing"), ("230802 Soft MoE",))
    assert problems == []


def test_papers_listed_as_name_and_url_share_their_tag_line():
    entries, problems = read_note("230720 Open Models.md")
    assert [(entry.title, entry.links) for entry in entries] == [
        ("Llama 2", ("https://ai.meta.com/llama/",)),
        ("Falcon", ("https://falconllm.tii.ae/",)),
        ("MPT-30B", ("https://www.mosaicml.com/blog/mpt-30b",)),
    ]
    assert all(entry.tags == ("open_source", "llm") for entry in entries)
    assert problems == []


def test_a_vault_note_without_a_title_line_is_named_after_its_file_not_its_arxiv_id():
    (entry,), problems = read_note("190620 XLNet.md")
    assert entry.title == "XLNet"
    assert record_from_note(entry).title == "XLNet"
    assert problems == []


def test_a_vault_note_of_only_a_post_link_is_named_after_its_file_and_keeps_the_handle():
    (entry,), _ = read_note("230502 RedPajama.md")
    assert entry.title == "RedPajama"
    record = record_from_note(entry)
    assert record.kind == "post" and record.date.iso() == "2023-05-02"


def test_a_note_about_more_than_one_paper_is_not_named_after_its_file():
    note = "# 210412 최근 논문들에 대한 생각\n\nhttps://arxiv.org/abs/2104.04473\n\n분산 학습 이야기.\n"
    (entry,), _ = read_text("210412 Thoughts on recent papers.md", note)
    assert entry.title is None


def test_titles_with_tex_math_are_read_exactly_as_written():
    entries, _ = read_note("250220 Math Titles.md")
    assert [entry.title for entry in entries] == [
        "S$^2$R: Teaching LLMs to Self-verify and Self-correct via Reinforcement Learning",
        "Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer ($\\mu$P)",
        "From $r$ to $Q^*$: Your Language Model is Secretly a Q-Function",
        "$\u03b3$-MoD: Exploring Mixture-of-Depth Adaptation for Multimodal Large Language Models",
        "From $f(x)$ and $g(x)$ to $f(g(x))$: LLMs Learn New Skills in RL by Composing Old Ones",
    ]
    assert [entry.tags for entry in entries] == [
        ("reasoning",),
        ("hyperparameters",),
        ("rlhf",),
        ("moe",),
        ("composition",),
    ]


def test_words_above_the_link_of_a_one_paper_vault_note_are_its_commentary_not_lost():
    note = (
        "구글이 달리기 시작했네.\n\n"
        "https://arxiv.org/abs/2305.10429\n\n프리트레이닝 코퍼스의 도메인 비율을 정하는 방법.\n\n#pretraining\n"
    )
    (entry,), problems = read_text("230518 구글 달리기.md", note)
    assert entry.commentary == ("구글이 달리기 시작했네.", "프리트레이닝 코퍼스의 도메인 비율을 정하는 방법.")
    assert entry.tags == ("pretraining",)
    assert problems == []


def test_a_related_link_on_its_own_line_stays_in_the_commentary_as_written():
    note = "https://arxiv.org/abs/2305.01115\nA Title (Ann Bo)\n\n비교해볼 논문:\nhttps://arxiv.org/abs/2205.11726\n\n#tag\n"
    (entry,), _ = read_text("230501 note.md", note)
    assert entry.commentary == ("비교해볼 논문:", "https://arxiv.org/abs/2205.11726")
    assert entry.related_links == ("https://arxiv.org/abs/2205.11726",)


def test_the_entry_s_own_link_written_again_is_not_repeated_in_the_commentary():
    note = "https://arxiv.org/abs/2305.01115\nA Title (Ann Bo)\n코멘트.\n#tag\n\nhttps://arxiv.org/abs/2305.01115v2\n"
    (entry,), _ = read_text("230501 note.md", note)
    assert (entry.commentary, entry.related_links) == (("코멘트.",), ())
