"""Score the events stage on the Arabic event gold standard (``arabic_event_gsr``, MIT).

Two measures, both printed by ``khabar eval-events``:

- **Sentence detection** for PROTEST and ASSAULT against the ``label`` column of
  ``protest_gsr.csv`` / ``assault_gsr.csv``: ``yes`` is positive, ``easy no`` and
  ``difficult no`` negative, ``ambiguous`` left out. A sentence is predicted positive when the
  stage finds an event of the matching CAMEO roots in it. The gold uses PLOVER, whose ASSAULT
  covers CAMEO 18 (assault), 19 (fight) and 20 (mass violence); PROTEST is CAMEO 14.
- **Span agreement** on ``*_spans.json``: for each record, the predicted event whose cue shares
  a word with the gold verb (``verb_gold``), and then whether its actor and target share a word
  with ``source_gold`` / ``target_gold`` (normalised; clitics و/ف/ب/ل and the article are
  stripped before comparing). Rates are over records with a non-empty gold span; a record with
  no matched event counts as a miss for all three.

The text is annotated by the caller's ``annotate`` (the real sentence, entity and quote
stages in the CLI), so the actors the stage can see are the ones it would see in production.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from khabar.arabic.normalise import normalise
from khabar.model import Article, Event

# PLOVER event type of the gold → the CAMEO roots that count as that type.
GOLD_ROOTS: dict[str, frozenset[str]] = {
    "PROTEST": frozenset({"14"}),
    "ASSAULT": frozenset({"18", "19", "20"}),
}
POSITIVE = "yes"
NEGATIVE = frozenset({"easy no", "difficult no"})

Annotate = Callable[[Article], Article]


@dataclass(frozen=True, slots=True)
class Detection:
    """Sentence-level counts for one event type."""

    event_type: str
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positive + self.false_negative
        return self.true_positive / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class SpanAgreement:
    """Span agreement for one event type: counts of records with a gold span and matches."""

    event_type: str
    records: int
    verb_gold: int
    verb_found: int
    source_gold: int
    source_found: int
    target_gold: int
    target_found: int
    actors_predicted: int  # matched events that name an actor
    actors_right: int  # … whose actor shares a word with the gold source


@dataclass(frozen=True, slots=True)
class EventReport:
    """Scores per part of the gold: ``train`` (even rows: looked at while writing the rules,
    and the only rows the incident filter is fitted on), ``test`` (odd rows, only ever scored)
    and ``all``."""

    detection: tuple[tuple[str, Detection], ...]  # (part, scores)
    spans: tuple[tuple[str, SpanAgreement], ...]

    def format(self) -> str:
        lines = [
            "Sentence detection (label yes vs easy/difficult no; ambiguous excluded)",
            f"{'part':<10}{'type':<9}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}{'TN':>6}",
        ]
        for part, d in self.detection:
            lines.append(
                f"{part:<10}{d.event_type:<9}{d.precision:7.3f}{d.recall:7.3f}{d.f1:7.3f}"
                f"{d.true_positive:6d}{d.false_positive:6d}{d.false_negative:6d}"
                f"{d.true_negative:6d}"
            )
        lines += [
            "",
            "Span agreement (shares a normalised word with the gold span; misses count against)",
            f"{'part':<10}{'type':<9}{'records':>8}  {'verb':<16}{'source':<16}{'target':<16}"
            f"{'actor precision':<16}",
        ]
        for part, s in self.spans:
            lines.append(
                f"{part:<10}{s.event_type:<9}{s.records:8d}  "
                f"{_rate(s.verb_found, s.verb_gold):<16}"
                f"{_rate(s.source_found, s.source_gold):<16}"
                f"{_rate(s.target_found, s.target_gold):<16}"
                f"{_rate(s.actors_right, s.actors_predicted):<16}"
            )
        return "\n".join(lines)


def _rate(found: int, total: int) -> str:
    value = found / total if total else 0.0
    return f"{value:.3f} ({found}/{total})"


_WORD_RE = re.compile(r"\w+")
_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def content_words(text: str) -> set[str]:
    """Normalised words without proclitics and the article, for loose span comparison.

    >>> sorted(content_words("والمتظاهرين في بغداد"))
    ['بغداد', 'في', 'متظاهرين']
    """
    words: set[str] = set()
    for word in _WORD_RE.findall(normalise(text)):
        for clitic in _CLITICS:
            if word.startswith(clitic) and len(word) - len(clitic) >= 3:
                word = word[len(clitic) :]
                break
        words.add(word)
    return words


def _has_type(events: Iterable[Event], roots: frozenset[str]) -> bool:
    return any((e.code or "")[:2] in roots for e in events)


def score_detection(
    event_type: str, rows: Iterable[tuple[str, str]], annotate: Annotate
) -> Detection:
    """Detection counts over ``(label, text)`` rows for one gold event type."""
    roots = GOLD_ROOTS[event_type]
    tp = fp = fn = tn = 0
    for label, text in rows:
        if label != POSITIVE and label not in NEGATIVE:
            continue
        predicted = _has_type(annotate(Article(text=text)).events, roots)
        gold = label == POSITIVE
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
        tn += not predicted and not gold
    return Detection(event_type, tp, fp, fn, tn)


def score_spans(
    event_type: str, records: Iterable[dict[str, object]], annotate: Annotate
) -> SpanAgreement:
    """Verb/source/target agreement over the span records of one event type."""
    counts = dict.fromkeys(
        (
            "records",
            "verb_gold",
            "verb_found",
            "source_gold",
            "source_found",
            "target_gold",
            "target_found",
            "actors_predicted",
            "actors_right",
        ),
        0,
    )
    for record in records:
        counts["records"] += 1
        verb = content_words(str(record.get("verb_gold") or ""))
        source = content_words(str(record.get("source_gold") or ""))
        target = content_words(str(record.get("target_gold") or ""))
        events = annotate(Article(text=str(record["text"]))).events
        matched = next((e for e in events if content_words(e.text) & verb), None)
        counts["verb_gold"] += bool(verb)
        counts["source_gold"] += bool(source)
        counts["target_gold"] += bool(target)
        if matched is None:
            continue
        counts["verb_found"] += bool(verb)
        actor_words = content_words(_span(record, matched, "actor"))
        target_words = content_words(_span(record, matched, "target"))
        counts["source_found"] += bool(source and actor_words & source)
        counts["target_found"] += bool(target and target_words & target)
        if actor_words and source:
            counts["actors_predicted"] += 1
            counts["actors_right"] += bool(actor_words & source)
    return SpanAgreement(event_type, **counts)


def _span(record: dict[str, object], event: Event, role: str) -> str:
    """The actor or target as written in the sentence (its offsets), else its reported value."""
    text = str(record["text"])
    start = getattr(event, f"{role}_start")
    end = getattr(event, f"{role}_end")
    if start is not None and end is not None:
        return text[start:end]
    return str(getattr(event, role) or "")


def read_detection_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["label"], row["text"]) for row in csv.DictReader(handle)]


PARTS = ("train", "test")
CHOICES = (*PARTS, "all")


def _part(index: int) -> str:
    """The fixed split (as in ``scripts/train_event_filter.py``): even rows of each CSV are the
    train part, odd rows the test part."""
    return PARTS[index % 2]


def _sum_detection(items: Iterable[Detection]) -> Detection:
    items = list(items)
    return Detection(
        items[0].event_type,
        sum(d.true_positive for d in items),
        sum(d.false_positive for d in items),
        sum(d.false_negative for d in items),
        sum(d.true_negative for d in items),
    )


def _sum_spans(items: Iterable[SpanAgreement]) -> SpanAgreement:
    items = list(items)
    names = [f for f in SpanAgreement.__slots__ if f != "event_type"]
    totals = {name: sum(getattr(s, name) for s in items) for name in names}
    return SpanAgreement(items[0].event_type, **totals)


def evaluate_gsr(folder: Path, annotate: Annotate, part: str = "all") -> EventReport:
    """Detection and span agreement for PROTEST and ASSAULT from an ``arabic_event_gsr`` copy:
    for ``part`` ``train`` or ``test`` that part alone, for ``all`` each part and both."""
    if part not in CHOICES:
        raise ValueError(f"part must be one of {', '.join(CHOICES)}, not {part!r}")
    parts = PARTS if part == "all" else (part,)
    detection: list[tuple[str, Detection]] = []
    spans: list[tuple[str, SpanAgreement]] = []
    for event_type in GOLD_ROOTS:
        stem = event_type.lower()
        rows = read_detection_rows(folder / f"{stem}_gsr.csv")
        records = json.loads((folder / f"{stem}_spans.json").read_text(encoding="utf-8"))
        by_part = {
            name: score_detection(
                event_type, (r for i, r in enumerate(rows) if _part(i) == name), annotate
            )
            for name in parts
        }
        span_part = {
            name: score_spans(
                event_type, (r for i, r in enumerate(records) if _part(i) == name), annotate
            )
            for name in parts
        }
        detection += by_part.items()
        spans += span_part.items()
        if part == "all":
            detection.append(("all", _sum_detection(by_part.values())))
            spans.append(("all", _sum_spans(span_part.values())))
    return EventReport(tuple(detection), tuple(spans))
