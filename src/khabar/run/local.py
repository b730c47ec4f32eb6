"""The local engine: the pipeline in a loop (one worker) or a process pool (several).

Pages go to the workers in large chunks, and only a few chunks are in flight at once,
so memory stays flat however long the input is. Records come back in input order,
which is what makes batch shards deterministic (and resumable). Each worker process
receives the pipeline once (pickled) and keeps it, so stage resources load once per
worker, lazily, on first use.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from khabar.errors import KhabarError
from khabar.pipeline import Pipeline, failure_of, process_partition
from khabar.read.page import RawPage
from khabar.run.collector import settled_after, settled_while
from khabar.run.memory import bounded

Record = dict[str, Any]
T = TypeVar("T")


class WorkerCrashed(KhabarError):
    """A worker process died (segfault, out-of-memory kill) while processing a page."""


DEFAULT_CHUNK_SIZE = 64

# The pipeline of this worker process, set once by the pool initializer.
_WORKER_PIPELINE: Pipeline | None = None


def default_workers() -> int:
    """As many workers as CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter).

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _init_worker(pipeline: Pipeline) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline


def _process_chunk(pages: list[RawPage]) -> list[Record]:
    """Runs in a worker: one record per page, in order. The worker's garbage collector is
    settled once it is warm (``khabar.run.collector``): the process does nothing else."""
    pipeline = _WORKER_PIPELINE if _WORKER_PIPELINE is not None else Pipeline()
    return list(settled_after(bounded(process_partition(pages, pipeline))))


def run_local(
    pages: Iterable[RawPage],
    pipeline: Pipeline | None = None,
    *,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    in_flight_per_worker: int = 2,
) -> Iterator[Record]:
    """Process pages and yield one record per page, in input order.

    ``workers=1`` runs in this process (no pickling, easiest to debug); more workers
    use a process pool fed ``chunk_size`` pages at a time with at most
    ``workers * in_flight_per_worker`` chunks outstanding. Records are those of
    ``khabar.pipeline.process_partition``: ``{"article": …}`` or ``{"failure": …}``.
    Every worker's garbage collector is settled once it is warm; in this process (one
    worker) only while the records are being consumed (``khabar.run.collector``).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    pipeline = pipeline if pipeline is not None else Pipeline()
    if workers == 1:
        yield from settled_while(bounded(process_partition(pages, pipeline)))
        return
    yield from _run_pool(
        pages, pipeline, workers, chunk_size, workers * max(1, in_flight_per_worker)
    )


def _new_pool(pipeline: Pipeline, workers: int) -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter per worker. Forking a parent that runs threads (a
    # progress bar, a web server, Spark's py4j) can deadlock; spawn never does.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(pipeline,),
    )


def _run_pool(
    pages: Iterable[RawPage],
    pipeline: Pipeline,
    workers: int,
    chunk_size: int,
    max_in_flight: int,
) -> Iterator[Record]:
    """Chunks through a pool, results in order. A worker that dies (a crash in a C
    extension, the kernel's OOM killer) breaks the pool: the chunks in flight are then
    redone page by page to find the page that kills, which becomes a failure record, and
    the run goes on with a new pool."""
    chunks = chunked(pages, chunk_size)
    pending: deque[tuple[list[RawPage], Future[list[Record]]]] = deque()
    while True:
        pool = _new_pool(pipeline, workers)
        unsent: list[RawPage] | None = None  # taken from the input, not yet submitted
        try:
            for chunk in chunks:
                unsent = chunk
                pending.append((chunk, pool.submit(_process_chunk, chunk)))
                unsent = None
                while len(pending) >= max_in_flight:
                    yield from pending[0][1].result()
                    pending.popleft()
            while pending:
                yield from pending[0][1].result()
                pending.popleft()
            return
        except BrokenProcessPool:  # from result(), or from submit() to a pool already broken
            lost = [chunk for chunk, _ in pending] + ([unsent] if unsent is not None else [])
            pending.clear()
        finally:
            for _, future in pending:  # the consumer stopped early: drop queued work
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
        for chunk in lost:
            yield from _isolate(chunk, pipeline)


def _isolate(pages: list[RawPage], pipeline: Pipeline) -> Iterator[Record]:
    """Process pages one at a time in a one-worker pool, renewed whenever a page kills it."""
    pool = _new_pool(pipeline, 1)
    try:
        for page in pages:
            try:
                yield from pool.submit(_process_chunk, [page]).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(pipeline, 1)
                crash = WorkerCrashed("the worker process died while processing this page")
                yield {"failure": failure_of(page, crash).to_dict()}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
