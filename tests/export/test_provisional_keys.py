"""A key made without authors is provisional: re-derived when arXiv answers or a title line is added, kept (with a
hint) where the user's file already holds it until --rekey, listed in BibLaTeX's ids once replaced; a key made with
authors never changes."""

import re
import sqlite3

from click.testing import CliRunner
from servers.arxiv import ArxivServer, paper

from cite_export.cli import main

XLNET = paper(
    "1906.08237",
    "XLNet: Generalized Autoregressive Pretraining for Language Understanding",
    ["Zhilin Yang", "Zihang Dai", "Yiming Yang", "Jaime Carbonell", "Ruslan Salakhutdinov", "Quoc V. Le"],
    "2019-06-19",
    "cs.CL",
)
BERT = paper(
    "1810.04805",
    "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
    "2018-10-11",
    "cs.CL",
)
# A digest week with a bare arXiv link (no title, no authors) and a paper noted with its authors, whose
# key must never move even though arXiv's title differs from the note's.
DIGEST = """2019년 6월 4주차

https://arxiv.org/abs/1906.08237

https://arxiv.org/abs/1810.04805
BERT Pretraining (Jacob Devlin, Ming-Wei Chang)
#lm
"""


def bib(tmp_path, *arguments, server=None):
    network = ["--arxiv-api", server.url, "--arxiv-delay", "0.1", "--arxiv-timeout", "2"] if server else ["--offline"]
    result = CliRunner().invoke(
        main, ["bib", str(tmp_path / "digest.txt"), "--cache-dir", str(tmp_path / "c"), *network, *arguments]
    )
    assert result.exit_code == 0, result.output
    return result


def keys(text: str) -> list[str]:
    return re.findall(r"^@(?!preamble|comment)\w+\{([^,]+),", text, flags=re.MULTILINE)


def test_a_key_made_offline_without_authors_is_re_derived_once_arxiv_answers(tmp_path):
    (tmp_path / "digest.txt").write_text(DIGEST, encoding="utf-8")
    offline = keys(bib(tmp_path).stdout)
    assert set(offline) == {"devlin2018bert", "arxiv190608237"}
    with ArxivServer([XLNET, BERT]) as server:
        online = keys(bib(tmp_path, server=server).stdout)
    assert set(online) == {"devlin2018bert", "yang2019xlnet"}
    with sqlite3.connect(tmp_path / "c" / "cite-export.sqlite3") as connection:
        assert connection.execute("SELECT key FROM keys_replaced").fetchall() == [("arxiv190608237",)]


def test_a_provisional_key_in_the_users_file_stays_with_a_hint_until_rekey_and_biblatex_keeps_it_in_ids(tmp_path):
    (tmp_path / "digest.txt").write_text(DIGEST, encoding="utf-8")
    refs = tmp_path / "refs.bib"
    bib(tmp_path, "--style", "biblatex", "-o", str(refs))
    assert "@online{arxiv190608237," in refs.read_text(encoding="utf-8")
    with ArxivServer([XLNET, BERT]) as server:
        kept = bib(tmp_path, "--style", "biblatex", "--update", str(refs), server=server)
        assert set(keys(refs.read_text(encoding="utf-8"))) == {"devlin2018bert", "arxiv190608237"}
        assert "arxiv190608237 in" in kept.stderr and "--rekey replaces it with yang2019xlnet" in kept.stderr
        bib(tmp_path, "--style", "biblatex", "--update", str(refs), "--rekey", server=server)
    text = refs.read_text(encoding="utf-8")
    assert set(keys(text)) == {"devlin2018bert", "yang2019xlnet"}
    assert "  ids = {arxiv190608237}," in text.split("@online{yang2019xlnet,")[1].split("\n}")[0]


def test_a_title_line_added_later_re_derives_a_provisional_key_and_authors_pin_it(tmp_path):
    digest = tmp_path / "digest.txt"
    digest.write_text(DIGEST, encoding="utf-8")
    assert "arxiv190608237" in keys(bib(tmp_path).stdout)
    digest.write_text(DIGEST.replace("1906.08237\n", "1906.08237\nXLNet (Zhilin Yang, Zihang Dai)\n"), encoding="utf-8")
    assert "yang2019xlnet" in keys(bib(tmp_path).stdout)
    digest.write_text(DIGEST.replace("1906.08237\n", "1906.08237\nXLNet Again (Someone Else)\n"), encoding="utf-8")
    assert "yang2019xlnet" in keys(bib(tmp_path).stdout)  # made with authors: pinned for good
