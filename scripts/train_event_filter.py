"""Train the PROTEST / ASSAULT incident filter of the events stage (``nlp/events/incident.py``).

Data: the Arabic event gold standard (``arabic_event_gsr``, MIT, Halterman et al.), one
sentence per row, ``yes`` only when annotators agreed it reports a specific, new incident of
the type; ``easy no``/``difficult no`` are negatives, ``ambiguous`` rows are left out.

The split is fixed and never tuned: in each of ``protest_gsr.csv`` and ``assault_gsr.csv`` the
even rows (0, 2, 4 …) are the **train** part and the odd rows the **test** part — the same
halves the cue rules were written on (even) and only scored on (odd). A train row whose text
also occurs in the test part is not trained on. Everything learned (the vocabulary, the
weights, the regularisation and the decision threshold) comes from the train part alone: the
threshold and the L2 strength are chosen on out-of-fold predictions of a 5-fold split of the
train part (folds by a SHA-1 of the normalised text, so copies of a sentence share a fold).

Candidates are the cues the rules find (``event_candidates`` on the sentence alone, without
entities: the filter looks only at the cue and its sentence); a row with no cue of the group is
a "no" whatever the filter says. Training is a logistic regression (numpy, full-batch gradient
descent with a fixed number of steps: the result is the same on every run).

    .venv/bin/python scripts/train_event_filter.py              # write the weights, print scores
    .venv/bin/python scripts/train_event_filter.py --kfold 5     # also 5-fold means over all rows
    .venv/bin/python scripts/train_event_filter.py --check       # retrain, compare with the file
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from khabar.arabic.normalise import normalise
from khabar.nlp.events.finder import event_candidates
from khabar.nlp.events.incident import (
    WEIGHTS_FILE,
    GroupModel,
    parse_weights,
    sentence_features,
    sentence_groups,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GSR = ROOT.parent / "shared" / "data" / "arabic_event_gsr"
WEIGHTS_PATH = ROOT / "src" / "khabar" / "nlp" / "resources" / "events" / WEIGHTS_FILE
FILES = {"PROTEST": "protest_gsr.csv", "ASSAULT": "assault_gsr.csv"}
POSITIVE = "yes"
NEGATIVE = frozenset({"easy no", "difficult no"})
MIN_COUNT = 2  # a feature seen in fewer train sentences gets no weight
L2_GRID = (0.003, 0.01, 0.03)
STEPS = 400
INNER_FOLDS = 5
SHARED_FEATURES = True  # joint training of both groups (False: each group on its own)
DIGITS = 4  # weights are written rounded; scores are computed with the rounded weights


@dataclass(frozen=True, slots=True)
class Row:
    group: str
    index: int  # row number in the CSV (0-based): even → train, odd → test
    label: bool
    text: str
    instances: tuple[tuple[str, ...], ...]  # features of each sentence holding a cue of the group


def part_of(index: int) -> str:
    """The fixed split: even rows train, odd rows test."""
    return "train" if index % 2 == 0 else "test"


def fold_of(text: str, folds: int) -> int:
    """A stable fold number from the normalised text (copies of a sentence share it)."""
    digest = hashlib.sha1(normalise(text).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % folds


def row_instances(text: str, group: str) -> tuple[tuple[str, ...], ...]:
    """Feature lists of the sentences of ``text`` holding a cue of ``group``."""
    _events, spots, folded = event_candidates(text)
    _keys, members = sentence_groups(folded, spots)
    return tuple(
        tuple(sentence_features(folded[key[1] : key[2]], cues))
        for key, cues in members.items()
        if key[0] == group
    )


def load_rows(folder: Path, group: str) -> list[Row]:
    with (folder / FILES[group]).open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    rows = []
    for index, record in enumerate(table):
        label = record["label"]
        if label != POSITIVE and label not in NEGATIVE:
            continue
        text = record["text"]
        rows.append(Row(group, index, label == POSITIVE, text, row_instances(text, group)))
    return rows


def _instance_features(group: str, instance: Sequence[str]) -> list[str]:
    """Joint training shares what both types say about a new incident: every feature is
    seen once plain and once marked with its group, plus a group bias (Daumé's feature
    augmentation); :func:`_group_model` folds them back into one model per group."""
    marked = [*(f"{group}|{f}" for f in instance), f"{group}|{BIAS}"]
    return [*instance, *marked] if SHARED_FEATURES else marked


def _design(
    rows: Sequence[Row], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sparse 0/1 design (column indices, their line, line starts), labels and the line
    weights that balance classes within each group; one line per (row, sentence)."""
    cols: list[int] = []
    line_of: list[int] = []
    starts: list[int] = []
    labels: list[float] = []
    groups: list[str] = []
    for row in rows:
        for inst in row.instances:
            starts.append(len(cols))
            found = sorted(
                {vocabulary[f] for f in _instance_features(row.group, inst) if f in vocabulary}
            )
            cols += found
            line_of += [len(labels)] * len(found)
            labels.append(float(row.label))
            groups.append(row.group)
    y = np.array(labels)
    sample = np.zeros(len(y))
    for group in set(groups):
        mask = np.array([g == group for g in groups])
        positives = float(y[mask].sum())
        negatives = float(mask.sum()) - positives
        if positives and negatives:
            sample[mask] = np.where(y[mask] > 0, 0.5 / positives, 0.5 / negatives)
    sample /= max(sample.sum(), 1e-12)
    return (
        np.array(cols, dtype=np.int64),
        np.array(line_of, dtype=np.int64),
        np.array(starts, dtype=np.int64),
        y,
        sample,
    )


BIAS = "__group__"


def fit(rows: Sequence[Row], l2: float) -> dict[str, GroupModel]:
    """Logistic regression on the rows' instances (both groups at once), classes weighted to
    balance within each group; threshold 0.5 until :func:`train` sets it."""
    feature_counts = Counter(
        f
        for row in rows
        for inst in row.instances
        for f in set(_instance_features(row.group, inst))
    )
    names = sorted(f for f, c in feature_counts.items() if c >= MIN_COUNT)
    vocabulary = {f: i for i, f in enumerate(names)}
    cols, line_of, _starts, y, sample = _design(rows, vocabulary)
    w = np.zeros(len(names))
    b = 0.0
    vw, vb = np.zeros_like(w), 0.0
    rate, momentum = 1.0, 0.9
    for _ in range(STEPS):
        lw, lb = w + momentum * vw, b + momentum * vb  # Nesterov look-ahead
        scores = np.bincount(line_of, weights=lw[cols], minlength=len(y)) + lb
        p = 1.0 / (1.0 + np.exp(-scores))
        error = (p - y) * sample
        gw = np.bincount(cols, weights=error[line_of], minlength=len(w)) + l2 * lw
        gb = float(error.sum())
        vw = momentum * vw - rate * gw
        vb = momentum * vb - rate * gb
        w, b = w + vw, b + vb
    learned = dict(zip(names, (float(v) for v in w), strict=True))
    return {group: _group_model(group, b, learned) for group in {row.group for row in rows}}


def _group_model(group: str, bias: float, learned: dict[str, float]) -> GroupModel:
    """One group's model from the joint weights: plain + group-marked weight per feature."""
    prefix = f"{group}|"
    folded: dict[str, float] = {}
    for name, value in learned.items():
        if "|" not in name:
            folded[name] = folded.get(name, 0.0) + value
        elif name.startswith(prefix) and name != prefix + BIAS:
            plain = name[len(prefix) :]
            folded[plain] = folded.get(plain, 0.0) + value
    weights = {f: round(v, DIGITS) for f, v in folded.items() if round(v, DIGITS)}
    return GroupModel(round(bias + learned.get(prefix + BIAS, 0.0), DIGITS), 0.5, weights)


def row_probability(model: GroupModel, row: Row) -> float:
    """The row is positive when any of its sentences is kept: the highest probability."""
    return max((model.probability(inst) for inst in row.instances), default=0.0)


def counts(predicted: Sequence[bool], gold: Sequence[bool]) -> tuple[int, int, int]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def choose_threshold(probabilities: Sequence[float], gold: Sequence[bool]) -> tuple[float, float]:
    """The threshold (on a 0.05 grid) with the best F1 on these predictions, and that F1; a
    tie goes to the lower threshold (more recall)."""
    best = (0.5, -1.0)
    for step in range(1, 20):
        threshold = step / 20
        f1 = prf(*counts([p >= threshold for p in probabilities], gold))[2]
        if f1 > best[1] + 1e-12:
            best = (threshold, f1)
    return best


def out_of_fold(rows: Sequence[Row], l2: float, folds: int) -> list[float]:
    """Probabilities of each row from a model fitted on the other folds."""
    probabilities = [0.0] * len(rows)
    fold = [fold_of(row.text, folds) for row in rows]
    for k in range(folds):
        models = fit([r for r, f in zip(rows, fold, strict=True) if f != k], l2)
        for i, row in enumerate(rows):
            if fold[i] == k and row.group in models:
                probabilities[i] = row_probability(models[row.group], row)
    return probabilities


def train(rows: Sequence[Row], verbose: bool = False) -> tuple[dict[str, GroupModel], float]:
    """L2 strength (best mean F1 of the groups) and each group's threshold by inner
    cross-validation on ``rows``, then the final fit on all of them."""
    groups = sorted({row.group for row in rows})
    best: tuple[float, float, dict[str, float]] | None = None  # mean f1, l2, thresholds
    for l2 in L2_GRID:
        probabilities = out_of_fold(rows, l2, INNER_FOLDS)
        thresholds: dict[str, float] = {}
        f1s = []
        for group in groups:
            mine = [i for i, row in enumerate(rows) if row.group == group]
            threshold, f1 = choose_threshold(
                [probabilities[i] for i in mine], [rows[i].label for i in mine]
            )
            thresholds[group] = threshold
            f1s.append(f1)
        if verbose:
            print(
                f"  inner CV l2 {l2}: F1 "
                + ", ".join(f"{g} {f:.3f}" for g, f in zip(groups, f1s, strict=True))
            )
        mean = sum(f1s) / len(f1s)
        if best is None or mean > best[0] + 1e-12:
            best = (mean, l2, thresholds)
    assert best is not None
    _f1, l2, thresholds = best
    models = fit(rows, l2)
    return {g: GroupModel(m.bias, thresholds[g], m.weights) for g, m in sorted(models.items())}, l2


def score(model: GroupModel | None, rows: Sequence[Row]) -> tuple[int, int, int]:
    """Counts with the filter (``None``: the rules alone, any cue of the group is a yes)."""
    if model is None:
        predicted = [bool(row.instances) for row in rows]
    else:
        predicted = [row_probability(model, row) >= model.threshold for row in rows]
    return counts(predicted, [row.label for row in rows])


def train_rows(rows: Sequence[Row], held: Sequence[Row]) -> list[Row]:
    """Training rows without any sentence that also occurs in the held-out rows."""
    seen = {normalise(row.text) for row in held}
    return [row for row in rows if normalise(row.text) not in seen]


def format_scores(name: str, tp: int, fp: int, fn: int) -> str:
    p, r, f1 = prf(tp, fp, fn)
    return f"{name:<28} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (TP {tp} FP {fp} FN {fn})"


def write_weights(path: Path, models: dict[str, GroupModel], notes: list[str]) -> None:
    lines = [
        "# Incident filter of the events stage: group<TAB>feature<TAB>weight.",
        "# Written by scripts/train_event_filter.py from the train part (even rows) of",
        "# arabic_event_gsr (MIT, Halterman et al.); do not edit by hand.",
        *(f"# {note}" for note in notes),
    ]
    for group, model in models.items():
        lines.append(f"{group}\t__bias__\t{model.bias}")
        lines.append(f"{group}\t__threshold__\t{model.threshold}")
        lines += [f"{group}\t{f}\t{w}" for f, w in sorted(model.weights.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gsr", type=Path, default=DEFAULT_GSR)
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--kfold", type=int, default=0, help="also k-fold means over all rows")
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    rows = [row for group in FILES for row in load_rows(args.gsr, group)]
    train_part = [r for r in rows if part_of(r.index) == "train"]
    test_part = [r for r in rows if part_of(r.index) == "test"]
    models, l2 = train(train_rows(train_part, test_part), verbose=True)
    notes = [
        f"l2 {l2}; "
        + "; ".join(
            f"{g}: threshold {m.threshold}, {len(m.weights)} weights" for g, m in models.items()
        )
    ]
    print(notes[0])
    for group in FILES:
        mine = [r for r in test_part if r.group == group]
        for name, model in (("rules alone", None), ("rules + filter", models[group])):
            line = format_scores(f"test {group}, {name}", *score(model, mine))
            print(line)
            notes.append(line)
    if args.kfold:
        results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
        for k in range(args.kfold):
            held = [r for r in rows if fold_of(r.text, args.kfold) == k]
            rest = [r for r in rows if fold_of(r.text, args.kfold) != k]
            fold_models, _ = train(train_rows(rest, held))
            for group in FILES:
                mine = [r for r in held if r.group == group]
                results.setdefault((group, "rules alone"), []).append(prf(*score(None, mine)))
                results.setdefault((group, "rules + filter"), []).append(
                    prf(*score(fold_models[group], mine))
                )
        for (group, name), values in results.items():
            mean = np.mean(np.array(values), axis=0)
            print(
                f"{args.kfold}-fold mean {group}, {name:<15} P {mean[0]:.3f}  R {mean[1]:.3f}  "
                f"F1 {mean[2]:.3f}"
            )
    if args.check:
        shipped = parse_weights(args.out.read_text(encoding="utf-8"))
        same = shipped == models
        print("shipped weights reproduced" if same else "shipped weights DIFFER")
        return 0 if same else 1
    write_weights(args.out, models, notes)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
