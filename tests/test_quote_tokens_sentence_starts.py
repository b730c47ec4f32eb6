"""Sentence starts of the quote evidence: the compiled build's own binary search.

``SentenceStarts`` maps a token to the first token of its sentence. The compiled build
searches the sentence ends with :func:`ends_before` instead of the C ``bisect`` (which compares
boxed ints); both must agree everywhere, including ties, the ends and an empty list.
"""

from __future__ import annotations

import random
from bisect import bisect_right

import pytest

from khabar.nlp.quotes.evidence import SentenceStarts, ends_before, gather
from khabar.nlp.quotes.tokens import SENTENCE_END


@pytest.mark.parametrize(
    ("ends", "index", "expected"),
    [
        ([], 0, 0),
        ([], 7, 0),
        ([3], 3, 0),
        ([3], 4, 1),
        ([3, 9, 9, 20], 9, 1),
        ([3, 9, 9, 20], 10, 3),
        ([3, 9, 9, 20], 21, 4),
        ([0, 1, 2], 0, 0),
    ],
)
def test_ends_before(ends: list[int], index: int, expected: int) -> None:
    assert ends_before(ends, index) == expected == bisect_right(ends, index - 1)


def test_ends_before_is_bisect_on_random_lists() -> None:
    rnd = random.Random(3)
    for _ in range(3000):
        ends = sorted(rnd.choices(range(60), k=rnd.randint(0, 12)))
        index = rnd.randint(-2, 62)
        assert ends_before(ends, index) == bisect_right(ends, index - 1), (ends, index)


@pytest.mark.parametrize(
    "text",
    [
        "وقال الوزير إن الخطة ناجحة. وأضاف أن التنفيذ بدأ!\nهل انتهى؟ نعم",
        "جملة واحدة بلا نهاية",
        ".. ؟\n\n",
        "",
    ],
)
def test_sentence_starts_are_the_token_after_the_last_end(text: str) -> None:
    evidence = gather(text, ())
    words = evidence.tokens.words
    expected, start = [], 0
    for i, word in enumerate(words):
        expected.append(start)
        if word in SENTENCE_END:
            start = i + 1
    starts: SentenceStarts = evidence.sentence_start
    assert [starts[i] for i in range(len(words))] == expected
