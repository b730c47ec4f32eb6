"""A small neural NER tagger run with numpy: char-CNN + word vectors → dilated CNN → CRF.

Trained with torch by ``scripts/train_neural_ner.py`` (ANERcorp CamelLab train split only),
exported to ``resources/entities/ner_neural.npz``; inference needs numpy alone.

Architecture (an iterated-dilated-CNN tagger after Strubell et al. 2017, one block):

- every word *type* gets one input vector, cached: a word2vec vector of its clitic-stripped
  normalised form (SaudiNewsNet, frozen, int8 in the file), a character CNN over the
  normalised word (unseen names still look like names), embeddings of its proclitic
  (و، بال، لل …), shape and length, and its lexicon classes (first name, country, title,
  organisation head … from the bundled gazetteer) through a linear map;
- three width-3 convolutions with dilations 1, 2, 4 (ReLU, the last two residual, and
  depthwise-separable when the file says so: a third of the multiplications) see ±7
  tokens; a linear layer gives label scores; CRF transitions, start and end scores are
  decoded with the batched Viterbi of :mod:`.viterbi`.

The first convolution is linear in the input, so each word type's three tap products are
computed once and cached (like :class:`.viterbi.CompiledCrf`'s score rows); an article's
sentences run as one flat sequence with zero gaps between them, so each later convolution
is one matrix product over all tokens of the article at once (its three taps' outputs are
then added at their offsets).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from khabar.arabic.normalise import normalise
from khabar.errors import ResourceError
from khabar.nlp.entities.contextual import CharLanguageModels, language_models
from khabar.nlp.entities.resources import RESOURCES, load_lexicon
from khabar.nlp.entities.tokens import PROCLITICS, has_article, strip_proclitics
from khabar.nlp.entities.viterbi import viterbi

Array = npt.NDArray[np.float32]

NEURAL_MODEL_PATH = RESOURCES / "ner_neural.npz"
MAX_CHARS = 20  # letters of a word the character CNN sees (plus the two boundary marks)
SHAPES = "EDAPRX"  # empty, digits, Latin, punctuation, Arabic, other letters
MAX_LENGTH = 10
FLAGS = ("al", "unknown")  # extra multi-hot inputs besides the lexicon classes
CLITICS: tuple[str, ...] = ("", *PROCLITICS)
_CHUNK = 2048  # tokens per forward pass


def shape(word: str) -> int:
    """Index in :data:`SHAPES` of a normalised word's shape (by its first character)."""
    if not word:
        return 0
    if word.isdigit():
        return 1
    first = word[0]
    if first.isascii():
        return 2 if first.isalpha() else 3
    if "\u0600" <= first <= "\u06ff":
        return 4 if first.isalpha() else 3
    return 5 if first.isalpha() else 3


@dataclass(frozen=True, slots=True)
class WordInputs:
    """The discrete inputs of one word type (shared by training and inference)."""

    vector: int  # row of the word vector table, 0 when the word has none
    clitic: int
    shape: int
    length: int
    classes: tuple[int, ...]  # indexes into the class list (lexicon classes, then FLAGS)
    chars: tuple[int, ...]  # character ids with boundary marks, 1 = unknown character


class Featuriser:
    """Word → :class:`WordInputs`, from the vocabularies stored with a model."""

    def __init__(
        self,
        vocab: Sequence[str],
        chars: Sequence[str],
        classes: Sequence[str],
        lexicon: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.vocab = {w: k + 1 for k, w in enumerate(vocab)}  # row 0: no vector
        self.chars = {c: k + 4 for k, c in enumerate(chars)}  # 0 pad, 1 unknown, 2 «, 3 »
        self.classes = {c: k for k, c in enumerate(classes)}
        self.lexicon = lexicon
        self.clitics = {c: k for k, c in enumerate(CLITICS)}

    def __call__(self, word: str) -> WordInputs:
        w = normalise(word)
        b = strip_proclitics(w)
        vector = self.vocab.get(b) or self.vocab.get(w, 0)
        found = set(self.lexicon.get(w, ()))
        if b != w:
            found.update(self.lexicon.get(b, ()))
        if has_article(w):
            found.add("al")
        if not vector:
            found.add("unknown")
        classes = tuple(sorted(self.classes[c] for c in found if c in self.classes))
        chars = (2, *map(self.chars.get, w[:MAX_CHARS], repeat(1)), 3)
        return WordInputs(
            vector,
            self.clitics.get(w[: len(w) - len(b)], 0),
            shape(w),
            min(len(b), MAX_LENGTH),
            classes,
            chars,
        )


def _text_list(data: npt.NDArray[np.uint8]) -> list[str]:
    raw = data.tobytes().decode("utf-8")
    return raw.split("\n") if raw else []


def text_array(items: Sequence[str]) -> npt.NDArray[np.uint8]:
    """Strings stored in a model file as UTF-8 bytes joined by newlines (no pickles)."""
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    """The process's BLAS thread pools (looked up once; limiting them is then ~10 µs)."""
    return ThreadpoolController()


class NeuralTagger:
    """The exported model: per-type cached inputs, batched forward pass, Viterbi decoding."""

    def __init__(
        self,
        model_path: Path,
        lexicon: Mapping[str, tuple[str, ...]],
        cache_size: int = 30_000,  # word types; 3 × hidden floats each (~46 MB at most)
    ) -> None:
        self.model_path = model_path
        self.lexicon = lexicon
        self.cache_size = cache_size
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        if not self.model_path.is_file():
            raise ResourceError(f"neural NER model missing: {self.model_path}")
        try:
            with np.load(self.model_path, allow_pickle=False) as data:
                arrays = {key: data[key] for key in data.files}
        except (OSError, ValueError) as error:
            raise ResourceError(
                f"neural NER model unreadable: {self.model_path}: {error}"
            ) from error
        f32 = np.float32
        self.labels = tuple(_text_list(arrays["labels"]))
        self.featuriser = Featuriser(
            _text_list(arrays["vocab"]),
            _text_list(arrays["chars"]),
            _text_list(arrays["classes"]),
            self.lexicon,
        )
        self.n_classes = len(self.featuriser.classes)
        self.vectors: Array = arrays["emb_q"].astype(f32) * arrays["emb_scale"].astype(f32)[:, None]
        self.char_emb: Array = arrays["char_emb"].astype(f32)
        self.char_w: Array = arrays["char_w"].astype(f32)  # filters × char dims × 3
        self.char_b: Array = arrays["char_b"].astype(f32)
        # each character's product with each tap of the character convolution (row 0, the
        # padding character, is zero): the convolution becomes table look-ups
        self.char_taps = [self.char_emb @ self.char_w[:, :, k].T for k in range(3)]
        self.clitic_emb: Array = arrays["clitic_emb"].astype(f32)
        self.shape_emb: Array = arrays["shape_emb"].astype(f32)
        self.length_emb: Array = arrays["length_emb"].astype(f32)
        self.class_w: Array = arrays["class_w"].astype(f32)  # dims × classes
        self.dilations = tuple(int(d) for d in arrays["dilations"])
        self.conv_w = [arrays[f"conv{k}_w"].astype(f32) for k in range(len(self.dilations))]
        self.conv_b = [arrays[f"conv{k}_b"].astype(f32) for k in range(len(self.dilations))]
        # depthwise-separable layers (2nd on) store their per-channel taps apart
        self.depthwise: list[Array | None] = [
            arrays[f"conv{k}_dw"].astype(f32) if f"conv{k}_dw" in arrays else None
            for k in range(len(self.dilations))
        ]
        self.out_w: Array = arrays["out_w"].astype(f32)
        self.out_b: Array = arrays["out_b"].astype(f32)
        self.transitions = arrays["transitions"].astype(np.float64)
        self.start = arrays["start"].astype(np.float64)
        self.end = arrays["end"].astype(np.float64)
        weight = arrays.get("ensemble_weight")
        self.ensemble_weight = float(weight) if weight is not None else 1.0
        # a full convolution as one hidden → (3 × hidden) matrix (offsets -d, 0, +d side by
        # side); a separable layer's channel mixing as hidden → hidden
        self.stacked = [
            np.concatenate([w[:, :, k].T for k in range(3)], axis=1) if w.ndim == 3 else w.T.copy()
            for w in self.conv_w
        ]
        # a contextual model (``ctx_dims`` > 0) feeds the first convolution the character
        # LMs' vectors of each token after the word type's inputs: that part of its weights
        # runs per token (three taps side by side), the rest per word type as below
        self.ctx_dims = int(arrays["ctx_dims"]) if "ctx_dims" in arrays else 0
        type_dims = self.conv_w[0].shape[1] - self.ctx_dims
        self.lms: CharLanguageModels | None = None
        if self.ctx_dims:
            self.lms = language_models(arrays)
            if self.lms.dims != self.ctx_dims:
                raise ResourceError("contextual model: LM size differs from ctx_dims")
            self.ctx_stacked = np.concatenate(
                [self.conv_w[0][:, type_dims:, k].T for k in range(3)], axis=1
            )
        # taps of the first convolution as (3 × input) → hidden matrices, one per offset
        self.first_taps = [self.conv_w[0][:, :type_dims, k].T.copy() for k in range(3)]
        self.gap = max(self.dilations)
        self._loaded = True
        self._reset()

    def _reset(self) -> None:
        hidden = self.conv_w[0].shape[0]
        self._ids: dict[str, int] = {}
        # row 0 is the zero row of the gaps between sentences
        self._table: Array = np.zeros((1024, 3, hidden), dtype=np.float32)
        self._rows = 1

    def inputs(self, words: Sequence[str]) -> Array:
        """Input vectors (words × input dims) of word types, before the convolutions."""
        feats = [self.featuriser(w) for w in words]
        n = len(feats)
        longest = max(len(f.chars) for f in feats)
        # character ids with one zero (padding) column on each side
        char_ids = np.zeros((n, longest + 2), dtype=np.int64)
        lengths = np.zeros(n, dtype=np.int64)
        for k, f in enumerate(feats):
            char_ids[k, 1 : len(f.chars) + 1] = f.chars
            lengths[k] = len(f.chars)
        # the character convolution as three gathers of per-character tap products
        taps = self.char_taps
        conv = (
            taps[0][char_ids[:, :longest]]
            + taps[1][char_ids[:, 1 : longest + 1]]
            + taps[2][char_ids[:, 2:]]
            + self.char_b
        )
        valid = np.arange(longest)[None, :] < lengths[:, None]
        conv = np.where(valid[:, :, None], conv, -np.inf)
        char_part = np.maximum(conv.max(axis=1), 0.0)
        multi = np.zeros((n, self.n_classes), dtype=np.float32)
        for k, f in enumerate(feats):
            multi[k, list(f.classes)] = 1.0
        return np.concatenate(
            [
                self.vectors[[f.vector for f in feats]],
                char_part,
                self.clitic_emb[[f.clitic for f in feats]],
                self.shape_emb[[f.shape for f in feats]],
                self.length_emb[[f.length for f in feats]],
                multi @ self.class_w.T,
            ],
            axis=1,
        ).astype(np.float32)

    def _new_rows(self, words: Sequence[str]) -> None:
        x = self.inputs(words)
        rows = np.stack([x @ tap for tap in self.first_taps], axis=1)  # n × 3 × hidden
        needed = self._rows + len(words)
        if needed > len(self._table):
            grown = np.zeros(
                (max(needed, 2 * len(self._table)), *self._table.shape[1:]), np.float32
            )
            grown[: self._rows] = self._table[: self._rows]
            self._table = grown
        self._table[self._rows : needed] = rows
        self._rows = needed

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[npt.NDArray[np.float64]]:
        """Label scores (tokens × labels) of every sentence, start/end scores included.

        The matrix products run on one BLAS thread: they are small, and a multithreaded
        BLAS spends more time waking its threads than multiplying (measured ×4–×6 CPU time
        per page on 2 cores); khabar runs pages in parallel by processes instead.
        """
        with _blas_controller().limit(limits=1, user_api="blas"):
            return self._scores(sentences)

    def _scores(self, sentences: Sequence[Sequence[str]]) -> list[npt.NDArray[np.float64]]:
        self._load()
        if len(self._ids) > self.cache_size:
            self._reset()
        ids = self._ids
        fresh: list[str] = []
        for words in sentences:
            for word in words:
                if word not in ids:
                    ids[word] = self._rows + len(fresh)
                    fresh.append(word)
        if fresh:
            self._new_rows(fresh)
        out: list[npt.NDArray[np.float64]] = []
        chunk: list[Sequence[str]] = []
        size = 0
        for words in sentences:  # a few thousand tokens at a time: arrays stay in cache
            chunk.append(words)
            size += len(words)
            if size >= _CHUNK:
                out.extend(self._forward(chunk))
                chunk, size = [], 0
        if chunk:
            out.extend(self._forward(chunk))
        return out

    def _forward(self, sentences: Sequence[Sequence[str]]) -> list[npt.NDArray[np.float64]]:
        """Label scores of sentences whose word types all have rows in the table."""
        ids = self._ids
        gap = self.gap
        flat: list[int] = [0] * gap
        starts: list[int] = []
        for words in sentences:
            starts.append(len(flat))
            flat.extend(ids[w] for w in words)
            flat.extend([0] * gap)
        index = np.array(flat, dtype=np.int64)
        mask = (index > 0).astype(np.float32)[:, None]
        taps = self._table[index]  # positions × 3 × hidden
        h = taps[:, 1].copy()
        h[1:] += taps[:-1, 0]
        h[:-1] += taps[1:, 2]
        if self.lms is not None:
            self._add_context(h, sentences, starts)
        h = np.maximum(h + self.conv_b[0], 0.0) * mask
        for layer in range(1, len(self.dilations)):
            d = self.dilations[layer]
            depthwise = self.depthwise[layer]
            if depthwise is not None:  # per-channel taps, then one channel-mixing product
                mixed = h * depthwise[:, 1]
                mixed[d:] += h[:-d] * depthwise[:, 0]
                mixed[:-d] += h[d:] * depthwise[:, 2]
                conv = mixed @ self.stacked[layer]
            else:  # every tap's product at once; shifting outputs costs no input copies
                hidden = h.shape[1]
                products = h @ self.stacked[layer]  # positions × (3 × hidden)
                conv = products[:, hidden : 2 * hidden].copy()
                conv[d:] += products[:-d, :hidden]
                conv[:-d] += products[d:, 2 * hidden :]
            conv += self.conv_b[layer]
            h = (h + np.maximum(conv, 0.0)) * mask
        emit = (h @ self.out_w.T + self.out_b).astype(np.float64)
        out: list[npt.NDArray[np.float64]] = []
        for begin, words in zip(starts, sentences, strict=True):
            e = emit[begin : begin + len(words)].copy()
            if len(words):
                e[0] += self.start
                e[-1] += self.end
            out.append(e)
        return out

    def _add_context(
        self, h: Array, sentences: Sequence[Sequence[str]], starts: Sequence[int]
    ) -> None:
        """Add the first convolution's contextual part to its output ``h`` (in place)."""
        assert self.lms is not None
        ctx = np.zeros((len(h), self.ctx_dims), dtype=np.float32)
        for begin, vectors in zip(starts, self.lms.embed(sentences), strict=True):
            ctx[begin : begin + len(vectors)] = vectors
        hidden = h.shape[1]
        products = ctx @ self.ctx_stacked  # positions × (3 × hidden): taps -1, 0, +1
        h += products[:, hidden : 2 * hidden]
        h[1:] += products[:-1, :hidden]
        h[:-1] += products[1:, 2 * hidden :]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (ANERcorp labels) of several sentences, decoded together."""
        emits = self.scores(sentences)
        self._load()
        labels = self.labels
        return [[labels[k] for k in path] for path in viterbi(emits, self.transitions)]

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags of one sentence."""
        return self.tag_many([words])[0] if words else []


class ScoringTagger(Protocol):
    """A tagger that exposes label scores (:class:`.viterbi.CompiledCrf` does)."""

    labels: tuple[str, ...]
    transitions: npt.NDArray[np.float64]

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[npt.NDArray[np.float64]]: ...


class EnsembleTagger:
    """CRF and neural tagger decoded together: their label and transition scores summed.

    Both are linear-chain models over the same BIO labels, so one Viterbi over
    ``crf + weight × neural`` scores is a product of experts. ``weight`` comes from the
    model file (``ensemble_weight``, chosen on a dev part of the train split by
    ``scripts/train_neural_ner.py tune``); it defaults to 1.
    """

    def __init__(self, crf: Callable[[], ScoringTagger], neural: NeuralTagger) -> None:
        self._crf = crf
        self.neural = neural

    def weight(self) -> float:
        """Weight of the neural scores relative to the CRF's."""
        self.neural._load()
        return self.neural.ensemble_weight

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of several sentences (ANERcorp labels), one batched decode."""
        crf = self._crf()
        nn_emits = self.neural.scores(sentences)
        weight = self.weight()
        order = [self.neural.labels.index(label) for label in crf.labels]
        emits = [
            c + weight * n[:, order] for c, n in zip(crf.scores(sentences), nn_emits, strict=True)
        ]
        transitions = crf.transitions + weight * self.neural.transitions[np.ix_(order, order)]
        labels = crf.labels
        return [[labels[k] for k in path] for path in viterbi(emits, transitions)]


NEURAL_LEXICON = "neural_lexicon.tsv"
"""Extra lexicon classes only the neural tagger reads (``scripts/build_neural_lexicon.py``)."""


@lru_cache(maxsize=1)
def load_neural_lexicon() -> dict[str, tuple[str, ...]]:
    """The shared lexicon plus the neural tagger's own classes, when that file is shipped.

    A model only sees the classes stored with it (:class:`Featuriser` ignores the others),
    so adding classes here never changes a model trained without them.
    """
    lexicon = dict(load_lexicon())
    path = RESOURCES / NEURAL_LEXICON
    if not path.is_file():
        return lexicon
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, sep, classes = line.partition("\t")
        if not sep or not classes:
            raise ResourceError(f"bad neural lexicon row: {line!r}")
        merged = set(lexicon.get(word, ())).union(classes.split(","))
        lexicon[word] = tuple(sorted(merged))
    return lexicon


@lru_cache(maxsize=1)
def shipped_neural() -> NeuralTagger:
    """The bundled neural model (loaded on first use, once per process)."""
    return NeuralTagger(NEURAL_MODEL_PATH, load_neural_lexicon())
