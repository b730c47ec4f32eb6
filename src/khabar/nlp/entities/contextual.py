"""Contextual string embeddings of words (Flair, Akbik et al. 2018), run with numpy.

Two character language models (one-layer LSTMs, trained on SaudiNewsNet by
``scripts/train_char_lm.py``) read a sentence: the forward one left to right, the backward
one right to left. A word's contextual vector is the forward state after the space that
ends it joined to the backward state after the space before it (read right to left): what
the text around a word says about it, for names never seen in the tagger's training data.

The sentence text is what the models were trained on: the normalised tokens
(:func:`khabar.arabic.normalise.normalise`) joined by single spaces, after a line break.
Every sentence of a call runs in one batch (padded to the longest): one LSTM step is a
single (sentences × hidden) · (hidden × 4·hidden) product, and each step's input product is
a row of a per-character table (embedding · input weights, computed once at load).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from khabar.arabic.normalise import normalise
from khabar.errors import ResourceError

Array = npt.NDArray[np.float32]

START = "\n"  # what a sentence is read after (a line break in the training text)
UNKNOWN = 1  # character id of characters the models never learned; 0 is padding


@dataclass(frozen=True, slots=True)
class LstmWeights:
    """One direction's LSTM, as arrays ready for the batched step (float32)."""

    char_gates: Array  # characters × 4·hidden: embedding · W_ih + both biases
    recurrent: Array  # hidden × 4·hidden (W_hh transposed)

    @property
    def hidden(self) -> int:
        """Size of the LSTM state."""
        return int(self.recurrent.shape[0])


def lstm_weights(emb: Array, w_ih: Array, w_hh: Array, b_ih: Array, b_hh: Array) -> LstmWeights:
    """Torch LSTM parameters (gates in torch's order i, f, g, o) as an :class:`LstmWeights`."""
    f32 = np.float32
    gates = emb.astype(f32) @ w_ih.astype(f32).T + (b_ih.astype(f32) + b_hh.astype(f32))
    return LstmWeights(gates.astype(f32), np.ascontiguousarray(w_hh.astype(f32).T))


def _sigmoid(x: Array) -> Array:
    return np.asarray(0.5 * (np.tanh(0.5 * x) + 1.0), dtype=np.float32)


def run_lstm(weights: LstmWeights, ids: npt.NDArray[np.int64]) -> Array:
    """States after every character of a batch of id rows: batch × steps × hidden.

    Padding (id 0) after a row's end changes nothing the caller reads (states are only
    read at positions inside a row).
    """
    batch, steps = ids.shape
    hidden = weights.hidden
    h = np.zeros((batch, hidden), dtype=np.float32)
    c = np.zeros((batch, hidden), dtype=np.float32)
    out = np.empty((batch, steps, hidden), dtype=np.float32)
    table = weights.char_gates
    recurrent = weights.recurrent
    for t in range(steps):
        gates = table[ids[:, t]]
        gates += h @ recurrent
        i = _sigmoid(gates[:, :hidden])
        f = _sigmoid(gates[:, hidden : 2 * hidden])
        g = np.tanh(gates[:, 2 * hidden : 3 * hidden])
        o = _sigmoid(gates[:, 3 * hidden :])
        c = f * c + i * g
        h = o * np.tanh(c)
        out[:, t] = h
    return out


class CharLanguageModels:
    """The forward and backward character LMs and the character ids they share."""

    def __init__(self, chars: Sequence[str], forward: LstmWeights, backward: LstmWeights) -> None:
        if forward.hidden != backward.hidden:
            raise ResourceError("character LMs of different sizes")
        self.ids: Mapping[str, int] = {c: k + 2 for k, c in enumerate(chars)}
        self.forward = forward
        self.backward = backward

    @property
    def dims(self) -> int:
        """Size of a word's contextual vector (both directions)."""
        return 2 * self.forward.hidden

    def _encode(self, text: str) -> list[int]:
        get = self.ids.get
        return [get(ch, UNKNOWN) for ch in text]

    def embed(self, sentences: Sequence[Sequence[str]]) -> list[Array]:
        """Contextual vectors (words × :attr:`dims`) of every word of every sentence."""
        if not sentences:
            return []
        forward_rows: list[list[int]] = []
        backward_rows: list[list[int]] = []
        forward_at: list[list[int]] = []
        backward_at: list[list[int]] = []
        for words in sentences:
            normalised = [normalise(w) for w in words]
            text = START + " ".join(normalised) + " "
            ends: list[int] = []  # index of the space after each word
            position = len(START)
            for w in normalised:
                position += len(w)
                ends.append(position)
                position += 1
            forward_rows.append(self._encode(text))
            forward_at.append(ends)
            # right to left: the line break, then the words reversed; a word's state is read
            # at the space before it in the text (the last character of the reversed row
            # for the first word)
            reversed_text = START + " ".join(normalised)[::-1] + " "
            total = len(text) - len(START) - 1  # length of the joined words
            starts = [
                len(START) + total - (end - len(w) - len(START))
                for w, end in zip(normalised, ends, strict=True)
            ]
            backward_rows.append(self._encode(reversed_text))
            backward_at.append(starts)
        fwd = run_lstm(self.forward, _pad(forward_rows))
        bwd = run_lstm(self.backward, _pad(backward_rows))
        out: list[Array] = []
        for k in range(len(sentences)):
            out.append(np.concatenate([fwd[k, forward_at[k]], bwd[k, backward_at[k]]], axis=1))
        return out


def _pad(rows: Sequence[Sequence[int]]) -> npt.NDArray[np.int64]:
    longest = max(len(r) for r in rows)
    ids = np.zeros((len(rows), longest), dtype=np.int64)
    for k, row in enumerate(rows):
        ids[k, : len(row)] = row
    return ids


LM_PREFIXES = ("lm_forward_", "lm_backward_")
LM_PARTS = ("emb", "w_ih", "w_hh", "b_ih", "b_hh")


def char_array(chars: Sequence[str]) -> npt.NDArray[np.int32]:
    """The LMs' characters as code points (``lm_chars``; newline and space are among them)."""
    return np.array([ord(c) for c in chars], dtype=np.int32)


def language_models(arrays: Mapping[str, npt.NDArray[np.generic]]) -> CharLanguageModels:
    """The two LMs from a model file's arrays (``lm_chars``, ``lm_forward_emb`` …
    ``lm_backward_b_hh``)."""
    if "lm_chars" not in arrays:
        raise ResourceError("contextual model lacks lm_chars")
    chars = [chr(int(c)) for c in arrays["lm_chars"]]
    directions = []
    for prefix in LM_PREFIXES:
        missing = [p for p in LM_PARTS if prefix + p not in arrays]
        if missing:
            raise ResourceError(f"contextual model lacks {prefix}{missing[0]}")
        parts = [np.asarray(arrays[prefix + p], dtype=np.float32) for p in LM_PARTS]
        directions.append(lstm_weights(*parts))
    return CharLanguageModels(chars, directions[0], directions[1])
