"""The curated public API: khabar.extract, khabar.read_pages, khabar.extract_article."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import khabar
from conftest import EXAMPLES
from khabar.errors import ReadError

PAGE = "عنوان الخبر\nالرياض: محمد العلي\nقال الوزير إن الاجتماع كان مثمرا. وأضاف: «سنواصل»."


def test_all_is_short_and_importable() -> None:
    assert len(khabar.__all__) <= 16
    for name in khabar.__all__:
        assert hasattr(khabar, name), name


def test_extract_stays_a_function_after_submodule_imports() -> None:
    importlib.import_module("khabar.extract.template")
    importlib.import_module("khabar.extract.html")
    assert callable(khabar.extract)
    assert khabar.extract(PAGE).byline == "محمد العلي"


@pytest.mark.parametrize("source", [PAGE, PAGE.encode("utf-8"), PAGE.encode("windows-1256")])
def test_extract_from_text_or_bytes(source: str | bytes) -> None:
    article = khabar.extract(source)
    assert (article.title, article.dateline, article.byline) == (
        "عنوان الخبر",
        "الرياض",
        "محمد العلي",
    )
    assert [article.text[s.start : s.end] for s in article.sentences] == [
        "قال الوزير إن الاجتماع كان مثمرا.",
        "وأضاف: «سنواصل».",
    ]


def test_extract_from_a_path(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    for source in (page, str(page)):
        article = khabar.extract(source)
        assert article.source.path == str(page)
        assert article.title == "عنوان الخبر"


def test_extract_a_missing_path_or_a_container_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        khabar.extract(tmp_path / "missing.txt")
    jsonl = EXAMPLES / "jsonl" / "arabic-news-sample.jsonl"
    if jsonl.exists():
        with pytest.raises(ReadError, match="several pages"):
            khabar.extract(jsonl)


def test_read_pages_and_extract_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE.replace("الرياض", "جدة"), encoding="utf-8")
    articles = [khabar.extract_article(page) for page in khabar.read_pages(tmp_path)]
    assert sorted(a.dateline or "" for a in articles) == ["الرياض", "جدة"]
    assert all(a.sentences == () for a in articles)  # extraction only, no stages


def test_json_round_trip() -> None:
    article = khabar.extract(PAGE)
    assert khabar.Article.from_json(article.to_json()) == article
