"""Gold scoring (GOLD_FORMAT.md) on tiny hand-made gold + prediction pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.evaluate.gold import (
    Counts,
    comparison_tokens,
    longest_common_run,
    match_quotes,
    normalise_for_comparison,
    quotes_match,
    score_document,
    speaker_correct,
)
from khabar.model import Article, Entity, Quote

TEXT = "قال الوزير إن الخطة جاهزة للتنفيذ الآن. وأضاف أن الميزانية كافية لكل المشاريع."


def quote(text: str, kind: str = "indirect", speaker: str | None = "الوزير") -> Quote:
    start = TEXT.find(text)
    return Quote(start, start + len(text), text, kind, "قال", speaker)  # type: ignore[arg-type]


def gold_quote(text: str, speaker: str = "الوزير", **extra: object) -> dict[str, object]:
    return {
        "text": text,
        "speaker": speaker,
        "speaker_aliases": [speaker],
        "kind": "indirect",
        **extra,
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إلى مستشفى", "الي مستشفي"),
        ("مدرسةٌ", "مدرسه"),
        ("قـــال", "قال"),
        ("١٢٣ و٤٥", "123 و45"),
        ("«نعم»، قال: “لا”!", "نعم قال لا"),
        ("  سطر\nوسطر  ", "سطر وسطر"),
    ],
)
def test_normalisation_for_comparison(raw: str, expected: str) -> None:
    assert normalise_for_comparison(raw) == expected


@pytest.mark.parametrize(
    ("a", "b", "run"),
    [
        ("ا ب ج د", "ا ب ج د", 4),
        ("ا ب ج د", "س ب ج ص", 2),
        ("ا ب", "ج د", 0),
        ("ا ب ا ب ا", "ب ا ب", 3),
    ],
)
def test_longest_common_run(a: str, b: str, run: int) -> None:
    assert longest_common_run(a.split(), b.split()) == run


@pytest.mark.parametrize(
    ("predicted", "gold", "matches"),
    [
        ("الخطة جاهزة للتنفيذ الآن", "الخطة جاهزة للتنفيذ الآن", True),
        # 4 shared of 8: exactly half of the longer one matches.
        ("الخطة جاهزة للتنفيذ الآن", "الخطة جاهزة للتنفيذ الآن وقال كذا وكذا أيضا", True),
        # 4 shared of 9: below half.
        ("الخطة جاهزة للتنفيذ الآن", "الخطة جاهزة للتنفيذ الآن وقال كذا وكذا أيضا تماما", False),
        # Same words in another order share no long run.
        ("ا ب ج د", "د ج ب ا", False),
    ],
)
def test_half_overlap_rule(predicted: str, gold: str, matches: bool) -> None:
    assert bool(quotes_match(comparison_tokens(predicted), comparison_tokens(gold))) is matches


def test_each_gold_matches_at_most_one_prediction_best_first() -> None:
    gold = [["ا", "ب", "ج", "د"]]
    predicted = [["ا", "ب", "ج"], ["ا", "ب", "ج", "د"]]
    assert match_quotes(predicted, gold) == [(0, 1, 1.0)]


def test_precision_recall_with_optional_gold() -> None:
    article = Article(
        text=TEXT,
        quotes=(
            quote("الخطة جاهزة للتنفيذ الآن"),
            quote("الميزانية كافية لكل المشاريع"),
            quote("قال الوزير"),
        ),
    )
    gold = {
        "quotes": [
            gold_quote("الخطة جاهزة للتنفيذ الآن"),
            gold_quote("الميزانية كافية لكل المشاريع", optional=True),
            gold_quote("شيء لم يتنبأ به أحد"),
        ]
    }
    score = score_document(gold, article)
    # One match, the optional match is ignored, "قال الوزير" is a false positive.
    assert (score.quotes.tp, score.quotes.fp, score.quotes.fn) == (1, 1, 1)
    assert score.quotes.precision == pytest.approx(0.5)
    assert score.quotes.recall == pytest.approx(0.5)


def test_kind_agnostic_matching_and_per_kind_counts() -> None:
    article = Article(text=TEXT, quotes=(quote("الخطة جاهزة للتنفيذ الآن", kind="direct"),))
    score = score_document({"quotes": [gold_quote("الخطة جاهزة للتنفيذ الآن")]}, article)
    assert score.quotes.tp == 1
    assert score.kinds["indirect"].tp == 1 and score.kinds["indirect"].fn == 0
    assert score.kinds["direct"].fp == 0  # the matched prediction is not a false positive


@pytest.mark.parametrize(
    ("predicted", "ok"),
    [
        ("سيرجي لافروف", True),
        ("لافروف", True),  # an alias
        ("وزير الخارجية سيرجي لافروف", True),  # contains the gold speaker
        ("سيرغي", False),
        (None, False),
        ("لافروفي", False),
    ],
)
def test_speaker_rule(predicted: str | None, ok: bool) -> None:
    gold = {"speaker": "سيرجي لافروف", "speaker_aliases": ["سيرجي لافروف", "لافروف"]}
    assert speaker_correct(predicted, gold) is ok


def test_speaker_accuracy_counts_only_matched_quotes() -> None:
    article = Article(
        text=TEXT,
        quotes=(quote("الخطة جاهزة للتنفيذ الآن", speaker="المدير"),),
    )
    gold = {"quotes": [gold_quote("الخطة جاهزة للتنفيذ الآن"), gold_quote("غير موجود أبدا هنا")]}
    score = score_document(gold, article)
    assert (score.speakers.correct, score.speakers.total) == (0, 1)


def test_metadata_body_and_entities() -> None:
    article = Article(
        text="أعلنت الوزارة اليوم خطة جديدة. إلى الأعلى",
        title="خطة جديدة",
        dateline="الرياض",
        credits=("واس",),
        entities=(Entity(6, 13, "الوزارة", "ORG", "وزارة الصحة"),),
    )
    gold = {
        "metadata": {"title": "خطة جديده", "dateline": "جدة", "credits": ["واس"], "byline": None},
        "body_starts_with": "أعلنت الوزارة",
        "body_ends_with": "خطة جديدة.",
        "boilerplate_not_in_body": ["إلى الأعلى"],
        "entities": [
            {"label": "ORG", "canonical": "وزارة الصحة", "surface": ["الوزارة"]},
            {"label": "GPE", "canonical": "السعودية", "surface": ["المملكة"]},
        ],
    }
    score = score_document(gold, article)
    assert (score.metadata.correct, score.metadata.total) == (3, 4)
    assert set(score.metadata_errors) == {"dateline"}
    assert (score.body.correct, score.body.total) == (1, 3)
    assert (score.entities.correct, score.entities.total) == (1, 2)


def test_counts_are_safe_when_empty() -> None:
    assert Counts().f1 == 0.0 and Counts().precision == 0.0


def test_eval_command_on_a_tiny_gold_folder(tmp_path: Path) -> None:
    from khabar.cli import app

    page = "عنوان الخبر\nالرياض: كاتب\n\nوقال الوزير إن الخطة جاهزة للتنفيذ الآن.\n"
    (tmp_path / "p1.txt").write_text(page, encoding="utf-8")
    gold = {"document": "p1.txt", "quotes": [gold_quote("الخطة جاهزة للتنفيذ الآن")]}
    (tmp_path / "p1.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["total"]["quotes"]["tp"] == 1
    assert report["total"]["speakers"]["accuracy"] == 1.0
    table = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert table.exit_code == 0 and "TOTAL" in table.output
