"""Ingest: pipeline results (Article or Failure) into the corpus, in batches, with counts.

Exit policy used by ``khabar ingest``: a run "fails" (non-zero status) only when some
page could not be processed; duplicates and warnings are normal and only counted.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from khabar.model import Article
from khabar.pipeline import Failure, Pipeline
from khabar.run.collector import settled_while
from khabar.run.memory import bounded
from khabar.store.sqlite import DEFAULT_BATCH, AddResult, IngestCounts, Store

Progress = Callable[[IngestCounts], None]


def ingest_results(
    store: Store, results: Iterable[Article | str | Failure], *, batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None, workers: int = 0,
) -> IngestCounts:
    """Store articles and record failures; one transaction per batch of articles.

    ``workers`` > 0 prepares batches in worker processes ahead of the writes (see
    ``Store.add_batches``): worth it for already-extracted articles, whose storing is the
    whole cost, not behind the pipeline, which is far slower than the store. A ``str``
    result is an article's JSON, parsed where the batch is prepared.
    """
    counts = IngestCounts()
    run = store.start_run()
    failed: deque[list[Failure]] = deque()  # the failures read with each batch not yet stored

    def batches() -> Iterator[list[Article | str]]:
        articles: list[Article | str] = []
        failures: list[Failure] = []
        for result in results:
            counts.pages += 1
            if isinstance(result, Failure):
                counts.failures += 1
                counts.failed.append(f"{result.origin}: {result.reason}")
                failures.append(result)
            else:
                articles.append(result)
            if len(articles) >= batch_size or len(failures) >= batch_size:
                failed.append(failures)
                yield articles
                articles, failures = [], []
        failed.append(failures)
        yield articles

    try:
        for stored in store.add_batches(batches(), workers=workers):
            _count(stored, counts)
            store.add_failures([f.to_dict() for f in failed.popleft()], run)
            if progress is not None:
                progress(counts)
    finally:
        store.finish_run(run, counts)
    return counts


def _count(stored: Sequence[AddResult], counts: IngestCounts) -> None:
    for result in stored:
        counts.warnings += result.warnings
        if not result.new:
            counts.duplicates += 1
            continue
        counts.stored += 1
        counts.near_duplicates += int(result.near_duplicate)


def ingest_paths(
    db: str | Path, paths: Sequence[str], *, pipeline: Pipeline | None = None,
    batch_size: int = DEFAULT_BATCH, progress: Progress | None = None,
) -> IngestCounts:
    """Read pages from files/folders/globs, run the pipeline, store everything in ``db``."""
    from khabar.read import read_pages  # the reader lives below the store

    pipeline = pipeline or Pipeline()
    with Store(db) as store:
        # the collector settles once the pipeline is warm and is put back at the end
        results = settled_while(bounded(pipeline.run(read_pages(paths))))
        return ingest_results(store, results, batch_size=batch_size, progress=progress)


def ingest_extracted(
    db: str | Path, out_dirs: Sequence[str | Path], *, batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None, workers: int | None = None,
) -> IngestCounts:
    """Store the articles of ``khabar batch`` output folders (either engine, either format).

    The articles are already extracted and annotated, so no pipeline runs: storing is the
    whole cost, and the preparation of the next batches runs in ``workers`` processes while
    this one writes (default: one worker when the machine has a second core). The failures
    the batch run recorded are counted and kept in the corpus like an ingest's own.
    """
    from khabar.run.batch import (
        ARTICLES_DIR,
        BatchError,
        iter_output_failures,
        iter_output_items,
    )

    for out_dir in out_dirs:  # before the corpus is opened: a typo stores nothing
        if not (Path(out_dir) / ARTICLES_DIR).is_dir():
            raise BatchError(
                f"{out_dir} is not a `khabar batch` output folder (no {ARTICLES_DIR}/)"
            )
    if workers is None:
        workers = 1 if (os.cpu_count() or 1) > 1 else 0

    def results() -> Iterator[Article | str | Failure]:
        for out_dir in out_dirs:
            yield from iter_output_items(out_dir)  # JSONL lines are parsed by the preparer
            yield from map(_failure, iter_output_failures(out_dir))

    with Store(db) as store:
        return ingest_results(
            store, results(), batch_size=batch_size, progress=progress, workers=workers
        )


def _failure(record: dict[str, Any]) -> Failure:
    """A failure record of a batch output folder as the pipeline's :class:`Failure`."""
    return Failure(
        origin=str(record.get("origin", "")), reason=str(record.get("reason", "")),
        error_type=str(record.get("error_type", "")), path=record.get("path"),
        url=record.get("url"), record=record.get("record"),
    )
