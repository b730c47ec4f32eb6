"""Bulk loading with preparation worker processes (``Store.add_batches(workers=…)``).

The worker only moves article-only work (normalisation, search keys, MinHash, JSON) to
another process; the corpus written must be the one the in-process path writes, row for
row, and a batch is still one transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from khabar.model import Article, Source
from khabar.pipeline import Failure
from khabar.store import Store, connect, ingest_results, search
from khabar.store.sqlite import _worker_context
from store_fixtures import corpus

# Tables compared row for row; ``ingest_runs`` and ``failures`` carry wall-clock stamps.
_TABLES = ("articles", "article_facets", "clusters", "sightings", "quotes", "entities",
           "warnings", "signatures", "lsh_recent", "lsh_buckets")


def _variants() -> list[Article | Failure]:
    """The fixture corpus, exact copies from another outlet, near copies, a failure."""
    base = corpus()
    out: list[Article | Failure] = []
    for i in range(6):
        for article in base:
            out.append(replace(article, id="", text=article.text + f" (نسخة {i})"))
        out.append(replace(base[i % len(base)], outlet="الرياض",
                           source=Source(url=f"https://other.example/{i}")))
    out.append(Failure(origin="bad.txt", reason="ExtractError: empty body",
                       error_type="ExtractError", path="bad.txt"))
    out.append(base[0].with_warning("date-mismatch", "Hijri and Gregorian disagree"))
    return out


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    reader = connect(db, readonly=True)
    dump = {}
    for table in _TABLES:
        columns = [r[1] for r in reader.execute(f"PRAGMA table_info({table})")
                   if r[1] != "ingested_at"]
        dump[table] = [tuple(row) for row in reader.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2")]
    return dump


def _forks_here() -> bool:
    return _worker_context() is not None


@pytest.mark.skipif(not _forks_here(), reason="this process cannot fork workers (threads)")
@pytest.mark.parametrize("batch_size", [1, 4, 50])
def test_ingest_with_a_worker_writes_what_ingest_in_place_writes(
    tmp_path: Path, batch_size: int
) -> None:
    results = _variants()
    counts: dict[int, dict[str, object]] = {}
    for workers in (0, 1):
        with Store(tmp_path / f"w{workers}.db") as store:
            counts[workers] = ingest_results(
                store, results, batch_size=batch_size, workers=workers
            ).to_dict()
    assert counts[0] == counts[1]
    # copies of base[0] and base[1] come twice, the warned base[0] once more
    assert (counts[1]["duplicates"], counts[1]["failures"]) == (3, 1)
    assert counts[1]["near_duplicates"] != 0
    in_place, with_worker = _rows(tmp_path / "w0.db"), _rows(tmp_path / "w1.db")
    for table in _TABLES:
        assert with_worker[table] == in_place[table], table
    assert search(connect(tmp_path / "w1.db", readonly=True), "لافروف").total >= 1


@pytest.mark.skipif(not _forks_here(), reason="this process cannot fork workers (threads)")
def test_leaving_the_batches_early_keeps_what_was_committed(tmp_path: Path) -> None:
    base = corpus()
    batches = [[replace(a, id="", text=a.text + f" ({i})") for a in base] for i in range(6)]
    with Store(tmp_path / "k.db") as store:
        for done, results in enumerate(store.add_batches(batches, workers=2), start=1):
            assert len(results) == len(base)
            if done == 2:
                break  # the pool is shut down; later batches were prepared, never written
        store.add_articles(base)  # the store is still usable
    reader = connect(tmp_path / "k.db", readonly=True)
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 3 * len(base)
    assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    writer = sqlite3.connect(tmp_path / "k.db")
    writer.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    writer.close()


def test_a_threaded_process_prepares_in_place(tmp_path: Path) -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert _worker_context() is None
        with Store(tmp_path / "k.db") as store:
            stored = list(store.add_batches([corpus(), corpus()], workers=1))
    finally:
        release.set()
        thread.join()
    assert [r.new for r in stored[0]] == [True] * len(corpus())
    assert [r.new for r in stored[1]] == [False] * len(corpus())


def test_empty_batches_are_empty_results(tmp_path: Path) -> None:
    with Store(tmp_path / "k.db") as store:
        assert list(store.add_batches([[], corpus(), []], workers=1))[::2] == [[], []]
