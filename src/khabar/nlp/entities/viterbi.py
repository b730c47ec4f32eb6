"""A compiled form of the CRF for fast tagging: per-word label scores and batched Viterbi.

crfsuite spends most of its tagging time turning ~30 feature strings per token into
attribute ids. Our features are all properties of one word at a fixed offset (the word
itself, its left and right neighbours at distance one and two; see
:data:`.features.TEMPLATES`) plus two word bigrams and the sentence edges, so a token's
label scores are a sum of a few *per-word-type* vectors:

    score(i, y) = own[w_i] + left[w_{i-1}] + right[w_{i+1}] + left2[w_{i-2}] + right2[w_{i+2}]
                  + bigram weights + BOS/EOS weights

The model's weights are regrouped once by *(kind, value)*: all templates drawing on the
same value of a word (``w=X``, ``w-1=X``, ``w+1=X``) share one row holding their weights
for all five offsets. A new word type then costs a dozen dict lookups (one per kind) and
one summed gather, without building feature strings. Rows are cached per word type in a
numpy table; a whole article is scored with a few array gathers over all its sentences
joined (two zero rows between sentences stand for "no neighbour"), and Viterbi runs over
all sentences at once (one numpy step per position, vectorised across sentences).

The transition and state weights are read from the model with ``Tagger.info()`` (printed
to six decimals), so scores can differ from crfsuite's by ~1e-5: tags agree except on
near-ties.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from itertools import repeat

import numpy as np
import numpy.typing as npt

from khabar.nlp.entities.features import (
    BIGRAM_NEXT,
    BIGRAM_PREVIOUS,
    BOS,
    EOS,
    GROUPS,
    Column,
    parse_attribute,
    template_of,
)

Vector = npt.NDArray[np.float64]
WordColumns = Callable[[Sequence[str], Container[str]], tuple[list[str], list[tuple[str, Column]]]]
"""Words, the kinds wanted → normalised forms and ``(kind, values)`` columns
(:func:`.features.word_columns`)."""

_PAD = 0  # table row of the padding "word" between sentences: all zeros
_UNSEEN: Vector = np.zeros(0)  # marks a word pair not looked up yet


class CompiledCrf:
    """Label scores per word type and a batched Viterbi decoder for one CRF model."""

    def __init__(
        self,
        labels: Sequence[str],
        transitions: dict[tuple[str, str], float],
        state_features: dict[tuple[str, str], float],
        word_columns: WordColumns,
        cache_size: int = 60_000,  # word types; the score table stays under ~25 MB
    ) -> None:
        self.labels = tuple(labels)
        self._label_array = np.array(self.labels, dtype=object)
        index = {label: k for k, label in enumerate(self.labels)}
        size = len(self.labels)
        self.transitions: Vector = np.zeros((size, size))
        for (a, b), weight in transitions.items():
            self.transitions[index[a], index[b]] = weight
        self._zero: Vector = np.zeros(size)
        self._bos: Vector = np.zeros(size)
        self._eos: Vector = np.zeros(size)
        self._previous_pairs: dict[str, Vector] = {}  # "prev|word" → weights at word
        self._next_pairs: dict[str, Vector] = {}  # "word|next" → weights at word
        rows: dict[tuple[str, str], Vector] = {}  # (kind, value) → GROUPS × labels
        for (attr, label), weight in state_features.items():
            k = index[label]
            parsed = parse_attribute(attr)
            if parsed is not None:
                prefix, value = parsed
                kind, group = template_of(prefix)
                row = rows.get((kind, value))
                if row is None:
                    row = rows[(kind, value)] = np.zeros((GROUPS, size))
                row[group, k] = weight
            elif attr == BOS:
                self._bos[k] = weight
            elif attr == EOS:
                self._eos[k] = weight
            elif attr.startswith((BIGRAM_PREVIOUS, BIGRAM_NEXT)):
                table = (
                    self._previous_pairs if attr.startswith(BIGRAM_PREVIOUS) else self._next_pairs
                )
                pair = attr.partition("=")[2]
                table.setdefault(pair, np.zeros(size))[k] = weight
            else:
                raise ValueError(f"model attribute from no known template: {attr!r}")
        self._kind_rows: dict[str, dict[str | None, int]] = {}  # a None value: none
        for n, (kind, value) in enumerate(rows):
            self._kind_rows.setdefault(kind, {})[value] = n
        self._matrix: Vector = (
            np.stack(list(rows.values())).reshape(len(rows), GROUPS * size)
            if rows
            else np.zeros((0, GROUPS * size))
        )
        self._pair_heads = frozenset(
            pair.partition("|")[0] for pair in (*self._previous_pairs, *self._next_pairs)
        )
        self._word_columns = word_columns
        self.cache_size = cache_size
        self._reset()

    def _reset(self) -> None:
        self._ids: dict[str, int] = {}
        self._pair_cache: dict[int, Vector | None] = {}  # (first id << 32 | second id) → weights
        self._norms: list[str] = [""]  # id 0 is the padding row
        # room for a full cache at once: np.zeros maps zero pages lazily, so untouched rows
        # cost no memory, and the table is never copied to grow on the way to its limit
        rows = self.cache_size + 1024
        self._table: Vector = np.zeros((rows, GROUPS, len(self.labels)))
        # per id: does the word open a weighted bigram (only those pairs are looked up)
        self._opens: npt.NDArray[np.bool_] = np.zeros(rows, dtype=bool)
        self._uses: npt.NDArray[np.int64] = np.zeros(rows, dtype=np.int64)  # texts seen in

    def _evict(self) -> None:
        """Keep the most used half of the cached word types, forget the rest.

        A full cache used to be emptied: the next texts then paid for every word again,
        the commonest included. Uses count the texts a word was in (halved, rounding up, so old
        counts fade). Rows are moved, not recomputed: a word's row never changes.
        """
        size = len(self._norms)
        keep = np.argsort(-self._uses[1:size], kind="stable")[: self.cache_size // 2] + 1
        keep.sort()  # first seen first, as before
        words = [""] * size
        for word, k in self._ids.items():
            words[k] = word
        kept = keep.tolist()
        count = len(kept)
        self._table[1 : count + 1] = self._table[keep]
        self._opens[1 : count + 1] = self._opens[keep]
        self._uses[1 : count + 1] = (self._uses[keep] + 1) // 2
        self._uses[count + 1 :] = 0
        self._norms = ["", *(self._norms[k] for k in kept)]
        self._ids = {words[k]: n for n, k in enumerate(kept, start=1)}
        self._pair_cache = {}  # keyed by ids, which have moved

    def _new_rows(self, words: Sequence[str]) -> None:
        """Score rows of words not seen before, summed in one vectorised step.

        The (kind, value) rows of all new words are looked up a kind column at a time
        (one ``map`` in C per kind), then laid out word by word in the order of the
        word's pairs and summed per word by one ``reduceat``.
        """
        norms, columns = self._word_columns(words, self._kind_rows)
        first_id = len(self._norms)
        self._norms.extend(norms)
        count = len(norms)
        found = [
            np.fromiter(map(table.get, column, repeat(-1)), dtype=np.intp, count=count)
            for kind, column in columns
            if (table := self._kind_rows.get(kind)) is not None
        ]
        rows = np.zeros((count, self._matrix.shape[1]))
        if found:
            ids = np.stack(found, axis=1)  # words × kinds, in each word's pair order
            present = ids >= 0
            counts = present.sum(axis=1)
            if counts.any():
                starts = np.cumsum(counts) - counts
                filled = counts > 0  # consecutive runs of rows, one run per word, summed at once
                rows[filled] = np.add.reduceat(
                    np.take(self._matrix, ids[present], axis=0), starts[filled], axis=0
                )
        size = len(self.labels)
        needed = len(self._norms)
        if needed > len(self._table):  # grow by doubling: rows are copied rarely
            grown = np.zeros((max(needed, 2 * len(self._table)), GROUPS, size))
            grown[:first_id] = self._table[:first_id]
            self._table = grown
            opens_grown = np.zeros(len(grown), dtype=bool)
            opens_grown[:first_id] = self._opens[:first_id]
            self._opens = opens_grown
            uses_grown = np.zeros(len(grown), dtype=np.int64)
            uses_grown[:first_id] = self._uses[:first_id]
            self._uses = uses_grown
        self._table[first_id:needed] = rows.reshape(count, GROUPS, size)
        heads = self._pair_heads
        self._opens[first_id:needed] = np.fromiter(
            map(heads.__contains__, norms), dtype=bool, count=count
        )

    def _ids_of(self, flat: list[str]) -> npt.NDArray[np.intp]:
        """Word ids of tokens; rows of words not seen before are made first.

        The big word → id table is asked once per word *type* of the text (its lookups
        miss the CPU caches); the tokens are then mapped through a small per-text dict.
        """
        if len(self._ids) > self.cache_size:
            self._evict()
        ids = self._ids
        types = list(dict.fromkeys(flat))
        known = list(map(ids.get, types))
        if None in known:
            fresh = [word for word, k in zip(types, known, strict=True) if k is None]
            first = len(ids) + 1  # after the padding row
            ids.update(zip(fresh, range(first, first + len(fresh)), strict=True))
            self._new_rows(fresh)
            new_ids = iter(range(first, first + len(fresh)))  # in the order of ``fresh``
            known = [k if k is not None else next(new_ids) for k in known]
        self._uses[np.array(known, dtype=np.intp)] += 1  # distinct types: one count per text
        local = dict(zip(types, known, strict=True))
        return np.fromiter(map(local.__getitem__, flat), dtype=np.intp, count=len(flat))

    def flat_scores(self, sentences: Sequence[Sequence[str]]) -> Vector:
        """Label scores of all tokens of all sentences, in order (tokens × labels).

        The sentences are joined with two padding rows before, between and after them,
        so the neighbour terms are plain shifted slices that never cross a sentence.
        """
        flat = [word for words in sentences for word in words]
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        # token k of sentence s sits at 2 + 2 * s + (tokens before it) in the joined row
        where = np.repeat(2 + 2 * np.arange(len(sentences)), lengths) + np.arange(len(flat))
        joined = np.zeros(len(flat) + 2 * len(sentences) + 2, dtype=np.intp)
        joined[where] = self._ids_of(flat)
        rows = np.take(self._table, joined, axis=0)  # (tokens + padding) × groups × labels
        total = len(joined)
        emit = rows[2 : total - 2, 0].copy()
        emit += rows[1 : total - 3, 1]  # the previous word, seen as left neighbour
        emit += rows[3 : total - 1, 2]  # the next word
        emit += rows[: total - 4, 3]
        emit += rows[4:, 4]
        self._add_bigrams(emit, joined)
        result: Vector = emit[where - 2]
        ends = np.cumsum(lengths)
        nonempty = lengths > 0
        result[(ends - lengths)[nonempty]] += self._bos
        result[ends[nonempty] - 1] += self._eos
        return result

    def _add_bigrams(self, emit: Vector, joined: npt.NDArray[np.intp]) -> None:
        """Weights of the word bigrams the model knows, at both words of each pair.

        The pair starting at joined index ``i`` adds to emit rows ``i - 2`` (its first
        word) and ``i - 1`` (its second). A row is the second word of at most one pair
        and the first of at most one, the pair before it adding first: so all
        second-word weights go in at once, then all first-word weights — each row gets
        the same additions in the same order as pair by pair.
        """
        starts = np.flatnonzero(self._opens[joined[:-1]] & (joined[1:] != _PAD))
        if not len(starts):
            return
        keys = (joined[starts] << 32 | joined[starts + 1]).tolist()
        cache = self._pair_cache
        found = list(map(cache.get, keys, repeat(_UNSEEN)))
        missing = [k for k, weights in enumerate(found) if weights is _UNSEEN]
        if missing:
            self._look_up_pairs(keys, found, missing)
        hits = [k for k, weights in enumerate(found) if weights is not None]
        if not hits:
            return
        pairs = np.stack([weights for weights in found if weights is not None])
        first_rows = starts[hits] - 2
        emit[first_rows + 1] += pairs[:, 1]
        emit[first_rows] += pairs[:, 0]

    def _look_up_pairs(
        self, keys: list[int], found: list[Vector | None], missing: list[int]
    ) -> None:
        """Fill ``found[k]`` for pairs not seen before: their bigram weights at the two
        words (2 × labels), or None when the model has none; remembered per id pair."""
        norms = self._norms
        pairs = [norms[keys[k] >> 32] + "|" + norms[keys[k] & 0xFFFFFFFF] for k in missing]
        at_seconds = list(map(self._previous_pairs.get, pairs))
        at_firsts = list(map(self._next_pairs.get, pairs))
        cache = self._pair_cache
        zero = self._zero
        for k, at_second, at_first in zip(missing, at_seconds, at_firsts, strict=True):
            weights = None
            if at_second is not None or at_first is not None:
                weights = np.stack(
                    (
                        zero if at_first is None else at_first,
                        zero if at_second is None else at_second,
                    )
                )
            found[k] = cache[keys[k]] = weights

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[Vector]:
        """Label score matrices (tokens × labels), one per sentence."""
        flat = self.flat_scores(sentences)
        out: list[Vector] = []
        start = 0
        for words in sentences:
            out.append(flat[start : start + len(words)])
            start += len(words)
        return out

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Best label sequence of every sentence (Viterbi, batched across sentences)."""
        lengths = [len(words) for words in sentences]
        paths = decode_matrix(self.flat_scores(sentences), lengths, self.transitions)
        rows = self._label_array[paths].tolist()  # label strings, one C pass
        return [row[:n] for row, n in zip(rows, lengths, strict=True)]


def viterbi(emits: Sequence[Vector], transitions: Vector) -> list[list[int]]:
    """Best label index paths for several emission matrices at once (see :func:`decode`)."""
    if not emits:
        return []
    lengths = [len(e) for e in emits]
    return decode(np.concatenate(emits), lengths, transitions)


def decode(flat: Vector, lengths: Sequence[int], transitions: Vector) -> list[list[int]]:
    """Best label index paths of sentences whose emission rows are stacked in ``flat``
    (tokens × labels, sentence after sentence, ``lengths`` tokens each)."""
    rows = decode_matrix(flat, lengths, transitions).tolist()
    return [row[:n] for row, n in zip(rows, lengths, strict=True)]


def decode_matrix(
    flat: Vector, lengths: Sequence[int], transitions: Vector
) -> npt.NDArray[np.intp]:
    """Best label index paths as a (sentences × longest) matrix (0 past a sentence's end).

    Sentences are sorted longest first and laid out time-major, so at position ``t`` the
    ``active[t]`` sentences still running are one contiguous block: one forward step is
    three numpy calls for all of them. The "from" label is the *outer* axis of the step's
    candidate block (from × sentences × to), so the max over it is an elementwise maximum
    of nine long rows — not nine-element reductions, which numpy runs one by one.
    Back-pointers are never stored: walking back, the previous label of every running
    sentence is recomputed at once as the first best ``delta[t-1, a] + T[a, y_t]`` — the
    same sums and the same first-maximum rule as a stored argmax, so ties break alike.
    """
    count = len(lengths)
    longest = max(lengths, default=0)
    if longest == 0:
        return np.zeros((count, 0), dtype=np.intp)
    size = transitions.shape[0]
    lens = np.array(lengths, dtype=np.intp)
    order = np.argsort(-lens, kind="stable")
    sorted_lengths = lens[order]
    steps = np.arange(longest)
    running = sorted_lengths[None, :] > steps[:, None]  # (positions × sentences), time-major
    firsts = (np.cumsum(lens) - lens)[order]
    padded = np.zeros((longest, count, size))
    padded[running] = flat[(firsts[None, :] + steps[:, None])[running]]
    active: list[int] = running.sum(axis=1).tolist()
    deltas = np.empty((longest, count, size))
    deltas[0] = padded[0]
    buffer = np.empty(size * count * size)
    outgoing = transitions[:, None, :]  # from × 1 × to
    for t in range(1, longest):
        k = active[t]
        candidates = buffer[: size * k * size].reshape(size, k, size)
        np.add(deltas[t - 1, :k].T[:, :, None], outgoing, out=candidates)
        step = deltas[t, :k]
        np.maximum.reduce(candidates, axis=0, out=step)
        step += padded[t, :k]
    sentences = np.arange(count)
    ends = np.maximum(sorted_lengths - 1, 0)
    path = np.zeros((longest, count), dtype=np.intp)
    path[ends, sentences] = deltas[ends, sentences].argmax(axis=1)
    incoming = transitions.T  # incoming[b, a]: weight of a → b
    for t in range(longest - 1, 0, -1):
        k = active[t]
        path[t - 1, :k] = (deltas[t - 1, :k] + incoming[path[t, :k]]).argmax(axis=1)
    out = np.empty((count, longest), dtype=np.intp)
    out[order] = path.T
    return out
