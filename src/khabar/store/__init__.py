"""Storage: SQLite corpus (FTS5 over the normalised view) and near-duplicate clustering.

Write with :class:`Store` (``add_articles``) or :func:`ingest_results`; read with the
functions of :mod:`khabar.store.search` over :func:`connect` (``readonly=True``).
"""

from khabar.store.ingest import ingest_extracted, ingest_paths, ingest_results
from khabar.store.schema import connect
from khabar.store.search import (
    Filters,
    entities,
    entity_profile,
    events,
    get_article,
    quotes,
    search,
    speaker_profile,
    speakers,
    stats,
)
from khabar.store.sqlite import DEFAULT_DB, IngestCounts, Store

__all__ = [
    "DEFAULT_DB",
    "Filters",
    "IngestCounts",
    "Store",
    "connect",
    "entities",
    "entity_profile",
    "events",
    "get_article",
    "ingest_extracted",
    "ingest_paths",
    "ingest_results",
    "quotes",
    "search",
    "speaker_profile",
    "speakers",
    "stats",
]
