"""A second-stage CRF with document (non-local) features (Krishnan & Manning 2006).

Stage 1 is the ordinary CRF. Stage 2 sees the same features plus, per token, what stage 1
said about the *other* occurrences of the same word and of the same name in the document
(:func:`khabar.nlp.entities.features.document_features`). Stage 2 must learn from realistic
stage-1 errors, so its training labels come from jackknifing: the train split's fold K
(sentences K·10%–(K+1)·10%, as ``scripts/ner_folds.py``) is tagged by a CRF trained on the
other nine tenths. Documents are runs of 25 sentences (ANERcorp has no document breaks; the
same stand-in ``khabar eval-ner`` uses, :data:`khabar.nlp.entities.tagging.WINDOW`).

    # the ten jackknife CRFs (one per fold; 1.5–2.5 min each, two at a time at most)
    .venv/bin/python scripts/ner_folds.py split K --work /tmp/folds
    nice -n 10 .venv/bin/khabar train-ner --train /tmp/folds/foldK_train.txt \\
        --out /tmp/folds/crf_foldK.crfsuite
    # stage-1 labels of every train sentence, each by the CRF that did not see it
    .venv/bin/python scripts/train_ner_stage2.py labels \\
        --models '/tmp/folds/crf_fold{k}.crfsuite' --out /tmp/folds/stage1.tags
    # a stage-2 CRF without fold K (dev), or on all of train (--exclude -1: the shipped one)
    .venv/bin/python scripts/train_ner_stage2.py train --labels /tmp/folds/stage1.tags \\
        --exclude K --out /tmp/folds/stage2_foldK.crfsuite
    # dev fold K: stage 2 off/on in one process, CRF alone and the full recogniser
    KHABAR_COMPILED=0 .venv/bin/python scripts/train_ner_stage2.py score --fold K \\
        --crf /tmp/folds/crf_foldK.crfsuite --stage2 /tmp/folds/stage2_foldK.crfsuite

Test splits are refused everywhere here (they are scored once, with ``khabar eval-ner``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from khabar.nlp.entities.conll import ConllSentence, read_conll, to_anercorp_tag
from khabar.nlp.entities.crf import CrfTagger, TrainSettings, document_sentence_features
from khabar.nlp.entities.features import FeatureExtractor
from khabar.nlp.entities.resources import load_clusters, load_lexicon

TRAIN = Path(__file__).resolve().parents[1] / "../shared/data/anercorp/ANERCorp_CamelLab_train.txt"
WINDOW = 25
FOLDS = 10


def _refuse_test(path: Path) -> None:
    if "test" in path.name.lower():
        raise SystemExit(f"refusing a test split here: {path}")


def fold_bounds(count: int, fold: int) -> tuple[int, int]:
    """Sentence range of fold ``fold`` (as ``scripts/ner_folds.py split``)."""
    return count * fold // FOLDS, count * (fold + 1) // FOLDS


def windows(size: int) -> list[tuple[int, int]]:
    """Document stand-ins: runs of :data:`WINDOW` sentences."""
    return [(begin, min(begin + WINDOW, size)) for begin in range(0, size, WINDOW)]


def stage2_features(
    extract: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    stage1: Sequence[Sequence[str]],
    drop: tuple[str, ...] = (),
    own: bool = False,
) -> list[list[list[str]]]:
    """:func:`~khabar.nlp.entities.crf.document_sentence_features` of one document, with the
    experiment switches: ``drop`` leaves out document features with these heads; ``own``
    adds the token's own stage-1 tag (``s1=``: a stacked model rather than Krishnan &
    Manning's, which sees only the other occurrences; not supported by the runtime)."""
    feats = document_sentence_features(extract, sentences, stage1)
    if not drop and not own:
        return feats
    out: list[list[list[str]]] = []
    for sentence_feats, tags in zip(feats, stage1, strict=True):
        rows = []
        for token_feats, tag in zip(sentence_feats, tags, strict=True):
            row = [f for f in token_feats if not (drop and f.startswith(drop))]
            if own:
                row.append("s1=" + tag)
            rows.append(row)
        out.append(rows)
    return out


def _switches(args: argparse.Namespace) -> tuple[tuple[str, ...], bool]:
    return tuple(d for d in args.drop.split(",") if d), bool(args.own)


def _labels(args: argparse.Namespace) -> None:
    sentences = read_conll(args.train)
    template: str = args.models
    lines: list[str] = []
    for fold in range(FOLDS):
        first, last = fold_bounds(len(sentences), fold)
        tagger = CrfTagger(Path(template.format(k=fold)), load_lexicon(), load_clusters())
        part = sentences[first:last]
        tagged = tagger.tag_many([s.tokens for s in part])
        lines += [" ".join(tags) for tags in tagged]
        print(f"fold {fold}: {last - first} sentences tagged", file=sys.stderr, flush=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read_labels(path: Path, sentences: Sequence[ConllSentence]) -> list[list[str]]:
    rows = [line.split() for line in path.read_text(encoding="utf-8").split("\n")[:-1]]
    if len(rows) != len(sentences):
        raise SystemExit(f"{path}: {len(rows)} rows for {len(sentences)} sentences")
    for row, sentence in zip(rows, sentences, strict=True):
        if len(row) != len(sentence.tokens):
            raise SystemExit(f"{path}: a row does not match its sentence")
    return rows


def _train(args: argparse.Namespace) -> None:
    _refuse_test(args.train)
    sentences = read_conll(args.train)
    stage1 = _read_labels(args.labels, sentences)
    keep = list(range(len(sentences)))
    if args.exclude >= 0:
        first, last = fold_bounds(len(sentences), args.exclude)
        keep = keep[:first] + keep[last:]
    keep = [i for i in keep if sentences[i].gold is not None]
    extract = FeatureExtractor(load_lexicon(), load_clusters())
    settings = TrainSettings()
    trainer = pycrfsuite.Trainer(algorithm=settings.algorithm, verbose=False)
    for begin, end in windows(len(keep)):
        part = keep[begin:end]
        words = [sentences[i].tokens for i in part]
        feats = stage2_features(extract, words, [stage1[i] for i in part], *_switches(args))
        for i, sentence_feats in zip(part, feats, strict=True):
            gold = [to_anercorp_tag(t) for t in sentences[i].gold or ()]
            trainer.append(sentence_feats, gold)
    trainer.set_params(settings.crfsuite_params())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    print(f"stage 2 trained on {len(keep)} sentences → {args.out}", flush=True)


class CrfsuiteStage2:
    """Stage 2 decoded by crfsuite itself, for dev scoring (slow, simple, exact)."""

    def __init__(self, path: Path, drop: tuple[str, ...] = (), own: bool = False) -> None:
        self.drop = drop
        self.own = own
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.extract = FeatureExtractor(load_lexicon(), load_clusters())

    def tag_document(
        self, sentences: Sequence[Sequence[str]], stage1: Sequence[Sequence[str]]
    ) -> list[list[str]]:
        feats = stage2_features(self.extract, sentences, stage1, self.drop, self.own)
        return [list(self.tagger.tag(f)) if f else [] for f in feats]


def _line(name: str, gold: list[list[str]], predicted: list[list[str]]) -> str:
    from khabar.evaluate.ner import score

    report = score(gold, predicted)
    labels = " ".join(f"{k} {v.f1:.3f}" for k, v in sorted(report.per_label.items()))
    m = report.micro
    return f"{name:<22} P {m.precision:.4f} R {m.recall:.4f} F1 {m.f1:.4f}  ({labels})"


def _stage2_pages(crf: CrfTagger, stage2: CrfsuiteStage2) -> Callable[..., object]:
    """A stand-in for the recogniser's ``_tag_pages``: stage 1, then stage 2 per page."""

    from khabar.nlp.entities import _label_spans

    def tag_pages(pages: Sequence[object]) -> list[list[tuple[int, int, str]]]:
        compiled = crf.compiled()
        out: list[list[tuple[int, int, str]]] = []
        for page in pages:
            words: list[str] = page.words  # type: ignore[attr-defined]
            ranges: list[tuple[int, int]] = page.ranges  # type: ignore[attr-defined]
            sentences = [words[a:b] for a, b in ranges]
            first_tags = compiled.tag_many(sentences)
            second = stage2.tag_document(sentences, first_tags)
            index = {label: k for k, label in enumerate(compiled.labels)}
            flat = np.array([index[t] for row in second for t in row], dtype=np.intp)
            out.append(_label_spans(flat, compiled.labels, ranges))
        return out

    return tag_pages


def _runtime_pages(crf: CrfTagger) -> Callable[..., object]:
    """A stand-in for the recogniser's ``_tag_pages`` running the two stages as khabar
    would (:class:`khabar.nlp.entities.viterbi.TwoStageCrf`, one decode per stage for all
    pages, a page a document)."""
    from khabar.nlp.entities import flat_sentences, spans_per_page

    def tag_pages(pages: Sequence[Any]) -> list[list[tuple[int, int, str]]]:
        stages = crf.two_stage()
        assert stages is not None
        flat, lengths = flat_sentences(pages)
        labels = stages.tag_flat(flat, lengths, [len(page.ranges) for page in pages])
        return spans_per_page(pages, labels, stages.labels)

    return tag_pages


def _score(args: argparse.Namespace) -> None:
    import khabar.nlp.entities as entities
    from khabar.nlp.entities.tagging import tag_sentences

    sentences = read_conll(args.train)
    first, last = fold_bounds(len(sentences), args.fold)
    dev = [s for s in sentences[first:last] if s.gold is not None and s.tokens]
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    crf = CrfTagger(args.crf, load_lexicon(), load_clusters())
    stage2 = CrfsuiteStage2(args.stage2, *_switches(args))
    first_tags = crf.tag_many([s.tokens for s in dev])
    print(f"fold {args.fold}: {len(dev)} dev sentences", flush=True)
    print(_line("crf", gold, first_tags), flush=True)
    second: list[list[str]] = []
    for begin, end in windows(len(dev)):
        second += stage2.tag_document([s.tokens for s in dev[begin:end]], first_tags[begin:end])
    print(_line("crf + stage 2", gold, second), flush=True)
    runtime = args.runtime and not any(_switches(args))
    if runtime:  # the same through khabar's own two-stage decoder
        two = CrfTagger(args.crf, load_lexicon(), load_clusters(), stage2_path=args.stage2)
        documents = [[s.tokens for s in dev[begin:end]] for begin, end in windows(len(dev))]
        fast = two.tag_documents(documents)
        differ = sum(
            a != b for x, y in zip(fast, second, strict=True) for a, b in zip(x, y, strict=True)
        )
        print(_line("crf + stage 2 (khabar)", gold, fast) + f"  [{differ} tags ≠ crfsuite]")
    if args.no_full:
        return
    entities._sequence_tagger = lambda name=None: crf
    print(_line("full", gold, tag_sentences(dev, "full")), flush=True)
    original = entities._tag_pages
    if runtime:
        crf = CrfTagger(args.crf, load_lexicon(), load_clusters(), stage2_path=args.stage2)
        entities._sequence_tagger = lambda name=None: crf
        entities._tag_pages = _runtime_pages(crf)  # type: ignore[assignment]
    else:
        entities._tag_pages = _stage2_pages(crf, stage2)  # type: ignore[assignment]
    try:
        print(_line("full + stage 2", gold, tag_sentences(dev, "full")), flush=True)
    finally:
        entities._tag_pages = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    labels = commands.add_parser("labels", help="jackknifed stage-1 tags of the train split")
    labels.add_argument("--models", required=True, help="path template with {k}: fold K's CRF")
    labels.add_argument("--out", type=Path, required=True)
    train = commands.add_parser("train", help="train a stage-2 CRF")
    train.add_argument("--labels", type=Path, required=True)
    train.add_argument("--exclude", type=int, default=-1, help="dev fold left out (-1: none)")
    train.add_argument("--out", type=Path, required=True)
    run = commands.add_parser("score", help="dev fold: stage 2 off/on")
    run.add_argument("--fold", type=int, required=True, choices=range(FOLDS))
    run.add_argument("--crf", type=Path, required=True, help="stage 1 trained without the fold")
    run.add_argument("--stage2", type=Path, required=True, help="stage 2 trained without it")
    run.add_argument("--no-full", action="store_true", help="CRF alone only")
    for sub in (labels, train, run):
        sub.add_argument("--train", type=Path, default=TRAIN)
    for sub in (train, run):  # experiment switches: train and score with the same ones
        sub.add_argument("--drop", default="", help="document feature heads left out: dT,dtn=")
        sub.add_argument("--own", action="store_true", help="add the token's own stage-1 tag")
    run.add_argument(
        "--runtime", action="store_true", help="also decode with khabar's TwoStageCrf (full: only)"
    )
    args = parser.parse_args()
    _refuse_test(args.train)
    {"labels": _labels, "train": _train, "score": _score}[args.command](args)


if __name__ == "__main__":
    main()
