"""Store benchmark: ingest rate of already-extracted articles and search latency at scale.

Builds N distinct articles (default 100,000) from SaudiNewsNet sentences (../shared, read
at run time, nothing copied) or, without it, from a synthetic Arabic vocabulary; each
article gets a few quotes and entities located in its text. Then, in the same run:

- baseline: raw ``executemany`` of the same article rows into a bare table (one
  transaction) — what SQLite costs with no FTS, no layers, no dedup;
- khabar: ``Store.add_batches`` (FTS rows, quotes, entities, MinHash/LSH), one transaction
  per batch; with ``--workers 0`` (the default) it is ``add_articles`` batch by batch, what
  ``khabar ingest`` does; with ``--workers 1`` the next batches are prepared in a forked
  worker process while this one writes (``Store.add_batches`` / ``ingest_results`` API);
- search: p50/p95 of ``search`` (1–2 word queries of mid-frequency words, some with
  filters) and of ``quotes(speaker=…)``.

Targets (issue 5): search p95 < 50 ms, ingest >= 1,000 articles/s. Run it once or twice,
not in a loop (two shared cores)::

    .venv/bin/python benchmarks/bench_store.py --n 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from khabar.model import Article, Entity, Quote, Source
from khabar.store import Filters, Store, connect, quotes, search

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SNN = SHARED / "data" / "saudinewsnet" / "dataset"
SPEAKERS = ["سيرجي لافروف", "أنطونيو غوتيريش", "عادل الجبير", "محمد جواد ظريف", "جون كيري",
            "فلاديمير بوتين", "بان كي مون", "ستيفان دي ميستورا", "أحمد أبو الغيط", "نبيل العربي"]
OUTLETS = ["الرياض", "الجزيرة", "اليوم", "الاقتصادية", "الشرق الأوسط", "عكاظ", "الوطن",
           "المدينة", "سبق", "واس"]
SYNTHETIC_WORDS = (
    "قال وزير الخارجية إن الحكومة تدعم الحل السياسي في المنطقة وأكد أن المفاوضات مستمرة "
    "بين الأطراف وأضاف أن الاقتصاد يشهد نموا ملحوظا في القطاع الخاص والاستثمار والطاقة "
    "والنفط والتعليم والصحة والنقل والمياه والزراعة والسياحة والرياضة والثقافة والأمن"
).split()


def sentence_pool(limit: int) -> list[str]:
    """Sentences of real news text (SaudiNewsNet) or synthetic ones when it is absent."""
    pool: list[str] = []
    if SNN.exists():
        for archive in sorted(SNN.glob("*.zip")):
            with zipfile.ZipFile(archive) as z:
                for name in z.namelist():
                    for item in json.loads(z.read(name).decode("utf-8")):
                        for sentence in re.split(r"(?<=[.!؟])\s+", item.get("content") or ""):
                            if 40 <= len(sentence) <= 400:
                                pool.append(sentence.strip())
            if len(pool) >= limit:
                break
        return pool
    rng = random.Random(1)
    return [" ".join(rng.choices(SYNTHETIC_WORDS, k=rng.randint(8, 30))) + "."
            for _ in range(limit)]


def make_articles(n: int, pool: list[str], seed: int = 7) -> Iterator[Article]:
    """N distinct articles: 8–20 random sentences each, 2 quotes, 3 entities, by hand."""
    rng = random.Random(seed)
    for i in range(n):
        sentences = rng.sample(pool, rng.randint(8, 20))
        speaker = rng.choice(SPEAKERS)
        lead = f"قال {speaker} إن \"{sentences[0]}\""
        text = lead + "\n" + "\n".join(sentences[1:])
        start = text.index(sentences[0])
        quote_1 = Quote(start, start + len(sentences[0]), sentences[0], "direct", cue="قال",
                        speaker=speaker)
        q2_start = text.index(sentences[1])
        quote_2 = Quote(q2_start, q2_start + len(sentences[1]), sentences[1], "indirect",
                        cue="أضاف", speaker=speaker)
        person_id = f"P{SPEAKERS.index(speaker)}"
        entities = [Entity(4, 4 + len(speaker), speaker, "PER", speaker, person_id)]
        for word in rng.sample(OUTLETS, 2):
            where = text.find(word)
            if where >= 0:
                entities.append(Entity(where, where + len(word), word, "GPE", word, None))
        day = f"2015-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield Article(
            text=text, title=sentences[-1][:80], outlet=rng.choice(OUTLETS), page_date=day,
            source=Source(path=f"bench/{i}.txt", url=f"https://bench.example/{i}"),
            quotes=(quote_1, quote_2), entities=tuple(entities),
        )


def baseline_rows(articles: list[Article]) -> tuple[float, float]:
    """Articles per second (wall, CPU) of a raw executemany of the same rows, bare table."""
    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(Path(folder) / "raw.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE a (id TEXT PRIMARY KEY, title TEXT, outlet TEXT, "
                     "page_date TEXT, text TEXT, json TEXT)")
        started, cpu = time.perf_counter(), time.process_time()
        conn.execute("BEGIN")
        conn.executemany("INSERT OR IGNORE INTO a VALUES (?,?,?,?,?,?)", (
            (a.id, a.title, a.outlet, a.page_date, a.text, a.to_json()) for a in articles))
        conn.execute("COMMIT")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        conn.close()
    return len(articles) / elapsed, len(articles) / cpu


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--db", type=Path, default=None, help="keep the corpus here")
    parser.add_argument("--workers", type=int, default=0,
                        help="preparation worker processes (0: all in this process)")
    args = parser.parse_args()

    started = time.perf_counter()
    pool = sentence_pool(limit=200_000)
    articles = list(make_articles(args.n, pool))
    source = "SaudiNewsNet sentences" if SNN.exists() else "synthetic vocabulary"
    print(f"built {len(articles):,} articles from {len(pool):,} {source} "
          f"in {time.perf_counter() - started:.1f}s")

    raw_rate, raw_cpu = baseline_rows(articles)
    folder = tempfile.TemporaryDirectory()
    db = args.db or Path(folder.name) / "bench.db"
    started, cpu = time.perf_counter(), time.process_time()
    children = os.times()
    with Store(db) as store:
        batches = (articles[i : i + args.batch] for i in range(0, len(articles), args.batch))
        for _ in store.add_batches(batches, workers=args.workers):
            pass
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rate, cpu_rate = len(articles) / elapsed, len(articles) / cpu
    after = os.times()  # worker processes have been joined: their CPU is counted here
    worker_cpu = (after.children_user - children.children_user
                  + after.children_system - children.children_system)
    print(f"ingest  baseline raw executemany: {raw_rate:,.0f} articles/s wall, "
          f"{raw_cpu:,.0f} per CPU-second")
    print(f"ingest  khabar Store.add_batches, {args.workers} preparation worker(s): "
          f"{rate:,.0f} articles/s wall ({elapsed:.0f}s), "
          f"{cpu_rate:,.0f} per CPU-second of this process; "
          f"{raw_cpu / cpu_rate:.1f}x the bare insert's CPU; "
          f"target >= 1,000/s: {'OK' if rate >= 1000 else 'MISSED'} wall, "
          f"{'OK' if cpu_rate >= 1000 else 'MISSED'} CPU")
    print(f"ingest  CPU of the worker processes {worker_cpu:.0f}s; all processes together "
          f"{len(articles) / (cpu + worker_cpu):,.0f} articles per CPU-second")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"db size {db.stat().st_size / 1e6:,.0f} MB")

    conn = connect(db, readonly=True)
    words = Counter(w for a in articles[:2000] for w in a.text.split() if len(w) > 3)
    ranked = [w for w, _ in words.most_common()]
    middle = ranked[len(ranked) // 50 : len(ranked) // 5] or ranked
    rng = random.Random(3)
    timings: list[float] = []
    filtered: list[float] = []
    hits: list[int] = []
    cpu_times: list[float] = []
    common = set(middle)
    for i in range(args.queries):
        if i % 3 == 2:  # two words that occur together in some article
            words_of = [w for w in rng.choice(articles[:2000]).text.split() if w in common]
            query = " ".join(rng.sample(words_of, 2)) if len(words_of) >= 2 else rng.choice(middle)
        else:
            query = rng.choice(middle)
        filters = Filters(outlet=rng.choice(OUTLETS)) if i % 3 == 0 else None
        t0, c0 = time.perf_counter(), time.process_time()
        page = search(conn, query, filters, limit=10)
        (filtered if filters else timings).append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.process_time() - c0) * 1000)
        hits.append(page.total)
    quote_times: list[float] = []
    for _ in range(50):
        t0 = time.perf_counter()
        quotes(conn, speaker=rng.choice(SPEAKERS).split()[-1], about=rng.choice(middle), limit=20)
        quote_times.append((time.perf_counter() - t0) * 1000)
    everything = timings + filtered
    p95 = percentile(everything, 0.95)
    print(f"search  {len(everything)} queries, median {statistics.median(hits):.0f} stories "
          f"matched: p50 {percentile(everything, 0.5):.1f} ms, p95 {p95:.1f} ms "
          f"(no filter p95 {percentile(timings, 0.95):.1f}, outlet filter p95 "
          f"{percentile(filtered, 0.95):.1f}) target p95 < 50 ms: {'OK' if p95 < 50 else 'MISSED'}")
    print(f"search  CPU time per query: p50 {percentile(cpu_times, 0.5):.1f} ms, "
          f"p95 {percentile(cpu_times, 0.95):.1f} ms")
    print(f"quotes  speaker+about: p50 {percentile(quote_times, 0.5):.1f} ms, "
          f"p95 {percentile(quote_times, 0.95):.1f} ms")
    conn.close()
    folder.cleanup()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
