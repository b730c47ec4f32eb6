"""The batch workers' garbage collector settings (``khabar.run.collector``): settled once
warm, put back after an in-process run, records unchanged, cycles made later still freed."""

from __future__ import annotations

import gc

import pytest

from khabar.read.page import RawPage
from khabar.run import collector
from khabar.run.collector import (
    WORKER_THRESHOLDS,
    is_settled,
    records_seen,
    settle,
    settled_after,
    settled_while,
)
from khabar.run.local import run_local

PAGES = [
    "عنوان الخبر الأول\nالرياض: محمد العلي\nقال وزير الصحة إن المستشفى الجديد يفتح أبوابه غدا.",
    "عنوان الخبر الثاني\nجدة - واس\nأعلنت الهيئة العامة للإحصاء أن معدل التضخم بلغ ٢٫١٪.",
    "عنوان الخبر الثالث\nدبي: «الشرق الأوسط»\nأكد المتحدث باسم الشرطة أن التحقيق مستمر.",
    "عنوان الخبر الرابع\nالقاهرة - سارة أحمد\nوقال الرئيس: «سنمضي في الإصلاح حتى النهاية».",
]


# every test starts and ends with the collector unsettled, its thresholds restored
pytestmark = pytest.mark.usefixtures("collector_as_python_sets_it")


@pytest.mark.parametrize("warm", [0, 1, 3])
def test_settled_while_settles_after_warm_records_and_puts_the_collector_back(warm: int) -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    states: list[tuple[bool, tuple[int, int, int]]] = []
    for _ in settled_while(range(5), warm=warm):
        states.append((is_settled(), gc.get_threshold()))
    assert [settled for settled, _ in states] == [False] * warm + [True] * (5 - warm)
    assert states[-1][1] == WORKER_THRESHOLDS
    assert not is_settled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen  # unfrozen again


def test_settled_while_puts_the_collector_back_when_the_consumer_stops_early() -> None:
    before = gc.get_threshold()
    records = settled_while(iter(range(100)), warm=2)
    taken = [next(records) for _ in range(4)]
    assert taken == [0, 1, 2, 3] and is_settled()
    records.close()  # what a consumer that breaks out of its loop does
    assert not is_settled()
    assert gc.get_threshold() == before


def test_an_inner_run_leaves_an_enclosing_settlement_alone() -> None:
    assert settle()
    assert list(settled_while(range(4), warm=1)) == [0, 1, 2, 3]
    assert is_settled()
    assert gc.get_threshold() == WORKER_THRESHOLDS


def test_settled_after_counts_records_over_calls_and_stays_settled() -> None:
    """A worker fed chunks smaller than the warm-up still settles, and stays settled."""
    seen = records_seen()
    warm = seen + 5
    assert list(settled_after(range(3), warm=warm)) == [0, 1, 2]
    assert not is_settled()
    assert list(settled_after(range(3), warm=warm)) == [0, 1, 2]
    assert is_settled()
    assert records_seen() == seen + 6
    assert gc.get_threshold() == WORKER_THRESHOLDS


@pytest.mark.parametrize("value", ["default", "0", "off", " Default "])
def test_the_environment_switch_leaves_the_collector_alone(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(collector.ENV_SWITCH, value)
    before = gc.get_threshold()
    assert not settle()
    assert list(settled_while(range(4), warm=0)) == [0, 1, 2, 3]
    assert gc.get_threshold() == before and not is_settled()


def test_a_cycle_made_after_settling_is_still_collected() -> None:
    """Frozen are only the objects alive at settling: garbage made later is reclaimed."""

    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    assert settle()
    first, second = Node(), Node()
    first.other, second.other = second, first
    del first, second
    assert gc.collect() >= 2


def test_the_in_process_run_gives_the_same_records_settled_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = [RawPage(text, path=f"p{i}.txt") for i, text in enumerate(PAGES * 10)]
    settled = list(run_local(pages))
    assert not is_settled()  # put back once the run is over
    monkeypatch.setenv(collector.ENV_SWITCH, "default")
    plain = list(run_local(pages))
    assert len(settled) == len(pages) == len(plain)
    assert settled == plain
    assert all("article" in record for record in settled)
