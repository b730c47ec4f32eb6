"""The statistical tagger: a linear-chain CRF (python-crfsuite) over ANERcorp-style BIO tags.

Training is reproducible: ``khabar train-ner`` (or ``scripts/train_ner.py``) reads the
CamelLab *train* split, computes features with the bundled lexicon and cluster table,
and trains L-BFGS with L1 (``c1``) and L2 (``c2``) penalties; L1 prunes most features
to zero, which keeps the shipped model file small. The test split is never read here.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycrfsuite

from khabar.arabic.tokens import normalise_words
from khabar.errors import ResourceError
from khabar.nlp.entities.conll import ConllSentence, to_anercorp_tag
from khabar.nlp.entities.features import (
    FeatureExtractor,
    Lexicon,
    document_features,
    document_keys,
    word_columns,
)
from khabar.nlp.entities.viterbi import CompiledCrf, DocumentCrf, TwoStageCrf


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """CRF hyper-parameters (defaults are the ones the shipped model was trained with).

    ``substitute``: add one copy of every sentence with PERS/LOC/ORG mentions in which each
    mention is replaced by another name of its type (see :func:`substituted_copies`).
    """

    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 200
    min_feature_freq: int = 1
    algorithm: str = "lbfgs"
    substitute: bool = False
    seed: int = 13

    def crfsuite_params(self) -> dict[str, object]:
        """The trainer parameters these settings stand for (``pycrfsuite.Trainer.set_params``)."""
        params: dict[str, object] = {
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.min_feature_freq,
            "feature.possible_transitions": True,
        }
        if self.algorithm == "lbfgs":
            params.update({"c1": self.c1, "c2": self.c2})
        return params


_SUBSTITUTED = ("PERS", "LOC", "ORG")
_GAZETTEER_LABELS = {"PER": "PERS", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}


def substituted_copies(
    sentences: Sequence[tuple[Sequence[str], Sequence[str]]],
    extra_names: Mapping[str, Sequence[tuple[str, ...]]],
    seed: int,
) -> list[tuple[list[str], list[str]]]:
    """Copies of tagged sentences with every PERS/LOC/ORG mention swapped for another name.

    Mention replacement: the tagger must then recognise a name from its context and its
    word-level features, not from having seen that very name. Half of the replacements
    come from the mentions of the training sentences themselves, half from
    ``extra_names`` (gazetteer names by label); sentences without such mentions get no
    copy. Deterministic for a given ``seed``.
    """
    rng = random.Random(seed)
    seen: dict[str, list[tuple[str, ...]]] = {label: [] for label in _SUBSTITUTED}
    for tokens, tags in sentences:
        for start, end, label in _mentions(tags):
            if label in seen:
                seen[label].append(tuple(tokens[start:end]))
    copies: list[tuple[list[str], list[str]]] = []
    for tokens, tags in sentences:
        mentions = [m for m in _mentions(tags) if seen.get(m[2])]
        if not mentions:
            continue
        new_tokens: list[str] = []
        new_tags: list[str] = []
        done = 0
        for start, end, label in mentions:
            new_tokens += tokens[done:start]
            new_tags += tags[done:start]
            pool = extra_names.get(label) or ()
            name = rng.choice(pool if pool and rng.random() < 0.5 else seen[label])
            new_tokens += name
            new_tags += ["B-" + label] + ["I-" + label] * (len(name) - 1)
            done = end
        new_tokens += tokens[done:]
        new_tags += tags[done:]
        copies.append((new_tokens, new_tags))
    return copies


def _mentions(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the BIO mentions (an I- that does not continue starts one).

    >>> _mentions(["B-PERS", "I-PERS", "O", "I-LOC"])
    [(0, 2, 'PERS'), (3, 4, 'LOC')]
    """
    found: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and found and found[-1][1] == i and found[-1][2] == label:
            found[-1] = (found[-1][0], i + 1, label)
        elif prefix in ("B", "I") and label:
            found.append((i, i + 1, label))
    return found


def gazetteer_names() -> dict[str, list[tuple[str, ...]]]:
    """Bundled gazetteer names by ANERcorp label (PERS, LOC, ORG), nisba adjectives left out."""
    from khabar.nlp.entities.resources import load_gazetteer

    names: dict[str, list[tuple[str, ...]]] = {label: [] for label in _SUBSTITUTED}
    for entry in load_gazetteer():
        label = _GAZETTEER_LABELS.get(entry.label)
        if label is not None and entry.kind != "nisba":
            names[label].append(tuple(entry.surface.split()))
    return names


def train(
    sentences: Iterable[ConllSentence],
    model_path: Path,
    lexicon: Lexicon | None = None,
    clusters: Mapping[str, tuple[str, ...]] | None = None,
    settings: TrainSettings = TrainSettings(),
) -> int:
    """Train a CRF on gold-tagged sentences, write it to ``model_path``; returns sentence count."""
    trainer = pycrfsuite.Trainer(algorithm=settings.algorithm, verbose=False)
    extract = FeatureExtractor(lexicon, clusters)
    tagged = [
        (s.tokens, [to_anercorp_tag(t) for t in s.gold]) for s in sentences if s.gold is not None
    ]
    if not tagged:
        raise ValueError("no tagged sentences to train on")
    for tokens, tags in tagged:
        trainer.append(extract(tokens), tags)
    if settings.substitute:
        for new_tokens, new_tags in substituted_copies(tagged, gazetteer_names(), settings.seed):
            trainer.append(extract(new_tokens), new_tags)
    count = len(tagged)
    trainer.set_params(settings.crfsuite_params())
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return count


def document_sentence_features(
    extract: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    stage1: Sequence[Sequence[str]],
) -> list[list[list[str]]]:
    """Second-stage CRF features of a document's sentences (for training and crfsuite):
    per sentence, per token, the first stage's features plus the document features
    (:func:`.features.document_features`) of the first stage's tags ``stage1``, computed
    as :class:`.viterbi.TwoStageCrf` computes them when tagging."""
    flat = [word for words in sentences for word in words]
    if not flat:
        return [[] for _ in sentences]
    ex = extract
    norms, columns = word_columns(flat, ex.lexicon, ex.clusters, ex.stats, {"b"})
    bare, title = document_keys(norms, columns)
    numbers: dict[str | None, int] = {}
    keys = np.array([numbers.setdefault(b, len(numbers)) for b in bare], dtype=np.intp)
    names = sorted({tag for row in stage1 for tag in row} | {"O"})
    index = {label: k for k, label in enumerate(names)}
    labels = np.array([index[tag] for row in stage1 for tag in row], dtype=np.intp)
    if len(labels) != len(flat):
        raise ValueError("one first-stage tag per token")
    sizes = [len(words) for words in sentences]
    starts = np.zeros(len(flat), dtype=np.bool_)
    starts[np.cumsum([0, *sizes[:-1]])[np.array(sizes) > 0]] = True
    titled = np.zeros(len(flat), dtype=np.bool_)
    titled[1:] = np.array(title[:-1], dtype=np.bool_) & ~starts[1:]
    parts = [(prefix, kind) for prefix, _, kind in (name.partition("-") for name in names)]
    extra = document_features(keys, labels, parts, starts, titled)
    out: list[list[list[str]]] = []
    position = 0
    for words in sentences:
        base = extract(words)
        out.append([feats + extra.get(position + k, []) for k, feats in enumerate(base)])
        position += len(words)
    return out


class CrfTagger:
    """A CRF model, opened lazily on first use; tags token sequences with ANERcorp BIO tags.

    ``stage2_path``: an optional second-stage model (document features, see
    :func:`document_sentence_features`), used by :meth:`two_stage` when the file exists.
    """

    def __init__(
        self,
        model_path: Path,
        lexicon: Lexicon | None = None,
        clusters: Mapping[str, tuple[str, ...]] | None = None,
        stage2_path: Path | None = None,
    ) -> None:
        self.model_path = model_path
        self.lexicon = lexicon
        self.clusters = clusters
        self.stage2_path = stage2_path
        self._extract = FeatureExtractor(lexicon, clusters)
        self._tagger: pycrfsuite.Tagger | None = None
        self._compiled: CompiledCrf | None = None
        self._two_stage: TwoStageCrf | None = None

    def _open(self) -> pycrfsuite.Tagger:
        if self._tagger is None:
            if not self.model_path.is_file():
                raise ResourceError(f"NER model missing: {self.model_path}")
            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(self.model_path))
            except Exception as error:  # crfsuite raises plain exceptions on bad files
                raise ResourceError(f"NER model unreadable: {self.model_path}: {error}") from error
            # only attributes with a weight matter: the extractor drops the rest per word type
            self._extract.restrict(frozenset(tagger.info().attributes))
            self._tagger = tagger
        return self._tagger

    def compiled(self) -> CompiledCrf:
        """The model as per-word score tables and a batched decoder (built on first use)."""
        if self._compiled is None:
            info = self._open().info()
            self._compiled = CompiledCrf(
                list(info.labels), info.transitions, info.state_features, self._extract.columns
            )
        return self._compiled

    def forget_words(self) -> None:
        """Empty the compiled model's per-word-type score rows (its followers' too), if it
        is built; they are recomputed identically on next use."""
        if self._compiled is not None:
            self._compiled.forget_words()

    def two_stage(self) -> TwoStageCrf | None:
        """This CRF followed by the second-stage model (built on first use), or ``None``
        when there is no second-stage model file."""
        if self._two_stage is None:
            path = self.stage2_path
            if path is None or not path.is_file():
                return None
            second = pycrfsuite.Tagger()
            try:
                second.open(str(path))
            except Exception as error:  # crfsuite raises plain exceptions on bad files
                raise ResourceError(f"NER model unreadable: {path}: {error}") from error
            info = second.info()
            model = DocumentCrf(list(info.labels), info.transitions, info.state_features)
            self._two_stage = TwoStageCrf(self.compiled(), model)
        return self._two_stage

    def tag_documents(self, documents: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
        """BIO tags of the sentences of several documents (one decode for all): the second
        stage's when there is one (document features are per document), else the CRF's."""
        sentences = [words for document in documents for words in document]
        stages = self.two_stage()
        if stages is None:
            return self.tag_many(sentences)
        lengths = [len(words) for words in sentences]
        flat = [word for words in sentences for word in words]
        labels = stages.tag_flat(
            normalise_words(flat), lengths, [len(document) for document in documents]
        )
        names = stages.labels
        out: list[list[str]] = []
        position = 0
        for size in lengths:
            out.append([names[k] for k in labels[position : position + size].tolist()])
            position += size
        return out

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (``B-PERS``, ``I-LOC`` … ``O``) for one sentence of tokens."""
        if not words:
            return []
        return self.compiled().tag_many([words])[0]

    def tag_crfsuite(self, words: Sequence[str]) -> list[str]:
        """The same tags computed by crfsuite itself (reference for the compiled decoder)."""
        if not words:
            return []
        tags: list[str] = self._open().tag(self._extract(words))
        return tags

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags for several sentences at once (one batched decode: an article's sentences)."""
        return self.compiled().tag_many(sentences)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file via a temporary name so a crash never leaves half a model."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def train_model(
    train_path: Path, out: Path | None = None, settings: TrainSettings = TrainSettings()
) -> tuple[Path, int, int]:
    """Train on a CoNLL file with the bundled lexicon and clusters; (path, sentences, bytes).

    The default output is the shipped model, written atomically.
    """
    from khabar.nlp.entities.conll import read_conll
    from khabar.nlp.entities.resources import MODEL_PATH, load_clusters, load_lexicon

    target = out or MODEL_PATH
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "model.crfsuite"
        count = train(read_conll(train_path), scratch, load_lexicon(), load_clusters(), settings)
        atomic_write_bytes(target, scratch.read_bytes())
    return target, count, target.stat().st_size
