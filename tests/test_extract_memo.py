"""The remembered readings of the extract layer give what a fresh reading gives.

``lexicon.key`` caches keys of short strings, ``dateline.parse_dateline`` the readings of
short lines; ``dateline._more_words_than`` splits a long line only as far as needed. Each is
checked against the uncached computation, on real dateline and byline shapes.
"""

from __future__ import annotations

import pytest

from khabar.extract import dateline, lexicon
from khabar.extract.dateline import Dateline, parse_dateline

LINES = [
    "الرياض: محمد العواجي",
    "متعب البقمي - سبق - جدة:",
    "باريس ـ (الوطن) ـ وكالات:",
    "لندن: «الشرق الأوسط أونلاين»",
    "عادل الخنين من الرياض",
    "حذيفة القرشي - جدة",
    "رويترز",
    "قال الوزير إن الاجتماع كان مثمرا.",
    "باريس – الرياضية | Tuesday, 11 August 2015",
    "نايف عبدالله – سعد الفراج: عين اليوم",
    "الرياض\u200f: واس",  # an invisible mark is dropped before reading
    "هناء البنهاوي (القاهرة)",
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("bare", [False, True])
def test_remembered_reading_equals_a_fresh_one(line: str, bare: bool) -> None:
    fresh = dateline._parse_dateline(line, bare, False)
    first = parse_dateline(line, allow_bare_name=bare)
    again = parse_dateline(line, allow_bare_name=bare)
    assert first == fresh
    assert again is first  # the second reading is the remembered one


def test_long_lines_are_read_but_not_remembered() -> None:
    long_line = "الرياض: " + "محمد " * 40
    assert len(long_line) > dateline._MEMO_CHARS
    assert parse_dateline(long_line) is None  # too many words for a dateline
    assert (long_line, False, False) not in dateline._MEMO


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("الرياض: محمد العواجي", 12, False),
        (" - ".join(["كلمة"] * 13), 12, True),  # dashes are no words
        (" - ".join(["كلمة"] * 12), 12, False),
        ("كلمة " * 100, 12, True),  # decided on the first pieces
        ("- " * 100 + "كلمة " * 13, 12, True),  # decided only by the full split
        ("- " * 100 + "كلمة " * 12, 12, False),
    ],
)
def test_more_words_than_counts_pieces_with_letters(text: str, count: int, expected: bool) -> None:
    assert dateline._more_words_than(text, count) is expected
    full = sum(1 for piece in text.split() if dateline._WORD_RE.search(piece))
    assert (full > count) is expected


@pytest.mark.parametrize(
    "text",
    ["أ.ف.ب", "ا ف ب", "  وكالة   الأنباء  ", "Reuters", "الإمارات\u00a0اليوم", "جدة" * 40],
)
def test_cached_key_equals_a_fresh_key(text: str) -> None:
    assert lexicon.key(text) == lexicon._key(text)
    assert lexicon.key(text) == lexicon._key(text)  # again, from the cache when short


def test_an_unparsed_line_is_remembered_as_none() -> None:
    line = "قال الوزير إن الاجتماع كان مثمرا."
    assert parse_dateline(line) is None
    assert dateline._MEMO[(line, False, False)] is None
    assert parse_dateline("الرياض: محمد العواجي") == Dateline(place="الرياض", byline="محمد العواجي")
