"""Pages with Arabic presentation forms keep the quote tokenizer's fast (numpy) path.

Crawled pages sometimes carry letters in their presentation forms (ﺍﻟﻤﻐﺮﺏ: isolated, initial,
medial, final shapes). Normalisation maps each to its NFKC form, then folds; most are one
letter, so the fast tokenizer folds them by table. Only a page with a form that expands
(the ligature ﻻ → لا, ﷺ → four words, ﹰ → a space and a mark) takes the regex path. Either
way the tokens must be those of the regex tokenizer, which normalises the joined words.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.nlp.quotes.tokens import (
    Tokens,
    _beyond_fast_path,
    _tables,
    _tokenize_block,
    tokenize,
    tokenize_general,
)

_FORMS = [chr(c) for r in ((0xFB50, 0xFE00), (0xFE70, 0xFEFF)) for c in range(*r)]
_ONE_LETTER = [f for f in _FORMS if len(unicodedata.normalize("NFKC", f)) == 1]
_EXPANDING = ["\ufefb", "\ufdfa", "\ufdf2", "\ufe70", "\ufc5e"]  # ﻻ ﷺ ﷲ ﹰ ﱞ


def _as_tuple(tokens: Tokens) -> tuple[list[int], list[int], list[str], str]:
    return list(tokens.starts), list(tokens.ends), tokens.words, tokens.folded


def _uses_fast_path(text: str) -> bool:
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return not _beyond_fast_path(points, _tables())


CASES = [
    # (text, words): shapes fold like the letters they stand for (ة → ه, أ → ا, ى → ي).
    ("\ufe8d\ufedf\ufee4\ufed0\ufeae\ufe8f قال", ["المغرب", "قال"]),  # ﺍﻟﻤﻐﺮﺏ
    ("\ufe83\ufedb\ufeaa: \u00ab\ufee7\ufecc\ufee2\u00bb", ["اكد", ":", "«", "نعم", "»"]),  # ﺃﻛﺪ
    ("\ufe93 \ufeef", ["ه", "ي"]),  # ﺓ ﻯ: teh marbuta and alef maksura shapes
]


@pytest.mark.parametrize(("text", "words"), CASES, ids=[c[0] for c in CASES])
def test_one_letter_forms_stay_on_the_fast_path(text: str, words: list[str]) -> None:
    assert _uses_fast_path(text)
    tokens = _tokenize_block(text)
    assert tokens.words == words
    assert _as_tuple(tokens) == _as_tuple(tokenize_general(text))


@pytest.mark.parametrize("form", _EXPANDING)
def test_expanding_forms_take_the_regex_path(form: str) -> None:
    text = f"قال {form} اليوم"
    assert not _uses_fast_path(text)
    assert _as_tuple(tokenize(text)) == _as_tuple(tokenize_general(text))


def test_every_one_letter_form_folds_like_normalisation() -> None:
    text = " ".join(_ONE_LETTER)
    assert len(text) > 400  # long enough for tokenize() to pick the numpy path
    assert _uses_fast_path(text)
    assert _as_tuple(tokenize(text)) == _as_tuple(tokenize_general(text))


_ALPHABET = st.sampled_from(_ONE_LETTER[::7] + _EXPANDING + list("قالأإة ى١5.،,:\n«»ـ\u064e\u200f"))


@given(st.lists(_ALPHABET, max_size=80).map("".join))
@settings(max_examples=400, deadline=None)
def test_fast_path_equals_the_regex_tokenizer(text: str) -> None:
    assert _as_tuple(_tokenize_block(text)) == _as_tuple(tokenize_general(text))
