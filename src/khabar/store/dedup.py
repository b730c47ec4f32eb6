"""Near-duplicate wire stories: MinHash over word shingles of the normalised text, LSH bands.

The LSH index is *persisted* in the corpus (``lsh_buckets`` and ``lsh_recent``: one row
per band key and article) rather than held only in memory: every ingest process sees the others'
articles without rebuilding anything, and 100k articles cost one indexed lookup per
band at insert time. Signatures are kept as blobs (``signatures``) so a datasketch
``MinHashLSH`` can be rebuilt in memory when a batch job wants one
(:func:`rebuild_lsh`).

>>> a = signature("قال وزير الخارجية الروسي سيرجي لافروف إن بلاده تدعم الحل السياسي في سوريا")
>>> b = signature("قال وزير الخارجية الروسي سيرجي لافروف ان بلاده تدعم الحل السياسي في سورية")
>>> jaccard(a, b) > 0.5
True
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from khabar.arabic.normalise import normalise

NUM_PERM = 64
SHINGLE_WORDS = 3
THRESHOLD = 0.5  # estimated Jaccard of 3-word shingles above which two bodies are one story
SEED = 1
SCHEME = "affine32"  # datasketch permutation scheme: 32-bit values, stored as uint32
_MIN_WORDS = 8  # shorter bodies are too small to call near-duplicates by shingles


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """datasketch's permutation parameters, built once (they cost more than a signature)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


# Multipliers that mix the three word hashes of a shingle into one 32-bit value.
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint64)


def shingle_hashes(folded: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the word ``size``-grams of an already normalised text.

    Each word is hashed once (CRC-32 of its UTF-8 bytes, stable across processes and runs,
    unlike ``hash()``); the n-gram hashes are mixed from them with numpy.
    """
    return _shingle_hashes(_word_hashes(folded), size)


# White space that ``str.split`` splits at and ``bytes.split`` does not (it knows ASCII only).
_NON_ASCII_SPACE = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                              "\u202f\u205f\u3000]")


def _word_hashes(folded: str) -> np.ndarray:
    """CRC-32 of each white-space separated word (as uint64), in order.

    Splitting the UTF-8 bytes once and mapping ``zlib.crc32`` over them is the same as
    hashing each ``str.split()`` word's encoding, without a Python call per word; a text
    with a non-ASCII space takes the per-word path.
    """
    if _NON_ASCII_SPACE.search(folded):
        words = [word.encode("utf-8") for word in folded.split()]
    else:
        words = folded.encode("utf-8").split()
    return np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))


def _shingle_hashes(hashed: np.ndarray, size: int) -> np.ndarray:
    if not len(hashed):
        return np.zeros(0, dtype=np.uint64)
    if len(hashed) < size:
        hashed = np.concatenate([hashed, np.zeros(size - len(hashed), dtype=np.uint64)])
    count = len(hashed) - size + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for j in range(size):
        mixed = mixed ^ (hashed[j : j + count] * _MIX[j])
    return (mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF)


def signature(text: str, *, folded: str | None = None) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a body.

    ``folded`` is ``normalise(text)`` when the caller already has it.
    """
    return _signature(shingle_hashes(normalise(text) if folded is None else folded))


def signature_if_dedupable(folded: str) -> np.ndarray | None:
    """The signature of a normalised body, or ``None`` when it is too short to compare."""
    hashed = _word_hashes(folded)
    if len(hashed) < _MIN_WORDS:
        return None
    return _signature(_shingle_hashes(hashed, SHINGLE_WORDS))


def _signature(hashes: np.ndarray) -> np.ndarray:
    """datasketch's ``affine32`` MinHash of 32-bit hashes, computed in one numpy pass.

    Equal to ``MinHash(scheme="affine32", hashfunc=identity).update_batch(hashes)`` (a test
    checks it), without its per-value Python call: each hash is pre-mixed with the
    MurmurHash3 finalizer, then ``a * h + b`` (mod 2**32) for every permutation, minimum
    per permutation.
    """
    if not len(hashes):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    a, b = _permutations_u32()
    mixed = _fmix32(np.asarray(hashes, dtype=np.uint64).astype(np.uint32))
    permuted = np.multiply.outer(mixed, a)
    permuted += b
    minimum: np.ndarray = permuted.min(axis=0)
    return minimum


@lru_cache(maxsize=1)
def _permutations_u32() -> tuple[np.ndarray, np.ndarray]:
    a, b = _permutations()
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (what datasketch applies before its permutations)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = values ^ (values >> np.uint32(16))
    return mixed


# Rows of the (shingles x permutations) matrix computed at once by ``batch_signatures``.
# 4,096 x 64 uint32 is 1 MiB and stays in cache; 16k rows at once was slower than one by one.
_ROWS_AT_ONCE = 4_096


def batch_signatures(folded_texts: Sequence[str]) -> list[np.ndarray | None]:
    """``signature_if_dedupable`` of many normalised bodies, equal value for value.

    One numpy pass per group of articles instead of a dozen small array operations per
    article (whose fixed cost was most of a signature): shingles of all bodies are mixed
    in one array, permuted together, and reduced per body with ``minimum.reduceat``.
    """
    hashed = [_word_hashes(text) for text in folded_texts]
    dedupable = [i for i, h in enumerate(hashed) if len(h) >= _MIN_WORDS]
    result: list[np.ndarray | None] = [None] * len(folded_texts)
    a, b = _permutations_u32()
    group: list[int] = []
    rows = 0
    for index in [*dedupable, -1]:
        count = len(hashed[index]) - SHINGLE_WORDS + 1 if index >= 0 else 0
        if group and (index < 0 or rows + count > _ROWS_AT_ONCE):
            shingles = _fmix32(np.concatenate(
                [_shingle_hashes(hashed[i], SHINGLE_WORDS) for i in group]
            ).astype(np.uint32))
            # Permutations x shingles: each article's shingles are a contiguous run of
            # every row, so ``reduceat`` along rows reads memory in order (13x faster than
            # reducing the shingles x permutations layout along its first axis).
            permuted = np.multiply.outer(a, shingles)
            permuted += b[:, None]
            sizes = [len(hashed[i]) - SHINGLE_WORDS + 1 for i in group]
            starts = np.cumsum([0, *sizes[:-1]])
            minima = np.ascontiguousarray(np.minimum.reduceat(permuted, starts, axis=1).T)
            for i, sig in zip(group, minima, strict=True):
                result[i] = sig
            group, rows = [], 0
        group.append(index)
        rows += count
    return result


def is_dedupable(text: str) -> bool:
    """Whether a body is long enough for shingle similarity to mean anything."""
    return len(text.split()) >= _MIN_WORDS


def to_blob(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=1)
def bands() -> tuple[int, int]:
    """(bands, rows) for ``THRESHOLD`` and ``NUM_PERM``, as datasketch chooses them."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (band index mixed in, so bands never collide)."""
    return batch_band_keys(np.asarray(sig).reshape(1, -1))[0]


def batch_band_keys(sigs: np.ndarray) -> list[list[int]]:
    """:func:`band_keys` of each row of a (articles x permutations) signature matrix."""
    b, r = bands()
    rows = np.asarray(sigs[:, : b * r], dtype=np.uint64).reshape(len(sigs), b, r)
    keys = np.broadcast_to(
        np.arange(1, b + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), (len(sigs), b)
    )
    for j in range(r):
        keys = (keys ^ rows[:, :, j]) * np.uint64(0x100000001B3)  # FNV-style, wraps mod 2**64
    listed: list[list[int]] = keys.view(np.int64).tolist()
    return listed


# Bound parameters per statement: well below SQLite's limit (32,766 since 3.32, 999 before).
_CHUNK = 500


class BatchClusters:
    """Near-duplicate lookup and LSH rows for one write batch (inside its transaction).

    The band keys of the whole batch are looked up in ``lsh_buckets`` and ``lsh_recent``
    at once (a few statements instead of one per article); articles added earlier in the
    same batch are
    found in memory. :meth:`find` gives the cluster of the most similar candidate at or
    above ``THRESHOLD`` (the first in rowid order on a tie), as one lookup per article did.
    """

    def __init__(self, conn: sqlite3.Connection, keys: Iterable[int]) -> None:
        self.conn = conn
        self._stored: dict[int, list[int]] = {}
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, article in conn.execute(
                f"SELECT key, article FROM lsh_buckets WHERE key IN ({marks}) UNION ALL "
                f"SELECT key, article FROM lsh_recent WHERE key IN ({marks})", chunk + chunk,
            ):
                self._stored.setdefault(int(key), []).append(int(article))
        self._fresh: dict[int, list[int]] = {}
        self._fresh_sigs: dict[int, tuple[np.ndarray, int]] = {}
        self.signature_rows: list[tuple[int, bytes]] = []
        self.bucket_rows: list[tuple[int, int]] = []

    def find(self, sig: np.ndarray, keys: list[int]) -> int | None:
        """The cluster of the most similar article (stored or earlier in the batch), if any."""
        stored = {a for key in keys for a in self._stored.get(key, ())}
        fresh = {a for key in keys for a in self._fresh.get(key, ())}
        if not stored and not fresh:  # the common case: no candidate at all
            return None
        candidates = self._stored_signatures(stored)
        candidates.update((a, self._fresh_sigs[a]) for a in fresh)
        best: tuple[float, int] | None = None
        for article in sorted(candidates):
            other, cluster = candidates[article]
            similarity = jaccard(sig, other)
            if similarity >= THRESHOLD and (best is None or similarity > best[0]):
                best = (similarity, cluster)
        return None if best is None else best[1]

    def add(self, article: int, sig: np.ndarray, keys: list[int], cluster: int) -> None:
        """Index a new article: visible to :meth:`find` now, rows written by the caller."""
        self._fresh_sigs[article] = (sig, cluster)
        for key in keys:
            self._fresh.setdefault(key, []).append(article)
        self.signature_rows.append((article, to_blob(sig)))
        self.bucket_rows.extend((key, article) for key in keys)

    def _stored_signatures(self, articles: set[int]) -> dict[int, tuple[np.ndarray, int]]:
        found: dict[int, tuple[np.ndarray, int]] = {}
        wanted = sorted(articles)
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            for article, blob, cluster in self.conn.execute(
                f"SELECT s.article, s.minhash, a.cluster_id FROM signatures s JOIN articles a "
                f"ON a.rowid = s.article WHERE s.article IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[int(article)] = (from_blob(blob), int(cluster))
        return found


# The LSH index is two tables, like a two-level LSM tree: a batch's band keys are random,
# so inserting them into one big b-tree dirtied nearly every one of its pages at every
# commit (at 100k articles, ~6,000 pages, 24 MB written to the WAL per batch of 500 and
# again at checkpoint). New keys go to the small ``lsh_recent``; when it holds more than an
# eighth of the articles (and at least ``_MIN_RECENT``), it is moved into ``lsh_buckets``
# in key order, which writes each page of the big table once.
_MIN_RECENT = 5_000
_RECENT_SHARE = 8
_MERGED_UPTO = "lsh_merged_upto"  # meta key: articles up to this rowid are in lsh_buckets


def write_index(conn: sqlite3.Connection, clusters: BatchClusters, last_article: int) -> None:
    """Persist the batch's signatures and LSH buckets (inside the caller's transaction).

    ``last_article`` is the highest article rowid once the batch is written.
    """
    conn.executemany("INSERT INTO signatures(article, minhash) VALUES (?, ?)",
                     clusters.signature_rows)
    conn.executemany("INSERT OR IGNORE INTO lsh_recent(key, article) VALUES (?, ?)",
                     clusters.bucket_rows)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_MERGED_UPTO,)).fetchone()
    merged = int(row[0]) if row is not None else 0
    if last_article - merged > max(_MIN_RECENT, merged // _RECENT_SHARE):
        merge_recent(conn, last_article)


def merge_recent(conn: sqlite3.Connection, last_article: int) -> None:
    """Move ``lsh_recent`` into ``lsh_buckets`` (in key order) inside the caller's transaction."""
    conn.execute(
        "INSERT OR IGNORE INTO lsh_buckets(key, article) SELECT key, article FROM lsh_recent"
    )
    conn.execute("DELETE FROM lsh_recent")
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (_MERGED_UPTO, str(last_article)),
    )


def rebuild_lsh(rows: Iterable[tuple[int, bytes]]) -> MinHashLSH:
    """A datasketch ``MinHashLSH`` over stored ``(article rowid, signature blob)`` rows."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for article, blob in rows:
            minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME,
                              hashvalues=from_blob(blob))
            session.insert(article, minhash, check_duplication=False)
    return lsh
