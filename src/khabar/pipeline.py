"""Stage protocol, Pipeline and process_partition (shared by the local and Spark runners).

A stage is a small picklable object with one job: ``Article -> Article``. Heavy
resources load lazily on first use inside the worker process.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from khabar.model import Article
from khabar.read.page import RawPage


@runtime_checkable
class Stage(Protocol):
    """One annotation layer. Pure: no database, no HTTP, no printing."""

    name: str

    def __call__(self, article: Article) -> Article: ...


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


def default_stages() -> list[Stage]:
    """The standard annotation stages, in dependency order."""
    from khabar.nlp.entities import EntityStage
    from khabar.nlp.quotes import QuoteStage
    from khabar.nlp.sentences import SentenceStage

    return [SentenceStage(), EntityStage(), QuoteStage()]


@dataclass
class Pipeline:
    """extract → stages, page by page."""

    stages: Sequence[Stage] = field(default_factory=default_stages)

    def process_page(self, page: RawPage) -> Article:
        """Extract and annotate one page. Raises on failure; ``run`` records it instead."""
        from khabar.extract.article import extract_article

        article = extract_article(page)
        return self.annotate(article)

    def annotate(self, article: Article) -> Article:
        for stage in self.stages:
            article = stage(article)
        return article

    def run(self, pages: Iterable[RawPage]) -> Iterator[Article | Failure]:
        """Process pages one by one; a failing page becomes a Failure and the run goes on."""
        for page in pages:
            yield self.process_one(page)

    def process_one(self, page: RawPage) -> Article | Failure:
        try:
            return self.process_page(page)
        except Exception as error:  # one bad page never stops a batch
            return failure_of(page, error)


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
    so both engines give identical records.
    """
    pipeline = pipeline or Pipeline()
    for result in pipeline.run(pages):
        if isinstance(result, Failure):
            yield {"failure": result.to_dict()}
        else:
            yield {"article": result.to_dict()}
