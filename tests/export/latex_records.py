"""Records that test what pdflatex and BibTeX make of an export: URLs, characters, math, author-less entries."""

import datetime
from pathlib import Path

from cite_export.model import Entry, Origin, Record
from cite_export.notes import read_sources
from cite_export.resolve.offline import record_from_note

PATH = "notes/latex.md"
# Every character outside ASCII, Hangul and CJK in the titles and author names of the ml-papers corpus
# (collected by a script over /work/shared/corpus/ml-papers/papers, which tests must not read).
CORPUS_CHARACTERS = (
    "\xd3\xdc\xdf\xe0\xe1\xe3\xe4\xe7\xe8\xe9\xeb\xec\xed\xf1\xf2\xf3\xf4\xf6\xfc\u0101\u0103\u0105\u0107\u010d"
    "\u0117\u0119\u0131\u0141\u0142\u0144\u0148\u015a\u015b\u0160\u0161\u016b\u017a\u017b\U0001d5d7\U0001d5e3"
    "\U0001d5e6"
)
# Seen in notes of the same author elsewhere: Greek, math symbols, dashes, quotes, combining accents.
OTHER_CHARACTERS = "\u03bc\u03a3\u0394\u03b3\u2014\u2013\u201c\u201d\u2018\u2019\u2026\u2264\u2265\u2192\xd7\u221e\xb0"
COMBINING = "x\u0303 e\u0328 a\u0328 n\u0303"
MATH_TITLES = [
    "S$^2$R: Teaching LLMs to Self-verify and Self-correct",
    "$\\mu$P: Maximal Update Parametrization",
    "From $r$ to $Q^*$: Your Language Model is Secretly a Q-Function",
    "$\N{GREEK SMALL LETTER GAMMA}$-MoD: Mixture-of-Depth Adaptation",
    "From $f(x)$ and $g(x)$ to $f(g(x))$: Compositional Skills",
    "A lone $ sign and $5 to $10",
]
# Each holds a character that plainnat's fallback \url, or a label made from the URL, used to choke on.
URLS = [
    "https://rosinality.github.io/2021/05/%EB%A8%B8%EC%8B%A0-%EB%9F%AC%EB%8B%9D-%EC%8B%9C%EC%8A%A4%ED%85%9C/",
    "https://example.com/a_b/c%20d?x=1&y=~z#frag",
    "https://www.youtube.com/watch?v=a_b&t=1#t=2m",
    "https://huggingface.co/~user/model_name",
]
UNTITLED_ARXIV = "https://arxiv.org/abs/1706.08224"
TITLED_PAGE = "https://openreview.net/forum?id=H1e5GJBtDr"
TITLED_PAGE_TITLE = "Reformer: The Efficient Transformer (the ICLR page)"


def _chunks(text: str, size: int) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]


NOTES = [
    *(dict(links=(url,)) for url in URLS),
    dict(links=(UNTITLED_ARXIV,)),
    dict(links=(TITLED_PAGE,), title=TITLED_PAGE_TITLE),
    *(
        dict(
            links=(f"https://arxiv.org/abs/2402.{10 + index:05d}",),
            title=f"Characters {' '.join(chunk)}",
            authors=(f"Ann {chunk}son", f"{chunk[::-1]} Berg"),
        )
        for index, chunk in enumerate(_chunks(CORPUS_CHARACTERS + OTHER_CHARACTERS, 8))
    ),
    dict(links=("https://arxiv.org/abs/2402.00090",), title=f"Combining {COMBINING}", authors=(f"Jo{COMBINING[:2]}",)),
    *(
        dict(links=(f"https://arxiv.org/abs/2402.{100 + index:05d}",), title=title, authors=("Greg Yang",))
        for index, title in enumerate(MATH_TITLES)
    ),
]


def latex_records() -> list[Record]:
    entries = [
        Entry(origin=Origin(PATH, 1 + 5 * index), date=datetime.date(2024, 3, 1), **fields)
        for index, fields in enumerate(NOTES)
    ]
    return [record_from_note(entry) for entry in entries]


EXAMPLE_NOTES = Path(__file__).resolve().parents[2] / "examples" / "notes"


def example_records() -> list[Record]:
    """The author-less entries of examples/notes/, which the example papers cite besides the seed."""
    return [record_from_note(entry) for entry in read_sources([str(EXAMPLE_NOTES)]).entries]
