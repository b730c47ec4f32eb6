"""Writing the corpus: articles with their quotes, entities, warnings, sightings and cluster.

Every article is written together with its layers in one transaction, so a crash
(even SIGKILL) leaves either the whole article or nothing. Articles are written in
batches (one ``BEGIN IMMEDIATE`` … ``COMMIT`` per batch) for speed; the same body
twice is one article (``INSERT OR IGNORE`` on the id, which hashes the normalised
body), and each page that produced it is kept as a *sighting* for provenance.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import pickle
import sqlite3
import threading
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType

import numpy as np

from khabar.arabic.normalise import normalise, normalise_words
from khabar.model import Article, Entity, PageEntity, Quote
from khabar.store import dedup
from khabar.store.schema import connect
from khabar.store.stem import keys_of_normalised

DEFAULT_DB = "khabar.db"
DEFAULT_BATCH = 200
_CHUNK = 500  # bound parameters per statement (SQLite allows 32,766 since 3.32)


@dataclass
class IngestCounts:
    """What one ingest did: the summary printed at the end of ``khabar ingest``."""

    pages: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    warnings: int = 0
    failures: int = 0
    failed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages, "stored": self.stored, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "warnings": self.warnings,
            "failures": self.failures, "failed": list(self.failed),
        }


@dataclass(frozen=True, slots=True)
class AddResult:
    """What happened to one article: new row or an exact duplicate, and its cluster."""

    rowid: int
    new: bool
    cluster_id: int
    near_duplicate: bool
    warnings: int = 0  # the article's page warnings (counted also for a duplicate)


def norm_words(text: str | None) -> str:
    """Normalised form used for name matching: folded spelling, single spaces."""
    return _norm_words(text) if text else ""


@lru_cache(maxsize=1 << 16)
def _norm_words(text: str) -> str:
    # Names, outlets and titles repeat across articles: an ingest asks for the same few
    # thousand strings again and again (about twenty per article).
    return normalise_words(text)


def layers_json(article: Article) -> str:
    """Article JSON without ``text`` (stored once, in its own column; see ``get_article``)."""
    data = article.to_dict()
    del data["text"]
    return json.dumps(data, ensure_ascii=False)


def entity_key(entity: Entity | PageEntity) -> str:
    """Stable key of an entity across articles: its id, else its normalised canonical name."""
    return entity.entity_id or norm_words(entity.canonical or entity.text)


def speaker_names(quote: Quote, article: Article) -> str:
    """Every normalised name a quote's speaker is known by in its article (for search).

    Includes the speaker string, the speaker entity, and the canonical name and
    surface forms of entities that share the speaker's entity id or canonical name,
    so ``لافروف`` finds a quote attributed to ``سيرجي لافروف`` and vice versa.
    """
    names: list[str] = []
    if quote.speaker:
        names.append(quote.speaker)
    if quote.speaker_entity:
        names.append(quote.speaker_entity)
    speaker_norm = norm_words(quote.speaker)
    for entity in article.entities:
        same_id = quote.speaker_entity is not None and entity.entity_id == quote.speaker_entity
        same_name = bool(speaker_norm) and norm_words(entity.canonical) == speaker_norm
        if same_id or same_name:
            names.extend([entity.canonical, entity.text])
    seen: dict[str, None] = {}
    for name in names:
        folded = norm_words(name)
        if folded:
            seen.setdefault(folded, None)
    return " | ".join(seen)


class Store:
    """The SQLite corpus, opened for writing (WAL; safe with other writers at once)."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = Path(path)
        self.conn = connect(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- writing --------------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> list[AddResult]:
        """Store a batch of articles in one transaction; returns one result per article.

        Everything that depends on one article only (normalisation, search keys, MinHash,
        JSON) is computed before the write lock is taken; under it, each table gets one
        ``executemany`` for the whole batch.
        """
        if not articles:
            return []
        with _gc_paused():
            prepared = _prepare(articles)  # outside the write lock
        return self._write_prepared(prepared)

    def add_article(self, article: Article) -> AddResult:
        return self.add_articles([article])[0]

    def add_batches(
        self, batches: Iterable[Sequence[Article | str]], *, workers: int = 0
    ) -> Iterator[list[AddResult]]:
        """Store batches in order, one transaction each (as :meth:`add_articles`), yielding
        each batch's results as soon as it is committed.

        With ``workers`` > 0, the preparation of the next batches (normalisation, search
        keys, MinHash, JSON: about a third of the CPU time of storing an already-extracted
        article) runs in that many worker processes while this one writes, so a bulk load
        uses a second core. The written rows are the same either way: preparation depends
        on the article only, everything that depends on the corpus happens under the lock.
        Batches are read at most ``workers`` ahead of the one being written. A process that
        runs threads prepares in place instead (see ``_worker_context``). An item may be an
        article's JSON (``Article.to_json``): it is parsed where it is prepared, so reading a
        batch output folder costs the writer nothing but the lines.
        """
        context = _worker_context() if workers > 0 else None
        if context is None:
            for batch in batches:
                yield self.add_articles(_parsed(batch))
            return
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            pending: deque[Future[bytes]] = deque()
            source = iter(batches)
            for batch in source:
                pending.append(pool.submit(_prepare_pickled, list(batch)))
                if len(pending) > workers:
                    yield self._write_prepared(_unpickle(pending.popleft().result()))
            while pending:
                yield self._write_prepared(_unpickle(pending.popleft().result()))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _write_prepared(self, prepared: Sequence[_Prepared]) -> list[AddResult]:
        if not prepared:
            return []
        with _gc_paused():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                results = _write_batch(self.conn, prepared)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return results

    def add_failures(self, failures: Iterable[dict[str, str | None]], run: int | None) -> None:
        """Record pages that failed (``Failure.to_dict()`` rows) in one transaction."""
        rows = [
            (run, f.get("origin") or "?", f.get("reason") or "?", f.get("error_type") or "?",
             f.get("path"), f.get("url"), f.get("record"))
            for f in failures
        ]
        if not rows:
            return
        with _immediate(self.conn):
            self.conn.executemany(
                "INSERT INTO failures(run, origin, reason, error_type, path, url, record) "
                "VALUES (?,?,?,?,?,?,?)", rows,
            )

    def start_run(self) -> int:
        with _immediate(self.conn):
            cursor = self.conn.execute("INSERT INTO ingest_runs DEFAULT VALUES")
        return int(cursor.lastrowid or 0)

    def finish_run(self, run: int, counts: IngestCounts) -> None:
        with _immediate(self.conn):
            self.conn.execute(
                "UPDATE ingest_runs SET finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                "pages = ?, stored = ?, duplicates = ?, near_duplicates = ?, warnings = ?, "
                "failures = ? WHERE rowid = ?",
                (counts.pages, counts.stored, counts.duplicates, counts.near_duplicates,
                 counts.warnings, counts.failures, run),
            )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a batch is written.

    The batch makes tuples and strings that reference counting frees; each collection it
    triggers would walk every object the caller holds (a bulk load keeps its articles in
    memory): 4 % of the write at 30k articles in memory, more with more.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _immediate:
    """``with _immediate(conn):`` — a short write transaction taken up front."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.conn.execute("ROLLBACK" if kind else "COMMIT")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One article's rows, computed before the write lock: everything but the rowids.

    ``row`` holds the ``articles`` columns after ``rowid, id, cluster_id`` (see
    ``_ARTICLE_INSERT``); ``quotes`` the quote columns after ``rowid, article``, each with
    its two FTS values; ``entities``, ``events`` and ``warnings`` the columns after
    ``article``. Long texts are UTF-8 bytes (see :func:`_utf8`).
    """

    article_id: str
    row: tuple[object, ...]
    page_date: str | None
    outlet_norm: str | None
    fts: tuple[str, bytes]
    sighting: tuple[object, ...]
    quotes: list[tuple[tuple[object, ...], tuple[str, str]]]
    entities: list[tuple[object, ...]]
    events: list[tuple[object, ...]]
    warnings: list[tuple[str, str]]
    sig: np.ndarray | None
    keys: list[int] | None


_ARTICLE_INSERT = (
    "INSERT INTO articles(rowid, id, cluster_id, page_date, outlet, outlet_norm, title, "
    "section, page_date_hijri, dateline, byline, credits, source_path, source_url, "
    "title_norm, json, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,CAST(? AS TEXT),CAST(? AS TEXT))"
)
_QUOTE_INSERT = (
    'INSERT INTO quotes(rowid, article, start, "end", text, text_norm, kind, cue, speaker, '
    "speaker_norm, speaker_title, speaker_entity, speaker_names) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
ENTITY_INSERT = (
    'INSERT INTO entities(article, start, "end", text, text_norm, label, canonical, '
    "canonical_norm, entity_id, entity_key) VALUES (?,?,?,?,?,?,?,?,?,?)"
)
_SIGHTING_INSERT = (
    "INSERT OR IGNORE INTO sightings(article, outlet, page_date, path, url, record, key) "
    "VALUES (?,?,?,?,?,?,?)"
)


def _worker_context() -> multiprocessing.context.BaseContext | None:
    """How preparation workers start: forked, when this process runs no other thread and
    the platform forks; otherwise ``None`` (prepare here, sequentially).

    A forked worker starts at once with everything imported and needs nothing from the
    caller's ``__main__`` (spawned workers re-run an unguarded script); forking while
    another thread holds a lock can deadlock the child, so a threaded process (a web
    server) does not fork.
    """
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _parsed(items: Sequence[Article | str]) -> list[Article]:
    """Articles of a batch whose items may be article JSON strings."""
    return [Article.from_json(item) if isinstance(item, str) else item for item in items]


def _prepare_pickled(items: Sequence[Article | str]) -> bytes:
    """:func:`_prepare` in a worker, pickled there: the pool's result thread then only
    passes bytes along (instead of unpickling a batch while the writer needs the
    interpreter lock), and the writer unpickles them with the collector paused."""
    with _gc_paused():
        return pickle.dumps(_prepare(_parsed(items)), protocol=pickle.HIGHEST_PROTOCOL)


def _unpickle(blob: bytes) -> list[_Prepared]:
    with _gc_paused():
        prepared: list[_Prepared] = pickle.loads(blob)
    return prepared


def _prepare(articles: Sequence[Article]) -> list[_Prepared]:
    """The rows of each article (signatures of the whole batch in one numpy pass)."""
    texts_norm = [normalise(article.text) for article in articles]
    sigs = dedup.batch_signatures(texts_norm)
    signed = [sig for sig in sigs if sig is not None]
    band_keys = iter(dedup.batch_band_keys(np.stack(signed)) if signed else [])
    return [
        _prepare_one(article, text_norm, sig, None if sig is None else next(band_keys))
        for article, text_norm, sig in zip(articles, texts_norm, sigs, strict=True)
    ]


def _prepare_one(
    article: Article, text_norm: str, sig: np.ndarray | None, keys: list[int] | None
) -> _Prepared:
    title_norm = norm_words(article.title)
    outlet_norm = norm_words(article.outlet) or None
    source = article.source
    row = (
        article.page_date, article.outlet, outlet_norm, article.title, article.section,
        article.page_date_hijri, article.dateline, article.byline,
        json.dumps(list(article.credits), ensure_ascii=False), source.path, source.url,
        title_norm, _utf8(layers_json(article)), _utf8(article.text),
    )
    key = "\x1f".join([source.path or "", source.url or "", source.record or ""])
    sighting = (article.outlet, article.page_date, source.path, source.url, source.record, key)
    return _Prepared(
        article_id=article.id, row=row, page_date=article.page_date, outlet_norm=outlet_norm,
        fts=(keys_of_normalised(title_norm), _utf8(keys_of_normalised(text_norm))),
        sighting=sighting, quotes=[_quote_row(quote, article) for quote in article.quotes],
        entities=entity_rows(article),
        events=event_rows(article) if article.events else [],
        warnings=[(w.code, w.message) for w in article.warnings],
        sig=sig, keys=keys,  # None: too short to call a near-duplicate
    )


def entity_rows(article: Article) -> list[tuple[object, ...]]:
    """The ``entities`` columns after ``article``: body mentions with their offsets, then the
    page's own entities (outlet, dateline place, credited agencies) with null offsets, so
    entity search finds an article by its outlet or dateline too."""
    rows: list[tuple[object, ...]] = [
        (e.start, e.end, e.text, norm_words(e.text), e.label, e.canonical or e.text,
         norm_words(e.canonical or e.text), e.entity_id, entity_key(e))
        for e in article.entities
    ]
    rows += [
        (None, None, e.text, norm_words(e.text), e.label, e.canonical or e.text,
         norm_words(e.canonical or e.text), e.entity_id, entity_key(e))
        for e in article.page_entities
    ]
    return rows


EVENT_INSERT = (
    'INSERT INTO events(article, start, "end", cue, type, code, sentence_start, sentence_end, '
    "actor, actor_norm, actor_start, actor_end, actor_entity, target, target_norm, "
    "target_start, target_end, target_entity) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def event_rows(article: Article) -> list[tuple[object, ...]]:
    """The ``events`` columns after ``article`` for each event of an article: the sentence
    around its cue, and the entity keys of the mentions that cover its actor and target."""
    sentence_starts = [s.start for s in article.sentences]
    rows: list[tuple[object, ...]] = []
    for event in article.events:
        sentence = None
        at = bisect_right(sentence_starts, event.start) - 1
        if at >= 0 and article.sentences[at].end >= event.end:
            sentence = article.sentences[at]
        rows.append((
            event.start, event.end, event.text, event.type, event.code,
            sentence.start if sentence else None, sentence.end if sentence else None,
            event.actor, norm_words(event.actor) or None, event.actor_start, event.actor_end,
            _covering_entity(article, event.actor_start, event.actor_end),
            event.target, norm_words(event.target) or None, event.target_start,
            event.target_end, _covering_entity(article, event.target_start, event.target_end),
        ))
    return rows


def _covering_entity(article: Article, start: int | None, end: int | None) -> str | None:
    """``entity_key`` of the first entity mention whose span holds ``start:end``."""
    if start is None or end is None:
        return None
    for entity in article.entities:
        if entity.start <= start and end <= entity.end:
            return entity_key(entity)
    return None


def _utf8(text: str) -> bytes:
    """A long text as UTF-8, bound as a blob and cast to TEXT in SQL (the same value).

    Encoded once where the article is prepared — in a worker process when there is one —
    instead of by the driver under the write lock; a prepared batch also crosses from the
    worker as bytes, with no UTF-8 decoding on arrival. Lone surrogates fail here, as they
    failed when bound.
    """
    return text.encode("utf-8")


def _quote_row(quote: Quote, article: Article) -> tuple[tuple[object, ...], tuple[str, str]]:
    names = speaker_names(quote, article)
    text_norm = normalise(quote.text)
    row = (quote.start, quote.end, quote.text, text_norm, quote.kind, quote.cue, quote.speaker,
           norm_words(quote.speaker) or None, quote.speaker_title, quote.speaker_entity, names)
    return row, (keys_of_normalised(text_norm), keys_of_normalised(names))


def _write_batch(conn: sqlite3.Connection, prepared: Sequence[_Prepared]) -> list[AddResult]:
    """Write prepared articles under the caller's write lock: one statement per table.

    Rowids are allocated here (nobody else inserts while we hold the lock), so a new
    article's cluster id (its own rowid) and its quotes' FTS rowids are known up front.
    The same body twice — stored before or earlier in this batch — is one article with
    one more sighting.
    """
    known = _stored_ids(conn, [item.article_id for item in prepared])
    next_article = _next_rowid(conn, "articles")
    next_quote = _next_rowid(conn, "quotes")
    clusters = dedup.BatchClusters(
        conn, (key for item in prepared if item.keys for key in item.keys)
    )
    articles: list[tuple[object, ...]] = []
    new_clusters: list[tuple[int, int]] = []
    facets: list[tuple[object, ...]] = []
    fts: list[tuple[object, ...]] = []
    sightings: list[tuple[object, ...]] = []
    quotes: list[tuple[object, ...]] = []
    quotes_fts: list[tuple[object, ...]] = []
    entities: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    warnings: list[tuple[object, ...]] = []
    results: list[AddResult] = []
    for item in prepared:
        article_id = item.article_id
        if article_id in known:
            rowid, cluster_id = known[article_id]
            sightings.append((rowid, *item.sighting))
            results.append(AddResult(rowid, False, cluster_id, False, len(item.warnings)))
            continue
        found = None
        if item.sig is not None and item.keys is not None:
            found = clusters.find(item.sig, item.keys)
        rowid = next_article
        next_article += 1
        cluster_id = rowid if found is None else found
        known[article_id] = (rowid, cluster_id)
        articles.append((rowid, article_id, cluster_id, *item.row))
        if found is None:
            new_clusters.append((rowid, rowid))
        facets.append((rowid, cluster_id, item.page_date, item.outlet_norm))
        fts.append((rowid, *item.fts))
        sightings.append((rowid, *item.sighting))
        for row, keys in item.quotes:
            quotes.append((next_quote, rowid, *row))
            quotes_fts.append((next_quote, *keys))
            next_quote += 1
        entities.extend((rowid, *row) for row in item.entities)
        events.extend((rowid, *row) for row in item.events)
        warnings.extend((rowid, *row) for row in item.warnings)
        if item.sig is not None and item.keys is not None:
            clusters.add(rowid, item.sig, item.keys, cluster_id)
        results.append(
            AddResult(rowid, True, cluster_id, found is not None, len(item.warnings))
        )
    conn.executemany(_ARTICLE_INSERT, articles)
    conn.executemany("INSERT INTO clusters(id, representative) VALUES (?, ?)", new_clusters)
    conn.executemany(
        "INSERT INTO article_facets(article, cluster_id, page_date, outlet_norm) "
        "VALUES (?, ?, ?, ?)", facets,
    )
    conn.executemany(
        "INSERT INTO articles_fts(rowid, title_norm, text_norm) VALUES (?, ?, CAST(? AS TEXT))",
        fts,
    )
    conn.executemany(_SIGHTING_INSERT, sightings)
    conn.executemany(_QUOTE_INSERT, quotes)
    conn.executemany(
        "INSERT INTO quotes_fts(rowid, text_norm, speaker_names) VALUES (?, ?, ?)", quotes_fts
    )
    conn.executemany(ENTITY_INSERT, entities)
    if events:
        conn.executemany(EVENT_INSERT, events)
    conn.executemany("INSERT INTO warnings(article, code, message) VALUES (?, ?, ?)", warnings)
    dedup.write_index(conn, clusters, next_article - 1)
    return results


def _stored_ids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[int, int]]:
    """Rowid and cluster of the given article ids that are already stored."""
    found: dict[str, tuple[int, int]] = {}
    wanted = list(dict.fromkeys(ids))
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for article_id, rowid, cluster in conn.execute(
            f"SELECT id, rowid, cluster_id FROM articles WHERE id IN ({marks})", chunk
        ):
            found[str(article_id)] = (int(rowid), int(cluster))
    return found


def _next_rowid(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {table}").fetchone()[0])
