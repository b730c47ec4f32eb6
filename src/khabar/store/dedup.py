"""Near-duplicate wire stories: MinHash over word shingles of the normalised text, LSH bands.

The LSH index is *persisted* in the corpus (``lsh_buckets``: one row per band key and
article) rather than held only in memory: every ingest process sees the others'
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

import sqlite3
import zlib
from collections.abc import Iterable
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


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """datasketch's permutation parameters, built once (they cost more than a signature)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


# Multipliers that mix the three word hashes of a shingle into one 32-bit value.
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint64)


def shingle_hashes(folded: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the word ``size``-grams of an already normalised text.

    Each word is hashed once (CRC-32, stable across processes and runs, unlike
    ``hash()``); the n-gram hashes are mixed from them with numpy.
    """
    return _shingle_hashes(folded.split(), size)


def _shingle_hashes(words: list[str], size: int) -> np.ndarray:
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashed = np.array([zlib.crc32(w.encode("utf-8")) for w in words], dtype=np.uint64)
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
    words = folded.split()
    if len(words) < _MIN_WORDS:
        return None
    return _signature(_shingle_hashes(words, SHINGLE_WORDS))


def _signature(hashes: np.ndarray) -> np.ndarray:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity,
                      permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(hashes.tolist())
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


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
    b, r = bands()
    rows = np.asarray(sig[: b * r], dtype=np.uint64).reshape(b, r)
    keys = np.arange(1, b + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for j in range(r):
        keys = (keys ^ rows[:, j]) * np.uint64(0x100000001B3)  # FNV-style, wraps mod 2**64
    return [int(k) for k in keys.view(np.int64)]


def find_cluster(conn: sqlite3.Connection, sig: np.ndarray, keys: list[int]) -> int | None:
    """The cluster of the most similar stored article above ``THRESHOLD``, if any."""
    placeholders = ",".join("?" * len(keys))
    candidates = [row[0] for row in conn.execute(
        f"SELECT DISTINCT article FROM lsh_buckets WHERE key IN ({placeholders})", keys)]
    if not candidates:  # the common case: one index probe per band, nothing else
        return None
    rows = conn.execute(
        f"SELECT s.article, s.minhash, a.cluster_id FROM signatures s JOIN articles a "
        f"ON a.rowid = s.article WHERE s.article IN ({','.join('?' * len(candidates))})",
        candidates,
    ).fetchall()
    best: tuple[float, int] | None = None
    for _article, blob, cluster in rows:
        similarity = jaccard(sig, from_blob(blob))
        if similarity >= THRESHOLD and (best is None or similarity > best[0]):
            best = (similarity, int(cluster))
    return None if best is None else best[1]


def index_signature(
    conn: sqlite3.Connection, article: int, sig: np.ndarray, keys: list[int]
) -> None:
    """Persist an article's signature and LSH buckets (inside the caller's transaction)."""
    conn.execute("INSERT INTO signatures(article, minhash) VALUES (?, ?)",
                 (article, to_blob(sig)))
    conn.executemany("INSERT OR IGNORE INTO lsh_buckets(key, article) VALUES (?, ?)",
                     [(key, article) for key in keys])


def rebuild_lsh(rows: Iterable[tuple[int, bytes]]) -> MinHashLSH:
    """A datasketch ``MinHashLSH`` over stored ``(article rowid, signature blob)`` rows."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for article, blob in rows:
            minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME,
                              hashvalues=from_blob(blob))
            session.insert(article, minhash, check_duplication=False)
    return lsh
