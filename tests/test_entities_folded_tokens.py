"""``folded_tokens`` (tokens cut from the body's folded view, the compiled build's way to
normalise a page's tokens) equals ``normalise_words`` of the tokens, on texts with marks,
tatweel, presentation forms, digits, Latin letters and punctuation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic.normalise import normalised_view
from khabar.arabic.tokens import normalise_words, split_tokens, text_view
from khabar.nlp.entities import folded_tokens

TEXTS = [
    "وقال وزير الخارجية الروسي سيرجي لافروف: «نعم».",
    "الإرهابيّة ١٤٣٨ مُحَمَّد ـالرياض، والقاهرة",  # marks, tatweel, Arabic-Indic digits
    "صلى الله عليه وسلم ﷺ وقال ﻻ لـ«الوطن»",  # presentation forms (one expands to words)
    "Apple Inc. أعلنت عن iPhone 15 بسعر 999$ في 2023/9/12",
    "\u200fنص\u200f مع علامات اتجاه \u200b وفراغات\u00a0غير منقسمة",
    "",
    "...؟!",
]
_MARKS = ["\u064b", "\u064e", "\u0651", "\u0652", "\u0640", "\u200f", "\ufefb", "\ufdfa"]
_ALPHABET = st.sampled_from(
    [*"ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ", " ", " ", ".", "،", "«", "»", "1", "١", "a", *_MARKS]
)


def _both(text: str) -> tuple[list[str], list[str]]:
    words, starts, ends = split_tokens(text)
    return folded_tokens(text_view(text), starts, ends), normalise_words(words)


@pytest.mark.parametrize("text", TEXTS)
def test_cut_from_the_view_equals_normalise_words(text: str) -> None:
    cut, folded = _both(text)
    assert cut == folded


def test_the_view_made_the_slow_way_cuts_the_same() -> None:
    text = TEXTS[1] + " " + TEXTS[2]
    words, starts, ends = split_tokens(text)
    assert folded_tokens(normalised_view(text), starts, ends) == normalise_words(words)


@given(st.text(_ALPHABET, max_size=60))
@settings(max_examples=300, deadline=None)
def test_cut_from_the_view_equals_normalise_words_on_generated_text(text: str) -> None:
    cut, folded = _both(text)
    assert cut == folded
