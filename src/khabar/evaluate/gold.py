"""Score articles against gold annotations, exactly as ``docs/GOLD_FORMAT.md`` describes.

- Text is compared after Arabic normalisation (alef/hamza forms, ى, ة, diacritics, tatweel,
  Arabic-Indic digits) with quotation marks and punctuation dropped and whitespace folded.
- Quotes are matched whatever their kind: a prediction matches a gold quote when the longest
  common contiguous run of their normalised tokens covers at least half of the longer one.
  Each gold quote matches at most one prediction (greedy, best overlap first). Required gold
  quotes count for precision/recall; a prediction matching an optional gold quote is ignored.
- Speaker accuracy, among matched required quotes: the predicted speaker equals one of the
  ``speaker_aliases`` or contains the gold ``speaker`` (after normalisation).
- Metadata: field by field, exact after normalisation (only fields present in the gold).
- Entities: recall of (label, canonical) pairs; a pair is found when a predicted entity of that
  label has a text or canonical equal to one of the gold surfaces or the canonical.

Micro-averaged totals add the counts of every document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from khabar.arabic.normalise import normalise
from khabar.model import Article

KINDS = ("direct", "mixed", "indirect")
METADATA_FIELDS = (
    "title",
    "section",
    "page_date",
    "page_date_hijri",
    "dateline",
    "outlet",
    "byline",
    "credits",
)
_PUNCTUATION_RE = re.compile(r"[^\w\s]|_")


def normalise_for_comparison(text: str) -> str:
    """The comparison form of GOLD_FORMAT.md.

    >>> normalise_for_comparison("قال: «إنّ الأمرَ ١٢ مرّة»")
    'قال ان الامر 12 مره'
    """
    return " ".join(_PUNCTUATION_RE.sub(" ", normalise(text)).split())


def comparison_tokens(text: str) -> list[str]:
    return normalise_for_comparison(text).split()


def longest_common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest contiguous run of tokens shared by ``a`` and ``b``."""
    if not a or not b:
        return 0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.find_longest_match(0, len(a), 0, len(b)).size


def quotes_match(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """Overlap ratio (run / longer length) if it reaches one half, else 0."""
    longer = max(len(predicted), len(gold))
    if longer == 0:
        return 0.0
    if len(set(predicted) & set(gold)) * 2 < longer:
        return 0.0  # cannot reach half: skip the quadratic run search
    ratio = longest_common_run(predicted, gold) / longer
    return ratio if ratio >= 0.5 else 0.0


def speaker_correct(predicted: str | None, gold: dict[str, Any]) -> bool:
    """Predicted speaker equals an alias or contains the gold speaker (normalised)."""
    if not predicted:
        return False
    guess = normalise_for_comparison(predicted)
    aliases = [gold.get("speaker") or "", *(gold.get("speaker_aliases") or [])]
    if any(guess == normalise_for_comparison(alias) for alias in aliases if alias):
        return True
    wanted = normalise_for_comparison(gold.get("speaker") or "")
    return bool(wanted) and f" {wanted} " in f" {guess} "


@dataclass
class Counts:
    """Counts that add up across documents (micro-averaging)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Ratio:
    correct: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class QuoteMatch:
    """One gold quote and the prediction matched to it (if any)."""

    gold_index: int
    predicted_index: int | None
    overlap: float
    speaker_ok: bool


@dataclass
class DocumentScore:
    """Everything measured on one gold document."""

    document: str
    quotes: Counts = field(default_factory=Counts)
    kinds: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    speakers: Ratio = field(default_factory=Ratio)
    metadata: Ratio = field(default_factory=Ratio)
    metadata_errors: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    body: Ratio = field(default_factory=Ratio)
    entities: Ratio = field(default_factory=Ratio)
    matches: list[QuoteMatch] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "error": self.error,
            "quotes": self.quotes.to_dict(),
            "kinds": {k: v.to_dict() for k, v in self.kinds.items()},
            "speakers": self.speakers.to_dict(),
            "metadata": self.metadata.to_dict(),
            "metadata_errors": {
                k: {"gold": g, "predicted": p} for k, (g, p) in self.metadata_errors.items()
            },
            "body": self.body.to_dict(),
            "entities": self.entities.to_dict(),
        }


@dataclass
class Report:
    """Per-document scores and their micro-averaged totals."""

    documents: list[DocumentScore]

    def total(self) -> DocumentScore:
        total = DocumentScore("TOTAL")
        for doc in self.documents:
            total.quotes.add(doc.quotes)
            for kind in KINDS:
                total.kinds[kind].add(doc.kinds[kind])
            total.speakers.add(doc.speakers)
            total.metadata.add(doc.metadata)
            total.body.add(doc.body)
            total.entities.add(doc.entities)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "total": self.total().to_dict(),
        }


def match_quotes(
    predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]
) -> list[tuple[int, int, float]]:
    """Greedy best-first one-to-one matching: ``(gold_index, predicted_index, overlap)``."""
    candidates = []
    for g, gold_tokens in enumerate(gold):
        for p, predicted_tokens in enumerate(predicted):
            overlap = quotes_match(predicted_tokens, gold_tokens)
            if overlap:
                candidates.append((overlap, g, p))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for overlap, g, p in candidates:
        if g in used_gold or p in used_predicted:
            continue
        used_gold.add(g)
        used_predicted.add(p)
        pairs.append((g, p, overlap))
    return pairs


def score_quotes(score: DocumentScore, gold_quotes: list[dict[str, Any]], article: Article) -> None:
    predicted = [comparison_tokens(q.text) for q in article.quotes]
    required = [i for i, q in enumerate(gold_quotes) if not q.get("optional")]
    optional = [i for i, q in enumerate(gold_quotes) if q.get("optional")]
    gold_tokens = [comparison_tokens(gold_quotes[i]["text"]) for i in required]
    pairs = match_quotes(predicted, gold_tokens)
    matched_predicted = {p for _, p, _ in pairs}
    matched_gold = {g for g, _, _ in pairs}
    # Predictions left over that match an optional gold quote are neither right nor wrong.
    optional_tokens = [comparison_tokens(gold_quotes[i]["text"]) for i in optional]
    ignored = {
        p
        for p, tokens in enumerate(predicted)
        if p not in matched_predicted and any(quotes_match(tokens, o) for o in optional_tokens)
    }
    counted = [p for p in range(len(predicted)) if p not in ignored]
    score.quotes = Counts(
        tp=len(pairs), fp=len(counted) - len(pairs), fn=len(required) - len(pairs)
    )
    for kind in KINDS:
        kind_gold = [g for g, i in enumerate(required) if gold_quotes[i].get("kind") == kind]
        kind_predicted = [p for p in counted if article.quotes[p].kind == kind]
        tp_gold = sum(1 for g in kind_gold if g in matched_gold)
        tp_predicted = sum(1 for p in kind_predicted if p in matched_predicted)
        score.kinds[kind] = Counts(
            tp=tp_gold, fp=len(kind_predicted) - tp_predicted, fn=len(kind_gold) - tp_gold
        )
    for g, p, overlap in sorted(pairs):
        gold = gold_quotes[required[g]]
        ok = speaker_correct(article.quotes[p].speaker, gold)
        score.speakers.add(Ratio(int(ok), 1))
        score.matches.append(QuoteMatch(required[g], p, overlap, ok))
    for g in range(len(required)):
        if g not in matched_gold:
            score.matches.append(QuoteMatch(required[g], None, 0.0, False))


def _metadata_value(article: Article, name: str) -> Any:
    value = getattr(article, name)
    return list(value) if isinstance(value, tuple) else value


def _same(gold: Any, predicted: Any) -> bool:
    if isinstance(gold, list) or isinstance(predicted, list):
        gold_items = [normalise_for_comparison(str(v)) for v in gold or []]
        predicted_items = [normalise_for_comparison(str(v)) for v in predicted or []]
        return gold_items == predicted_items
    if gold in (None, "") or predicted in (None, ""):
        return gold in (None, "") and predicted in (None, "")
    return normalise_for_comparison(str(gold)) == normalise_for_comparison(str(predicted))


def score_metadata(score: DocumentScore, metadata: dict[str, Any], article: Article) -> None:
    for name, gold in metadata.items():
        if name not in METADATA_FIELDS:
            continue
        predicted = _metadata_value(article, name)
        ok = _same(gold, predicted)
        score.metadata.add(Ratio(int(ok), 1))
        if not ok:
            score.metadata_errors[name] = (gold, predicted)


def score_body(score: DocumentScore, gold: dict[str, Any], article: Article) -> None:
    body = normalise_for_comparison(article.text)
    if gold.get("body_starts_with"):
        score.body.add(
            Ratio(int(body.startswith(normalise_for_comparison(gold["body_starts_with"]))), 1)
        )
    if gold.get("body_ends_with"):
        score.body.add(
            Ratio(int(body.endswith(normalise_for_comparison(gold["body_ends_with"]))), 1)
        )
    for boilerplate in gold.get("boilerplate_not_in_body") or []:
        wanted = normalise_for_comparison(boilerplate)
        score.body.add(Ratio(int(bool(wanted) and f" {wanted} " not in f" {body} "), 1))


def score_entities(score: DocumentScore, entities: list[dict[str, Any]], article: Article) -> None:
    predicted: dict[str, set[str]] = {}
    # The JSON contract's one ``entities`` list: body mentions and the page's own (outlet,
    # dateline place, credited agencies: ``Article.page_entities``).
    named = [(e.label, e.text, e.canonical) for e in article.entities]
    named += [(e.label, e.text, e.canonical) for e in article.page_entities]
    for label, text, canonical in named:
        forms = predicted.setdefault(label, set())
        forms.add(normalise_for_comparison(text))
        forms.add(normalise_for_comparison(canonical))
    for gold in entities:
        wanted = {
            normalise_for_comparison(s)
            for s in [gold.get("canonical", ""), *gold.get("surface", [])]
        }
        wanted.discard("")
        found = bool(wanted & predicted.get(gold.get("label", ""), set()))
        score.entities.add(Ratio(int(found), 1))


def score_document(gold: dict[str, Any], article: Article) -> DocumentScore:
    """Score one article against its gold annotation."""
    score = DocumentScore(str(gold.get("document", "")))
    score_quotes(score, list(gold.get("quotes") or []), article)
    score_metadata(score, dict(gold.get("metadata") or {}), article)
    score_body(score, gold, article)
    score_entities(score, list(gold.get("entities") or []), article)
    return score


def failed_document(gold: dict[str, Any], reason: str) -> DocumentScore:
    """A page the pipeline could not process: every required quote is missed."""
    score = score_document(gold, Article(text=""))
    score.error = reason
    return score


def gold_pairs(folder: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    """``(page path, gold annotation)`` for every ``*.gold.json`` in ``folder``, sorted."""
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold.get("document") or gold_path.name.replace(".gold.json", ".txt")
        yield folder / name, gold


def evaluate_folder(folder: Path) -> Report:
    """Run the real pipeline on every gold page of ``folder`` and score it."""
    from khabar.pipeline import Failure, Pipeline
    from khabar.read import read_pages

    pipeline = Pipeline()
    documents = []
    for page_path, gold in gold_pairs(folder):
        if not page_path.exists():
            documents.append(failed_document(gold, f"page missing: {page_path.name}"))
            continue
        pages = list(read_pages([page_path]))
        if not pages:
            documents.append(failed_document(gold, "no page read"))
            continue
        result = pipeline.process_one(pages[0])
        if isinstance(result, Failure):
            documents.append(failed_document(gold, result.reason))
        else:
            documents.append(score_document(gold, result))
    return Report(documents)
