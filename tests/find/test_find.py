"""``cite-export find``: best match first, in English and Korean, by title, authors, tags and commentary, from
an index that reads again only the notes that changed."""

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from cite_export.cli import main
from cite_export.find.files import note_stats
from cite_export.notes.sources import note_files

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GAUSSIAN = "kerbl20233d  2023  3D Gaussian Splatting for Real-Time Radiance Field Rendering"


def find(tmp_path: Path, *arguments: str, notes: Path = SEEDS, exit_code: int = 0):
    command = ["find", "--cache-dir", str(tmp_path / "cache"), "--notes", str(notes), *arguments]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == exit_code, result.output
    return result


def vault_note(folder: Path, name: str, arxiv_id: str, title: str, authors: str, commentary: str, tags: str) -> Path:
    path = folder / name
    text = f"https://arxiv.org/abs/{arxiv_id}\n\n{title} ({authors})\n\n{commentary}\n\n{tags}\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_words_of_a_title_find_the_paper_and_print_key_year_title(tmp_path):
    result = find(tmp_path, "gaussian", "splatting")
    assert result.stdout.splitlines() == [GAUSSIAN]
    assert result.stderr.splitlines()[-1] == "1 match among 13 papers; 1 note files read"
    assert find(tmp_path, "splat").stdout.splitlines() == [GAUSSIAN]  # part of a word, any case


def test_korean_commentary_is_searched(tmp_path):
    assert find(tmp_path, "포인트", "클라우드").stdout.splitlines() == [GAUSSIAN]
    assert find(tmp_path, "렌더링하면서").stdout.splitlines() == [GAUSSIAN]
    # Two syllables are below the trigram index's reach; they are still found.
    short = find(tmp_path, "염탐").stdout.splitlines()
    assert short == [
        "narayanan2023cheaply  2023  Cheaply Evaluating Inference Efficiency Metrics for Autoregressive "
        "Transformer APIs"
    ]


def test_authors_and_tags_are_searched_and_tag_filters(tmp_path):
    by_author = [line.split()[0] for line in find(tmp_path, "Uri", "Alon").stdout.splitlines()]
    assert sorted(by_author) == ["bertsch2023unlimiformer", "brody2023expressivity"]
    assert [line.split()[0] for line in find(tmp_path, "neural_rendering").stdout.splitlines()] == ["kerbl20233d"]
    assert sorted(line.split()[0] for line in find(tmp_path, "text2img").stdout.splitlines()) == [
        "kirstain2023pickapic",
        "wang2023incontext",
    ]
    assert [line.split()[0] for line in find(tmp_path, "--tag", "#ddpm").stdout.splitlines()] == ["wang2023incontext"]
    transformers = [line.split()[0] for line in find(tmp_path, "transformer").stdout.splitlines()]
    assert len(transformers) == 5
    tagged = find(tmp_path, "transformer", "--tag", "self_supervised").stdout.splitlines()
    assert [line.split()[0] for line in tagged] == ["park2023what"]


def test_cite_prints_a_ready_cite_command(tmp_path):
    result = find(tmp_path, "--cite", "gaussian")
    assert result.stdout.splitlines() == [
        "\\cite{kerbl20233d}  % 2023 3D Gaussian Splatting for Real-Time Radiance Field Rendering"
    ]


def test_a_title_match_ranks_above_a_mention_in_commentary(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    vault_note(
        vault,
        "230101 Mention.md",
        "2301.00001",
        "Dense Retrieval at Scale",
        "Ann Lee",
        "비교 대상으로 sparse attention 계열을 언급합니다.",
        "#retrieval",
    )
    vault_note(
        vault,
        "230102 Survey.md",
        "2301.00002",
        "A Survey of Sparse Attention",
        "Bo Kim",
        "정리가 잘 되어 있네요.",
        "#attention",
    )
    lines = find(tmp_path, "sparse", "attention", notes=vault).stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["kim2023survey", "lee2023dense"]


def test_no_match_is_exit_code_1_and_no_words_is_a_usage_error(tmp_path):
    result = find(tmp_path, "nosuchwordanywhere", exit_code=1)
    assert result.stdout == "" and "0 matches among 13 papers" in result.stderr
    assert "say what to find" in find(tmp_path, exit_code=2).stderr


def test_only_changed_notes_are_read_again_and_new_edited_and_removed_notes_show(tmp_path):
    vault = tmp_path / "vault"
    (vault / "2023").mkdir(parents=True)
    first = vault_note(
        vault / "2023", "230101 One.md", "2301.00001", "Dense Retrieval at Scale", "Ann Lee", "검색 모델.", "#retrieval"
    )
    vault_note(
        vault / "2023", "230102 Two.md", "2301.00002", "Sparse Mixtures of Experts", "Bo Kim", "전문가 혼합.", "#moe"
    )
    assert "2 note files read" in find(tmp_path, "retrieval", notes=vault).stderr
    assert "0 note files read" in find(tmp_path, "retrieval", notes=vault).stderr

    vault_note(vault, "230103 Three.md", "2301.00003", "Retrieval Heads in Long Context", "Cy Park", "헤드.", "#llm")
    result = find(tmp_path, "retrieval", notes=vault)
    assert "1 note files read" in result.stderr
    assert sorted(line.split()[0] for line in result.stdout.splitlines()) == ["lee2023dense", "park2023retrieval"]

    text = first.read_text(encoding="utf-8").replace("검색 모델.", "검색 모델. 코사인 유사도로 학습.")
    first.write_text(text, encoding="utf-8")
    os.utime(first, ns=(1, 1))  # a changed size alone marks it changed, whatever the clock says
    assert find(tmp_path, "코사인", notes=vault).stdout.startswith("lee2023dense  2023")

    first.unlink()
    result = find(tmp_path, "retrieval", notes=vault)
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["park2023retrieval"]
    assert "among 2 papers; 0 note files read" in result.stderr


def test_the_find_listing_and_the_notes_reader_agree_on_which_files_are_notes(tmp_path):
    vault = tmp_path / "vault"
    for name in ("a.md", "b.TXT", "c.markdown", "d.pdf", ".hidden.md", "sub/e.md", ".git/f.md", "sub/deeper/g.txt"):
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text("x\n", encoding="utf-8")
    shutil.copy(SEEDS / "000_ae20b5798b0ea146.txt", tmp_path / "digest.txt")
    sources = [str(vault), str(tmp_path / "digest.txt")]
    assert sorted(note_stats(sources)) == sorted(note_files(sources))


def test_a_bib_run_that_issues_new_keys_makes_the_next_search_read_every_note_again(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    vault_note(vault, "230101 One.md", "2301.00001", "Dense Retrieval at Scale", "Ann Lee", "검색.", "#retrieval")
    assert "1 note files read" in find(tmp_path, "retrieval", notes=vault).stderr
    assert "0 note files read" in find(tmp_path, "retrieval", notes=vault).stderr
    other = tmp_path / "other"
    other.mkdir()
    vault_note(other, "230102 Two.md", "2301.00002", "Sparse Mixtures of Experts", "Bo Kim", "전문가.", "#moe")
    command = ["bib", "--offline", "--cache-dir", str(tmp_path / "cache"), str(other)]
    assert CliRunner().invoke(main, command).exit_code == 0
    # A row holds the paper's key and resolved title, so a change to either in the database re-reads the notes.
    assert "1 note files read" in find(tmp_path, "retrieval", notes=vault).stderr


def test_a_damaged_cache_is_rebuilt_and_the_search_still_answers(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cite-export.sqlite3").write_bytes(b"not a database at all\n" * 100)
    result = find(tmp_path, "gaussian")
    assert result.stdout.splitlines() == [GAUSSIAN]
    assert "warning:" in result.stderr and "corrupt" in result.stderr
