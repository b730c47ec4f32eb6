"""Tag CoNLL token sequences, with the CRF alone or with the whole entity recogniser.

``crf`` runs the shipped CRF sentence by sentence, ``neural`` the neural tagger
(:mod:`.neural`), ``ensemble`` both with their scores summed in one Viterbi. ``full``
joins consecutive sentences into windows (a stand-in for documents, so names found once
are found again), runs :func:`khabar.nlp.entities.recognise` on the joined text and maps
entity spans back to tokens, with the recogniser's ``anercorp`` profile. Labels follow
ANERcorp: PER→PERS, GPE→LOC; nisba adjectives (الفرنسية) are left out because ANERcorp
does not annotate them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from khabar.nlp.entities import _tagger, recognise
from khabar.nlp.entities.conll import ConllSentence
from khabar.nlp.entities.neural import EnsembleTagger, shipped_neural

Mode = Literal["crf", "neural", "ensemble", "full"]
_TO_ANERCORP: Final = {"PER": "PERS", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
WINDOW: Final = 25


def tag_sentences(sentences: Sequence[ConllSentence], mode: Mode = "full") -> list[list[str]]:
    """Predicted BIO tags (ANERcorp labels) for every token of every sentence."""
    if mode == "crf":
        tagger = _tagger()
        return tagger.tag_many([s.tokens for s in sentences])
    if mode == "neural":
        return shipped_neural().tag_many([s.tokens for s in sentences])
    if mode == "ensemble":
        ensemble = EnsembleTagger(lambda: _tagger().compiled(), shipped_neural())
        return ensemble.tag_many([s.tokens for s in sentences])
    out: list[list[str]] = []
    for begin in range(0, len(sentences), WINDOW):
        out.extend(_tag_window(sentences[begin : begin + WINDOW]))
    return out


def _tag_window(sentences: Sequence[ConllSentence]) -> list[list[str]]:
    pieces: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    position = 0
    for sentence in sentences:
        spans = []
        for token in sentence.tokens:
            spans.append((position, position + len(token)))
            pieces.append(token)
            pieces.append(" ")
            position += len(token) + 1
        pieces[-1:] = ["\n"] if sentence.tokens else []
        offsets.append(spans)
    text = "".join(pieces)
    entities = [
        e
        for e in recognise(text, profile="anercorp")
        if e.source != "gazetteer-nisba" and e.label in _TO_ANERCORP
    ]
    out: list[list[str]] = []
    for spans in offsets:
        tags = ["O"] * len(spans)
        for entity in entities:
            label = _TO_ANERCORP[entity.label]
            inside = [k for k, (a, b) in enumerate(spans) if a < entity.end and entity.start < b]
            for n, k in enumerate(inside):
                tags[k] = ("B-" if n == 0 else "I-") + label
        out.append(tags)
    return out
