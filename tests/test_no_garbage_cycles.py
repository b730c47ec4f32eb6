"""Extraction and the sentence, entity and event stages leave no reference cycles behind.

A cycle made per page (in the compiled build: a nested function stored in its own
environment) keeps everything it reaches — a page's lxml tree, its token lists — alive
until the cyclic collector runs, and makes that collector work; the batch workers raise its
threshold (``khabar.run.collector``), so such garbage would also pile up longer. Checked in
whichever build runs the tests (compiled when the working tree's build is fresh).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from khabar.extract.article import extract_article
from khabar.model import Article
from khabar.nlp.entities import EntityStage, recognise, recognise_many
from khabar.nlp.entities.page import PageEntityStage
from khabar.nlp.events import EventStage
from khabar.nlp.sentences import SentenceStage
from khabar.read.page import RawPage

BODY = (
    "قال وزير الداخلية إن قوات الأمن اعتقلت ثلاثة مشتبه بهم بعد هجوم على مركز للشرطة. "
    "وأضاف في مؤتمر صحفي: «التحقيقات مستمرة». وتظاهر مئات الطلاب أمام الجامعة احتجاجا."
)
HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>اعتقال ثلاثة مشتبه بهم | صحيفة الخبر</title>
<meta property="og:site_name" content="صحيفة الخبر">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "اعتقال ثلاثة"}}</script>
</head><body><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">محليات</a></li></ul></nav>
<div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/s">محليات</a></div>
<article><h1>اعتقال ثلاثة مشتبه بهم</h1><div class="story-body">
<p>{BODY}</p><p>{BODY}</p><p>{BODY}</p></div></article>
<aside class="related"><ul><li><a href="/n/1">خبر آخر عن الطقس</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"""
# Names, titles, an outlet, clubs and a bare «المملكة»: every entity step has work to do.
# (``_combine``'s nested ``rare``/``name_like`` made such a cycle compiled; module functions now.)
ENTITY_BODY = (
    "قال وزير الخارجية الروسي سيرجي لافروف إن موسكو لن تقبل ذلك، وأضاف لـ«الوطن» أن "
    "الرئيس المصري عبد الفتاح السيسي التقى وفدا من البنك الدولي في القاهرة. "
    "وفاز نادي الهلال على النصر في الرياض، وقالت المملكة إن الاجتماع مثمر."
)
ENTITY_TEXT = f"الرياض - الوطن\n{ENTITY_BODY}\n{ENTITY_BODY}"
TEXT = f"الرئيسية / محليات / اعتقال ثلاثة\nاعتقال ثلاثة\n\nالرياض: محمد العلي\n{BODY}\n{BODY}"


@pytest.fixture
def no_collector() -> Iterator[None]:
    """The cyclic collector off while a step runs, so that its cycles are still there."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cycles_left(step: Callable[[], object], times: int = 3) -> int:
    gc.collect()
    for _ in range(times):
        step()
    return gc.collect()


def _article(text: str) -> Article:
    return extract_article(RawPage(text, path="page.txt"))


@pytest.mark.usefixtures("no_collector")
@pytest.mark.parametrize(
    ("name", "step"),
    [
        ("html extraction", lambda: extract_article(RawPage(HTML, media_type="html"))),
        ("text extraction", lambda: _article(TEXT)),
        ("sentences", lambda: SentenceStage()(_article(TEXT))),
        ("events", lambda: EventStage()(SentenceStage()(_article(TEXT)))),
    ],
)
def test_a_page_leaves_no_garbage_cycles(name: str, step: Callable[[], object]) -> None:
    step()  # resources load (module-level objects may form cycles once; they stay alive)
    assert _cycles_left(step) == 0, f"{name} left reference cycles"


@pytest.mark.usefixtures("no_collector")
@pytest.mark.parametrize(
    "step",
    [
        lambda: recognise(ENTITY_BODY),
        lambda: recognise_many([ENTITY_BODY, ENTITY_BODY + " ", "نص قصير"]),
        lambda: recognise(ENTITY_BODY, profile="anercorp"),
        lambda: PageEntityStage()(EntityStage()(_article(ENTITY_TEXT))),
        lambda: EntityStage().annotate_batch([_article(ENTITY_TEXT), _article(ENTITY_TEXT)]),
    ],
    ids=["recognise", "recognise_many", "anercorp", "stages", "batch"],
)
def test_entity_steps_leave_no_cycles(step: Callable[[], object]) -> None:
    step()  # resources load (their caches are not per page)
    assert any(e.label == "PER" for e in recognise(ENTITY_BODY))
    assert _cycles_left(step) == 0
