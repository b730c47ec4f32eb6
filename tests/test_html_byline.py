"""HTML pages: the stated author (meta, JSON-LD, byline element) becomes Article.byline when
the text itself prints no byline line; outlets, agencies and desk names do not. A dateline
stated there fills the place and credits the text lacks."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, needs_shared
from khabar.extract.article import extract_article
from khabar.extract.dateline import byline_from_author
from khabar.read.page import RawPage

BODY = (
    "<p>أعلنت وزارة النقل أنها ستشغل عشر حافلات كهربائية جديدة في العاصمة اعتبارا من الأسبوع "
    "المقبل ضمن خطة للحد من الانبعاثات في المدن الكبرى.</p>"
    "<p>وقال الوزير في مؤتمر صحفي إن المرحلة الثانية من المشروع ستبدأ في شهر مارس المقبل "
    "وتشمل مدينتين أخريين على الساحل.</p>"
)


def _page(head: str, first_paragraph: str = "") -> RawPage:
    html = (
        "<html lang='ar'><head><title>حافلات كهربائية في العاصمة - صحيفة النهار</title>"
        f"<meta property='og:site_name' content='صحيفة النهار'>{head}</head><body><article>"
        f"<h1>حافلات كهربائية في العاصمة</h1>{first_paragraph}{BODY}</article></body></html>"
    )
    return RawPage(html.encode(), media_type="html")


def _json_ld(author: object) -> str:
    data = {"@type": "NewsArticle", "headline": "حافلات كهربائية في العاصمة", "author": author}
    return f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"


@pytest.mark.parametrize(
    ("head", "byline"),
    [("<meta name='author' content='آية دعبس'>", "آية دعبس"),
     ("<meta name='author' content='كتب: أحمد سمير'>", "أحمد سمير"),  # label dropped
     ("<meta name='author' content='الرياض: محمد العواجي'>", "محمد العواجي"),  # place dropped
     (_json_ld([{"@type": "Person", "name": "هناء البنهاوي"},
                {"@type": "Person", "name": "متعب البقمي"}]), "هناء البنهاوي، متعب البقمي"),
     ("<meta name='author' content='صحيفة النهار'>", None),  # the outlet itself
     ("<meta name='author' content='واس'>", None),  # an agency is a credit, not a byline
     ("<meta name='author' content='فريق التحرير'>", None),  # a desk
     ("<meta name='author' content='https://facebook.com/alnahar'>", None),
     ("", None)],
)
def test_stated_author_is_the_byline_when_the_text_has_none(head: str, byline: str | None) -> None:
    assert extract_article(_page(head)).byline == byline


def test_a_byline_printed_in_the_text_wins_over_the_stated_author() -> None:
    page = _page("<meta name='author' content='آية دعبس'>", "<p>الرياض: محمد العواجي</p>")
    article = extract_article(page)
    assert (article.byline, article.dateline) == ("محمد العواجي", "الرياض")


@pytest.mark.parametrize(
    ("author", "fields"),
    [("الرياض - واس", ("الرياض", None, ("واس",))),
     ("لندن: «الشرق الأوسط»", ("لندن", None, ())),
     ("صنعاء: عرفات مدابش", ("صنعاء", "عرفات مدابش", ())),
     ("جدة - رويترز", ("جدة", None, ("رويترز",)))],
)
def test_a_stated_dateline_fills_place_and_credits_the_text_lacks(
    author: str, fields: tuple[str | None, str | None, tuple[str, ...]]
) -> None:
    article = extract_article(_page(f"<meta name='author' content='{author}'>"))
    assert (article.dateline, article.byline, article.credits) == fields


def test_the_dateline_printed_in_the_text_wins_over_a_stated_one() -> None:
    page = _page("<meta name='author' content='جدة - رويترز'>", "<p>الرياض: محمد العواجي</p>")
    article = extract_article(page)
    assert (article.dateline, article.byline) == ("الرياض", "محمد العواجي")


@pytest.mark.parametrize(
    ("author", "site", "byline"),
    [("سيد الخلفاوى", None, "سيد الخلفاوى"),
     ("&nbsp;عبدالله المقحم", None, "عبدالله المقحم"),
     ("د. أحمد زويل", None, "د. أحمد زويل"),
     ("نذير رضا، نذير رضا", None, "نذير رضا"),  # repeated name once
     ("الوئام - رويترز:", "الوئام", None),  # a credit line, no person
     ("لندن: «الشرق الأوسط»", None, None),
     ("محرر الموقع", None, None),
     ("كل مقالات الكاتب", None, None),  # an author box's link, not a name
     ("اليوم السابع", "اليوم السابع", None)],
)
def test_byline_from_author(author: str, site: str | None, byline: str | None) -> None:
    assert byline_from_author(author, site) == byline


@needs_shared
def test_real_youm7_pages_get_their_writer_as_byline() -> None:
    folder = SHARED / "data" / "html_dev"
    gold = json.loads((folder / "base_youm7.json").read_text(encoding="utf-8"))
    for sha, entry in gold.items():
        page = RawPage((folder / f"{sha}.html").read_bytes(), url=entry["url"], media_type="html")
        article = extract_article(page)
        # <span class="writeBy"> holds "كتب فلان الفلاني"-style bylines: the name, two words
        assert article.byline and len(article.byline.split()) == 2, sha
        assert article.byline != article.outlet
