"""Contextual string embeddings (:mod:`khabar.nlp.entities.contextual`) and the neural tagger
reading them: the batched numpy LSTM equals a plain step-by-step one (and torch's), each word
gets the states at the right characters, and a contextual model file's scores equal a
direct convolution over [word-type inputs, contextual vectors]."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from khabar.arabic.normalise import normalise
from khabar.errors import ResourceError
from khabar.nlp.entities.contextual import (
    CharLanguageModels,
    LstmWeights,
    char_array,
    language_models,
    lstm_weights,
    run_lstm,
)
from khabar.nlp.entities.contextual_tagger import ContextualTagger, ProductTagger
from khabar.nlp.entities.neural import NeuralTagger, text_array
from khabar.nlp.entities.resources import RESOURCES, load_lexicon

BASE_MODEL = RESOURCES / "ner_neural.npz"
needs_base = pytest.mark.skipif(not BASE_MODEL.is_file(), reason="ner_neural.npz not built")

SENTENCES = [
    "وقال وزير الخارجية الروسي سيرجي لافروف في موسكو إن الحوار مستمر .".split(),
    "أعلنت وزارة الصحة السعودية عن حالات جديدة في الرياض وجدة .".split(),
    ["و"],
    "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود".split(),
]
CHARS = sorted(set(" \n.0123456789" + "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"))
HIDDEN = 6
EMB = 4


def _random_lm(seed: int) -> dict[str, npt.NDArray[np.float32]]:
    rng = np.random.default_rng(seed)
    n = len(CHARS) + 2
    return {
        "emb": rng.normal(0, 1, (n, EMB)).astype(np.float32),
        "w_ih": rng.normal(0, 0.5, (4 * HIDDEN, EMB)).astype(np.float32),
        "w_hh": rng.normal(0, 0.5, (4 * HIDDEN, HIDDEN)).astype(np.float32),
        "b_ih": rng.normal(0, 0.1, 4 * HIDDEN).astype(np.float32),
        "b_hh": rng.normal(0, 0.1, 4 * HIDDEN).astype(np.float32),
    }


def _weights(seed: int) -> LstmWeights:
    p = _random_lm(seed)
    return lstm_weights(p["emb"], p["w_ih"], p["w_hh"], p["b_ih"], p["b_hh"])


def _plain_lstm(seed: int, ids: list[int]) -> npt.NDArray[np.float64]:
    """One sequence, textbook LSTM equations in float64 (gates i, f, g, o)."""
    p = {k: v.astype(np.float64) for k, v in _random_lm(seed).items()}
    h = np.zeros(HIDDEN)
    c = np.zeros(HIDDEN)
    out = []
    for k in ids:
        z = p["w_ih"] @ p["emb"][k] + p["b_ih"] + p["w_hh"] @ h + p["b_hh"]
        i, f, _, o = (1 / (1 + np.exp(-z[j * HIDDEN : (j + 1) * HIDDEN])) for j in range(4))
        c = f * c + i * np.tanh(z[2 * HIDDEN : 3 * HIDDEN])
        h = o * np.tanh(c)
        out.append(h)
    return np.array(out)


def _lms() -> CharLanguageModels:
    return CharLanguageModels(CHARS, _weights(1), _weights(2))


def _ids(text: str) -> list[int]:
    index = {c: k + 2 for k, c in enumerate(CHARS)}
    return [index.get(c, 1) for c in text]


@pytest.mark.parametrize(
    "texts",
    [
        ["\nقال الوزير ", "\nو "],
        ["\nفي الرياض وجدة . ", "\nx", "\nسلمان بن عبدالعزيز "],
    ],
)
def test_batched_lstm_equals_plain_steps(texts: list[str]) -> None:
    rows = [_ids(t) for t in texts]
    ids = np.zeros((len(rows), max(map(len, rows))), dtype=np.int64)
    for k, row in enumerate(rows):
        ids[k, : len(row)] = row
    out = run_lstm(_weights(1), ids)
    for k, row in enumerate(rows):
        np.testing.assert_allclose(out[k, : len(row)], _plain_lstm(1, row), atol=1e-5)


def test_numpy_lstm_equals_torch() -> None:
    torch = pytest.importorskip("torch", reason="torch (the 'train' extra) is not installed")
    torch.manual_seed(0)
    emb = torch.nn.Embedding(len(CHARS) + 2, EMB)
    lstm = torch.nn.LSTM(EMB, HIDDEN, batch_first=True)
    ids = torch.tensor([_ids("\nقال الوزير في موسكو ")])
    with torch.no_grad():
        expected, _ = lstm(emb(ids))
    weights = lstm_weights(
        *(
            t.detach().numpy()
            for t in (
                emb.weight,
                lstm.weight_ih_l0,
                lstm.weight_hh_l0,
                lstm.bias_ih_l0,
                lstm.bias_hh_l0,
            )
        )
    )
    np.testing.assert_allclose(run_lstm(weights, ids.numpy()), expected.numpy(), atol=1e-5)


@pytest.mark.parametrize("words", SENTENCES)
def test_word_vectors_are_read_at_the_spaces_around_the_word(words: list[str]) -> None:
    lms = _lms()
    vectors = lms.embed([words])[0]
    assert vectors.shape == (len(words), 2 * HIDDEN)
    joined = " ".join(normalise(w) for w in words)
    forward = _plain_lstm(1, _ids("\n" + joined + " "))
    backward = _plain_lstm(2, _ids("\n" + joined[::-1] + " "))
    position = 0
    for k, word in enumerate(words):
        start, end = position, position + len(normalise(word))
        position = end + 1
        # forward: after the space following the word; backward: after the space before it
        np.testing.assert_allclose(vectors[k, :HIDDEN], forward[1 + end], atol=1e-5)
        np.testing.assert_allclose(
            vectors[k, HIDDEN:], backward[1 + len(joined) - start], atol=1e-5
        )


def test_each_half_sees_only_its_side() -> None:
    lms = _lms()
    a, b = lms.embed(
        [
            "قال الوزير سيرجي لافروف".split(),
            "قال الوزير سيرجي شويغو".split(),
        ]
    )
    # the first three words have the same left context: forward halves equal
    np.testing.assert_allclose(a[:3, :HIDDEN], b[:3, :HIDDEN], atol=1e-6)
    # but a different word after them: backward halves differ
    assert not np.allclose(a[:3, HIDDEN:], b[:3, HIDDEN:])


def test_a_sentence_alone_equals_it_in_a_batch() -> None:
    lms = _lms()
    together = lms.embed(SENTENCES)
    for words, vectors in zip(SENTENCES, together, strict=True):
        np.testing.assert_allclose(lms.embed([words])[0], vectors, atol=1e-6)
    assert lms.embed([]) == []


def test_missing_lm_arrays_are_a_resource_error() -> None:
    with pytest.raises(ResourceError, match="lm_backward_"):
        arrays = {f"lm_forward_{k}": v for k, v in _random_lm(1).items()}
        language_models({**arrays, "lm_chars": char_array(CHARS)})


def _contextual_model(path: Path, seed: int) -> dict[str, npt.NDArray[np.generic]]:
    """The shipped model's arrays plus random character LMs and a widened first convolution."""
    with np.load(BASE_MODEL, allow_pickle=False) as data:
        arrays: dict[str, npt.NDArray[np.generic]] = {k: data[k] for k in data.files}
    rng = np.random.default_rng(seed)
    for direction, lm_seed in (("forward", 1), ("backward", 2)):
        for part, value in _random_lm(lm_seed).items():
            arrays[f"lm_{direction}_{part}"] = value.astype(np.float16)
    arrays["lm_chars"] = char_array(CHARS)
    conv0 = np.asarray(arrays["conv0_w"])
    extra = rng.normal(0, 0.3, (conv0.shape[0], 2 * HIDDEN, 3)).astype(np.float16)
    arrays["conv0_w"] = np.concatenate([conv0, extra], axis=1)
    arrays["ctx_dims"] = np.array(2 * HIDDEN, dtype=np.int64)
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return arrays


def _reference_scores(
    tagger: NeuralTagger, arrays: dict[str, npt.NDArray[np.generic]], words: list[str]
) -> npt.NDArray[np.float64]:
    """Dense forward pass: inputs and contextual vectors side by side, plain convolutions."""
    f32 = np.float32
    lms = language_models(arrays)
    x = np.concatenate([tagger.inputs(words), lms.embed([words])[0]], axis=1)
    dilations = [int(d) for d in np.asarray(arrays["dilations"])]
    h = x
    for layer, d in enumerate(dilations):
        w = np.asarray(arrays[f"conv{layer}_w"], dtype=f32)
        b = np.asarray(arrays[f"conv{layer}_b"], dtype=f32)
        out = np.zeros((len(words), w.shape[0]), dtype=f32)
        for t in range(len(words)):
            for k, offset in enumerate((-d, 0, d)):
                if 0 <= t + offset < len(words):
                    out[t] += w[:, :, k] @ h[t + offset]
        out = np.maximum(out + b, 0.0)
        h = out if layer == 0 else h + out
    out_w = np.asarray(arrays["out_w"], dtype=np.float64)
    emit = h.astype(np.float64) @ out_w.T + np.asarray(arrays["out_b"], dtype=np.float64)
    emit[0] += np.asarray(arrays["start"], dtype=np.float64)
    emit[-1] += np.asarray(arrays["end"], dtype=np.float64)
    return emit


@needs_base
def test_contextual_model_scores_equal_a_dense_forward_pass(tmp_path: Path) -> None:
    path = tmp_path / "ctx.npz"
    arrays = _contextual_model(path, seed=3)
    tagger = NeuralTagger(path, load_lexicon())
    together = tagger.scores(SENTENCES)
    plain = NeuralTagger(BASE_MODEL, load_lexicon())
    for words, emit in zip(SENTENCES, together, strict=True):
        np.testing.assert_allclose(emit, _reference_scores(tagger, arrays, words), atol=2e-3)
        if len(words) > 2:  # the contextual part changes the scores
            assert not np.allclose(emit, plain.scores([words])[0], atol=1e-2)
    tags = tagger.tag_many(SENTENCES)
    assert [len(t) for t in tags] == [len(s) for s in SENTENCES]


def _contextual_tagger_file(path: Path, seed: int) -> dict[str, npt.NDArray[np.generic]]:
    """A tiny random contextual tagger (random LMs, 3 word vectors, 2 classes)."""
    rng = np.random.default_rng(seed)
    vocab = ["وزير", "الخارجية", "موسكو"]
    classes = ["title", "unknown"]
    hidden, dims = 5, 2 * HIDDEN + 4 + 16
    labels = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "labels": text_array(labels),
        "vocab": text_array(vocab),
        "classes": text_array(classes),
        "emb_q": rng.integers(-127, 127, (len(vocab) + 1, 4)).astype(np.int8),
        "emb_scale": np.full(len(vocab) + 1, 0.01, dtype=np.float32),
        "class_w": rng.normal(0, 1, (16, len(classes))).astype(np.float16),
        "conv_w": rng.normal(0, 0.5, (hidden, dims, 3)).astype(np.float16),
        "conv_b": rng.normal(0, 0.1, hidden).astype(np.float16),
        "out_w": rng.normal(0, 1, (9, hidden)).astype(np.float16),
        "out_b": rng.normal(0, 0.1, 9).astype(np.float16),
        "transitions": rng.normal(0, 1, (9, 9)).astype(np.float16),
        "start": rng.normal(0, 1, 9).astype(np.float16),
        "end": rng.normal(0, 1, 9).astype(np.float16),
        "lm_chars": char_array(CHARS),
    }
    for direction, lm_seed in (("forward", 1), ("backward", 2)):
        for part, value in _random_lm(lm_seed).items():
            arrays[f"lm_{direction}_{part}"] = value.astype(np.float16)
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return arrays


def test_contextual_tagger_scores_equal_a_dense_forward_pass(tmp_path: Path) -> None:
    path = tmp_path / "ctx_tagger.npz"
    arrays = _contextual_tagger_file(path, seed=5)
    tagger = ContextualTagger(path, {"وزير": ("title",)})
    f32 = np.float32
    conv = np.asarray(arrays["conv_w"], dtype=f32)
    emits = tagger.scores(SENTENCES)
    for words, emit, x in zip(SENTENCES, emits, tagger.inputs(SENTENCES), strict=True):
        assert x.shape == (len(words), conv.shape[1])
        h = np.zeros((len(words), conv.shape[0]), dtype=f32)
        for t in range(len(words)):
            for k, offset in enumerate((-1, 0, 1)):
                if 0 <= t + offset < len(words):
                    h[t] += conv[:, :, k] @ x[t + offset]
        h = np.maximum(h + np.asarray(arrays["conv_b"], dtype=f32), 0.0)
        out_w = np.asarray(arrays["out_w"], dtype=np.float64)
        expected = h.astype(np.float64) @ out_w.T + np.asarray(arrays["out_b"], dtype=np.float64)
        expected[0] += np.asarray(arrays["start"], dtype=np.float64)
        expected[-1] += np.asarray(arrays["end"], dtype=np.float64)
        np.testing.assert_allclose(emit, expected, atol=1e-3)
    # the word vector part: a known word's row, and the title class of «وزير»
    first = tagger.inputs([["وزير"]])[0][0, 2 * HIDDEN :]
    np.testing.assert_allclose(first[:4], np.asarray(arrays["emb_q"])[1] * 0.01, atol=1e-6)
    assert [len(t) for t in tagger.tag_many(SENTENCES)] == [len(s) for s in SENTENCES]


def test_missing_contextual_model_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="contextual NER model missing"):
        ContextualTagger(tmp_path / "none.npz", {}).tag_many([["سوريا"]])


@needs_base
def test_product_of_crf_and_neural_equals_the_shipped_ensemble() -> None:
    from khabar.nlp.entities import _tagger
    from khabar.nlp.entities.neural import EnsembleTagger, shipped_neural

    crf = _tagger().compiled()
    neural = shipped_neural()
    ensemble = EnsembleTagger(lambda: crf, neural)
    weight = ensemble.weight()
    product = ProductTagger([(lambda: crf, 1.0), (lambda: neural, weight)])
    assert product.tag_many(SENTENCES) == ensemble.tag_many(SENTENCES)
    alone = ProductTagger([(lambda: crf, 1.0)])
    assert alone.tag_many(SENTENCES) == _tagger().tag_many(SENTENCES)
    with pytest.raises(ValueError, match="at least one"):
        ProductTagger([])
