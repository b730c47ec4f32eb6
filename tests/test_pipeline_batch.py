"""The batch path: ``Pipeline.run`` hands batch stages several pages at once.

Every guarantee of the page-by-page path must hold: the same articles, input order, one
broken page failing alone (also when it breaks the batch call), the per-page time budget,
stages without a batch method untouched. Real pages and the real stages throughout; the
misbehaving stages below are real code standing in for a stage meeting a bad input.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLES
from khabar.model import Article, PageWarning
from khabar.nlp.entities import EntityStage, recognise, recognise_many
from khabar.nlp.sentences import SentenceStage
from khabar.pipeline import (
    READ_ERROR,
    BatchStage,
    Failure,
    Pipeline,
    Stage,
    _steps,
    process_partition,
)
from khabar.read.page import RawPage

TEXTS = [
    "وقال وزير الخارجية الروسي سيرجي لافروف في فيينا إن المحادثات مستمرة.",
    "",
    "أعلنت وزارة الصحة السعودية في الرياض عن افتتاح مستشفى جديد في جدة.\n"
    "وقال الوزير توفيق الربيعة: «سنواصل العمل».",
    "   \n  ",
    "التقى الرئيس المصري عبد الفتاح السيسي نظيره الفرنسي إيمانويل ماكرون في القاهرة.",
    "فاز الهلال على النصر في الدوري السعودي، وسجل سالم الدوسري هدفين.",
]


def _example_pages() -> list[RawPage]:
    pages = [
        RawPage(path.read_text(encoding="utf-8"), path=str(path))
        for path in sorted((EXAMPLES / "text").glob("*.txt"))
    ]
    pages += [RawPage(text, path=f"inline/{k}.txt") for k, text in enumerate(TEXTS)]
    return pages


def _page_by_page(pipeline: Pipeline, pages: Sequence[RawPage]) -> list[Article | Failure]:
    return [pipeline.process_one(page) for page in pages]


@pytest.mark.parametrize("batch_size", [1, 2, 3, 16])
def test_run_in_batches_gives_the_articles_of_page_by_page(batch_size: int) -> None:
    pipeline = Pipeline(batch_size=batch_size)
    pages = _example_pages()
    batched = list(pipeline.run(pages))
    alone = _page_by_page(pipeline, pages)
    assert [type(r) for r in batched] == [type(r) for r in alone]
    assert [r.to_dict() for r in batched] == [r.to_dict() for r in alone]
    assert any(isinstance(r, Article) and r.entities for r in batched)  # not trivially empty


@pytest.mark.parametrize("profile", ["khabar", "anercorp"])
def test_recognise_many_equals_recognise_text_by_text(profile: str) -> None:
    texts = [*TEXTS, *(p.read_text(encoding="utf-8") for p in (EXAMPLES / "text").glob("*.txt"))]
    many = recognise_many(texts, profile)  # type: ignore[arg-type]
    assert many == [recognise(t, profile) for t in texts]  # type: ignore[arg-type]
    assert sum(map(len, many)) > 10
    assert recognise_many([]) == []
    assert recognise_many(["", " "]) == [[], []]


def test_entity_stage_batch_equals_the_stage_on_each_article() -> None:
    stage = EntityStage()
    articles = [Article(text=t, outlet="الرياض" if k % 2 else None) for k, t in enumerate(TEXTS)]
    assert isinstance(stage, BatchStage)
    assert stage.annotate_batch(articles) == [stage(a) for a in articles]


def test_entity_stage_batch_is_picklable() -> None:
    stage = pickle.loads(pickle.dumps(EntityStage()))
    assert stage.annotate_batch([Article(text=TEXTS[0])])[0].entities


class BreakOnMarker:
    """A batch stage whose batch call fails whenever one of its articles holds a marker
    word, and whose single call fails only on that article."""

    name = "breaks"

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.batch_calls = 0

    def __call__(self, article: Article) -> Article:
        if self.marker in article.text:
            raise ValueError(f"cannot handle {self.marker}")
        return article.with_warning("seen", "one")

    def annotate_batch(self, articles: Sequence[Article]) -> list[Article]:
        self.batch_calls += 1
        if any(self.marker in a.text for a in articles):
            raise ValueError("batch broken")
        return [a.with_warning("seen", "batch") for a in articles]


def test_a_page_that_breaks_the_batch_call_fails_alone_and_order_is_kept() -> None:
    stage = BreakOnMarker("النصر")
    pipeline = Pipeline(stages=[SentenceStage(), stage], batch_size=4)
    pages = [RawPage(t, path=f"p{k}.txt") for k, t in enumerate(TEXTS)]
    results = list(pipeline.run(pages))
    assert [r.path if isinstance(r, Failure) else None for r in results] == [
        None,
        None,
        None,
        None,
        None,
        "p5.txt",
    ]
    failure = results[5]
    assert isinstance(failure, Failure) and "cannot handle" in failure.reason
    # the first batch went through in one call, the second was redone page by page
    first = [r for r in results[:4] if isinstance(r, Article)]
    assert [w.message for a in first for w in a.warnings if w.code == "seen"] == ["batch"] * 4
    assert [w.message for w in results[4].warnings if w.code == "seen"] == ["one"]  # type: ignore[union-attr]
    assert [r.text for r in results if isinstance(r, Article)] == [
        Pipeline(stages=[]).process_page(p).text for p in pages[:5]
    ]


class WrongCount:
    """A batch stage that loses an article: the pipeline must not pair results wrongly."""

    name = "wrong-count"

    def __call__(self, article: Article) -> Article:
        return replace(article, title="single")

    def annotate_batch(self, articles: Sequence[Article]) -> list[Article]:
        return [replace(a, title="batch") for a in articles[1:]]


def test_a_batch_call_with_the_wrong_count_is_redone_page_by_page() -> None:
    pipeline = Pipeline(stages=[WrongCount()], batch_size=8)
    results = list(pipeline.run([RawPage(t, path=f"p{k}") for k, t in enumerate(TEXTS[:3])]))
    assert [r.title for r in results if isinstance(r, Article)] == ["single"] * 3


class Backtracking:
    """A batch stage that hangs in a backtracking regex on one kind of article, in the
    batch call and alone."""

    name = "backtracking"

    def __call__(self, article: Article) -> Article:
        if "لافروف" in article.text:
            re.match(r"(a+)+$", "a" * 64 + "b")
        return article

    def annotate_batch(self, articles: Sequence[Article]) -> list[Article]:
        return [self(a) for a in articles]


def test_a_page_that_overruns_in_a_batch_times_out_alone() -> None:
    pipeline = Pipeline(stages=[Backtracking()], budget_seconds=0.3, batch_size=4)
    pages = [RawPage(t, path=f"p{k}.txt") for k, t in enumerate(TEXTS[:4])]
    results = list(pipeline.run(pages))
    assert isinstance(results[0], Failure)
    assert results[0].error_type == "PageTimeout" and "0.3 s" in results[0].reason
    assert all(isinstance(r, Article) for r in results[1:])


class Unbatched:
    """An ordinary stage (no batch method) after the batch stage."""

    name = "unbatched"

    def __call__(self, article: Article) -> Article:
        return article.with_warning("after", str(len(article.entities)))


def test_stages_without_a_batch_method_run_per_page_around_the_batch_stage() -> None:
    stages: list[Stage] = [SentenceStage(), EntityStage(), Unbatched()]
    steps = _steps(stages)
    assert [(b is not None, [s.name for s in rest]) for b, rest in steps] == [
        (False, ["sentences"]),
        (True, []),
        (False, ["unbatched"]),
    ]
    assert _steps([]) == [(None, [])]
    pages = [RawPage(t, path=f"p{k}") for k, t in enumerate(TEXTS)]
    results = list(Pipeline(stages=stages, batch_size=4).run(pages))
    expected = [Pipeline(stages=stages).process_one(p) for p in pages]
    assert results == expected
    first = results[0]
    assert isinstance(first, Article) and len(first.entities) >= 2  # لافروف، فيينا
    assert first.warnings[-1] == PageWarning("after", str(len(first.entities)))


def test_an_unreadable_page_in_a_batch_is_a_failure_and_the_rest_go_on() -> None:
    bad = RawPage("", path="gone.txt", warnings=(PageWarning(READ_ERROR, "no such file"),))
    pages = [RawPage(TEXTS[0], path="a"), bad, RawPage(TEXTS[2], path="c")]
    records = list(process_partition(pages, Pipeline(batch_size=8)))
    assert [next(iter(r)) for r in records] == ["article", "failure", "article"]
    assert records[1]["failure"]["error_type"] == "ReadError"
    assert records[2]["article"]["entities"]


def test_batches_are_taken_lazily_from_the_input() -> None:
    """``run`` pulls at most one batch ahead of what it has yielded (memory stays flat)."""
    pulled: list[int] = []

    def pages() -> object:
        for k in range(10):
            pulled.append(k)
            yield RawPage(TEXTS[0], path=str(k))

    results = Pipeline(batch_size=3).run(pages())  # type: ignore[arg-type]
    next(results)
    assert pulled == [0, 1, 2]
    assert len(list(results)) == 9


def test_pages_read_before_the_reader_breaks_still_come_out() -> None:
    """A reader that raises mid-batch loses none of the pages it gave before (then re-raises)."""

    def pages() -> object:
        yield RawPage(TEXTS[0], path="a")
        yield RawPage(TEXTS[2], path="b")
        raise OSError("disk went away")

    results = Pipeline(batch_size=16).run(pages())  # type: ignore[arg-type]
    first, second = next(results), next(results)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.source.path, second.source.path) == ("a", "b")
    with pytest.raises(OSError, match="disk went away"):
        next(results)


def test_pipeline_with_batch_size_pickles_for_workers(tmp_path: Path) -> None:
    clone = pickle.loads(pickle.dumps(Pipeline(batch_size=5, budget_seconds=2.0)))
    assert clone.batch_size == 5 and clone.budget_seconds == 2.0
    assert any(isinstance(s, BatchStage) for s in clone.stages)


def test_annotate_many_equals_annotate() -> None:
    pipeline = Pipeline()
    articles = [Pipeline(stages=[]).process_page(RawPage(t)) for t in TEXTS]
    assert pipeline.annotate_many(articles) == [pipeline.annotate(a) for a in articles]
