"""The shared token layer and the entity stage's fast paths equal their simple definitions.

Each fast path (one regex pass with running offsets, one fold of the joined words, break
points instead of a walk over every token, a walk back to the word start instead of a
try of every proclitic) is checked against the straightforward code it replaced, on real
Arabic strings and on random text over an alphabet that hits the edge cases.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise, normalised_view
from khabar.arabic.tokens import (
    WordCache,
    normalise_words,
    split_tokens,
    text_view,
    token_arrays,
)
from khabar.nlp.entities import _MAX_SENTENCE, _last_overlapping, _sentence_ranges
from khabar.nlp.entities.gazetteer import _is_letter, _left_ok
from khabar.nlp.entities.patterns import PatternSpan
from khabar.nlp.entities.tokens import PROCLITICS, tokenize

_MARKS = L.DIACRITICS + L.TATWEEL + L.ZERO_WIDTH + L.BIDI_CONTROLS
# the tokeniser as first written: one match object per token, no possessive quantifiers
_REFERENCE_RE = re.compile(
    r"[^\W\d_]*\d+(?:[.,،٫]\d+)+(?![^\W_])"
    r"|(?:[^\W_]|[" + re.escape(_MARKS) + r"])+"
    r"|[^\s" + re.escape(_MARKS) + r"]"
)

_ALPHABET = (
    "وبالسعدية"  # letters, proclitic letters among them
    "أإآىة"  # letters normalisation folds
    "\u064e\u0651\u0640\u200c\u200f"  # fatha, shadda, tatweel, ZWNJ, RLM
    "0123٣٤.,،٫_-«»:"  # digits (ASCII and Arabic-Indic), separators, punctuation
    " \n\t\u00a0"  # whitespace, NBSP among it
    "\ufefb\ufdfa"  # presentation forms: lam-alef, a ligature that expands to words
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=80)


def _reference_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _REFERENCE_RE.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "وقال لافروف: «نعم»",
        "بلغ النمو 3.5% و1,000 ريال عام2014.5 ثم ١٢٫٥",
        "هادي.وقال  الرئيسُ\u0640 ،\n\nوسوريا",
        " \u0651 ـ ",  # tokens made only of marks
        "1.2.3ب و 4.5.",
        "",
    ],
)
def test_token_arrays_equal_the_match_by_match_tokeniser(text: str) -> None:
    words, starts, ends = split_tokens(text)
    assert list(zip(words, starts, ends, strict=True)) == _reference_tokens(text)
    assert all(text[s:e] == w for w, s, e in zip(words, starts, ends, strict=True))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_token_arrays_equal_the_reference_on_random_text(text: str) -> None:
    assert [tuple(t) for t in tokenize(text)] == _reference_tokens(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET.replace("_", ""), max_size=80))
def test_fast_token_patterns_equal_the_reference(text: str) -> None:
    # no underscore: the one-class word pattern, with or without the number alternative
    assert [tuple(t) for t in tokenize(text)] == _reference_tokens(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_normalise_words_equals_word_by_word(text: str) -> None:
    words = split_tokens(text).words
    assert normalise_words(words) == [normalise(w) for w in words]


def test_normalise_words_with_an_expanding_ligature() -> None:
    words = ["النبي", "\ufdfa", "قال"]  # ﷺ folds to four words
    assert normalise_words(words) == [normalise(w) for w in words]
    assert normalise_words([]) == []


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_text_view_equals_the_normalised_view(text: str) -> None:
    assert text_view(text) == normalised_view(text)


def test_text_view_of_a_text_longer_than_the_shared_identity_array() -> None:
    text = "مُحَمَّد " * 20_000  # 160k characters, diacritics dropped all along
    view = text_view(text)
    assert view == normalised_view(text)
    assert view.to_original(5, 9) == (9, 17)  # محمد (5 view, 9 original letters a word)
    assert view.to_original(5 * 19_999, 5 * 19_999 + 4) == (9 * 19_999, 9 * 19_999 + 8)


def test_cached_layers_return_the_same_object_for_the_same_text() -> None:
    text = "وأعلنت وزارة الخارجية الروسية"
    assert token_arrays(text) is token_arrays(text)
    assert text_view(text) is text_view(text)
    assert text_view(text) == normalised_view(text)


def test_word_cache_computes_once_and_stays_bounded() -> None:
    calls: list[str] = []

    def fold(word: str) -> str:
        calls.append(word)
        return normalise(word)

    cache = WordCache(fold, limit=3)
    assert list(map(cache.__getitem__, ["أحمد", "أحمد", "إلى"])) == ["احمد", "احمد", "الي"]
    assert calls == ["أحمد", "إلى"]
    for word in ("ب", "ت", "ث", "ج"):
        cache[word]
    assert len(cache) <= 3


def _reference_sentences(words: list[str], starts: list[int], text: str) -> list[tuple[int, int]]:
    """The walk over every token the entity stage first did."""
    out: list[tuple[int, int]] = []
    begin = 0
    ends = [s + len(w) for s, w in zip(starts, words, strict=True)]
    for i in range(len(words)):
        if i > begin and "\n" in text[ends[i - 1] : starts[i]]:
            out.append((begin, i))
            begin = i
        if words[i] in frozenset(".!?؟…") or i - begin + 1 >= _MAX_SENTENCE:
            out.append((begin, i + 1))
            begin = i + 1
    if begin < len(words):
        out.append((begin, len(words)))
    return out


_PIECES = st.lists(st.sampled_from(["كلمة", ".", "؟", "،", "\n", "\n\n", "قال"]), max_size=400)


@settings(max_examples=200, deadline=None)
@given(_PIECES)
def test_sentence_ranges_equal_the_token_walk(pieces: list[str]) -> None:
    text = " ".join(pieces)
    words, starts, _ = split_tokens(text)
    assert _sentence_ranges(words, starts, text) == _reference_sentences(words, starts, text)


def test_sentence_ranges_cap_long_runs() -> None:
    text = " ".join(["كلمة"] * (2 * _MAX_SENTENCE + 5)) + " .\nقال"
    words, starts, _ = split_tokens(text)
    ranges = _sentence_ranges(words, starts, text)
    assert ranges == _reference_sentences(words, starts, text)
    assert ranges[0] == (0, _MAX_SENTENCE)


def _reference_left_ok(text: str, start: int, definite_ok: bool) -> int:
    """Trying every proclitic sequence, as the gazetteer first did."""
    if start == 0 or not _is_letter(text[start - 1]):
        return start
    plain = [p for p in PROCLITICS if not p.endswith(("ال", "لل"))]
    for prefix in PROCLITICS if definite_ok else plain:
        s = start - len(prefix)
        if s >= 0 and text[s:start] == prefix and (s == 0 or not _is_letter(text[s - 1])):
            return s
    return -1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="وفبكلا سري.", max_size=12), st.booleans())
def test_left_boundary_equals_trying_every_proclitic(prefix: str, definite_ok: bool) -> None:
    text = prefix + "سوريا"
    start = len(prefix)
    assert _left_ok(text, start, False, definite_ok) == _reference_left_ok(text, start, definite_ok)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [(0, 0, None), (2, 3, 0), (4, 6, 1), (4, 9, 2), (6, 7, None), (3, 20, 2), (12, 12, 2)],
)
def test_last_overlapping_pattern(first: int, last: int, expected: int | None) -> None:
    spans = [PatternSpan(2, 3, "PER", "title"), PatternSpan(5, 5, "PER", "title")]
    spans.append(PatternSpan(8, 12, "PER", "title"))
    found = _last_overlapping(spans, [p.first for p in spans], first, last)
    scanned = [p for p in spans if p.first <= last and first <= p.last]
    assert found == (scanned[-1] if scanned else None)
    assert found == (None if expected is None else spans[expected])
