"""The quote finder's cheap word tests answer as the string tests they stand for.

In the compiled build ``count_words`` / ``has_words`` read a token's first code point and look
it up in ``ALNUM_LOW`` below U+0800 (no one-character string per token); the reference is
``word[0].isalnum()``. The entity index must answer alike whether the entities come in text
order (no rank list) or not. Table-driven with real Arabic, then hypothesis over invented
tokens with clitics, digits, marks, punctuation and characters beyond the BMP.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.model import Entity
from khabar.nlp.quotes.entity_spans import EntitySpans
from khabar.nlp.quotes.tokens import (
    _WORD_CHAR,
    ALNUM_LOW,
    _joining_separators,
    _tables,
    count_words,
    has_words,
    tokenize,
)


def _reference_count(words: list[str], first: int, end: int) -> int:
    return sum(1 for w in words[first:end] if w[0].isalnum())


def _reference_has(words: list[str], first: int, end: int, needed: int) -> bool:
    """The finder's loop: true once the running count reaches ``needed`` (never on no tokens)."""
    return any(_reference_count(words, first, k + 1) >= needed for k in range(first, end))


def test_the_table_is_isalnum_on_every_code_point_it_covers() -> None:
    assert len(ALNUM_LOW) == 0x800
    assert all(ALNUM_LOW[c] == chr(c).isalnum() for c in range(0x800))


CASES = [
    # (text, words among its tokens)
    ("وقال الوزير: «نعمل معا» الآن.", 5),
    ("أكد د. أحمد أن 122.2 مليون ريال صُرفت\nفي ٢٠١٥", 10),
    ("، . ؟ ! « » “ ” \n - _", 0),  # "_" is a word character but not alphanumeric
    ("ـ\u0651 قالَ", 1),  # a mark-only token is dropped; diacritics ride on the word
    ("\U0001d400\U0001d401 قال \U0001f600", 2),  # mathematical letters (alnum), an emoji (not)
    ("中文 ₪ क", 2),  # beyond the table: CJK and Devanagari words, a currency sign
    ("", 0),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_words_among_tokens(text: str, expected: int) -> None:
    words = tokenize(text).words
    n = len(words)
    assert count_words(words, 0, n) == _reference_count(words, 0, n) == expected
    for needed in range(0, expected + 2):
        assert has_words(words, 0, n, needed) == _reference_has(words, 0, n, needed)
        assert has_words(words, 0, n, needed) == (n > 0 and needed <= expected)


_PIECES = [
    "و",
    "ف",
    "ب",
    "ل",
    "ال",
    "قال",
    "أن",
    "إنه",
    "الوزير",
    "محمد",
    "12",
    "٣",
    "\u064b",
    "\u0640",
    "_",
    "x",
    "،",
    ".",
    ":",
    "«",
    "»",
    '"',
    "\n",
    " ",
    " ",
    "\U0001d400",
    "\U0001f600",
    "中",
    "₪",
    "\ufefb",
]


# The tokenizer's array path sees no character beyond the BMP (such texts take the regex).
_BMP_PIECES = [p for p in _PIECES if max(map(ord, p)) < 0x10000]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.data())
def test_word_counts_on_invented_tokens(pieces: list[str], data: st.DataObject) -> None:
    words = tokenize("".join(pieces)).words
    n = len(words)
    first = data.draw(st.integers(0, n))
    end = data.draw(st.integers(first, n))
    expected = _reference_count(words, first, end)
    assert count_words(words, first, end) == expected
    needed = data.draw(st.integers(0, 6))
    assert has_words(words, first, end, needed) == _reference_has(words, first, end, needed)


def _scan_first_overlapping(entities: list[Entity], start: int, end: int) -> Entity | None:
    return next(
        (e for e in entities if e.start < end and start < e.end and e.label != "MISC"), None
    )


@pytest.mark.parametrize("seed", range(8))
def test_entity_index_in_text_order_answers_as_the_scan(seed: int) -> None:
    rng = random.Random(seed)
    entities = []
    for k in range(rng.randint(1, 25)):
        start = rng.randrange(0, 80)
        end = start + rng.choice((0, 1, 3, 6, 15))
        entities.append(Entity(start, end, f"e{k}", rng.choice(("PER", "ORG", "MISC")), f"c{k}"))
    entities.sort(key=lambda e: e.start)  # the entity stage's order: no rank list kept
    spans = EntitySpans(tuple(entities))
    for start in range(0, 90):
        for end in range(start, start + 20):
            assert spans.first_overlapping(start, end, "MISC") is _scan_first_overlapping(
                entities, start, end
            )
            assert spans.inside(start, end, "PER") == [
                e for e in entities if e.label == "PER" and start <= e.start and e.end <= end
            ]


def _reference_joining(text: str) -> list[int]:
    """The array definition: "." or "," between a word character and a decimal digit."""
    tables = _tables()
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.intp)
    kinds = tables.kind[codes]
    return [
        at
        for at in range(1, len(text) - 1)
        if text[at] in ".," and kinds[at - 1] == _WORD_CHAR and tables.digit[codes[at + 1]]
    ]


JOINING = [
    "ارتفع 122.2 مليون و2,5 بالمئة.",
    "قال: 3.5مليون. و.5 ثم ,7 و x.y و ٣.٤ و ١٢,٣٤",
    ".5 بدأ, و انتهى.",
    "ـ.1 \u064b.2 _.3",  # tatweel, a diacritic and "_" are word characters: they join
    "",
]


@pytest.mark.parametrize("text", JOINING)
def test_joining_separators_as_the_array_test(text: str) -> None:
    assert _joining_separators(text, _tables()) == _reference_joining(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_BMP_PIECES, "1", "٢", ".", ",", ".5", ",3"]), max_size=50))
def test_joining_separators_on_invented_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _joining_separators(text, _tables()) == _reference_joining(text)
