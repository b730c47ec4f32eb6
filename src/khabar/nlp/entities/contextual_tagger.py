"""A small NER tagger over contextual string embeddings, and taggers decoded as one.

:class:`ContextualTagger` reads each token's character-LM vectors
(:mod:`.contextual`), its frozen SaudiNewsNet word vector and its lexicon classes; one
width-3 convolution (ReLU) and a linear layer give label scores for a linear-chain CRF.
Trained by ``scripts/train_contextual_ner.py`` (ANERcorp train split only); it is meant as
a third expert next to the CRF and the neural tagger (:class:`ProductTagger`: label and
transition scores summed, one Viterbi), not alone. Inference needs numpy only; its cost is
the two character LSTMs (one step per character of the text, batched over sentences).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from khabar.errors import ResourceError
from khabar.nlp.entities.contextual import CharLanguageModels, language_models
from khabar.nlp.entities.neural import (
    Featuriser,
    ScoringTagger,
    _blas_controller,
    _text_list,
    load_neural_lexicon,
)
from khabar.nlp.entities.resources import RESOURCES
from khabar.nlp.entities.viterbi import viterbi

Array = npt.NDArray[np.float32]
CONTEXTUAL_MODEL_PATH = RESOURCES / "ner_contextual.npz"
_LM_BATCH = 64  # sentences per LM batch (sorted by length: little padding)


class ContextualTagger:
    """The exported contextual tagger: label scores of sentences (:class:`ScoringTagger`)."""

    def __init__(self, model_path: Path, lexicon: Mapping[str, tuple[str, ...]]) -> None:
        self.model_path = model_path
        self.lexicon = lexicon
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        if not self.model_path.is_file():
            raise ResourceError(f"contextual NER model missing: {self.model_path}")
        try:
            with np.load(self.model_path, allow_pickle=False) as data:
                arrays = {key: data[key] for key in data.files}
        except (OSError, ValueError) as error:
            raise ResourceError(
                f"contextual NER model unreadable: {self.model_path}: {error}"
            ) from error
        f32 = np.float32
        self.labels = tuple(_text_list(arrays["labels"]))
        self.lms: CharLanguageModels = language_models(arrays)
        self.featuriser = Featuriser(
            _text_list(arrays["vocab"]), [], _text_list(arrays["classes"]), self.lexicon
        )
        self.n_classes = len(self.featuriser.classes)
        self.vectors: Array = arrays["emb_q"].astype(f32) * arrays["emb_scale"].astype(f32)[:, None]
        self.class_w: Array = arrays["class_w"].astype(f32)  # dims × classes
        conv = arrays["conv_w"].astype(f32)  # hidden × inputs × 3
        self.conv_stacked: Array = np.concatenate([conv[:, :, k].T for k in range(3)], axis=1)
        self.hidden = conv.shape[0]
        self.conv_b: Array = arrays["conv_b"].astype(f32)
        self.out_w: Array = arrays["out_w"].astype(f32)
        self.out_b: Array = arrays["out_b"].astype(f32)
        self.transitions = arrays["transitions"].astype(np.float64)
        self.start = arrays["start"].astype(np.float64)
        self.end = arrays["end"].astype(np.float64)
        self._word_rows: dict[str, Array] = {}
        self._loaded = True

    def _word_inputs(self, word: str) -> Array:
        """Word vector and projected lexicon classes of a word type (cached)."""
        row = self._word_rows.get(word)
        if row is None:
            f = self.featuriser(word)
            multi = np.zeros(self.n_classes, dtype=np.float32)
            multi[list(f.classes)] = 1.0
            row = np.concatenate([self.vectors[f.vector], self.class_w @ multi])
            if len(self._word_rows) > 50_000:
                self._word_rows.clear()
            self._word_rows[word] = row
        return row

    def inputs(self, sentences: Sequence[Sequence[str]]) -> list[Array]:
        """Per-token inputs (tokens × dims): contextual vectors, word vector, classes."""
        self._load()
        order = sorted(range(len(sentences)), key=lambda k: len(sentences[k]))
        contexts: list[Array | None] = [None] * len(sentences)
        for begin in range(0, len(order), _LM_BATCH):
            batch = order[begin : begin + _LM_BATCH]
            for k, vectors in zip(
                batch, self.lms.embed([sentences[k] for k in batch]), strict=True
            ):
                contexts[k] = vectors
        out: list[Array] = []
        for words, ctx in zip(sentences, contexts, strict=True):
            assert ctx is not None
            if not words:
                out.append(
                    np.zeros(
                        (0, ctx.shape[1] + self.vectors.shape[1] + self.class_w.shape[0]),
                        np.float32,
                    )
                )
                continue
            rows = np.stack([self._word_inputs(w) for w in words])
            out.append(np.concatenate([ctx, rows], axis=1))
        return out

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[npt.NDArray[np.float64]]:
        """Label scores (tokens × labels) of every sentence, start/end scores included."""
        with _blas_controller().limit(limits=1, user_api="blas"):
            return [self._emit(x) for x in self.inputs(sentences)]

    def _emit(self, x: Array) -> npt.NDArray[np.float64]:
        n = len(x)
        hidden = self.hidden
        if n == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float64)
        products = x @ self.conv_stacked  # tokens × (3 × hidden): taps -1, 0, +1
        h = products[:, hidden : 2 * hidden] + self.conv_b
        h[1:] += products[:-1, :hidden]
        h[:-1] += products[1:, 2 * hidden :]
        h = np.maximum(h, 0.0)
        emit: npt.NDArray[np.float64] = (h @ self.out_w.T + self.out_b).astype(np.float64)
        emit[0] += self.start
        emit[-1] += self.end
        return emit

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (ANERcorp labels) of several sentences."""
        emits = self.scores(sentences)
        return [[self.labels[k] for k in path] for path in viterbi(emits, self.transitions)]


class ProductTagger:
    """Several linear-chain taggers over the same labels decoded as one: their label and
    transition scores summed with weights (a product of experts), one Viterbi.

    The first expert's label order is the output's; the others are reordered to it.
    """

    def __init__(self, experts: Sequence[tuple[Callable[[], ScoringTagger], float]]) -> None:
        if not experts:
            raise ValueError("ProductTagger needs at least one tagger")
        self.experts = list(experts)

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of several sentences, one batched decode."""
        taggers = [(make(), weight) for make, weight in self.experts]
        all_scores = [tagger.scores(sentences) for tagger, _ in taggers]
        labels = taggers[0][0].labels
        emits: list[npt.NDArray[np.float64]] = []
        transitions = np.zeros((len(labels), len(labels)), dtype=np.float64)
        orders = [[tagger.labels.index(label) for label in labels] for tagger, _ in taggers]
        for (tagger, weight), order in zip(taggers, orders, strict=True):
            transitions = transitions + weight * tagger.transitions[np.ix_(order, order)]
        for k in range(len(sentences)):
            total = np.zeros((len(sentences[k]), len(labels)), dtype=np.float64)
            for (_, weight), order, scores in zip(taggers, orders, all_scores, strict=True):
                total += weight * scores[k][:, order]
            emits.append(total)
        return [[labels[k] for k in path] for path in viterbi(emits, transitions)]


@lru_cache(maxsize=1)
def shipped_contextual() -> ContextualTagger:
    """The bundled contextual tagger (loaded on first use, once per process)."""
    return ContextualTagger(CONTEXTUAL_MODEL_PATH, load_neural_lexicon())
