"""No super-linear time on growing hostile inputs (a complexity check, not a speed target).

For each text function and each input shape, time n and 4n within this run: linear code
gives a ratio near 4, quadratic near 16; the test fails at 8 (after one re-measurement,
see ``fuzz_support.assert_linear``). Shapes are the ones that break regexes and scans:
one endless line without punctuation, a sea of quotation marks, ``وقال`` repeated, an
unclosed quote followed by a long text, bidi/zero-width controls everywhere.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from typing import Any

import pytest

from fuzz_support import (
    SAMPLE_PARAGRAPH,
    assert_linear,
    many_quote_marks,
    nested_html,
    one_line_no_punctuation,
    repeated_cue,
    sentence_pool,
    sprinkle_controls,
)
from khabar.model import Article
from khabar.read.page import RawPage

pytestmark = pytest.mark.slow


def _unclosed_quote(n: int) -> str:
    return "\u0648\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u201c" + (
        one_line_no_punctuation(n)
    )


def _paragraphs(n: int) -> str:
    return SAMPLE_PARAGRAPH * max(1, n // 10)


def _controls(n: int) -> str:
    return sprinkle_controls(_paragraphs(n), seed=n, every=3)


def _digits_and_dashes(n: int) -> str:
    # Dates, numbers and dashes without letters: the shape of date/dateline scanners.
    return " - ".join(["\u0661\u0668 / \u0660\u0661 / \u0662\u0660\u0661\u0667 \u0640"] * n)


def _news_text(n: int) -> str:
    # Real news sentences in a seeded order: the shape of a long ordinary article, dense
    # in names, organisations and quotations (n/10 sentences).
    pool = sentence_pool()
    rng = random.Random(n)
    return "\n".join(rng.choice(pool) for _ in range(max(1, n // 10)))


SHAPES: dict[str, Callable[[int], str]] = {
    "news-text": _news_text,
    "one-line": one_line_no_punctuation,
    "quote-marks": many_quote_marks,
    "wa-qal": repeated_cue,
    "unclosed-quote": _unclosed_quote,
    "paragraphs": _paragraphs,
    "controls": _controls,
    "digits-dashes": _digits_and_dashes,
}
START_N = 2000


def _function(dotted: str) -> Callable[..., Any]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


# Pure text functions: str → anything.
TEXT_FUNCTIONS = [
    "khabar.arabic.normalise:normalise",
    "khabar.arabic.normalise:normalised_view",
    "khabar.extract.html:html_depth",
    "khabar.extract.html:flatten_html",
    "khabar.extract.html:scanned_paragraphs",
    "khabar.store.search:highlight_probe",
]


def _call_text(dotted: str) -> Callable[[str], object]:
    if dotted == "khabar.store.search:highlight_probe":
        highlight = _function("khabar.store.search:highlight")
        return lambda text: highlight(text, "\u0642\u0627\u0644 \u201c OR NEAR(")
    return _function(dotted)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("dotted", TEXT_FUNCTIONS)
def test_text_functions_grow_linearly(dotted: str, shape: str) -> None:
    fn = _call_text(dotted)
    assert_linear(fn, SHAPES[shape], START_N)


def test_decode_bytes_grows_linearly_on_each_path() -> None:
    from khabar.read.encoding import decode_bytes

    for codec in ("utf-8", "windows-1256", "utf-16"):
        assert_linear(
            decode_bytes, lambda n, c=codec: _paragraphs(n).encode(c, errors="replace"), START_N
        )
    # Broken UTF-8 goes through the damage count and the legacy guess.
    assert_linear(decode_bytes, lambda n: b"\xd8" * n + _paragraphs(n).encode(), START_N)


def test_html_extraction_grows_linearly_with_nesting() -> None:
    from khabar.extract.html import extract_html

    assert_linear(extract_html, nested_html, 300)


STAGES = [
    "khabar.nlp.sentences:SentenceStage",
    "khabar.nlp.entities:EntityStage",
    "khabar.nlp.quotes:QuoteStage",
]


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("dotted", STAGES)
def test_stages_grow_linearly(dotted: str, shape: str) -> None:
    stage = _function(dotted)()
    if dotted.endswith("QuoteStage") or dotted.endswith("EntityStage"):
        # Later stages read the sentences: give them what the pipeline gives them.
        sentences = _function("khabar.nlp.sentences:SentenceStage")()
        run: Callable[[str], object] = lambda text: stage(sentences(Article(text=text)))  # noqa: E731
    else:
        run = lambda text: stage(Article(text=text))  # noqa: E731
    assert_linear(run, SHAPES[shape], START_N)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_extract_article_grows_linearly_on_text_dumps(shape: str) -> None:
    from khabar.extract.article import extract_article

    def run(text: str) -> object:
        return extract_article(RawPage(text.encode("utf-8"), path="page.txt"))

    assert_linear(run, SHAPES[shape], START_N)


def test_the_check_itself_catches_quadratic_code() -> None:
    def quadratic(text: str) -> object:
        return [text.count(ch) for ch in text[: len(text) // 50]]

    with pytest.raises(AssertionError, match="super-linear"):
        assert_linear(quadratic, lambda n: "ab " * n, 200)
    assert_linear(lambda text: text.count("a"), lambda n: "ab " * n, 200)


def test_all_stages_together_grow_linearly_on_long_news_text() -> None:
    """A quadratic term with a small constant only shows on long inputs: time the whole
    annotation (sentences, entities, quotes) on news text until one run takes 0.25 s."""
    from khabar.pipeline import Pipeline

    pipeline = Pipeline(budget_seconds=None)
    assert_linear(
        lambda text: pipeline.annotate(Article(text=text)),
        _news_text,
        START_N,
        min_seconds=0.25,
        repeats=2,
    )
