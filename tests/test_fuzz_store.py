"""Hostile pages all the way into SQLite and back: stored whole, read back equal, searchable.

Pages are mutations of real pages (NUL bytes, controls, junk, legacy encodings …) run
through the real pipeline; every article must store without an error, come back from
the corpus as the same Article JSON, and its own words must find it.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from fuzz_support import iter_seeds, mutate, real_pages
from khabar.model import Article
from khabar.pipeline import Failure, Pipeline
from khabar.read.sources import read_stream
from khabar.store import Store, get_article, ingest_results, search
from khabar.store.schema import connect

CASES = 300


def _results() -> list[Article | Failure]:
    pipeline = Pipeline(budget_seconds=20)
    pages = [p for p in real_pages() if len(p.data) <= 100_000]
    out: list[Article | Failure] = []
    for i, seed in enumerate(iter_seeds(CASES, base=7)):
        page = pages[i % len(pages)]
        name = "page.html" if page.media_type == "html" else f"page-{i}.txt"
        for raw in read_stream(io.BytesIO(mutate(page.data, seed)), name):
            out.append(pipeline.process_one(raw))
    return out


def test_hostile_articles_store_read_back_and_search(tmp_path: Path) -> None:
    results = _results()
    # The id hashes the normalised body, so pages differing only in invisible controls are
    # one article: the first one stored is kept (as the store does).
    articles: dict[str, Article] = {}
    for result in results:
        if isinstance(result, Article):
            articles.setdefault(result.id, result)
    db = tmp_path / "hostile.db"
    with Store(db) as store:
        counts = ingest_results(store, results, batch_size=37)
    assert counts.pages == len(results)
    assert counts.stored + counts.duplicates == len(results) - counts.failures
    conn = connect(db, readonly=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(articles)
        found = 0
        for article_id, article in articles.items():
            stored = get_article(conn, article_id)
            assert stored is not None, article_id
            assert stored.article.text == article.text
            assert stored.article.quotes == article.quotes
            assert stored.article.entities == article.entities
            words = [w for w in article.text.split() if w.isalpha() and len(w) > 3][:3]
            if words:
                page = search(conn, " ".join(words), limit=200)
                ids = {hit.id for hit in page.hits}
                clusters = {hit.cluster_id for hit in page.hits}
                row = conn.execute(
                    "SELECT cluster_id FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                # One hit per story: the article itself or its near-duplicate cluster.
                assert article_id in ids or row[0] in clusters, (article_id, words)
                found += 1
        assert found >= len(articles) // 2
    finally:
        conn.close()
    with sqlite3.connect(db) as raw:
        raw.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
