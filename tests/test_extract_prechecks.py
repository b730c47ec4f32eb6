"""Cheap tests in front of costly ones in extraction (session 9, issue 6): each must give
exactly what the full reading gives, on the lines that have what it looks for and on the
ones that do not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.extract.metadata import (
    _CRUMB_SPLIT_LOOSE_RE,
    _CRUMB_SPLIT_RE,
    breadcrumb_crumbs,
    is_breadcrumb,
)
from khabar.extract.template import cut_link_footer, more_words_than


def crumbs_by_regex(line: str) -> list[str]:
    """The split before the precheck: always through the regex."""
    pattern = _CRUMB_SPLIT_RE if "«" in line else _CRUMB_SPLIT_LOOSE_RE
    return [c.strip() for c in pattern.split(line) if c.strip()]


LINES = [
    "الرئيسية / الأولى / مؤتمر باريس",
    "الرئيسية » اقتصاد » أسواق",
    "الرئيسية»اقتصاد",
    "أخبار › محليات › جدة",
    "رياضة > كرة القدم > الدوري",
    "أخبار | رياضة | فن",
    "«جيش الإسلام» و«النصرة» يطوقان خلافاتهما",
    "قال الوزير إن الحوار مستمر، وأضاف أن اللقاء مثمر.",
    "   ",
    "",
    "  الرئيسية  ",
    "قال: نعم / لا",
    "نسبة 50/50 في المئة",
]


@pytest.mark.parametrize("line", LINES)
def test_breadcrumb_crumbs_equal_the_regex_split(line: str) -> None:
    assert breadcrumb_crumbs(line) == crumbs_by_regex(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("الرئيسية / الأولى / مؤتمر باريس", True),
        ("أخبار | رياضة | فن", True),
        ("قال الوزير إن الحوار مستمر، وأضاف أن اللقاء مثمر.", False),
        ("قال: نعم / لا", False),
        ("", False),
    ],
)
def test_is_breadcrumb(line: str, expected: bool) -> None:
    assert is_breadcrumb(line) is expected


# Every character ``str.split`` treats as whitespace, and a few it does not (zero-width space,
# joiners) next to letters, digits and punctuation.
SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]
WORD_TEXT = st.text(
    alphabet=st.sampled_from([*SPACES, "\u200b", "\u200c", "\u200f", "ا", "ب", "1", ".", "،", "x"]),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(WORD_TEXT, st.integers(min_value=0, max_value=12))
def test_more_words_than_equals_the_split(text: str, count: int) -> None:
    assert more_words_than(text, count) is (len(text.split(None, count + 1)) > count)


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("قال الوزير إن الحوار مستمر", 4, True),
        ("قال الوزير إن الحوار مستمر", 5, False),
        ("  إلى\u00a0الأعلى \n", 1, True),
        ("  إلى\u200bالأعلى ", 1, False),  # a zero-width space does not separate words
        ("", 0, False),
        (" \u3000 ", 0, False),
        ("كلمة", 0, True),
    ],
)
def test_more_words_than(text: str, count: int, expected: bool) -> None:
    assert more_words_than(text, count) is expected


def cut_by_key(line: str) -> str:
    """``cut_link_footer`` before the precheck: the line's key is always made."""
    import re

    from khabar.extract.lexicon import key, ui_phrases
    from khabar.extract.template import _loose_letters

    folded = key(line)
    for phrase in ui_phrases().cut:
        if folded.find(phrase) < 0:
            continue
        pattern = r"\s*".join(re.escape(c) for c in phrase.replace(" ", ""))
        m = re.search(_loose_letters(pattern), line)
        if m:
            return line[: m.start()].rstrip()
    return line


@pytest.mark.parametrize(
    "line",
    [
        "بالضوء. رابط الخبر بصحيفة الوئام: بالصور",
        "وانتهى الحفل. رابـط الخبر بصحيفة الوئام: http://x",  # tatweel inside a word
        "وانتهى الحفل. رَابِط المقال: http://x",  # diacritics
        "وانتهى الحفل. رابط\u00a0مختصر: http://x",
        "جميع الحقوق محفوظة © 2017",
        "جميع  الحقوق\nمحفوظة لصحيفة سبق",
        "مقالات أخرى للكاتب",
        "قال الوزير إن جميع المشاركين اتفقوا على الرابط بين الملفين.",
        "وأكد أن الخطة مستمرة.",
        "",
    ],
)
def test_cut_link_footer_equals_the_reading_by_key(line: str) -> None:
    assert cut_link_footer(line) == cut_by_key(line)

