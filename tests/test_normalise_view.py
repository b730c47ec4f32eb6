"""A text's normalised view equals folding it character by character.

``normalised_view`` takes a slow path when a text holds Arabic presentation forms (ﷺ، ﻻ،
ﷲ): each form expands by NFKC. That path now folds the stretches between forms in one go;
these tests check it against the per-character definition it replaced, on real strings and
on random text over an alphabet that hits the edge cases (forms that expand to several
letters or to marks that the fold drops, marks next to forms, forms at both ends).
"""

from __future__ import annotations

import unicodedata
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic import letters as L
from khabar.arabic.normalise import FOLD_TABLE, NormalisedView, normalise, normalised_view
from khabar.arabic.tokens import text_view


def _reference_view(text: str) -> NormalisedView:
    """The slow path as first written: one step per character."""
    pieces: list[str] = []
    offsets: array[int] = array("i")
    for i, char in enumerate(text):
        if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefe":
            char = unicodedata.normalize("NFKC", char)
        replaced = char.translate(FOLD_TABLE)
        pieces.append(replaced)
        offsets.extend([i] * len(replaced))
    offsets.append(len(text))
    return NormalisedView(text, "".join(pieces), offsets)


CASES = [
    "قال النبي \ufdfa إن الدين يسر",  # ﷺ: one form, a whole phrase
    "\ufefbإله إلا \ufdf2",  # ﻻ at the start, ﷲ at the end
    "مُحَمَّد \ufdfa وَأَصْحَابُهُ",  # diacritics around a form
    "\ufe71\ufe72 كلمة",  # tatweel with a mark: folds to nothing
    "أحمد\u200f \ufef5 إلى ١٤٣٨ ـــ",  # bidi mark, lam-alef with madda, digits, tatweel
    "\ufdfa",
    "\ufdfa\ufdfa\ufefb",  # forms only, side by side
    "بسم الله " * 20 + "\ufdfa" + " والسلام" * 20,  # long stretches: the replace path of the fold
    # no form: the fast path (dropped marks only)
    "مُحَمَّدٌ رَسُولُ اللَّهِ",
    "قالــــت الوزارة\u200c إنّ ١٤٣٨",
    "الإرهابيّة " * 30,
]


@pytest.mark.parametrize("text", CASES)
def test_view_equals_per_character_fold(text: str) -> None:
    view = normalised_view(text)
    expected = _reference_view(text)
    assert view.text == expected.text
    assert view.offsets == expected.offsets
    assert view.text == normalise(text)


@pytest.mark.parametrize("text", CASES)
def test_cached_text_view_takes_the_same_path(text: str) -> None:
    view = text_view(text)
    expected = _reference_view(text)
    assert (view.text, view.offsets) == (expected.text, expected.offsets)


_ALPHABET = (
    "وبالسعدية أ إ ى ة"
    + L.DIACRITICS[:4]
    + L.TATWEEL
    + L.ZERO_WIDTH[:2]
    + "٣٨"
    + "\ufdfa\ufdf2\ufefb\ufef5\ufe71\ufe80\ufb50\ufd3e"
    + ".\n"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_random_text_view_equals_per_character_fold(text: str) -> None:
    view = normalised_view(text)
    expected = _reference_view(text)
    assert view.text == expected.text
    if view.offsets is None:  # no form and nothing dropped: the identity map
        assert expected.offsets == array("i", range(len(text) + 1))
    else:
        assert view.offsets == expected.offsets
