"""The entity stages leave no reference cycles behind.

In the compiled build a nested function that another nested function calls is stored in
its function's environment object, which it references: a cycle per page that keeps what
the environment reaches alive until the cyclic collector runs (``_combine``'s ``rare`` and
``name_like`` were such closures; they are module functions now). Checked in whichever
build runs the tests (compiled when the working tree's build is fresh).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from khabar.extract.article import extract_article
from khabar.model import Article
from khabar.nlp.entities import EntityStage, recognise, recognise_many
from khabar.nlp.entities.page import PageEntityStage
from khabar.read.page import RawPage

BODY = (
    "قال وزير الخارجية الروسي سيرجي لافروف إن موسكو لن تقبل ذلك، وأضاف لـ«الوطن» أن "
    "الرئيس المصري عبد الفتاح السيسي التقى وفدا من البنك الدولي في القاهرة. "
    "وفاز نادي الهلال على النصر في الرياض، وقالت المملكة إن الاجتماع مثمر."
)
TEXT = f"الرياض - الوطن\n{BODY}\n{BODY}"


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


def _article() -> Article:
    return extract_article(RawPage(TEXT, path="page.txt"))


@pytest.mark.usefixtures("no_collector")
@pytest.mark.parametrize(
    "step",
    [
        lambda: recognise(BODY),
        lambda: recognise_many([BODY, BODY + " ", "نص قصير"]),
        lambda: recognise(BODY, profile="anercorp"),
        lambda: PageEntityStage()(EntityStage()(_article())),
        lambda: EntityStage().annotate_batch([_article(), _article()]),
    ],
    ids=["recognise", "recognise_many", "anercorp", "stages", "batch"],
)
def test_entity_steps_leave_no_cycles(step: Callable[[], object]) -> None:
    step()  # resources load (their caches are not per page)
    assert any(e.label == "PER" for e in recognise(BODY))
    assert _cycles_left(step) == 0
