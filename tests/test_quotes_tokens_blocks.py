"""The quote tokenizer's fast paths give the regex tokenizer's tokens.

Long texts are tokenised a block of lines at a time (``BLOCK_CHARS``); the blocks' tokens,
shifted by each block's offset, must be those of the whole text, including at the block
edges: a line starting with "د." (abbreviation joined to its dot), decimals "2.5", marks
that normalisation drops, lines longer than a block.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes.tokens import BLOCK_CHARS, Tokens, tokenize, tokenize_general

LINES = [
    "وقال د. أحمد سالم إن النمو بلغ 2.5مليون دولار، أي 3,4 في المئة.",
    "م. خالد: «نعمـل معاً على الخطة» ١٢٣٫٥",
    "ـــ ً \u200b\u200f",
    "أكد الوزير أن “الاتفاق نهائي” وأضاف: 'لا عودة'",
    "",
]


def _long_text(lines: int, extra_line: str = "") -> str:
    body = [LINES[k % len(LINES)] for k in range(lines)]
    if extra_line:
        body.insert(lines // 2, extra_line)
    return "\n".join(body)


def _as_tuple(tokens: Tokens) -> tuple[list[int], list[int], list[str], str]:
    return tokens.starts, tokens.ends, tokens.words, tokens.folded


@pytest.mark.parametrize(
    "text",
    [
        _long_text(3 * BLOCK_CHARS // 40),
        _long_text(2 * BLOCK_CHARS // 40, extra_line="كلمة " * BLOCK_CHARS),  # a line > a block
        "\n" * (BLOCK_CHARS + 5) + "د. علي",
        "د. سالم\n" * (BLOCK_CHARS // 4),
    ],
    ids=["lines", "long-line", "newlines", "abbreviations"],
)
def test_blockwise_tokens_equal_the_regex_tokens(text: str) -> None:
    assert len(text) > BLOCK_CHARS
    tokens = tokenize(text)
    assert _as_tuple(tokens) == _as_tuple(tokenize_general(text))
    assert all(
        tokens.original[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)
    )  # every token spans some of the text
