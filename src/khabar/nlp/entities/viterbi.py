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

A second-stage CRF with document features (Krishnan & Manning 2006; :class:`DocumentCrf`,
:class:`TwoStageCrf`, trained by ``scripts/train_ner_stage2.py``) rides on the first
stage's word ids (:meth:`CompiledCrf.attach`: a new word is featurised once for both). It
is measured, not switched on: the recogniser runs the first stage alone (see
``benchmarks/RESULTS.md``, session 6: +0.1 F1 points for the full recogniser on six dev
folds).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Sequence
from itertools import accumulate, repeat
from typing import Final

import numpy as np
import numpy.typing as npt

from khabar.arabic.tokens import normalise_words
from khabar.nlp.entities.features import (
    BIGRAM_NEXT,
    BIGRAM_PREVIOUS,
    BOS,
    DOCUMENT_PREFIXES,
    EOS,
    GROUPS,
    Column,
    document_features,
    document_keys,
    parse_attribute,
    template_of,
)

Vector = npt.NDArray[np.float64]
WordColumns = Callable[[Sequence[str], Container[str]], tuple[list[str], list[tuple[str, Column]]]]
"""Normalised words, the kinds wanted → the words and ``(kind, values)`` columns
(:func:`.features.word_columns`)."""

_OPTIONAL_KINDS: Final = frozenset({"al", "cl", "g"})
"""Kinds most words have no value of (see :meth:`CompiledCrf._fill_rows`)."""
_CONSTANT_KINDS: Final = frozenset({"bias"})
"""Kinds with the same value for every word (the bias feature)."""
_PAD: Final = 0  # table row of the padding "word" between sentences: all zeros
Ids = npt.NDArray[np.intp]


class CompiledCrf:
    """Label scores per word type and a batched Viterbi decoder for one CRF model."""

    def __init__(
        self,
        labels: Sequence[str],
        transitions: dict[tuple[str, str], float],
        state_features: dict[tuple[str, str], float],
        word_columns: WordColumns,
        cache_size: int = 60_000,  # word types; the score table stays under ~25 MB
        extra_prefixes: tuple[str, ...] = (),
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
        self._extra: dict[str, Vector] = {}  # features of ``extra_prefixes`` → label weights
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
            elif extra_prefixes and attr.startswith(extra_prefixes):
                self._extra.setdefault(attr, np.zeros(size))[k] = weight
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
        matrix = (
            np.stack(list(rows.values())).reshape(len(rows), GROUPS * size)
            if rows
            else np.zeros((0, GROUPS * size))
        )
        # the rows and, last, a row of -0.0 for the padding slots of :func:`row_sums`
        self._padded: Vector = np.vstack((matrix, np.full((1, GROUPS * size), -0.0)))
        self._matrix: Vector = self._padded[:-1]  # a view: (kind, value) id → weights
        self._index_pairs()
        self._word_columns = word_columns
        self._wanted: Collection[str] = self._kind_rows  # kinds whose columns are made
        self._followers: list[CompiledCrf] = []  # models scoring the same word ids
        self.cache_size = cache_size
        self._reset()

    def attach(self, follower: CompiledCrf) -> None:
        """Let ``follower`` (another model over the same features, e.g. a second stage)
        score the word ids of this model: its rows are made from the columns this model
        computes for a new word, so a word is featurised once for both; it is scored with
        :meth:`scores_of_ids` on the ids :meth:`ids_of` gives. Empties both caches."""
        if sorted(follower.labels) != sorted(self.labels):
            raise ValueError("a follower model must have the same labels")
        self._followers.append(follower)
        self._wanted = {
            *self._kind_rows,
            *(kind for model in self._followers for kind in model._wanted),
        }
        self._reset()
        follower._reset()

    def forget_words(self) -> None:
        """Empty the word-type cache (this model's and its followers'): a long run's memory
        bound (:mod:`khabar.run.memory`). A word's row never changes, so scores do not."""
        self._reset()
        for model in self._followers:
            model._reset()

    def _index_pairs(self) -> None:
        """Word bigrams as numbers: each pair's first and second word get an index, a pair
        is ``first * seconds + second`` in a sorted array, its weights a row of a table.

        A pair ``"a|b"`` is split at its first ``|``: the first word of a pair never holds
        one (the tagger looks pairs up only after a first word that opens some pair).
        """
        pairs = sorted({*self._previous_pairs, *self._next_pairs})
        firsts: dict[str, int] = {}
        seconds: dict[str, int] = {}
        split = [pair.partition("|") for pair in pairs]
        for first, _, second in split:
            firsts.setdefault(first, len(firsts))
            seconds.setdefault(second, len(seconds))
        self._first_words = firsts
        self._second_words = seconds
        self._pair_heads = frozenset(firsts)
        width = max(len(seconds), 1)
        codes = np.array(
            [firsts[first] * width + seconds[second] for first, _, second in split],
            dtype=np.int64,
        )
        order = np.argsort(codes, kind="stable")
        self._pair_codes: npt.NDArray[np.int64] = codes[order]
        zero = self._zero
        weights = [
            np.stack(
                (self._next_pairs.get(pair, zero), self._previous_pairs.get(pair, zero))
            )  # at the first word, at the second
            for pair in pairs
        ]
        table = np.stack(weights) if weights else np.zeros((0, 2, len(self.labels)))
        self._pair_weights: Vector = table[order]
        self._seconds_width = width

    def _reset(self) -> None:
        self._ids: dict[str, int] = {}  # normalised word → row id (a word's row is its form's)
        self._norms: list[str] = [""]  # id 0 is the padding row
        # room for a full cache at once: np.zeros maps zero pages lazily, so untouched rows
        # cost no memory, and the table is never copied to grow on the way to its limit
        rows = self.cache_size + 1024
        # group-major (groups × words × labels): a group's rows of many words are gathered
        # in one ``take`` of small contiguous rows (see scores_of)
        self._table: Vector = np.zeros((GROUPS, rows, len(self.labels)))
        # per id: index as the first / second word of a weighted bigram (-1: none)
        self._pair_first: Ids = np.full(rows, -1, dtype=np.intp)
        self._pair_second: Ids = np.full(rows, -1, dtype=np.intp)
        self._uses: npt.NDArray[np.int64] = np.zeros(rows, dtype=np.int64)  # calls seen in

    def _evict(self) -> None:
        """Keep the most used half of the cached word types, forget the rest.

        A full cache used to be emptied: the next texts then paid for every word again,
        the commonest included. Uses count the calls (a page, or a batch of pages) a word
        was in (halved, rounding up, so old counts fade). Rows are moved, not recomputed: a
        word's row never changes.
        """
        size = len(self._norms)
        keep = np.argsort(-self._uses[1:size], kind="stable")[: self.cache_size // 2] + 1
        keep.sort()  # first seen first, as before
        kept = keep.tolist()
        count = len(kept)
        for model in (self, *self._followers):
            model._move_rows(keep)
        self._uses[1 : count + 1] = (self._uses[keep] + 1) // 2
        self._uses[count + 1 :] = 0
        words = [""] * size
        for word, k in self._ids.items():
            words[k] = word
        self._norms = ["", *(self._norms[k] for k in kept)]
        self._ids = {words[k]: n for n, k in enumerate(kept, start=1)}

    def _move_rows(self, keep: Ids) -> None:
        """Rows ``keep`` moved to ids 1, 2, … (see :meth:`_evict`)."""
        count = len(keep)
        self._table[:, 1 : count + 1] = self._table[:, keep]
        self._pair_first[1 : count + 1] = self._pair_first[keep]
        self._pair_second[1 : count + 1] = self._pair_second[keep]

    def _new_rows(self, words: Sequence[str]) -> None:
        """Score rows of (normalised) words not seen before, for this model and its
        followers, from one computation of the words' feature columns."""
        norms, columns = self._word_columns(words, self._wanted)
        first_id = len(self._norms)
        self._norms.extend(norms)
        self._fill_rows(first_id, norms, columns)
        for model in self._followers:
            model._fill_rows(first_id, norms, columns)

    def _fill_rows(
        self, first_id: int, norms: list[str], columns: list[tuple[str, Column]]
    ) -> None:
        """Score rows of new words (ids from ``first_id`` on), summed in one vectorised step.

        The (kind, value) rows of all new words are looked up a kind column at a time
        (one ``map`` in C per kind), then summed per word in the order of the word's pairs
        (:func:`row_sums`). A column of a kind most words lack (lexicon classes past the
        first, the article flag, the clitic) is looked up at its values only: a look-up
        costs ~500 instructions (``map``, the dict, ``fromiter``'s conversion), the scan
        for ``None`` ~30, and the lexicon makes one column per class of the richest word —
        six or seven a batch, most of them ``None``.
        """
        count = len(norms)
        wanted = [
            (kind, table, column)
            for kind, column in columns
            if (table := self._kind_rows.get(kind)) is not None
        ]
        if wanted:
            ids = np.full((len(wanted), count), -1, dtype=np.intp)  # kinds × words
            for j, (kind, table, column) in enumerate(wanted):
                if kind in _CONSTANT_KINDS:  # one value for every word: one look-up
                    if count:
                        ids[j] = table.get(column[0], -1)
                elif kind in _OPTIONAL_KINDS:  # most words have no value: look up the rest
                    at = [i for i, value in enumerate(column) if value is not None]
                    if at:
                        values = map(column.__getitem__, at)
                        ids[j, at] = np.fromiter(
                            map(table.get, values, repeat(-1)), dtype=np.intp, count=len(at)
                        )
                else:
                    ids[j] = np.fromiter(
                        map(table.get, column, repeat(-1)), dtype=np.intp, count=count
                    )
            rows = row_sums(self._padded, ids.T)  # words × kinds, in each word's pair order
        else:
            rows = np.zeros((count, self._matrix.shape[1]))
        size = len(self.labels)
        needed = first_id + count
        if needed > self._table.shape[1]:  # grow by doubling: rows are copied rarely
            grown = np.zeros((GROUPS, max(needed, 2 * self._table.shape[1]), size))
            grown[:, :first_id] = self._table[:, :first_id]
            self._table = grown
            self._pair_first = _grown(self._pair_first, grown.shape[1], first_id, -1)
            self._pair_second = _grown(self._pair_second, grown.shape[1], first_id, -1)
            self._uses = _grown(self._uses, grown.shape[1], first_id, 0)
        self._table[:, first_id:needed] = rows.reshape(count, GROUPS, size).transpose(1, 0, 2)
        self._pair_first[first_id:needed] = np.fromiter(
            map(self._first_words.get, norms, repeat(-1)), dtype=np.intp, count=count
        )
        self._pair_second[first_id:needed] = np.fromiter(
            map(self._second_words.get, norms, repeat(-1)), dtype=np.intp, count=count
        )

    def _ids_of(self, flat: list[str]) -> Ids:
        """Row ids of normalised tokens; rows of words not seen before are made first.

        One look-up per token in the word table's dict, in C (``map`` into ``fromiter``);
        the few new word types then get their rows in one vectorised step. (A small dict of
        the words seen in two texts, in front of the big one, cost more than it saved once
        batches of pages are decoded together: most tokens of a batch missed it and were
        looked up twice.)
        """
        if len(self._ids) > self.cache_size:
            self._evict()
        ids = self._ids
        out = np.fromiter(map(ids.get, flat, repeat(_PAD)), dtype=np.intp, count=len(flat))
        missing = np.flatnonzero(out == _PAD)
        if len(missing):
            words = list(map(flat.__getitem__, missing.tolist()))
            fresh = list(dict.fromkeys(words))
            first = len(ids) + 1  # after the padding row
            ids.update(zip(fresh, range(first, first + len(fresh)), strict=True))
            self._new_rows(fresh)
            out[missing] = np.fromiter(map(ids.__getitem__, words), dtype=np.intp, count=len(words))
        self._uses[out] += 1  # a fancy += counts each distinct id once: one count per call
        return out

    def flat_scores(self, sentences: Sequence[Sequence[str]]) -> Vector:
        """Label scores of all tokens of all sentences, in order (tokens × labels)."""
        flat = normalise_words([word for words in sentences for word in words])
        return self.scores_of(flat, [len(words) for words in sentences])

    def ids_of(self, flat: list[str]) -> Ids:
        """Row ids of normalised tokens (rows of new words made, followers' too)."""
        return self._ids_of(flat)

    def scores_of(self, flat: list[str], lengths: Sequence[int]) -> Vector:
        """Label scores (tokens × labels) of normalised tokens: ``lengths`` sentences."""
        return self.scores_of_ids(self._ids_of(flat), lengths)

    def scores_of_ids(self, ids: Ids, lengths: Sequence[int]) -> Vector:
        """Label scores (tokens × labels) of tokens given by row id: ``lengths`` sentences."""
        emit, rows = self._joined_scores(ids, lengths)
        result: Vector = emit[rows]
        sizes = np.array(lengths, dtype=np.intp)
        ends = np.cumsum(sizes)
        nonempty = sizes > 0
        result[(ends - sizes)[nonempty]] += self._bos
        result[ends[nonempty] - 1] += self._eos
        return result

    def _joined_scores(self, ids: Ids, lengths: Sequence[int]) -> tuple[Vector, Ids]:
        """Label scores of the tokens, sentence edges left out, in the joined layout, and
        the row of each token in it.

        The sentences are joined with two padding rows before, between and after them,
        so the neighbour terms are plain shifted slices that never cross a sentence.
        """
        count = len(lengths)
        sizes = np.array(lengths, dtype=np.intp)
        # token k of sentence s sits at 2 + 2 * s + (tokens before it) in the joined row
        where = np.repeat(2 + 2 * np.arange(count), sizes) + np.arange(len(ids))
        joined = np.zeros(len(ids) + 2 * count + 2, dtype=np.intp)
        joined[where] = ids
        own, left, right, left2, right2 = self._table  # each words × labels
        total = len(joined)
        emit = own.take(joined[2 : total - 2], axis=0)
        emit += left.take(joined[1 : total - 3], axis=0)  # the previous word, as left neighbour
        emit += right.take(joined[3 : total - 1], axis=0)  # the next word
        emit += left2.take(joined[: total - 4], axis=0)
        emit += right2.take(joined[4:], axis=0)
        self._add_bigrams(emit, joined)
        rows: Ids = where - 2
        return emit, rows

    def _packed_scores(self, ids: Ids, lengths: Sequence[int], layout: Layout) -> Vector:
        """:meth:`scores_of_ids` laid out for :func:`_viterbi` (labels × packed cells).

        One gather from the joined rows straight into the packed order (a flat score
        matrix gathered again by :meth:`Layout.emissions` cost a second pass over every
        token's row); the sentence-edge weights go in afterwards, on the first and last
        cell of each sentence, in the same order as in :meth:`scores_of_ids` — the same
        sums, bit for bit.
        """
        emit, rows = self._joined_scores(ids, lengths)
        emits = np.take(np.ascontiguousarray(emit.T), rows[layout.where], axis=1)
        emits[:, : layout.active[0]] += self._bos[:, None]  # position 0 of every sentence
        emits[:, layout.ends] += self._eos[:, None]
        return emits

    def _add_bigrams(self, emit: Vector, joined: Ids) -> None:
        """Weights of the word bigrams the model knows, at both words of each pair.

        The pair starting at joined index ``i`` adds to emit rows ``i - 2`` (its first
        word) and ``i - 1`` (its second). A row is the second word of at most one pair
        and the first of at most one, the pair before it adding first: so all
        second-word weights go in at once, then all first-word weights — each row gets
        the same additions in the same order as pair by pair. The pairs are found by
        number (see :meth:`_index_pairs`): a sorted search, no look-up per pair.
        """
        firsts = self._pair_first[joined[:-1]]
        seconds = self._pair_second[joined[1:]]  # the padding row is -1 in both
        starts = np.flatnonzero((firsts >= 0) & (seconds >= 0))
        if not len(starts) or not len(self._pair_codes):
            return
        codes = firsts[starts] * self._seconds_width + seconds[starts]
        at = np.searchsorted(self._pair_codes, codes)
        at[at == len(self._pair_codes)] = 0
        hits = self._pair_codes[at] == codes
        if not hits.any():
            return
        pairs = self._pair_weights[at[hits]]
        first_rows = starts[hits] - 2
        emit[first_rows + 1] += pairs[:, 1]
        emit[first_rows] += pairs[:, 0]

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

    def tag_flat(self, flat: list[str], lengths: Sequence[int]) -> Ids:
        """Label indexes (into :attr:`labels`) of normalised tokens, sentence after
        sentence (``lengths`` tokens each): what :meth:`tag_many` gives, as one array."""
        if not flat:
            return np.zeros(0, dtype=np.intp)
        layout = Layout(lengths)
        emits = self._packed_scores(self._ids_of(flat), lengths, layout)
        return layout.unpack(_viterbi(emits, layout, self.transitions), len(flat))


class DocumentCrf(CompiledCrf):
    """A second-stage CRF: the first stage's features plus document features
    (:func:`.features.document_features`), scored on the word ids of the first stage's
    :class:`CompiledCrf` (see :meth:`CompiledCrf.attach`). Keeps per word id what the
    document features compare: the bare form (as a number) and the person-title flag."""

    def __init__(
        self,
        labels: Sequence[str],
        transitions: dict[tuple[str, str], float],
        state_features: dict[tuple[str, str], float],
        cache_size: int = 60_000,
    ) -> None:
        super().__init__(
            labels,
            transitions,
            state_features,
            _no_columns,
            cache_size,
            extra_prefixes=DOCUMENT_PREFIXES,
        )
        self._wanted = {*self._kind_rows, "b"}
        self._parts = [(p, kind) for p, _, kind in (label.partition("-") for label in self.labels)]

    def _reset(self) -> None:
        super()._reset()
        self._bare_numbers: dict[str | None, int] = {}
        self._bare: Ids = np.zeros(len(self._pair_first), dtype=np.intp)
        self._title: npt.NDArray[np.bool_] = np.zeros(len(self._pair_first), dtype=np.bool_)

    def _move_rows(self, keep: Ids) -> None:
        super()._move_rows(keep)
        count = len(keep)
        self._bare[1 : count + 1] = self._bare[keep]
        self._title[1 : count + 1] = self._title[keep]

    def _fill_rows(
        self, first_id: int, norms: list[str], columns: list[tuple[str, Column]]
    ) -> None:
        super()._fill_rows(first_id, norms, columns)
        needed = first_id + len(norms)
        if needed > len(self._bare):
            size = len(self._pair_first)
            self._bare = _grown(self._bare, size, first_id, 0)
            self._title = np.concatenate(
                (self._title[:first_id], np.zeros(size - first_id, dtype=np.bool_))
            )
        bare, title = document_keys(norms, columns)
        numbers = self._bare_numbers
        self._bare[first_id:needed] = [numbers.setdefault(b, len(numbers)) for b in bare]
        self._title[first_id:needed] = title

    def add_document_scores(
        self, scores: Vector, ids: Ids, first: Ids, lengths: Sequence[int], documents: Sequence[int]
    ) -> None:
        """Add the weights of each token's document features to ``scores`` (tokens × this
        model's labels). ``first``: the first stage's labels, as indexes into this model's
        :attr:`labels`; ``documents``: how many of the sentences (``lengths`` tokens each)
        each document has, in order."""
        if not self._extra:
            return
        sizes = np.array(lengths, dtype=np.intp)
        starts = np.zeros(len(ids), dtype=np.bool_)
        starts[(np.cumsum(sizes) - sizes)[sizes > 0]] = True
        titled = np.zeros(len(ids), dtype=np.bool_)
        titled[1:] = self._title[ids[:-1]] & ~starts[1:]
        keys = self._bare[ids]
        bounds = np.cumsum(sizes)
        extra = self._extra
        sentence = 0
        begin = 0
        for count in documents:
            sentence += count
            end = int(bounds[sentence - 1]) if sentence else 0
            if end > begin:
                found = document_features(
                    keys[begin:end],
                    first[begin:end],
                    self._parts,
                    starts[begin:end],
                    titled[begin:end],
                )
                for i, features in found.items():
                    row = scores[begin + i]
                    for feature in features:
                        weights = extra.get(feature)
                        if weights is not None:
                            row += weights
            begin = end


def _no_columns(
    words: Sequence[str], kinds: Container[str]
) -> tuple[list[str], list[tuple[str, Column]]]:
    """A follower never featurises words itself: its leader hands it the columns."""
    raise RuntimeError("a second-stage model is fed by its first stage (CompiledCrf.attach)")


class TwoStageCrf:
    """Stage 1 (:class:`CompiledCrf`), then stage 2 (:class:`DocumentCrf`) with document
    features from stage 1's labels; words featurised once, both decoded by the batched
    Viterbi. Labels come back as indexes into the first stage's :attr:`labels`."""

    def __init__(self, first: CompiledCrf, second: DocumentCrf) -> None:
        first.attach(second)
        self.first = first
        self.second = second
        self.labels = first.labels
        index = {label: k for k, label in enumerate(second.labels)}
        self._to_second: Ids = np.array([index[label] for label in first.labels], dtype=np.intp)
        back = {label: k for k, label in enumerate(first.labels)}
        self._to_first: Ids = np.array([back[label] for label in second.labels], dtype=np.intp)

    def tag_flat(self, flat: list[str], lengths: Sequence[int], documents: Sequence[int]) -> Ids:
        """Label indexes of normalised tokens (``lengths`` tokens a sentence, ``documents``
        sentences a document): stage 2's, given stage 1's."""
        if not flat:
            return np.zeros(0, dtype=np.intp)
        ids = self.first.ids_of(flat)
        first = decode_flat(self.first.scores_of_ids(ids, lengths), lengths, self.first.transitions)
        scores = self.second.scores_of_ids(ids, lengths)
        self.second.add_document_scores(scores, ids, self._to_second[first], lengths, documents)
        second = decode_flat(scores, lengths, self.second.transitions)
        return self._to_first[second]


_LANES: Final = 8  # numpy's pairwise sum adds eight running sums, then folds them


def row_sums(padded: Vector, ids: Ids) -> Vector:
    """Per word (a row of ``ids``), the sum of the rows of ``padded`` its ids name, the
    absent ones (-1) skipped: bit for bit what ``np.add.reduceat`` of the words' rows, laid
    out one run per word, gives. ``padded``'s last row must be all -0.0 (never named).

    Why: ``reduceat`` along the rows calls numpy's inner loop once per word *and* column
    (45 calls a new word, ~7.6 k instructions), while this costs a few dozen whole-array
    numpy calls per batch. Exactness: ``reduceat`` adds a word's first row to numpy's
    pairwise sum of the others, which for up to 128 rows is: fewer than eight, one after
    the other; else eight running sums over lanes of eight rows, folded as
    ``((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))``, then the rest one after the other. Words are
    grouped by their number of full lanes; each group's rows are laid out slot-major, the
    word's ids first and -0.0 rows after them — adding -0.0 changes no number, not even a
    zero's sign — so one slot is one gather and one add for the whole group.
    """
    count = len(ids)
    out = np.zeros((count, padded.shape[1]))
    present = ids >= 0
    counts = present.sum(axis=1)
    total = int(counts.sum())
    if not total:
        return out
    most = int(counts.max())
    if most > 128:  # past numpy's pairwise block: its own sum (never met: ~25 kinds)
        starts = np.cumsum(counts) - counts
        filled = counts > 0
        out[filled] = np.add.reduceat(np.take(padded, ids[present], axis=0), starts[filled], axis=0)
        return out
    slots = _LANES * ((most - 1) // _LANES) + _LANES
    # slot-major: slot j of every word (its j-th present id, else the -0.0 row); array
    # methods, not numpy's functions of the same name (Python-level wrappers, ~2 k
    # instructions a call)
    laid = np.full((slots, count), len(padded) - 1, dtype=np.intp)
    starts = counts.cumsum() - counts
    slot = np.arange(total) - starts.repeat(counts)
    laid[slot, np.arange(count).repeat(counts)] = ids[present]
    lanes_of = (counts - 1) // _LANES  # words without any row: -1, left at zero
    take = padded.take
    for k in range(slots // _LANES):
        words = (lanes_of == k).nonzero()[0]
        if not len(words):
            continue
        at = laid[:, words]
        used = int(counts[words].max())  # slots past it hold -0.0 for every word: skipped
        if k == 0:
            total_rows = take(at[1], axis=0)
            for j in range(2, min(used, _LANES)):
                total_rows += take(at[j], axis=0)
        else:
            lanes = take(at[1 : _LANES + 1], axis=0)  # 8 × words × columns
            for b in range(1, k):
                lanes += take(at[1 + _LANES * b : 1 + _LANES * (b + 1)], axis=0)
            total_rows = lanes[0] + lanes[1]
            total_rows += lanes[2] + lanes[3]
            half = lanes[4] + lanes[5]
            half += lanes[6] + lanes[7]
            total_rows += half
            for j in range(_LANES * k + 1, min(used, _LANES * k + _LANES)):
                total_rows += take(at[j], axis=0)
        total_rows += take(at[0], axis=0)
        out[words] = total_rows
    return out


def _grown(values: npt.NDArray[np.int64] | Ids, size: int, used: int, fill: int) -> Ids:
    """A longer copy of a per-id array: the first ``used`` entries kept, the rest ``fill``."""
    grown: Ids = np.full(size, fill, dtype=values.dtype)
    grown[:used] = values[:used]
    return grown


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
    """Best label index paths as a (sentences × longest) matrix (0 past a sentence's end)."""
    count = len(lengths)
    if max(lengths, default=0) == 0:
        return np.zeros((count, 0), dtype=np.intp)
    layout = Layout(lengths)
    labels = _viterbi(layout.emissions(flat), layout, transitions)
    path = np.zeros((layout.longest, count), dtype=np.intp)  # time-major, sorted sentences
    path[layout.running] = labels
    out = np.empty((count, layout.longest), dtype=np.intp)
    out[layout.order] = path.T
    return out


def decode_flat(flat: Vector, lengths: Sequence[int], transitions: Vector) -> Ids:
    """Best label indexes of sentences whose emission rows are stacked in ``flat``, as one
    array in the same token order (what :func:`decode` gives, concatenated)."""
    if max(lengths, default=0) == 0:
        return np.zeros(len(flat), dtype=np.intp)
    layout = Layout(lengths)
    return layout.unpack(_viterbi(layout.emissions(flat), layout, transitions), len(flat))


class Layout:
    """Where every token of a batch of sentences sits in the packed, time-major order of
    the batched Viterbi (:func:`_viterbi`): the sentences sorted longest first, position 0
    of every sentence, then position 1 of those still running, … At position ``t`` the
    ``active[t]`` sentences still running are one contiguous block of cells starting at
    ``blocks[t]`` — the first ``active[t]`` of the block before. At least one sentence must
    not be empty.

    Why a class of its own: :meth:`CompiledCrf.tag_flat` gathers its emission scores
    straight into this order (one gather from the score rows, not a flat matrix and then
    a packed copy of it).
    """

    def __init__(self, lengths: Sequence[int]) -> None:
        lens = np.array(lengths, dtype=np.intp)
        order = np.argsort(-lens, kind="stable")
        sorted_lengths = lens[order]
        longest = int(sorted_lengths[0])
        steps = np.arange(longest)
        running = sorted_lengths > steps[:, None]  # (positions × sentences), time-major
        firsts = (np.cumsum(lens) - lens)[order]
        active: list[int] = running.sum(axis=1).tolist()
        self.order: Ids = order  # sorted position → sentence
        self.longest = longest
        self.running: npt.NDArray[np.bool_] = running  # inside the sentence
        self.where: Ids = (firsts + steps[:, None])[running]  # flat row of each packed cell
        self.active = active
        self.blocks: list[int] = [0, *accumulate(active)][:longest]
        # the cell of each non-empty sentence's last token: column s of block ``length - 1``
        nonempty = int(np.count_nonzero(sorted_lengths))
        ends = np.array(self.blocks, dtype=np.intp)[sorted_lengths[:nonempty] - 1]
        self.ends: Ids = ends + np.arange(nonempty)

    def emissions(self, flat: Vector) -> Vector:
        """Emission rows stacked sentence after sentence (tokens × labels) as the packed,
        label-major cells (labels × cells) :func:`_viterbi` runs on."""
        return np.ascontiguousarray(flat[self.where].T)

    def unpack(self, labels: Ids, size: int) -> Ids:
        """Packed cells' labels back in flat token order (``size`` tokens)."""
        out: Ids = np.empty(size, dtype=np.intp)
        out[self.where] = labels
        return out


def _viterbi(emits: Vector, layout: Layout, transitions: Vector) -> Ids:
    """Viterbi over all sentences at once; ``emits``: labels × packed cells (:class:`Layout`),
    contiguous. Returns the label of every packed cell.

    The blocks are *packed* and label-major: the emission and delta arrays are labels ×
    tokens, one column per token, not a padded positions × sentences × labels array (~4 MB a
    batch of 16 pages — the longest sentence ~110 tokens, ~450 sentences — for ~1 MB of
    tokens). One forward step is three numpy calls for all running sentences (on views made
    once per block size). The step's candidate block is from × to × sentences: the
    sentences are the innermost axis, so the sum ``delta[a, s] + T[a, b]`` runs as 81 long
    rows (it was sentences × 9 rows of nine labels), and the max over the outer "from" axis
    is an elementwise maximum of nine long rows — not nine-element reductions, which numpy
    runs one by one. Back-pointers are never stored: walking back, the previous label of
    every running sentence is recomputed at once as the first best
    ``delta[t-1, a] + T[a, y_t]`` — the same sums and the same first-maximum rule as a stored
    argmax, so ties break alike. Every sum and maximum is the one the padded layout made, so
    the labels are bit-for-bit the same.
    """
    active, blocks, longest = layout.active, layout.blocks, layout.longest
    size = transitions.shape[0]
    deltas = np.empty_like(emits)
    first = active[0]
    deltas[:, :first] = emits[:, :first]
    buffer = np.empty(size * size * first)
    views: dict[int, Vector] = {}  # active sentences → the candidate block's view
    incoming_weights = transitions[:, :, None]  # from × to × 1
    add = np.add
    maximum = np.maximum.reduce
    previous = deltas[:, :first]
    for t in range(1, longest):
        k = active[t]
        at = blocks[t]
        candidates = views.get(k)
        if candidates is None:
            candidates = views[k] = buffer[: size * size * k].reshape(size, size, k)
        add(previous[:, None, :k], incoming_weights, out=candidates)  # from × to × sentences
        previous = deltas[:, at : at + k]
        maximum(candidates, axis=0, out=previous)
        previous += emits[:, at : at + k]
    ends = layout.ends
    labels: Ids = np.zeros(emits.shape[1], dtype=np.intp)
    labels[ends] = deltas[:, ends].argmax(axis=0)
    incoming = transitions.T  # incoming[b, a]: weight of a → b
    for t in range(longest - 1, 0, -1):
        k = active[t]
        at, before = blocks[t], blocks[t - 1]
        labels[before : before + k] = (
            deltas[:, before : before + k].T + incoming[labels[at : at + k]]
        ).argmax(axis=1)
    return labels
