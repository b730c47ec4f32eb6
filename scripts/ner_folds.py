"""Dev folds of the ANERcorp train split, and the context rules scored on them.

``split K``: writes ``fold{K}_dev.txt`` (the K-th tenth of the train split's sentences, in
order: whole documents stay together) and ``fold{K}_train.txt`` (the other nine tenths); train a
CRF on the latter with ``khabar train-ner --train … --out …``.

``score``: the full recogniser (``anercorp`` profile, the way ``khabar eval-ner`` scores)
with a given CRF on a dev fold, with and without the context rules of
:mod:`khabar.nlp.entities.patterns` (``--without`` switches single rules off: person,
place, currency, club, title, venue). Refuses test splits.

    .venv/bin/python scripts/ner_folds.py split 3 --work /tmp/folds
    .venv/bin/khabar train-ner --train /tmp/folds/fold3_train.txt --out /tmp/folds/crf3.crfsuite
    .venv/bin/python scripts/ner_folds.py score --dev /tmp/folds/fold3_dev.txt \\
        --crf /tmp/folds/crf3.crfsuite [--without club,title]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import khabar.nlp.entities as entities
import khabar.nlp.entities.patterns as patterns
from khabar.evaluate.ner import score
from khabar.nlp.entities.conll import read_conll, to_anercorp_tag
from khabar.nlp.entities.crf import CrfTagger
from khabar.nlp.entities.resources import load_clusters, load_lexicon
from khabar.nlp.entities.tagging import tag_sentences

TRAIN = Path(__file__).resolve().parents[1] / "../shared/data/anercorp/ANERCorp_CamelLab_train.txt"


def _none(*args: Any) -> list[Any]:
    return []


_SWITCHES: dict[str, tuple[str, Callable[..., Any]]] = {
    "person": ("person_fixes", lambda text, index, norm, found: found),
    "place": ("place_spans", _none),
    "currency": ("currency_spans", _none),
    "club": ("club_spans", _none),
    "title": ("title_spans", _none),
    "venue": ("venue_spans", _none),
}


def split(fold: int, work: Path, train: Path) -> None:
    sentences = read_conll(train)
    n = len(sentences)
    first, last = n * fold // 10, n * (fold + 1) // 10
    parts = {"dev": sentences[first:last], "train": sentences[:first] + sentences[last:]}
    work.mkdir(parents=True, exist_ok=True)
    for name, part in parts.items():
        text = "".join("\n".join(s.lines) + "\n\n" for s in part)
        (work / f"fold{fold}_{name}.txt").write_text(text, encoding="utf-8")
    print(f"fold {fold}: dev sentences {first}–{last} of {n} → {work}")


def _line(name: str, gold: list[list[str]], predicted: list[list[str]]) -> str:
    report = score(gold, predicted)
    labels = " ".join(f"{k} {v.f1:.3f}" for k, v in sorted(report.per_label.items()))
    m = report.micro
    return f"{name:<24} P {m.precision:.4f} R {m.recall:.4f} F1 {m.f1:.4f}  ({labels})"


def score_fold(dev_path: Path, crf_path: Path, without: list[str]) -> None:
    if "test" in dev_path.name.lower():
        raise SystemExit("refusing to score a test split here: use khabar eval-ner, once")
    dev = [s for s in read_conll(dev_path) if s.gold is not None and s.tokens]
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    crf = CrfTagger(crf_path, load_lexicon(), load_clusters())
    setattr(entities, "_sequence_tagger", lambda name=None: crf)  # noqa: B010
    rules = getattr(entities, "apply_context_rules")  # noqa: B009 (the hook recognise calls)
    setattr(entities, "apply_context_rules", lambda text, s, e, n, found, *a: found)  # noqa: B010
    print(_line("full crf, no rules", gold, tag_sentences(dev, "full")), flush=True)
    setattr(entities, "apply_context_rules", rules)  # noqa: B010
    for name in without:
        attribute, replacement = _SWITCHES[name]
        setattr(patterns, attribute, replacement)
    label = "full crf, rules" + (f" − {','.join(without)}" if without else "")
    print(_line(label, gold, tag_sentences(dev, "full")), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("split")
    make.add_argument("fold", type=int, choices=range(10))
    make.add_argument("--work", type=Path, default=Path("/tmp/khabar-ner-folds"))
    make.add_argument("--train", type=Path, default=TRAIN)
    run = commands.add_parser("score")
    run.add_argument("--dev", type=Path, required=True)
    run.add_argument("--crf", type=Path, required=True)
    run.add_argument("--without", default="", help=f"comma list of {', '.join(_SWITCHES)}")
    args = parser.parse_args()
    if args.command == "split":
        split(args.fold, args.work, args.train)
    else:
        without = [w for w in args.without.split(",") if w]
        unknown = set(without) - set(_SWITCHES)
        if unknown:
            parser.error(f"unknown rule(s): {', '.join(sorted(unknown))}")
        score_fold(args.dev, args.crf, without)


if __name__ == "__main__":
    main()
