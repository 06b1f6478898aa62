"""Each format variant found in real notes, read from a small fixture of its own."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from cite_export.model import Week
from cite_export.notes import read_sources, read_text

FIXTURES = Path(__file__).parent / "fixtures"


def read(*names: str):
    return read_sources([str(FIXTURES / name) for name in names])


def by_title(reading, title):
    return next(entry for entry in reading.entries if entry.title == title)


@pytest.fixture(scope="module")
def digest():
    return read("digest_variants.txt")


def test_digest_entries_follow_each_other_under_their_week(digest):
    assert [entry.origin.line for entry in digest.entries] == [2, 7, 11, 14, 19, 20, 22]
    assert {entry.week for entry in digest.entries} == {Week(2023, 6, 2, "2023년 6월 2주차")}


def test_several_links_at_the_top_stay_in_order_with_the_paper_first_found(digest):
    musketeer = digest.entries[0]
    assert musketeer.links == ("https://arxiv.org/pdf/2306.00001v2.pdf", "https://github.com/example/musketeer")


def test_a_title_holding_parentheses_keeps_them_and_the_last_group_is_the_authors(digest):
    musketeer = digest.entries[0]
    assert musketeer.title == "Musketeer (All for One, and One for All)"
    assert musketeer.authors == ("Ada Lovelace", "Alan M. Turing", "Grace van der Hopper")


def test_hashtags_with_dashes_underscores_and_digits(digest):
    assert digest.entries[0].tags == ("multi-task", "llm_2", "gpt4")


def test_a_link_in_the_commentary_is_related_work_and_stays_in_the_text(digest):
    musketeer = digest.entries[0]
    assert musketeer.related_links == ("https://arxiv.org/abs/2205.11726",)
    assert musketeer.commentary == ("여러 과제를 한 모델로. https://arxiv.org/abs/2205.11726 와 비교해볼만 합니다.",)


def test_an_emphasised_title_loses_its_asterisks(digest):
    entry = digest.entries[1]
    assert (entry.title, entry.authors) == ("Emphasised Title: A Study", ("Edward Witten",))
    assert entry.links == ("https://export.arxiv.org/abs/hep-th/9901001",)


def test_a_title_without_authors_and_hashtags_at_the_end_of_the_prose(digest):
    entry = digest.entries[2]
    assert (entry.title, entry.authors) == ("A Title Without Any Author List", ())
    assert entry.commentary == ("제목만 있고 저자가 없습니다.",)
    assert entry.tags == ("no_authors",)


def test_a_title_wrapped_onto_an_indented_line_and_repeated_tags_kept_once(digest):
    entry = digest.entries[3]
    assert entry.title == "A Wrapped Title That Goes On and On Across Two Lines"
    assert entry.authors == ("Barbara Liskov", "Jeannette M. Wing")
    assert entry.tags == ("types",)


def test_a_link_followed_by_commentary_on_the_same_line(digest):
    entry = digest.entries[4]
    assert (entry.links, entry.title) == (("https://arxiv.org/abs/2306.00005",), None)
    assert (entry.commentary, entry.tags) == (("바로 코멘트가 붙은 링크입니다.",), ("inline",))


def test_status_links_before_a_paper_form_their_own_link_only_entry(digest):
    posts, paper = digest.entries[5], digest.entries[6]
    assert posts.links == (
        "https://x.com/someone/status/1666000000000000000",
        "https://twitter.com/someone/status/1666000000000000001?s=20",
    )
    assert (posts.title, posts.commentary) == (None, ())
    assert (paper.links, paper.title) == (("https://arxiv.org/abs/2306.00006",), "Last Entry Without Tags")


def test_a_markdown_heading_is_not_a_hashtag(digest):
    last = digest.entries[6]
    assert last.tags == ()
    assert last.commentary == ("마지막 항목에는 해시태그가 없습니다.", "## 이건 해시태그가 아니라 제목입니다")


def test_untitled_entries_are_warned_about_with_their_line(digest):
    assert [(problem.origin.line, problem.message) for problem in digest.problems] == [
        (19, "no title line: the entry has only its links"),
        (20, "no title line: the entry has only its links"),
    ]


def test_a_vault_note_with_abstract_english_version_and_wiki_links():
    reading = read("vault/2023/230418 UniMax.md")
    (entry,) = reading.entries
    assert entry.title.startswith("UniMax: Fairer and More Effective Language Sampling")
    assert len(entry.authors) == 7
    assert entry.date == datetime.date(2023, 4, 18) and entry.week is None
    assert entry.abstract == (
        "Pretrained multilingual large language models have typically used heuristic temperature-based sampling "
        "to balance between different languages.\n\nWe propose a new sampling method, UniMax."
    )
    assert entry.commentary == ("언어별 샘플링 비율에 대한 연구. 각 언어의 epoch 수에 상한을 둡니다.",)
    assert entry.english == (
        "A study of per-language sampling ratios. It caps the number of epochs for each language.",
    )
    assert entry.wiki_links == (
        "230301 Scaling Laws for Multilingual",
        "230219 Scaling Laws for Multilingual Neural Machine Translation",
    )
    assert entry.tags == ("multilingual", "pretraining", "llm")
    assert reading.problems == []


def test_a_vault_note_of_two_status_links_is_one_link_only_entry():
    (entry,) = read("vault/2023/230502 RedPajama.md").entries
    assert len(entry.links) == 2 and entry.title == "RedPajama"  # the post is named after the note


def test_a_vault_note_listing_two_papers_gives_each_its_entry_with_the_shared_text():
    reading = read("vault/2023/230221 Anthropic.md")
    assert [entry.links for entry in reading.entries] == [
        ("https://arxiv.org/abs/2212.08073",),
        ("https://arxiv.org/abs/2302.07459",),
    ]
    assert [entry.origin.line for entry in reading.entries] == [1, 2]
    for entry in reading.entries:
        assert entry.tags == ("alignment",)
        assert entry.commentary == ("최근에 Anthropic 쪽에서 나온 논문 중 눈에 띄었던 것 두 편.",)


def test_two_title_lines_keep_the_first_and_the_other_stays_in_the_commentary():
    (entry,) = read("vault/200304 A Closer Look at Accuracy vs. Robustness.md").entries
    assert entry.title == "A Closer Look at Accuracy vs. Robustness"
    assert entry.commentary[0] == "Adversarial Robustness Through Local Lipschitzness (Yao-Yuan Yang, Cyrus Rashtchian)"
    assert entry.date == datetime.date(2020, 3, 4)


def test_a_review_note_holds_many_papers_in_several_layouts():
    reading = read("reviews/201204 Thoughts on recent papers.md")
    found = [(entry.origin.line, entry.links[0][-10:], entry.title, len(entry.authors)) for entry in reading.entries]
    assert found == [
        (5, "2011.14027", "General Multi-label Image Classification with Transformers", 4),
        (8, "2104.14951", "SRDiff: Single Image Super-Resolution with Diffusion Probabilistic Models", 0),
        (10, "2105.02446", "DiffSinger: Diffusion Acoustic Model for Singing Voice Synthesis", 0),
        (13, "1912.02252", "Multiple Anchor Learning for Visual Object Detection", 0),
        (16, "2104.14548", None, 0),
    ]
    assert reading.entries[2].related_links == ("https://diffsinger.github.io/",)
    assert reading.entries[-1].tags == ("review",)
    assert str(reading.problems[0]).endswith(
        "201204 Thoughts on recent papers.md:3: 2 line(s) before the first link belong to no entry"
    )


def test_a_title_with_its_link_in_parentheses_then_commentary():
    (entry,) = read("early/190325 Implicit Generation.md").entries
    assert entry.title == "Implicit Generation and Generalization in Energy-Based Models"
    assert entry.links == ("https://arxiv.org/abs/1903.08689",)
    assert entry.commentary[0] == "를 구현해봤다."
    assert entry.tags == ("energy_based_model", "generative_model")


def test_a_link_then_commentary_on_the_first_line():
    (entry,) = read("early/190620 XLNet.md").entries
    assert entry.links == ("https://arxiv.org/abs/1906.08237",)
    assert entry.title == "XLNet"  # from the file name, never arXiv:1906.08237 offline
    assert entry.commentary == (
        "새로운 프리트레이닝 알고리즘/모델. 성능이 예쁘게 나왔다.",
        "New를 예측할 때 New 토큰만 차단하면 된다.",
    )


def test_a_link_without_scheme_and_an_inline_wiki_link():
    (entry,) = read("early/201016 Invariant Causal Mechanisms.md").entries
    assert entry.links == ("https://arxiv.org/abs/2010.07922",)
    assert entry.title == "Invariant Causal Mechanisms"  # from the file name, until arXiv names it
    assert entry.commentary[0] == "정말로 causality가 imagenet을 깨기 시작함. (Yes, really.)"
    assert entry.wiki_links == ("200128 Attentive Normalization",)


def test_papers_listed_with_bare_titles_and_trailing_project_links():
    reading = read("early/200206 Virtual Try On.md")
    assert [(entry.origin.line, entry.title) for entry in reading.entries] == [
        (1, "Do Not Mask What You Do Not Need to Mask: a Parser-Free Virtual Try-On"),
        (5, "LGVTON: A Landmark Guided Approach to Virtual Try-On"),
    ]
    second = reading.entries[1]
    assert second.related_links == (
        "https://github.com/eBay/modanet",
        "https://urban-radiance-fields.github.io/",
        "https://www.youtube.com/watch?v=qGlq5DZT6uc",
    )
    assert second.tags == ("review",)


def test_a_project_page_before_the_arxiv_link_is_the_same_entry():
    (entry,) = read("early/220929 DreamFusion.md").entries
    assert entry.links == ("https://dreamfusion3d.github.io/", "https://arxiv.org/abs/2209.14988")
    assert entry.title == "DreamFusion: Text-to-3D using 2D Diffusion"
    assert entry.tags == ("ddpm", "3d_generative_model")
    assert entry.commentary == ("diffusion 기반 3d generation. 메타러닝 상황에서의 오버피팅을 막기 위한 방법.",)


def test_titles_with_their_link_in_parentheses_as_paragraphs_of_a_review():
    reading = read("reviews/201118 Thoughts on recent papers.md")
    assert [(entry.links, entry.title) for entry in reading.entries] == [
        (("https://arxiv.org/abs/2006.06882",), "Rethinking Pre-training and Self-training"),
        (
            ("https://arxiv.org/abs/2010.10504",),
            "Pushing the Limits of Semi-Supervised Learning for Automatic Speech Recognition",
        ),
    ]
    # A lowercase name with its link inside a sentence is commentary, not a new paper.
    assert reading.entries[1].related_links == ("https://arxiv.org/abs/2003.08934",)
    assert reading.entries[1].tags == ("review",)


def test_markdown_links_give_the_shown_link_and_a_repeated_link_after_the_tags_stays_in_the_entry():
    reading = read("early/220922 Whisper.md")
    (entry,) = reading.entries
    assert entry.links == ("https://openai.com/blog/whisper/",)
    assert entry.commentary == (
        "openai에서 asr 모델을 만들었군요.",
        "(ASR 안 해 본 사람이 하는 소리이므로 주의 요망.)",
        "OpenAI Whisper에서 흥미롭다고 생각하는 점.",
        "[https://www.youtube.com/watch?v=TqFLIZG_aXA](https://www.youtube.com/watch?v=TqFLIZG_aXA&fbclid=IwAR23)",
    )
    assert entry.related_links == ("https://www.youtube.com/watch?v=TqFLIZG_aXA",)
    assert entry.tags == ("asr",)


def test_a_markdown_link_with_a_text_gives_the_title():
    (entry,) = read("early/230407 RLHF.md").entries
    assert entry.links == ("https://huggingface.co/blog/stackllama",)
    assert entry.title == "StackLLaMA: A hands-on guide to train LLaMA with RLHF (huggingface.co)"


def test_a_title_line_wrapped_inside_its_author_list_without_indent():
    (entry,) = read("early/210922 Scale Efficiently.md").entries
    assert entry.title == "Scale Efficiently: Insights from Pre-training and Fine-tuning Transformers"
    assert entry.authors == ("Yi Tay", "Mostafa Dehghani", "Hyung Won Chung", "Donald Metzler")
    assert entry.commentary == ("트랜스포머를 어떻게 키울 것인가.",)


def test_author_lists_with_affiliations_nicknames_particles_and_lowercase_names():
    affiliations, particles, prose = read("authors.txt").entries
    assert affiliations.title == "Truly shift-invariant convolutional neural networks"
    assert affiliations.authors == ("Anadi Chaman", "Ivan Dokmanić")
    assert particles.authors == (
        "Zi-Yi Dou",
        "Nanyun Peng",
        "Stéphane d'Ascoli",
        "Diego de las Casas",
        "Jianshu ji",
        "Guihong Cao",
    )
    # Korean prose in parentheses at the end of a line is commentary, never an author list.
    assert (prose.title, prose.authors) == ("Do GANs learn the distribution?", ())
    assert prose.commentary == ("생일 역설이라는 것은... (아, 물론 연도는 빼고.)",)


def test_zero_width_spaces_pasted_before_a_link_do_not_hide_it():
    note = (
        "https://arxiv.org/abs/2007.01758\nFirst Paper (Ann Author)\n코멘트.\n\u200b\u200b\n"
        "\u200bhttps://arxiv.org/abs/2007.01852\nSecond Paper (Bo Author)\n"
    )
    entries, problems = read_text("200708 Thoughts.md", note)
    assert [(entry.origin.line, entry.title) for entry in entries] == [(1, "First Paper"), (5, "Second Paper")]
    assert entries[0].commentary == ("코멘트.",)
    assert problems == []


def test_a_run_of_hashtags_inside_a_prose_line_gives_tags_and_the_line_stays_as_written():
    (entry,) = read("early/200712 PSConv.md").entries
    assert entry.tags == ("cnn", "multiscale", "backbone")
    assert entry.commentary[0].startswith("멀티스케일 컨볼루션. #cnn #multiscale #backbone (다만")
    assert entry.related_links == ("https://github.com/d-li14/PSConv/issues/2",)


def test_each_week_header_dates_the_entries_under_it():
    digest = (
        "2023년 4월 5주차\n"
        "https://arxiv.org/abs/2304.00001\nApril Paper (Ann Author)\n#a\n"
        "2023년 5월 1주차\n"
        "https://arxiv.org/abs/2305.00001\nMay Paper (Bo Author)\n코멘트\n"
        "https://arxiv.org/abs/2305.00002\nAnother May Paper (Cy Author)\n"
    )
    entries, problems = read_text("digest.txt", digest)
    assert [(entry.title, entry.week.month, entry.week.week) for entry in entries] == [
        ("April Paper", 4, 5),
        ("May Paper", 5, 1),
        ("Another May Paper", 5, 1),
    ]
    assert entries[1].commentary == ("코멘트",)
    assert all(entry.date is None for entry in entries)
    assert problems == []


def test_inside_an_entry_only_a_listed_paper_starts_a_new_one():
    note = (
        "https://arxiv.org/abs/2305.01115\n"
        "A Paper (Ann Author)\n"
        "See the code at https://github.com/example/code\n"
        "Its own page again (https://arxiv.org/abs/2305.01115)\n"
        "Another Paper https://arxiv.org/abs/2305.09999\n"
        "코멘트.\n"
    )
    entries, _ = read_text("note.md", note)
    assert [(entry.origin.line, entry.title) for entry in entries] == [(1, "A Paper"), (5, "Another Paper")]
    assert entries[0].commentary == (
        "See the code at https://github.com/example/code",
        "Its own page again (https://arxiv.org/abs/2305.01115)",
    )
    assert entries[0].related_links == ("https://github.com/example/code",)
    assert entries[1].commentary == ("코멘트.",)
