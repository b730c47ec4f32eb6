"""Quote quality on the shared gold pages, through the real pipeline and ``khabar eval`` scoring."""

from __future__ import annotations

import pytest

from conftest import GOLD_DEV, SHARED, needs_shared
from khabar.evaluate.gold import Report, evaluate_folder


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return evaluate_folder(SHARED / "seed")


@pytest.fixture(scope="module")
def dev_report() -> Report:
    return evaluate_folder(GOLD_DEV)


@needs_shared
def test_seed_quotes_and_speakers(seed_report: Report) -> None:
    total = seed_report.total()
    assert total.quotes.f1 >= 0.95, total.to_dict()
    assert total.speakers.value >= 0.95, total.to_dict()


@needs_shared
def test_gold_dev_quotes_and_speakers(dev_report: Report) -> None:
    total = dev_report.total()
    assert len(dev_report.documents) == 10
    assert total.quotes.f1 >= 0.85, total.to_dict()
    assert total.speakers.value >= 0.85, total.to_dict()


@needs_shared
def test_every_gold_page_is_processed(dev_report: Report) -> None:
    assert [doc.error for doc in dev_report.documents] == [None] * len(dev_report.documents)


@needs_shared
def test_every_predicted_quote_is_an_exact_span() -> None:
    from khabar.pipeline import Pipeline
    from khabar.read import read_pages

    pipeline = Pipeline()
    for page in read_pages(sorted(GOLD_DEV.glob("*.txt"))):
        article = pipeline.process_page(page)
        assert article.quotes, page.origin
        for quote in article.quotes:
            assert article.text[quote.start : quote.end] == quote.text
