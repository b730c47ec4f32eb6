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

import hashlib
import sqlite3
import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from khabar.arabic.normalise import normalise

NUM_PERM = 64
SHINGLE_WORDS = 3
THRESHOLD = 0.5  # estimated Jaccard of 3-word shingles above which two bodies are one story
SEED = 1
SCHEME = "affine32"  # datasketch permutation scheme: 32-bit values, stored as uint32
_MIN_WORDS = 8  # shorter bodies are too small to call near-duplicates by shingles


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[bytes]:
    """Word n-grams of the normalised text, as bytes (the unit MinHash hashes)."""
    words = normalise(text).split()
    if len(words) < size:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)]


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a body."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_crc32, scheme=SCHEME)
    minhash.update_batch(shingles(text))
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
    raw = np.asarray(sig, dtype="<u4")
    keys = []
    for i in range(b):
        digest = hashlib.blake2b(
            raw[i * r : (i + 1) * r].tobytes(), digest_size=8, person=b"khb-band" + bytes([i])
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def find_cluster(conn: sqlite3.Connection, sig: np.ndarray, keys: list[int]) -> int | None:
    """The cluster of the most similar stored article above ``THRESHOLD``, if any."""
    placeholders = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT DISTINCT s.article, s.minhash, a.cluster_id FROM lsh_buckets b "
        f"JOIN signatures s ON s.article = b.article JOIN articles a ON a.rowid = b.article "
        f"WHERE b.key IN ({placeholders})",
        keys,
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
    conn.execute("INSERT OR REPLACE INTO signatures(article, minhash) VALUES (?, ?)",
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
