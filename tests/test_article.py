"""extract_article on odd pages: every oddity is a warning, never an exception."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from khabar.extract.article import ExtractSettings, extract_article
from khabar.read.page import RawPage

SEED_STYLE = (
    "الأربعاء 18 يناير 2017 م - ١٩ ربيع الثاني ١٤٣٨ هـ\n"
    "عنوان الخبر\n"
    "الرياض: محمد العلي\n"
    "قال الوزير إن الاجتماع كان مثمرا وإن المفاوضات ستستمر.\n"
)


def codes(page: RawPage) -> list[str]:
    return [w.code for w in extract_article(page).warnings]


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n  ", "".encode("utf-16"), bytes(range(256)), b"\xff\xfe\x00"],
)
def test_empty_or_unreadable_pages_are_articles_with_a_warning(content: bytes) -> None:
    article = extract_article(RawPage(content, path="odd.txt"))
    assert "empty-body" in [w.code for w in article.warnings] or article.text
    assert article.source.path == "odd.txt"


def test_empty_page_has_empty_body_warning() -> None:
    assert "empty-body" in codes(RawPage(b""))


def test_legacy_encoding_is_decoded_and_recorded() -> None:
    page = SEED_STYLE.replace("١٩", "19").replace("١٤٣٨", "1438")  # cp1256 has no ١٢٣
    article = extract_article(RawPage(page.encode("windows-1256")))
    assert article.page_date_hijri == "1438-04-19"
    assert article.source.encoding == "windows-1256"
    assert article.title == "عنوان الخبر"
    assert article.byline == "محمد العلي"


def test_hijri_gregorian_mismatch_is_a_warning() -> None:
    page = SEED_STYLE.replace("18 يناير", "25 يناير")
    article = extract_article(RawPage(page.encode()))
    assert article.page_date == "2017-01-25"
    assert article.page_date_hijri == "1438-04-19"
    assert [w.code for w in article.warnings] == ["date-mismatch"]


def test_tolerance_is_a_setting() -> None:
    page = SEED_STYLE.replace("18 يناير", "25 يناير").encode()
    loose = ExtractSettings(hijri_tolerance_days=10)
    assert extract_article(RawPage(page), loose).warnings == ()


def test_reader_warnings_are_kept() -> None:
    from khabar.model import PageWarning

    page = RawPage(SEED_STYLE.encode(), warnings=(PageWarning("truncated", "cut at 4096 bytes"),))
    assert codes(page) == ["truncated"]


def test_text_given_as_str_and_container_metadata() -> None:
    page = RawPage(
        "نص قصير بلا عنوان ولا تاريخ.",
        meta=(("title", "عنوان من الحاوية"), ("date", "2025-04-03T08:00:00Z"), ("outlet", "الأفق")),
    )
    article = extract_article(page)
    assert article.title == "عنوان من الحاوية"
    assert article.page_date == "2025-04-03"
    assert article.outlet == "الأفق"
    assert article.source.encoding is None


def test_line_endings_are_normalised() -> None:
    article = extract_article(RawPage(SEED_STYLE.replace("\n", "\r\n").encode()))
    assert "\r" not in article.text
    assert article.dateline == "الرياض"


@pytest.mark.parametrize(
    "name", ["dubai-solar-desalination.html", "cairo-book-fair-windows-1256.html"]
)
def test_html_pages(name: str) -> None:
    path = EXAMPLES / "html" / name
    if not path.exists():
        pytest.skip(f"{path} not in this checkout")
    article = extract_article(RawPage(path.read_bytes(), path=str(path), media_type="html"))
    assert article.title
    assert len(article.text) > 200
    assert article.page_date is None or not article.page_date.endswith("-01-01")
    assert article.title not in article.text.split("\n")


def test_credits_and_date_from_the_footer() -> None:
    page = (
        "عنوان الخبر\nقال الوزير إن الاجتماع كان مثمرا وإن المفاوضات ستستمر.\n"
        "المصدر: رويترز\nنشر بتاريخ 12 مارس 2025\n"
    )
    article = extract_article(RawPage(page.encode()))
    assert article.credits == ("رويترز",)
    assert article.page_date == "2025-03-12"
    assert article.text == "قال الوزير إن الاجتماع كان مثمرا وإن المفاوضات ستستمر."
