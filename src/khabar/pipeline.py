"""Stage protocol, Pipeline and process_partition (shared by the local and Spark runners).

A stage is a small picklable object with one job: ``Article -> Article``. Heavy
resources load lazily on first use inside the worker process. A stage may also offer
``annotate_batch(articles) -> articles`` (:class:`BatchStage`) when it is cheaper on several
articles at once (the entity stage decodes all sentences of a batch in one tagger call);
:meth:`Pipeline.run` then hands it small batches of pages, and its results must be the ones
page by page.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from khabar.errors import PageTimeout, ReadError
from khabar.model import Article
from khabar.read.page import RawPage

logger = logging.getLogger(__name__)

# Warning code of a page the reader could not read (missing file, bad JSONL line, truncated WARC).
READ_ERROR = "read-error"

# Per-page time budget. Generous: a normal page takes milliseconds; this only stops a
# pathological page (a regex gone quadratic, a 50 MB dump) from holding a worker forever.
DEFAULT_BUDGET_SECONDS = 60.0
# After the budget, the alarm repeats this often until the page has stopped.
ALARM_REPEAT_SECONDS = 0.5
# Pages per batch in ``Pipeline.run`` for stages with ``annotate_batch``: enough to share the
# entity tagger's per-call cost (measured: most of the gain is reached by 16), small enough
# that memory stays flat and a fallback to page by page redoes little.
DEFAULT_BATCH_SIZE = 16


@runtime_checkable
class Stage(Protocol):
    """One annotation layer. Pure: no database, no HTTP, no printing."""

    name: str

    def __call__(self, article: Article) -> Article: ...


@runtime_checkable
class BatchStage(Stage, Protocol):
    """A stage that can also annotate several articles in one call.

    ``annotate_batch(articles)`` returns one article per input, in order, equal to what
    ``stage(article)`` gives for each; it may raise, and the pipeline then redoes the batch
    page by page.
    """

    def annotate_batch(self, articles: Sequence[Article]) -> list[Article]: ...


@dataclass(frozen=True, slots=True)
class Failure:
    """A page that could not be processed, with the reason. Recorded, never raised."""

    origin: str
    reason: str
    error_type: str
    path: str | None = None
    url: str | None = None
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "reason": self.reason,
            "error_type": self.error_type,
            "path": self.path,
            "url": self.url,
            "record": self.record,
        }


# The standard annotation stages, in dependency order: (module, class).
DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("khabar.nlp.sentences", "SentenceStage"),
    ("khabar.nlp.entities", "EntityStage"),
    ("khabar.nlp.entities.page", "PageEntityStage"),
    ("khabar.nlp.quotes", "QuoteStage"),
    ("khabar.nlp.events", "EventStage"),
)


def default_stages() -> list[Stage]:
    """The standard annotation stages, in dependency order.

    A stage whose module (or class) does not exist yet is skipped with a logged note,
    so the pipeline works while stages are being written; any other import error
    inside an existing module is raised (a broken stage must not pass silently).
    """
    stages: list[Stage] = []
    for module_name, class_name in DEFAULT_STAGES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            logger.info("stage %s skipped: module %s does not exist", class_name, module_name)
            continue
        stage_class = getattr(module, class_name, None)
        if stage_class is None:
            logger.info("stage %s skipped: %s has no such class", class_name, module_name)
            continue
        stages.append(stage_class())
    return stages


def check_readable(page: RawPage) -> None:
    """Raise ``ReadError`` for a page the reader could not read: a failure, not an article."""
    unreadable = [w.message for w in page.warnings if w.code == READ_ERROR]
    if unreadable:
        raise ReadError("; ".join(unreadable))


@dataclass
class Pipeline:
    """extract → stages; page by page, or in small batches for batch stages (``run``).

    ``budget_seconds`` bounds the time one page may take in ``process_one``/``run``
    (``None``: unbounded); an overrun becomes a ``Failure`` with ``error_type`` ``PageTimeout``.
    In ``run``, a page's budget covers its own steps (extraction and every stage run on it
    alone); a batch stage's call gets one page's budget for the whole batch, and a batch
    call that overruns or raises is redone page by page, each page under what is left of
    its own budget — so a pathological page fails alone, after at most about twice the
    budget, and the other pages of its batch go on.

    ``batch_size`` is the number of pages ``run`` gathers for the batch stages (1: page by
    page throughout).
    """

    stages: Sequence[Stage] = field(default_factory=default_stages)
    budget_seconds: float | None = DEFAULT_BUDGET_SECONDS
    batch_size: int = DEFAULT_BATCH_SIZE

    def process_page(self, page: RawPage) -> Article:
        """Extract and annotate one page. Raises on failure; ``run`` records it instead."""
        from khabar.extract.article import extract_article

        check_readable(page)
        article = extract_article(page)
        return self.annotate(article)

    def annotate(self, article: Article) -> Article:
        for stage in self.stages:
            article = stage(article)
        return article

    def annotate_many(self, articles: Sequence[Article]) -> list[Article]:
        """``annotate`` of several articles, batch stages getting them all at once.

        Raises on the first failure, like ``annotate`` (``run`` records failures instead).
        """
        out = list(articles)
        for stage in self.stages:
            batch = getattr(stage, "annotate_batch", None)
            out = list(batch(out)) if batch is not None and len(out) > 1 else list(map(stage, out))
        return out

    def run(self, pages: Iterable[RawPage]) -> Iterator[Article | Failure]:
        """Process pages; a failing page becomes a Failure and the run goes on.

        Results come in input order. With a batch stage among the stages, pages are taken
        ``batch_size`` at a time (see :meth:`process_batch`), else one by one.
        """
        if self.batch_size <= 1 or not any(_is_batch_stage(s) for s in self.stages):
            for page in pages:
                yield self.process_one(page)
            return
        batch: list[RawPage] = []
        source = iter(pages)
        while True:
            try:
                page = next(source)
            except StopIteration:
                break
            except Exception:  # the reader broke: the pages it gave before still come out
                yield from self.process_batch(batch)
                raise
            batch.append(page)
            if len(batch) >= self.batch_size:
                yield from self.process_batch(batch)
                batch = []
        if batch:
            yield from self.process_batch(batch)

    def process_one(self, page: RawPage) -> Article | Failure:
        """One page through extraction and every stage under its time budget; a failure
        is returned as a :class:`Failure`, never raised."""
        slot = _Slot(page)
        self._page_steps(slot, self.stages, extract=True)
        if slot.failure is not None:
            return slot.failure
        assert slot.article is not None
        return slot.article

    def process_batch(self, pages: Sequence[RawPage]) -> list[Article | Failure]:
        """Results of several pages, in order: extraction and ordinary stages page by page,
        each batch stage once over the pages still going (the ones that have not failed).

        The articles are the ones ``process_one`` gives page by page.
        """
        slots = [_Slot(page) for page in pages]
        steps = _steps(self.stages)
        for n, (batch_stage, stages) in enumerate(steps):
            if batch_stage is not None:
                self._batch_step(batch_stage, slots)
                continue
            for slot in slots:
                if slot.failure is None:
                    self._page_steps(slot, stages, extract=n == 0)
        out: list[Article | Failure] = []
        for slot in slots:
            if slot.failure is not None:
                out.append(slot.failure)
            else:
                assert slot.article is not None
                out.append(slot.article)
        return out

    def _page_steps(self, slot: _Slot, stages: Sequence[Stage], *, extract: bool) -> None:
        """Run ``stages`` (after extraction when ``extract``) on one page, under what is left
        of its budget; a failure is recorded on the slot."""
        from khabar.extract.article import extract_article

        started = time.monotonic()
        left = None
        if self.budget_seconds is not None:
            left = max(self.budget_seconds - slot.spent, 1e-3)
        try:
            if extract:
                check_readable(slot.page)
            with _Deadline(left, reported=self.budget_seconds) as deadline:
                if extract:
                    slot.article = extract_article(slot.page)
                    deadline.check("extract")
                article = slot.article
                assert article is not None
                for stage in stages:
                    article = stage(article)
                    deadline.check(getattr(stage, "name", type(stage).__name__))
                slot.article = article
        except _Alarm:
            overrun = PageTimeout(_overrun_message(self.budget_seconds, None))
            slot.failure = failure_of(slot.page, overrun)
        except Exception as error:  # one bad page never stops a batch
            slot.failure = failure_of(slot.page, error)
        finally:
            slot.spent += time.monotonic() - started

    def _batch_step(self, stage: BatchStage, slots: list[_Slot]) -> None:
        """One ``annotate_batch`` call over the pages still going; page by page (each under
        its own budget) when the call raises, overruns or returns the wrong count."""
        going = [slot for slot in slots if slot.failure is None]
        if not going:
            return
        articles: list[Article] = [slot.article for slot in going if slot.article is not None]
        try:
            with _Deadline(self.budget_seconds) as deadline:
                done = stage.annotate_batch(articles)
                deadline.check(getattr(stage, "name", type(stage).__name__))
            if len(done) != len(going):
                raise ValueError(f"annotate_batch gave {len(done)} articles for {len(going)}")
        except (Exception, _Alarm):  # find the page at fault: redo them one by one
            for slot in going:
                self._page_steps(slot, [stage], extract=False)
            return
        for slot, article in zip(going, done, strict=True):
            slot.article = article


@dataclass
class _Slot:
    """One page on its way through ``process_batch``: its article so far or its failure,
    and the seconds its own steps took (what its budget counts)."""

    page: RawPage
    article: Article | None = None
    failure: Failure | None = None
    spent: float = 0.0


def _is_batch_stage(stage: Stage) -> bool:
    return isinstance(stage, BatchStage)


def _steps(stages: Sequence[Stage]) -> list[tuple[BatchStage | None, list[Stage]]]:
    """The stages as steps of ``process_batch``: a batch stage alone ``(stage, [])``, runs of
    the others together ``(None, stages)``; the first step is always a per-page one (it
    extracts, even with no stage in it)."""
    steps: list[tuple[BatchStage | None, list[Stage]]] = [(None, [])]
    for stage in stages:
        if isinstance(stage, BatchStage):
            steps.append((stage, []))
        elif steps[-1][0] is None:
            steps[-1][1].append(stage)
        else:
            steps.append((None, [stage]))
    return steps


class _Alarm(BaseException):
    """Raised by the SIGALRM handler. A BaseException, so that a broad ``except Exception``
    inside an extractor library cannot swallow the timeout and carry on past the budget."""


def _overrun_message(budget: float | None, step: str | None) -> str:
    where = f" (after {step})" if step else ""
    return f"page exceeded its time budget of {budget:g} s{where}"


class _Deadline:
    """Enforce a per-page time budget.

    - In the main thread of a process (the CLI, each process-pool worker, each Spark
      Python worker) a ``SIGALRM`` interval timer interrupts the page wherever it is, even
      inside a backtracking regex (``re`` checks for signals while matching), and keeps
      interrupting every ``ALARM_REPEAT_SECONDS`` until the page stops. A timer the caller
      had already set is restored afterwards.
    - Elsewhere (a web server's thread pool) signals cannot be used, so the budget is
      checked cooperatively after extraction and after each stage: a slow page is
      reported as a timeout once the current step returns.
    """

    def __init__(self, seconds: float | None, reported: float | None = None) -> None:
        self.seconds = seconds
        self.reported = seconds if reported is None else reported  # the budget in messages
        self.started = 0.0
        self._previous_handler: Any = None
        self._previous_timer: tuple[float, float] = (0.0, 0.0)
        self._armed = False

    def __enter__(self) -> _Deadline:
        self.started = time.monotonic()
        if self.seconds is not None and self.seconds > 0 and _signals_usable():
            self._previous_handler = signal.signal(signal.SIGALRM, _raise_alarm)
            # Repeating: an alarm raised while a finalizer (``__del__``, a GC callback) runs
            # is swallowed by Python as "unraisable"; the next one ends the page anyway.
            self._previous_timer = signal.setitimer(
                signal.ITIMER_REAL, self.seconds, ALARM_REPEAT_SECONDS
            )
            self._armed = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._armed:
            return
        self._armed = False
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the alarm fires right here, restore the caller's handler and timer
            signal.signal(signal.SIGALRM, self._previous_handler)
            delay, interval = self._previous_timer
            if delay > 0:
                left = delay - (time.monotonic() - self.started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), interval)

    def check(self, step: str) -> None:
        """Raise ``PageTimeout`` when the budget is spent (the cooperative path)."""
        if self.seconds is not None and time.monotonic() - self.started > self.seconds:
            raise PageTimeout(_overrun_message(self.reported, step))


def _signals_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _raise_alarm(signum: int, frame: object) -> None:
    raise _Alarm()


def failure_of(page: RawPage, error: BaseException) -> Failure:
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno}" if last else ""
    return Failure(
        origin=page.origin,
        reason=f"{type(error).__name__}: {error}{where}",
        error_type=type(error).__name__,
        path=page.path,
        url=page.url,
        record=page.record,
    )


def process_partition(
    pages: Iterable[RawPage], pipeline: Pipeline | None = None
) -> Iterator[dict[str, Any]]:
    """Records for a stream of pages: ``{"article": {...}}`` or ``{"failure": {...}}``.

    The same function runs in the local process pool and in Spark ``mapPartitions``,
    so both engines give identical records. Pages go through ``Pipeline.run``: in small
    batches for the batch stages (the entity tagger), records still one per page, in order.
    """
    pipeline = pipeline or Pipeline()
    for result in pipeline.run(pages):
        if isinstance(result, Failure):
            yield {"failure": result.to_dict()}
        else:
            yield {"article": result.to_dict()}
