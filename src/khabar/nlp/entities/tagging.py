"""Tag CoNLL token sequences, with the CRF alone or with the whole entity recogniser.

``crf`` runs the shipped CRF sentence by sentence, ``neural`` the neural tagger
(:mod:`.neural`), ``ensemble`` both with their scores summed in one Viterbi. ``full``
joins consecutive sentences into windows (a stand-in for documents, so names found once
are found again), runs :func:`khabar.nlp.entities.recognise` on the joined text (several
windows per tagger call: :func:`~khabar.nlp.entities.recognise_many`) and maps
entity spans back to tokens, with the recogniser's ``anercorp`` profile. Labels follow
ANERcorp: PER→PERS, GPE→LOC; nisba adjectives (الفرنسية) are left out because ANERcorp
does not annotate them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from khabar.model import Entity
from khabar.nlp.entities import _tagger, recognise_many
from khabar.nlp.entities.conll import ConllSentence
from khabar.nlp.entities.neural import EnsembleTagger, shipped_neural

Mode = Literal["crf", "neural", "ensemble", "full"]
_TO_ANERCORP: Final = {"PER": "PERS", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
WINDOW: Final = 25
BATCH: Final = 16  # windows per tagger call (:func:`recognise_many`)


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
    windows = [
        _window_text(sentences[begin : begin + WINDOW])
        for begin in range(0, len(sentences), WINDOW)
    ]
    out: list[list[str]] = []
    for first in range(0, len(windows), BATCH):  # one tagger call for several windows
        chunk = windows[first : first + BATCH]
        found = recognise_many([text for text, _ in chunk], profile="anercorp")
        for (_, offsets), entities in zip(chunk, found, strict=True):
            out.extend(_window_tags(entities, offsets))
    return out


def _window_text(sentences: Sequence[ConllSentence]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The sentences joined into one text (a line each), and each token's span in it."""
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
    return "".join(pieces), offsets


def _window_tags(found: Sequence[Entity], offsets: list[list[tuple[int, int]]]) -> list[list[str]]:
    """BIO tags (ANERcorp labels) of a window's tokens from the recogniser's entities."""
    entities = [e for e in found if e.source != "gazetteer-nisba" and e.label in _TO_ANERCORP]
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
