"""Ingest: pipeline results (Article or Failure) into the corpus, in batches, with counts.

Exit policy used by ``khabar ingest``: a run "fails" (non-zero status) only when some
page could not be processed; duplicates and warnings are normal and only counted.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from khabar.model import Article
from khabar.pipeline import Failure, Pipeline
from khabar.store.sqlite import DEFAULT_BATCH, AddResult, IngestCounts, Store

Progress = Callable[[IngestCounts], None]


def ingest_results(
    store: Store, results: Iterable[Article | Failure], *, batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None, workers: int = 0,
) -> IngestCounts:
    """Store articles and record failures; one transaction per batch of articles.

    ``workers`` > 0 prepares batches in worker processes ahead of the writes (see
    ``Store.add_batches``): worth it for already-extracted articles, whose storing is the
    whole cost, not behind the pipeline, which is far slower than the store.
    """
    counts = IngestCounts()
    run = store.start_run()
    read: deque[tuple[list[Article], list[Failure]]] = deque()  # read, not yet stored

    def batches() -> Iterator[list[Article]]:
        articles: list[Article] = []
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
                read.append((articles, failures))
                yield articles
                articles, failures = [], []
        read.append((articles, failures))
        yield articles

    try:
        for stored in store.add_batches(batches(), workers=workers):
            articles, failures = read.popleft()
            _count(articles, stored, counts)
            store.add_failures([f.to_dict() for f in failures], run)
            if progress is not None:
                progress(counts)
    finally:
        store.finish_run(run, counts)
    return counts


def _count(articles: Sequence[Article], stored: Sequence[AddResult], counts: IngestCounts) -> None:
    for article, result in zip(articles, stored, strict=True):
        counts.warnings += len(article.warnings)
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
        return ingest_results(
            store, pipeline.run(read_pages(paths)), batch_size=batch_size, progress=progress
        )
