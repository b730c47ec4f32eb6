"""The compiled tagger's new words are featurised without folding them again.

``FeatureExtractor.columns`` (what :class:`~khabar.nlp.entities.viterbi.CompiledCrf` calls
for new word types, which are normalised tokens) passes ``normalised=True`` to
``word_columns``. That is only right because folding is idempotent: checked on every
lexicon surface and on generated Arabic words with marks, hamzas, tatweel and
presentation forms, and the columns must be the ones of the raw words.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import normalise_words
from khabar.nlp.entities.features import FeatureExtractor, load_word_stats, word_columns
from khabar.nlp.entities.resources import load_clusters, load_lexicon

WORDS = [
    "وقال",
    "لافروف",
    "للعراق",
    "والسعودية",
    "بالقاهرة",
    "الإرهابيّة",
    "مُحَمَّد",
    "ـالرياض",
    "١٤٣٨",
    "ﷺ",
    "ﻻ",
    "إيران",
    "مستشفى",
    "",
]
_ALPHABET = st.sampled_from(
    [*"ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ", "\u064b", "\u0651", "\u0640", "\ufefb", "١"]
)


@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_folding_is_idempotent(words: list[str]) -> None:
    assert [normalise(w) for w in normalise_words(words)] == normalise_words(words)


def test_folding_is_idempotent_on_the_lexicon() -> None:
    surfaces = list(load_lexicon())
    assert all(normalise(w) == w for w in normalise_words(surfaces) if " " not in w)


def test_columns_of_normalised_words_are_the_columns_of_the_raw_words() -> None:
    lexicon, clusters, stats = load_lexicon(), load_clusters(), load_word_stats()
    extractor = FeatureExtractor(lexicon, clusters, stats=stats)
    raw = word_columns(WORDS, lexicon, clusters, stats)
    assert extractor.columns(normalise_words(WORDS)) == raw
