"""Build distributional word clusters for the NER tagger from SaudiNewsNet.

Reproducible, offline:  ``.venv/bin/python scripts/build_clusters.py``

Method (a cheap stand-in for Brown clusters):
1. normalise and tokenise every SaudiNewsNet article, strip proclitics (وال، بال، لل …)
   so ``وسوريا`` and ``سوريا`` share one entry;
2. for the most frequent bare words, count left and right neighbours among the
   top context words; weight by positive PMI;
3. reduce with a truncated SVD to 100 dimensions, L2-normalise;
4. k-means at three granularities (64, 256, 1024 clusters) with a fixed seed.

Output: ``src/khabar/nlp/resources/entities/clusters.tsv`` (word, coarse, middle, fine
cluster ids). Only cluster ids of words are shipped, never corpus text.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.linalg import svds

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import token_lines

from khabar.nlp.entities.tokens import strip_proclitics

OUT = Path(__file__).resolve().parents[1] / "src/khabar/nlp/resources/entities/clusters.tsv"
VOCAB = 60000
CONTEXT = 3000
MIN_COUNT = 5
DIMS = 100
SIZES = (64, 256, 1024)
SEED = 13


def _bare_lines() -> list[list[str]]:
    return [[strip_proclitics(w) for w in words] for words in token_lines()]


def _kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 20) -> np.ndarray:
    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iterations):
        scores = x @ centres.T  # cosine similarity (rows are unit length)
        assign = scores.argmax(axis=1)
        for c in range(k):
            members = x[assign == c]
            if len(members):
                centre = members.mean(axis=0)
                norm = np.linalg.norm(centre)
                centres[c] = centre / norm if norm else centre
            else:
                centres[c] = x[rng.integers(len(x))]
    return assign


def main() -> None:
    started = time.time()
    lines = _bare_lines()
    counts: Counter[str] = Counter()
    for words in lines:
        counts.update(words)
    print(
        f"corpus: {sum(counts.values())} tokens, {len(counts)} types ({time.time() - started:.0f}s)"
    )
    vocab = [w for w, n in counts.most_common(VOCAB) if n >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    context = {w: i for i, w in enumerate(vocab[:CONTEXT])}
    rows: list[int] = []
    cols: list[int] = []
    for words in lines:
        ids = [index.get(w, -1) for w in words]
        ctx = [context.get(w, -1) for w in words]
        for i, wid in enumerate(ids):
            if wid < 0:
                continue
            if i > 0 and ctx[i - 1] >= 0:
                rows.append(wid)
                cols.append(ctx[i - 1])
            if i + 1 < len(words) and ctx[i + 1] >= 0:
                rows.append(wid)
                cols.append(CONTEXT + ctx[i + 1])
    data = np.ones(len(rows), dtype=np.float64)
    matrix = csr_matrix(coo_matrix((data, (rows, cols)), shape=(len(vocab), 2 * CONTEXT)))
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col] + 1e-9))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    u, s, _ = svds(ppmi, k=DIMS, random_state=SEED)
    vectors = (u * np.sqrt(s)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    print(f"svd done ({time.time() - started:.0f}s)")
    rng = np.random.default_rng(SEED)
    assignments = [_kmeans(vectors, k, rng) for k in SIZES]
    print(f"k-means done ({time.time() - started:.0f}s)")
    with OUT.open("w", encoding="utf-8") as handle:
        handle.write(
            "# word\tcluster ids at 64/256/1024 (scripts/build_clusters.py, SaudiNewsNet)\n"
        )
        for i, word in enumerate(vocab):
            ids = "\t".join(str(int(a[i])) for a in assignments)
            handle.write(f"{word}\t{ids}\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(vocab)} words)")


if __name__ == "__main__":
    main()
