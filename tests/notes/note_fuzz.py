"""Pieces of notes for fuzzing: the shapes real vaults hold, and what an attacker or a clumsy paste adds.

Shared by the fuzz tests (tests/notes) and the longer run (benchmarks/fuzz_notes.py).
"""

from __future__ import annotations

import random
import re

PIECES = [
    "https://arxiv.org/abs/2305.01115",
    "https://arxiv.org/pdf/2306.00001v2.pdf",
    "arxiv.org/abs/2305.01115",
    "https://x.com/a/status/1666000000000000000",
    "https://twitter.com/togethercompute/status/1653400934330355712?s=20",
    "https://github.com/example/repo",
    "[t](https://a.example/c)",
    "[arXiv](https://arxiv.org/abs/2307.02486)",
    "## [Introducing X](https://openai.com/index/x/)",
    "(OpenAI)",
    "(Kimi Team)",
    "(Anonymous authors)",
    "GPT-4 https://openai.com/research/gpt-4",
    "Title (https://a.example/page) comment",
    "S$^2$R: Teaching $\\mu$P From $r$ to $Q^*$ (Ann Author)",
    "#InsTag: Instruction Tagging (Keming Lu, Hongyi Yuan)",
    "Physics of Skill Learning (Yizhou liu, Ziming Liu, Jeff Gore)",
    "A Study (Ludwig van Beethoven, Diego de las Casas, Nanyun (Violet) Peng)",
    "Title",
    "(Ann Author, Bo Author)",
    "(",
    ")",
    "[[",
    "]]",
    "[[230418 UniMax]]",
    "# Links",
    "#",
    "#tag",
    "#tag #few_shot #3d",
    "## heading",
    "> ",
    "> quoted abstract",
    "<english>",
    "</english>",
    "```",
    "2023년 5월 1주차",
    "한국어 코멘트입니다.",
    "*",
    "\\",
    "{",
    "}",
    "@",
    "%",
    "&",
    "~",
    "$",
    "\\end{document}",
    "@misc{x,",
    "https://",
    "\u200b",
    "\ufeff",
    "\t",
    "\r",
    "\x00",
    "\x07",
    "\x0c",
    "\x1b[31m",
    "\x85",
    "\x9b",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\ufdd0",
    "\u2028",
    "\n",
    "\n",
    "\n",
]
SEPARATORS = ["", " ", "\n", "\n\n"]
# What no output may hold: C0 and C1 controls other than tab and line ends, and noncharacters.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def random_note(generator: random.Random, pieces: int = 30) -> str:
    """A note of up to ``pieces`` pieces, some of them runs of random characters from the whole of Unicode."""
    parts = []
    for _ in range(generator.randint(0, pieces)):
        if generator.random() < 0.15:
            parts.append("".join(chr(generator.randint(0, 0x10FFFF)) for _ in range(generator.randint(1, 8))))
        else:
            parts.append(generator.choice(PIECES))
        parts.append(generator.choice(SEPARATORS))
    # Lone surrogates cannot come out of decoding a file; a note never holds them.
    return "".join(parts).encode("utf-8", "replace").decode("utf-8")
