"""``cite-export bib --cited FILE...``: only the entries a document cites, from every kind of file that
names them; an unknown key is reported with suggestions and exit code 1."""

import json
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner
from system_tools import require_tool

from cite_export.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ALL_SEED_KEYS = 13


def bib(tmp_path: Path, *arguments: str, exit_code: int = 0):
    command = ["bib", "--offline", "--cache-dir", str(tmp_path / "cache"), *arguments, str(SEEDS)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == exit_code, result.output
    return result


def exported_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),$", text, flags=re.MULTILINE)


def cited(tmp_path: Path, name: str, text: str, *arguments: str, exit_code: int = 0):
    document = tmp_path / name
    document.write_text(text, encoding="utf-8")
    return bib(tmp_path, "--cited", str(document), *arguments, exit_code=exit_code)


def test_a_natbib_aux_file(tmp_path):
    aux = "\\relax\n\\citation{kerbl20233d}\n\\citation{wang2023incontext,park2023what}\n\\bibstyle{plainnat}\n"
    result = cited(tmp_path, "paper.aux", aux)
    assert exported_keys(result.stdout) == ["wang2023incontext", "park2023what", "kerbl20233d"]
    assert result.stderr.splitlines()[-1] == "13 notes -> 3 entries (0 merged): 2 arXiv, 1 web; 1 warning"


def test_citation_star_in_an_aux_file_exports_everything(tmp_path):
    result = cited(tmp_path, "paper.aux", "\\citation{kerbl20233d}\n\\citation{*}\n")
    assert len(exported_keys(result.stdout)) == ALL_SEED_KEYS


def test_an_included_chapter_aux_file_is_followed(tmp_path):
    (tmp_path / "chapter1.aux").write_text("\\citation{stoica2023zipit}\n", encoding="utf-8")
    result = cited(tmp_path, "paper.aux", "\\@input{chapter1.aux}\n\\citation{li2023can}\n")
    assert exported_keys(result.stdout) == ["li2023can", "stoica2023zipit"]


def test_a_biblatex_aux_file_and_its_bcf(tmp_path):
    aux = "\\abx@aux@refcontext{nyt/global//global/global}\n\\abx@aux@cite{0}{li2023can}\n\\abx@aux@segm{0}{0}{x}\n"
    assert exported_keys(cited(tmp_path, "paper.aux", aux).stdout) == ["li2023can"]
    bcf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<bcf:controlfile>\n  <bcf:section number="0">\n'
        '    <bcf:citekey order="1" intorder="1">brody2023expressivity</bcf:citekey>\n'
        '    <bcf:citekey order="2" intorder="1">jefrankle2023</bcf:citekey>\n  </bcf:section>\n</bcf:controlfile>\n'
    )
    assert exported_keys(cited(tmp_path, "paper.bcf", bcf).stdout) == ["jefrankle2023", "brody2023expressivity"]
    everything = bcf.replace("jefrankle2023<", "*<")
    assert len(exported_keys(cited(tmp_path, "paper.bcf", everything).stdout)) == ALL_SEED_KEYS


TEX = r"""\documentclass{article}
\usepackage{natbib}
\begin{document}
As \citet{wang2023incontext} show, and others agree \citep[see][p.~3]{park2023what, kerbl20233d}.
% \cite{stoica2023zipit} is commented out, and so is the rest of this line
50\% of \citeauthor*{li2023can} and \Citet
  {brody2023expressivity}; \parencites(pre)(post)[a]{nijkamp2023codegen2}[b]{liu2023branchnorm}.
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""


def test_a_tex_file_read_directly(tmp_path):
    result = cited(tmp_path, "paper.tex", TEX)
    assert exported_keys(result.stdout) == [
        "wang2023incontext",
        "park2023what",
        "kerbl20233d",
        "nijkamp2023codegen2",
        "liu2023branchnorm",
        "li2023can",
        "brody2023expressivity",
    ]
    everything = TEX.replace("\\bibliographystyle", "\\nocite{*}\n\\bibliographystyle")
    assert len(exported_keys(cited(tmp_path, "paper.tex", everything).stdout)) == ALL_SEED_KEYS


def test_the_aux_and_bcf_that_latex_itself_writes(tmp_path):
    require_tool("pdflatex")
    natbib = TEX.replace("; \\parencites(pre)(post)[a]{nijkamp2023codegen2}[b]{liu2023branchnorm}", "")
    biblatex = TEX.replace("\\usepackage{natbib}", "\\usepackage[backend=biber]{biblatex}\\addbibresource{refs.bib}")
    biblatex = biblatex.replace("\\bibliographystyle{plainnat}\n\\bibliography{refs}", "\\printbibliography")
    biblatex = (
        biblatex.replace("\\citet", "\\textcite").replace("\\Citet", "\\Textcite").replace("\\citep", "\\parencite")
    )
    for name, source in (("natbib", natbib), ("biblatex", biblatex)):
        (tmp_path / f"{name}.tex").write_text(source, encoding="utf-8")
        command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout[-2000:]
    expected = {
        "natbib.aux": sorted(exported_keys(cited(tmp_path, "natbib.tex", natbib).stdout)),
        "biblatex.aux": sorted(exported_keys(cited(tmp_path, "biblatex.tex", biblatex).stdout)),
        "biblatex.bcf": sorted(exported_keys(cited(tmp_path, "biblatex.tex", biblatex).stdout)),
    }
    assert len(expected["natbib.aux"]) == 5 and len(expected["biblatex.aux"]) == 7
    for written, keys in expected.items():
        assert sorted(exported_keys(bib(tmp_path, "--cited", str(tmp_path / written)).stdout)) == keys, written


def test_pandoc_markdown(tmp_path):
    markdown = """\
---
title: A paper
---
Diffusion can learn in context [@wang2023incontext; @park2023what, p. 3], as @kerbl20233d [p. 4] said.
Write to me@example.org, or see [-@{li2023can}].

```python
decorator = "@stoica2023zipit"
```
and `@brody2023expressivity` in code cites nothing.
"""
    result = cited(tmp_path, "paper.md", markdown)
    assert exported_keys(result.stdout) == ["wang2023incontext", "park2023what", "kerbl20233d", "li2023can"]
    everything = markdown.replace("title: A paper", "title: A paper\nnocite: |\n  @*")
    assert len(exported_keys(cited(tmp_path, "paper.md", everything).stdout)) == ALL_SEED_KEYS


def test_a_misspelt_key_is_reported_with_suggestions_and_exit_code_1(tmp_path):
    aux = "\\citation{wang2023incontext}\n\\citation{kerbl2023gaussian}\n\\citation{sun2023principled}\n"
    result = cited(tmp_path, "paper.aux", aux, exit_code=1)
    assert exported_keys(result.stdout) == ["wang2023incontext"]
    assert (
        f"{tmp_path / 'paper.aux'}:2: unknown citation key kerbl2023gaussian; did you mean kerbl20233d, "
        "3D Gaussian Splatting for Real-Time Radiance Field Rendering?"
    ) in result.stderr
    assert "unknown citation key sun2023principled; did you mean sun2023principledriven, Principle-Driven" in (
        result.stderr
    )
    assert result.stderr.splitlines()[-1].endswith("3 warnings")  # the seed's own, and one per unknown key


def test_a_key_with_nothing_near_it_says_so(tmp_path):
    result = cited(tmp_path, "paper.aux", "\\citation{zzqx}\n", exit_code=1)
    assert "unknown citation key zzqx: no note or entry has it" in result.stderr


def test_a_key_only_in_the_update_file_is_not_unknown(tmp_path):
    refs = tmp_path / "refs.bib"
    hand = "@book{knuth1984texbook,\n  title = {The TeXbook},\n  author = {Knuth, Donald E.},\n  year = 1984,\n}\n"
    refs.write_text(hand, encoding="utf-8")
    aux = "\\citation{knuth1984texbook,kerbl20233d}\n"
    result = cited(tmp_path, "paper.aux", aux, "--update", str(refs))
    written = refs.read_text(encoding="utf-8")
    assert written.startswith(hand)
    assert exported_keys(written) == ["knuth1984texbook", "kerbl20233d"]
    assert "unknown" not in result.stderr


def test_csl_json_of_what_a_pandoc_markdown_paper_cites(tmp_path):
    document = tmp_path / "paper.md"
    document.write_text("As [@kerbl20233d; @li2023can, p. 2] and [@kerbl2023gausian] show.\n", encoding="utf-8")
    command = ["csl", "--offline", "--cache-dir", str(tmp_path / "cache"), "--cited", str(document), str(SEEDS)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1, result.output
    assert [item["id"] for item in json.loads(result.stdout)] == ["kerbl20233d", "li2023can"]
    message = f"{document}:1: unknown citation key kerbl2023gausian; did you mean kerbl20233d, 3D Gaussian"
    assert message in result.stderr


def test_a_tex_file_and_the_chapters_it_inputs(tmp_path):
    (tmp_path / "chapters").mkdir()
    # LaTeX resolves an \input inside a chapter against the main file's folder, as here.
    (tmp_path / "chapters" / "intro.tex").write_text("\\citep{li2023can}\n\\input{related}\n", encoding="utf-8")
    (tmp_path / "related.tex").write_text("\\cite{stoica2023zipit}\n\\input{main}\n", encoding="utf-8")
    main_tex = "\\input{chapters/intro}\n% \\input{missing}\n\\include{absent}\n\\cite{kerbl20233d}\n"
    result = cited(tmp_path, "main.tex", main_tex)
    assert exported_keys(result.stdout) == ["kerbl20233d", "li2023can", "stoica2023zipit"]
