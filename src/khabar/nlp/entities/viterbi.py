"""A compiled form of the CRF for fast tagging: per-word label scores and batched Viterbi.

crfsuite spends most of its tagging time turning ~20 feature strings per token into
attribute ids. Our features are all properties of one word at a fixed offset (the word
itself, its left and right neighbours at distance one and two) plus two word bigrams and
the sentence edges, so a token's label scores are a sum of a few *per-word-type* vectors:

    score(i, y) = own[w_i] + left[w_{i-1}] + right[w_{i+1}] + left2[w_{i-2}] + right2[w_{i+2}]
                  + bigram weights + BOS/EOS weights

Each vector is computed once per word type (news vocabulary repeats) from the model's
weights, kept in a row of a numpy table, and a whole article is scored with a few array
gathers. Viterbi then runs over all sentences of the article at once (one numpy step per
position, vectorised across sentences). The transition and state weights are read from
the model with ``Tagger.info()`` (printed to six decimals), so scores can differ from
crfsuite's by ~1e-5: tags agree except on near-ties.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float64]

_GROUPS = 5  # own, left (seen from the next token), right, left2, right2


class WordFeatures(Protocol):
    """Feature strings of one word type, by the position they are seen from."""

    norm: str
    own: list[str]
    left: list[str]
    right: list[str]
    left2: list[str]
    right2: list[str]


class CompiledCrf:
    """Label scores per word type and a batched Viterbi decoder for one CRF model."""

    def __init__(
        self,
        labels: Sequence[str],
        transitions: dict[tuple[str, str], float],
        state_features: dict[tuple[str, str], float],
        word_features: Callable[[str], WordFeatures],
        cache_size: int = 60_000,  # word types; the score table stays under ~25 MB
    ) -> None:
        self.labels = tuple(labels)
        index = {label: k for k, label in enumerate(self.labels)}
        size = len(self.labels)
        self.transitions: Vector = np.zeros((size, size))
        for (a, b), weight in transitions.items():
            self.transitions[index[a], index[b]] = weight
        weights: dict[str, Vector] = {}
        for (attr, label), weight in state_features.items():
            vector = weights.get(attr)
            if vector is None:
                vector = weights[attr] = np.zeros(size)
            vector[index[label]] = weight
        self._weights = weights
        self._zero: Vector = np.zeros(size)
        self._bos = weights.get("BOS", self._zero)
        self._eos = weights.get("EOS", self._zero)
        self._attr_index = {attr: k for k, attr in enumerate(weights)}
        self._pair_heads = frozenset(
            attr.partition("=")[2].partition("|")[0]
            for attr in weights
            if attr.startswith(("w-1w=", "ww+1="))
        )
        self._matrix: Vector = np.stack(list(weights.values())) if weights else np.zeros((0, size))
        self._word_features = word_features
        self.cache_size = cache_size
        self._reset()

    def _reset(self) -> None:
        self._bigram_firsts: set[int] = set()  # ids of words that open a weighted bigram
        self._ids: dict[str, int] = {}
        self._norms: list[str] = []
        self._table: npt.NDArray[np.float64] = np.zeros((0, _GROUPS, len(self.labels)))

    def _new_rows(self, words: Sequence[str]) -> None:
        """Score rows of words not seen before, summed in one vectorised step."""
        src: list[int] = []
        sizes: list[int] = []  # features per (word, group), in row order
        index = self._attr_index
        first_id = len(self._norms)
        for k, word in enumerate(words):
            info = self._word_features(word)
            self._norms.append(info.norm)
            if info.norm in self._pair_heads:
                self._bigram_firsts.add(first_id + k)
            for features in (info.own, info.left, info.right, info.left2, info.right2):
                found = [index[f] for f in features if f in index]
                src.extend(found)
                sizes.append(len(found))
        rows = np.zeros((len(words) * _GROUPS, len(self.labels)))
        if src:
            counts = np.array(sizes)
            starts = np.cumsum(counts) - counts
            filled = counts > 0  # rows of consecutive feature runs, summed at once
            rows[filled] = np.add.reduceat(self._matrix[np.array(src)], starts[filled], axis=0)
        used = len(self._norms) - len(words)
        needed = len(self._norms)
        if needed > len(self._table):  # grow by doubling: rows are copied rarely
            grown = np.zeros((max(needed, 2 * len(self._table), 1024), _GROUPS, len(self.labels)))
            grown[:used] = self._table[:used]
            self._table = grown
        self._table[used:needed] = rows.reshape(len(words), _GROUPS, len(self.labels))

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[Vector]:
        """Label score matrices (tokens × labels), one per sentence."""
        out: list[Vector] = []
        if len(self._ids) > self.cache_size:
            self._reset()
        ids = self._ids
        fresh: list[str] = []
        for words in sentences:
            for word in words:
                if word not in ids:
                    ids[word] = len(ids)
                    fresh.append(word)
        if fresh:
            self._new_rows(fresh)
        ids_per = [[ids[w] for w in words] for words in sentences]
        table = self._table
        weights = self._weights
        norms = self._norms
        bigram_firsts = self._bigram_firsts
        for row in ids_per:
            n = len(row)
            if n == 0:
                out.append(np.zeros((0, len(self.labels))))
                continue
            rows = table[row]  # n × groups × labels
            emit = rows[:, 0].copy()
            if n > 1:
                emit[1:] += rows[:-1, 1]
                emit[:-1] += rows[1:, 2]
            if n > 2:
                emit[2:] += rows[:-2, 3]
                emit[:-2] += rows[2:, 4]
            emit[0] += self._bos
            emit[n - 1] += self._eos
            for i in range(1, n):
                if row[i - 1] not in bigram_firsts:
                    continue
                pair = norms[row[i - 1]] + "|" + norms[row[i]]
                vector = weights.get("w-1w=" + pair)
                if vector is not None:
                    emit[i] += vector
                vector = weights.get("ww+1=" + pair)
                if vector is not None:
                    emit[i - 1] += vector
            out.append(emit)
        return out

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Best label sequence of every sentence (Viterbi, batched across sentences)."""
        emits = self.scores(sentences)
        labels = self.labels
        return [[labels[k] for k in path] for path in viterbi(emits, self.transitions)]


def viterbi(emits: Sequence[Vector], transitions: Vector) -> list[list[int]]:
    """Best label index paths for several emission matrices at once.

    Sentences are sorted longest first and padded; at position ``t`` only the first
    ``active[t]`` (those still running) take a numpy step, so ended sentences keep their
    scores. Back-pointers are followed per sentence in plain Python (short rows of ints).
    """
    count = len(emits)
    if count == 0:
        return []
    lengths = [len(e) for e in emits]
    order = sorted(range(count), key=lambda k: -lengths[k])
    longest = lengths[order[0]]
    if longest == 0:
        return [[] for _ in emits]
    size = transitions.shape[0]
    padded = np.zeros((count, longest, size))
    for row, k in enumerate(order):
        padded[row, : lengths[k]] = emits[k]
    sorted_lengths = np.array([lengths[k] for k in order])
    active = (sorted_lengths[None, :] > np.arange(longest)[:, None]).sum(axis=1).tolist()
    back = np.zeros((count, longest, size), dtype=np.int64)
    delta = padded[:, 0].copy()
    for t in range(1, longest):
        k = active[t]
        candidates = delta[:k, :, None] + transitions[None, :, :]  # from × to
        back[:k, t] = candidates.argmax(axis=1)
        delta[:k] = candidates.max(axis=1) + padded[:k, t]
    last = delta.argmax(axis=1).tolist()
    paths: list[list[int]] = [[] for _ in emits]
    for row, k in enumerate(order):
        n = lengths[k]
        if n == 0:
            continue
        pointers = back[row, :n].tolist()
        label = last[row]
        path = [label] * n
        for t in range(n - 1, 0, -1):
            label = pointers[t][label]
            path[t - 1] = label
        paths[k] = path
    return paths
