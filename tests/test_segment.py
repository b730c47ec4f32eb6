"""Sentence segmentation (punctuation- and quote-aware) and tokens, with offsets."""

from __future__ import annotations

import pytest

from khabar.arabic.segment import quote_ranges, sentence_spans, tokens
from khabar.model import Article
from khabar.nlp.sentences import SentenceStage


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


SENTENCE_CASES = [
    # Arabic question mark, semicolon and full stop end sentences; the comma does not.
    (
        "هل انتهى الاجتماع؟ نعم، انتهى. وغادر الوفد؛ ثم عاد",
        ["هل انتهى الاجتماع؟", "نعم، انتهى.", "وغادر الوفد؛", "ثم عاد"],
    ),
    # Never inside a quotation: « », “ ”, straight quotes.
    ("قال: «نعم. لا». ثم غادر.", ["قال: «نعم. لا».", "ثم غادر."]),
    (
        "وتابع “كما أننا نوفر مساعدة. لدينا شركاء”. وأضاف",
        ["وتابع “كما أننا نوفر مساعدة. لدينا شركاء”.", "وأضاف"],
    ),
    ('وقال "لن نتراجع. أبدا" ثم صمت.', ['وقال "لن نتراجع. أبدا" ثم صمت.']),
    # A line break ends a sentence (paragraphs).
    ("السطر الأول بلا نقطة\nالسطر الثاني.", ["السطر الأول بلا نقطة", "السطر الثاني."]),
    # An unclosed quote does not swallow the next paragraph, nor the rest of its own.
    ("قال «نعم. ثم ذهب.\nفقرة جديدة.", ["قال «نعم.", "ثم ذهب.", "فقرة جديدة."]),
    # Decimals and abbreviations.
    ("بلغ النمو 12.5 في المئة. وتراجع التضخم.", ["بلغ النمو 12.5 في المئة.", "وتراجع التضخم."]),
    (
        "قال د. أحمد إن الوضع مستقر. وأضاف أ.د. محمد أنه يتفق.",
        ["قال د. أحمد إن الوضع مستقر.", "وأضاف أ.د. محمد أنه يتفق."],
    ),
    # Ellipsis and repeated marks end once.
    ("انتظر... ثم تكلم!! حقا؟!", ["انتظر...", "ثم تكلم!!", "حقا؟!"]),
    ("", []),
    ("   \n  ", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_closing_mark_used_as_opening() -> None:
    # Pages write بـ”الكلاب” and لـ»اليوم» with the closing mark first.
    text = "وصف الأطفال بـ”الكلاب. حقا”، فغضب. ثم ماذا"
    assert sentences(text) == ["وصف الأطفال بـ”الكلاب. حقا”، فغضب.", "ثم ماذا"]


def test_quote_ranges_ignore_unmatched_marks() -> None:
    assert quote_ranges("قال «نعم») و«لا") == [(4, 8)]
    assert quote_ranges("لا علامات هنا") == []


TOKEN_CASES = [
    ("قال: «سنقدم»", ["قال", ":", "«", "سنقدم", "»"]),
    ("بلغ 12.5 مليار", ["بلغ", "12.5", "مليار"]),
    ("عام ١٤٣٨هـ", ["عام", "١٤٣٨", "هـ"]),
    ("مُحَمَّد CNN و3", ["مُحَمَّد", "CNN", "و", "3"]),
    ('لـ"الوطن"', ["لـ", '"', "الوطن", '"']),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokens(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in tokens(text)] == expected


def test_sentence_stage_fills_offsets() -> None:
    article = Article(text="قال الوزير إن الاجتماع مثمر. وأضاف: «سنواصل».\nفقرة ثانية")
    annotated = SentenceStage()(article)
    assert [article.text[s.start : s.end] for s in annotated.sentences] == [
        "قال الوزير إن الاجتماع مثمر.",
        "وأضاف: «سنواصل».",
        "فقرة ثانية",
    ]
    assert annotated.text == article.text
