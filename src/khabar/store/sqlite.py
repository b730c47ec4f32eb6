"""Writing the corpus: articles with their quotes, entities, warnings, sightings and cluster.

Every article is written together with its layers in one transaction, so a crash
(even SIGKILL) leaves either the whole article or nothing. Articles are written in
batches (one ``BEGIN IMMEDIATE`` … ``COMMIT`` per batch) for speed; the same body
twice is one article (``INSERT OR IGNORE`` on the id, which hashes the normalised
body), and each page that produced it is kept as a *sighting* for provenance.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import numpy as np

from khabar.arabic.normalise import normalise
from khabar.model import Article, Entity, Quote
from khabar.store import dedup
from khabar.store.schema import connect
from khabar.store.stem import keys_of_normalised

DEFAULT_DB = "khabar.db"
DEFAULT_BATCH = 200


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


def norm_words(text: str | None) -> str:
    """Normalised form used for name matching: folded spelling, single spaces."""
    return " ".join(normalise(text or "").split())


def layers_json(article: Article) -> str:
    """Article JSON without ``text`` (stored once, in its own column; see ``get_article``)."""
    data = article.to_dict()
    del data["text"]
    return json.dumps(data, ensure_ascii=False)


def entity_key(entity: Entity) -> str:
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
        self._next_rowid = 0

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
        """Store a batch of articles in one transaction; returns one result per article."""
        if not articles:
            return []
        prepared = [_prepare(article) for article in articles]  # outside the write lock
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Under the write lock nobody else inserts: allocate rowids ourselves, so a new
            # article's cluster id (its own rowid) is known before its row is written.
            self._next_rowid = int(
                self.conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM articles").fetchone()[0]
            )
            results = [self._add(item) for item in prepared]
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return results

    def add_article(self, article: Article) -> AddResult:
        return self.add_articles([article])[0]

    def _add(self, item: _Prepared) -> AddResult:
        conn = self.conn
        article, text_norm, sig, keys = item.article, item.text_norm, item.sig, item.keys
        existing = conn.execute(
            "SELECT rowid, cluster_id FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if existing is not None:
            rowid, cluster = int(existing[0]), int(existing[1])
            _add_sighting(conn, rowid, article)
            return AddResult(rowid, False, cluster, False)
        found = None
        if sig is not None and keys is not None:
            found = dedup.find_cluster(conn, sig, keys)
        rowid = self._next_rowid
        self._next_rowid += 1
        cluster_id = rowid if found is None else found
        title_norm = norm_words(article.title)
        outlet_norm = norm_words(article.outlet) or None
        conn.execute(
            "INSERT INTO articles(rowid, id, title, section, page_date, page_date_hijri, "
            "dateline, outlet, outlet_norm, byline, credits, source_path, source_url, text, "
            "title_norm, text_norm, json, cluster_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                rowid, article.id, article.title, article.section, article.page_date,
                article.page_date_hijri, article.dateline, article.outlet,
                outlet_norm, article.byline,
                json.dumps(list(article.credits), ensure_ascii=False),
                article.source.path, article.source.url, article.text, title_norm,
                text_norm, layers_json(article), cluster_id,
            ),
        )
        if found is None:
            conn.execute("INSERT INTO clusters(id, representative) VALUES (?, ?)", (rowid, rowid))
        conn.execute(
            "INSERT INTO article_facets(article, cluster_id, page_date, outlet_norm) "
            "VALUES (?, ?, ?, ?)", (rowid, cluster_id, article.page_date, outlet_norm),
        )
        conn.execute(
            "INSERT INTO articles_fts(rowid, title_norm, text_norm) VALUES (?, ?, ?)",
            (rowid, keys_of_normalised(title_norm), keys_of_normalised(text_norm)),
        )
        _add_sighting(conn, rowid, article)
        _add_quotes(conn, rowid, article)
        _add_entities(conn, rowid, article)
        conn.executemany(
            "INSERT INTO warnings(article, code, message) VALUES (?, ?, ?)",
            [(rowid, w.code, w.message) for w in article.warnings],
        )
        if sig is not None and keys is not None:
            dedup.index_signature(conn, rowid, sig, keys)
        return AddResult(rowid, True, cluster_id, found is not None)

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
    """What can be computed before taking the write lock: folded text, MinHash, band keys."""

    article: Article
    text_norm: str
    sig: np.ndarray | None
    keys: list[int] | None


def _prepare(article: Article) -> _Prepared:
    text_norm = normalise(article.text)
    sig = dedup.signature_if_dedupable(text_norm)
    if sig is None:  # too short to call a near-duplicate
        return _Prepared(article, text_norm, None, None)
    return _Prepared(article, text_norm, sig, dedup.band_keys(sig))


def _add_sighting(conn: sqlite3.Connection, rowid: int, article: Article) -> None:
    source = article.source
    key = "\x1f".join([source.path or "", source.url or "", source.record or ""])
    conn.execute(
        "INSERT OR IGNORE INTO sightings(article, outlet, page_date, path, url, record, key) "
        "VALUES (?,?,?,?,?,?,?)",
        (rowid, article.outlet, article.page_date, source.path, source.url, source.record, key),
    )


def _add_quotes(conn: sqlite3.Connection, rowid: int, article: Article) -> None:
    for quote in article.quotes:
        names = speaker_names(quote, article)
        text_norm = normalise(quote.text)
        cursor = conn.execute(
            'INSERT INTO quotes(article, start, "end", text, text_norm, kind, cue, speaker, '
            "speaker_norm, speaker_title, speaker_entity, speaker_names) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (rowid, quote.start, quote.end, quote.text, text_norm, quote.kind, quote.cue,
             quote.speaker, norm_words(quote.speaker) or None, quote.speaker_title,
             quote.speaker_entity, names),
        )
        conn.execute(
            "INSERT INTO quotes_fts(rowid, text_norm, speaker_names) VALUES (?, ?, ?)",
            (cursor.lastrowid, keys_of_normalised(text_norm), keys_of_normalised(names)),
        )


def _add_entities(conn: sqlite3.Connection, rowid: int, article: Article) -> None:
    conn.executemany(
        'INSERT INTO entities(article, start, "end", text, text_norm, label, canonical, '
        "canonical_norm, entity_id, entity_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (rowid, e.start, e.end, e.text, norm_words(e.text), e.label,
             e.canonical or e.text, norm_words(e.canonical or e.text), e.entity_id,
             entity_key(e))
            for e in article.entities
        ],
    )
