"""``normalise`` folds long texts by a chain of ``str.replace`` (fast) and short ones by
``str.translate``: both ways must give exactly ``text.translate(FOLD_TABLE)``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic.normalise import FOLD_TABLE, normalise, normalised_view

# Every foldable character, some that are not, and a presentation form and an emoji.
_ALPHABET = [chr(code) for code in FOLD_TABLE] + list("ابتثجحخدسعلمنهوي 09.،«»\n") + ["\U0001f600"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("أحمد", "احمد"),
        ("الإرهابيّة ١٤٣٨", "الارهابيه 1438"),
        # Longer than the translate threshold: the replace chain.
        ("قالَ الرئيسُ إنّ المستشفى سيُفتتح في ٢٠٢٥، وأضافَ أنّ الـــمبادرة مُهمّة جداً",
         "قال الرئيس ان المستشفي سيفتتح في 2025، واضاف ان المبادره مهمه جدا"),
    ],
)
def test_normalise_examples(text: str, folded: str) -> None:
    assert normalise(text) == folded


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=300))
def test_normalise_equals_one_translate(text: str) -> None:
    assert normalise(text) == text.translate(FOLD_TABLE)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=300))
def test_view_maps_every_kept_character_back(text: str) -> None:
    view = normalised_view(text)
    assert view.text == text.translate(FOLD_TABLE)
    for i, char in enumerate(view.text):
        assert text[view.original_index(i)].translate(FOLD_TABLE) == char
