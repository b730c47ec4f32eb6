"""Phrase-level NER scoring in the manner of conlleval.

A phrase is a maximal run ``B-X I-X …``; as in conlleval, an ``I-X`` that does not
continue a phrase of type X starts a new one. A predicted phrase is correct only when
its type, start and end all equal a gold phrase's. Precision, recall and F1 are
reported per type and micro-averaged over all phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and rates for one label (or all labels)."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class NerReport:
    """Per-label scores, the micro average, and token accuracy."""

    per_label: dict[str, Score]
    micro: Score
    tokens: int
    token_accuracy: float
    labels: tuple[str, ...] = field(default=())

    def format(self) -> str:
        """A conlleval-like text table."""
        lines = [
            f"tokens: {self.tokens}  token accuracy: {self.token_accuracy:.4f}",
            f"{'label':<8}{'prec':>8}{'rec':>8}{'F1':>8}{'gold':>8}{'pred':>8}",
        ]
        for label in sorted(self.per_label):
            s = self.per_label[label]
            lines.append(
                f"{label:<8}{s.precision:8.4f}{s.recall:8.4f}{s.f1:8.4f}{s.gold:8d}{s.predicted:8d}"
            )
        m = self.micro
        lines.append(
            f"{'micro':<8}{m.precision:8.4f}{m.recall:8.4f}{m.f1:8.4f}{m.gold:8d}{m.predicted:8d}"
        )
        return "\n".join(lines)


def phrases(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """The ``(start, end, type)`` phrases of one BIO tag sequence (``end`` exclusive).

    >>> sorted(phrases(["B-PER", "I-PER", "O", "I-LOC", "B-LOC"]))
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'LOC')]
    """
    found: set[tuple[int, int, str]] = set()
    start = -1
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not continues:
            found.add((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and label and not continues:
            start, kind = i, label
    return found


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> NerReport:
    """Score predicted tag sequences against gold ones (sentence by sentence)."""
    correct: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    tokens = 0
    same = 0
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(
                f"sentence length mismatch: {len(gold_tags)} gold vs {len(pred_tags)} predicted"
            )
        tokens += len(gold_tags)
        same += sum(g == p for g, p in zip(gold_tags, pred_tags, strict=True))
        g_set = phrases(gold_tags)
        p_set = phrases(pred_tags)
        for _, _, label in g_set:
            n_gold[label] = n_gold.get(label, 0) + 1
        for _, _, label in p_set:
            n_pred[label] = n_pred.get(label, 0) + 1
        for _, _, label in g_set & p_set:
            correct[label] = correct.get(label, 0) + 1
    labels = sorted({*n_gold, *n_pred})
    per_label = {
        label: Score(correct.get(label, 0), n_pred.get(label, 0), n_gold.get(label, 0))
        for label in labels
    }
    micro = Score(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    return NerReport(per_label, micro, tokens, same / tokens if tokens else 0.0, tuple(labels))
