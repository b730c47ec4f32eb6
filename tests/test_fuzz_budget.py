"""The per-page time budget: a pathological page becomes a ``PageTimeout`` Failure.

The slow stages below are real code doing real slow work (a catastrophically
backtracking regex, a busy loop that swallows exceptions), standing in for a stage
that meets an input it handles badly. They run after the real extractor.
"""

from __future__ import annotations

import re
import signal
import threading
import time

from khabar.model import Article
from khabar.pipeline import Failure, Pipeline
from khabar.read.page import RawPage

PAGE = RawPage(
    "\u0648\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 "
    "\u201c\u0633\u0646\u0648\u0627\u0635\u0644 \u0627\u0644\u0639\u0645\u0644\u201d.\n",
    path="budget.txt",
)


class BacktrackingStage:
    """Runs ``(a+)+$`` on a non-matching string: exponential time inside ``re``."""

    name = "backtracking"

    def __call__(self, article: Article) -> Article:
        re.match(r"(a+)+$", "a" * 64 + "b")
        return article


class SwallowingStage:
    """Sleeps in small steps for ``seconds``, swallowing every ``Exception`` on the way,
    as a careless library might."""

    name = "swallowing"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, article: Article) -> Article:
        started = time.monotonic()
        while time.monotonic() - started < self.seconds:
            try:
                time.sleep(0.01)
            except Exception:
                pass
        return article


def _assert_timeout(result: Article | Failure) -> None:
    assert isinstance(result, Failure), result
    assert result.error_type == "PageTimeout"
    assert "time budget" in result.reason
    assert result.path == "budget.txt"


def test_backtracking_regex_is_interrupted_in_the_main_thread() -> None:
    started = time.monotonic()
    result = Pipeline(stages=[BacktrackingStage()], budget_seconds=0.5).process_one(PAGE)
    _assert_timeout(result)
    # (a+)+$ on 64 a's would take longer than the age of the universe: we got out.
    assert time.monotonic() - started < 60


def test_broad_except_in_a_stage_cannot_swallow_the_timeout() -> None:
    result = Pipeline(stages=[SwallowingStage(30.0)], budget_seconds=0.3).process_one(PAGE)
    _assert_timeout(result)


def test_off_the_main_thread_the_budget_is_checked_between_stages() -> None:
    results: list[Article | Failure] = []
    pipeline = Pipeline(stages=[SwallowingStage(0.6)], budget_seconds=0.2)
    worker = threading.Thread(target=lambda: results.append(pipeline.process_one(PAGE)))
    worker.start()
    worker.join()
    _assert_timeout(results[0])
    assert "after swallowing" in results[0].reason  # type: ignore[union-attr]


def test_a_page_within_budget_is_untouched_and_the_callers_timer_survives() -> None:
    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        result = Pipeline(stages=[], budget_seconds=5.0).process_one(PAGE)
        assert isinstance(result, Article), result
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90.0 < remaining <= 100.0
        assert signal.getsignal(signal.SIGALRM) == signal.SIG_IGN
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_budget_means_no_timer() -> None:
    result = Pipeline(stages=[SwallowingStage(0.2)], budget_seconds=None).process_one(PAGE)
    assert isinstance(result, Article), result
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_pipeline_with_budget_still_pickles_for_workers() -> None:
    import pickle

    pipeline = Pipeline(stages=[BacktrackingStage()], budget_seconds=1.5)
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.budget_seconds == 1.5


class SwallowOnceStage:
    """Swallows the first interruption whatever it is (as a ``__del__`` running when the
    alarm fires does: Python reports the exception as unraisable and carries on), then
    keeps working for ``seconds``."""

    name = "swallow-once"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, article: Article) -> Article:
        started = time.monotonic()
        swallowed = False
        while time.monotonic() - started < self.seconds:
            try:
                time.sleep(0.01)
            except BaseException:
                if swallowed:
                    raise
                swallowed = True
        return article


def test_a_swallowed_alarm_is_repeated_until_the_page_stops() -> None:
    started = time.monotonic()
    result = Pipeline(stages=[SwallowOnceStage(60.0)], budget_seconds=0.3).process_one(PAGE)
    _assert_timeout(result)
    assert time.monotonic() - started < 30  # stopped by the second alarm, not after 60 s
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # and disarmed afterwards


def test_the_budget_holds_in_process_pool_workers() -> None:
    """``khabar batch`` workers run pages in their main thread, so the alarm works there."""
    from khabar.run.local import run_local

    pipeline = Pipeline(stages=[BacktrackingStage()], budget_seconds=1.0)
    records = list(run_local([PAGE, PAGE], pipeline, workers=2, chunk_size=1))
    assert len(records) == 2
    for record in records:
        assert record["failure"]["error_type"] == "PageTimeout", record
