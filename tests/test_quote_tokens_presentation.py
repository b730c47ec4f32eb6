"""Pages with Arabic presentation forms keep the quote tokenizer's fast (numpy) path.

Crawled pages sometimes carry letters in their presentation forms (ﺍﻟﻤﻐﺮﺏ: isolated, initial,
medial, final shapes). Normalisation maps each to its NFKC form, then folds; most are one
letter, folded by table. The forms that expand (the ligature ﻻ → لا, ﷺ → four words, ﹰ → a
space and a mark, ﷼ → ريال) are left in the join and their tokens' words made afterwards:
the text of the token normalised, spaces taken out. Either way the tokens must be those of
the regex tokenizer, which normalises the joined words.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.nlp.quotes.tokens import Tokens, _tokenize_block, tokenize, tokenize_general

_FORMS = [chr(c) for r in ((0xFB50, 0xFE00), (0xFE70, 0xFEFF)) for c in range(*r)]
_ONE_LETTER = [f for f in _FORMS if len(unicodedata.normalize("NFKC", f)) == 1]
_EXPANDING = ["\ufefb", "\ufdfa", "\ufdf2", "\ufe70", "\ufc5e", "\ufdfc"]  # ﻻ ﷺ ﷲ ﹰ ﱞ ﷼


def _as_tuple(tokens: Tokens) -> tuple[list[int], list[int], list[str], str]:
    return list(tokens.starts), list(tokens.ends), tokens.words, tokens.folded


CASES = [
    # (text, words): shapes fold like the letters they stand for (ة → ه, أ → ا, ى → ي).
    ("\ufe8d\ufedf\ufee4\ufed0\ufeae\ufe8f قال", ["المغرب", "قال"]),  # ﺍﻟﻤﻐﺮﺏ
    ("\ufe83\ufedb\ufeaa: \u00ab\ufee7\ufecc\ufee2\u00bb", ["اكد", ":", "«", "نعم", "»"]),  # ﺃﻛﺪ
    ("\ufe93 \ufeef", ["ه", "ي"]),  # ﺓ ﻯ: teh marbuta and alef maksura shapes
    # Expanding forms: one token stays one word, spaces taken out; a mark alone is no token.
    ("\ufedf\ufefb\ufecc\ufe90 \ufdfa \ufe70 \ufdfc", ["للاعب", "صلياللهعليهوسلم", "ريال"]),
    ("\ufefb\ufe70، \ufdf2", ["لا", "،", "الله"]),
]


@pytest.mark.parametrize(("text", "words"), CASES, ids=[c[0] for c in CASES])
def test_presentation_forms_fold_like_normalisation(text: str, words: list[str]) -> None:
    tokens = _tokenize_block(text)
    assert tokens.words == words
    assert _as_tuple(tokens) == _as_tuple(tokenize_general(text))


@pytest.mark.parametrize("forms", [_ONE_LETTER, _FORMS], ids=["one-letter", "all"])
def test_every_form_folds_like_normalisation(forms: list[str]) -> None:
    for text in (" ".join(forms), "".join(forms) * 2, "\u0628".join(forms)):
        assert len(text) > 400  # long enough for tokenize() to pick the numpy path
        assert _as_tuple(tokenize(text)) == _as_tuple(tokenize_general(text))


_ALPHABET = st.sampled_from(_ONE_LETTER[::7] + _EXPANDING + list("قالأإة ى١5.،,:\n«»ـ\u064e\u200f"))


@given(st.lists(_ALPHABET, max_size=80).map("".join))
@settings(max_examples=400, deadline=None)
def test_fast_path_equals_the_regex_tokenizer(text: str) -> None:
    assert _as_tuple(_tokenize_block(text)) == _as_tuple(tokenize_general(text))
