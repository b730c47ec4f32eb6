"""Score candidate NER models on a dev part carved from the train split (model selection).

Runs the CRF alone, and — with ``--neural`` — the neural tagger and the CRF + neural
ensemble at several weights, each as a bare tagger and inside the full recogniser
(:func:`khabar.nlp.entities.recognise`, ``anercorp`` profile, the way ``khabar eval-ner``
scores it). The models are swapped in for this process only; the shipped files are not
touched. Refuses test splits: they are scored once, with ``khabar eval-ner``, at the end.

    .venv/bin/python scripts/ner_dev_eval.py --dev /tmp/d_ner/dev10.txt \
        --crf /tmp/d_ner/crf_train90.crfsuite --neural /tmp/d_ner/nn.npz --weights 0.75,1.5
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import khabar.nlp.entities as entities
from khabar.evaluate.ner import score
from khabar.nlp.entities.conll import read_conll, to_anercorp_tag
from khabar.nlp.entities.crf import CrfTagger
from khabar.nlp.entities.neural import EnsembleTagger, NeuralTagger, load_neural_lexicon
from khabar.nlp.entities.resources import load_clusters, load_lexicon
from khabar.nlp.entities.tagging import tag_sentences


def _line(name: str, gold: list[list[str]], predicted: list[list[str]]) -> str:
    report = score(gold, predicted)
    labels = " ".join(f"{k} {v.f1:.3f}" for k, v in sorted(report.per_label.items()))
    m = report.micro
    return f"{name:<28} P {m.precision:.4f} R {m.recall:.4f} F1 {m.f1:.4f}  ({labels})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--crf", type=Path, required=True)
    parser.add_argument("--neural", type=Path)
    parser.add_argument("--weights", default="0.75,1.0,1.5")
    parser.add_argument("--no-full", action="store_true", help="bare taggers only")
    args = parser.parse_args()
    if "test" in args.dev.name.lower():
        parser.error("refusing to tune on a test split")
    dev = [s for s in read_conll(args.dev) if s.gold is not None and s.tokens]
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    words = [list(s.tokens) for s in dev]
    crf = CrfTagger(args.crf, load_lexicon(), load_clusters())
    print(_line("crf", gold, crf.tag_many(words)), flush=True)
    if not args.no_full:
        entities._sequence_tagger = lambda name=None: crf  # type: ignore[assignment]
        print(_line("full crf", gold, tag_sentences(dev, "full")), flush=True)
    if args.neural is None:
        return
    neural = NeuralTagger(args.neural, load_neural_lexicon())
    print(_line("neural", gold, neural.tag_many(words)), flush=True)
    ensemble = EnsembleTagger(crf.compiled, neural)
    for weight in (float(w) for w in args.weights.split(",")):
        neural._load()
        neural.ensemble_weight = weight
        print(_line(f"ensemble {weight}", gold, ensemble.tag_many(words)), flush=True)
        if not args.no_full:
            entities._sequence_tagger = lambda name=None: ensemble  # type: ignore[assignment]
            print(_line(f"full ensemble {weight}", gold, tag_sentences(dev, "full")), flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
