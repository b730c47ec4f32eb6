"""The ``events`` pipeline stage: Article in, Article with ``events`` out."""

from __future__ import annotations

from khabar.model import Article, with_fields

from .finder import find_events
from .lexicon import event_lexicon


class EventStage:
    """Adds CAMEO-coded events to an article. Picklable; the cue table loads once per process.

    Runs after entities and quotes: their mentions and speakers are the actors and targets.
    """

    name = "events"

    def __init__(self, *, incidents_only: bool = True) -> None:
        # False: the cue rules alone, without the learned incident filter (for comparison).
        self.incidents_only = incidents_only

    def __call__(self, article: Article) -> Article:
        event_lexicon()  # load lazily, once per worker
        try:
            events = find_events(
                article.text,
                article.entities,
                article.quotes,
                incidents_only=self.incidents_only,
            )
        except (ValueError, IndexError, KeyError) as error:  # never crash a batch on one page
            return article.with_warning("events-failed", f"{type(error).__name__}: {error}")
        return with_fields(article, events=tuple(events))
