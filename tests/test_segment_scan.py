"""``sentence_spans`` reads the whole text in one scan (line breaks, quotation and end marks
together); it must give what the paragraph-by-paragraph reading gives (session 9, issue 6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED_PAGE, needs_shared
from khabar.arabic.segment import _paragraph_sentences, sentence_spans


def by_paragraph(text: str) -> list[tuple[int, int]]:
    """The reading before the one-scan version: each line on its own."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans.extend((offset + s, offset + e) for s, e in _paragraph_sentences(line))
        offset += len(line) + 1
    return spans


CASES = [
    "",
    "\n\n\n",
    "قال الوزير: «نعم. لا». ثم غادر؟ نعم",
    "«اقتباس بلا إغلاق. ثم جملة.\nفقرة «جديدة». نعم!",
    "بلغ 12.5 مليار. قال د. أحمد: “هذا. جيد” ثم صمت.\n\n  \n«سطر» \n",
    'وقال "لن نتراجع. أبدا" ثم صمت.\r\nسطر بعد عودة.',
    "»كلمة» بدأت بعلامة إغلاق. ثم “اقتباس“ آخر. ونهاية…",
    ".\n.\n«\n»\n“.”",
]


@pytest.mark.parametrize("text", CASES)
def test_one_scan_equals_paragraph_by_paragraph(text: str) -> None:
    assert sentence_spans(text) == by_paragraph(text)


ALPHABET = st.sampled_from(
    [*"قال وزير. ،؟!؛…۔\n \t", '"', "“", "«", "„", "‘", "‚", "”", "»", "’", "1", "د", "("]
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_one_scan_equals_paragraph_by_paragraph_on_generated_text(text: str) -> None:
    assert sentence_spans(text) == by_paragraph(text)


@needs_shared
def test_one_scan_on_the_seed_page() -> None:
    text = SEED_PAGE.read_text(encoding="utf-8")
    assert sentence_spans(text) == by_paragraph(text)
    assert len(sentence_spans(text)) > 10
