"""Entities against gold: the seed page, gold-dev recall, and ANERcorp test micro F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLD_DEV, SEED_PAGE, SHARED, needs_shared
from khabar.evaluate.gold import normalise_for_comparison
from khabar.evaluate.ner import score
from khabar.model import Article
from khabar.nlp.entities import TAGGER_ENV, EntityStage
from khabar.nlp.entities.conll import read_conll, to_anercorp_tag
from khabar.nlp.entities.tagging import tag_sentences

ANERCORP_TEST = SHARED / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt"


def _article(page: Path) -> Article:
    from khabar.extract.article import extract_article
    from khabar.read.page import RawPage

    article = extract_article(RawPage(page.read_bytes(), path=str(page)))
    return EntityStage()(article)


def _missing(article: Article, gold: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Gold (label, canonical) pairs that occur in the body but no entity matches."""
    predicted: dict[str, set[str]] = {}
    for e in article.entities:
        forms = predicted.setdefault(e.label, set())
        forms.update({normalise_for_comparison(e.text), normalise_for_comparison(e.canonical)})
    body = f" {normalise_for_comparison(article.text)} "
    missing = []
    for entity in gold:
        wanted = {normalise_for_comparison(s) for s in [entity["canonical"], *entity["surface"]]}
        wanted.discard("")
        if not any(f" {w} " in body for w in wanted) and entity["surface"]:
            continue  # only in the page chrome (e.g. the outlet in the dateline), not the body
        if not wanted & predicted.get(entity["label"], set()):
            missing.append((entity["label"], entity["canonical"]))
    return missing


@needs_shared
def test_seed_every_gold_entity_in_the_body_is_found() -> None:
    gold = json.loads(SEED_PAGE.with_suffix(".gold.json").read_text(encoding="utf-8"))
    article = _article(SEED_PAGE)
    assert all(article.text[e.start : e.end] == e.text for e in article.entities)
    assert _missing(article, gold["entities"]) == []


@needs_shared
def test_gold_dev_entity_recall(capsys: pytest.CaptureFixture[str]) -> None:
    found = total = 0
    for gold_path in sorted(GOLD_DEV.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        missing = _missing(_article(page), gold.get("entities") or [])
        total += len(gold.get("entities") or [])
        found += len(gold.get("entities") or []) - len(missing)
    recall = found / total
    with capsys.disabled():
        print(f"\ngold-dev entity recall: {found}/{total} = {recall:.3f}")
    assert recall >= 0.85  # 150/173 = 0.867 reached


@needs_shared
@pytest.mark.parametrize(("tagger", "floor"), [("crf", 0.7145), ("ensemble", 0.7405)])
def test_anercorp_test_micro_f1(tagger: str, floor: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole recogniser with each sequence tagger ``KHABAR_NER_TAGGER`` can choose."""
    monkeypatch.setenv(TAGGER_ENV, tagger)
    sentences = read_conll(ANERCORP_TEST)
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in sentences]
    report = score(gold, tag_sentences(sentences, "full"))
    print(report.format())
    # The target is 0.80; this guards the level the shipped models reach (0.7150 with
    # the CRF, the default; 0.7408 with the CRF + neural ensemble; session 4's context rules).
    assert report.micro.f1 >= floor


@needs_shared
def test_anercorp_test_crf_alone_micro_f1() -> None:
    """The CRF on its own (compiled decoder), without neural tagger, gazetteer and patterns."""
    sentences = read_conll(ANERCORP_TEST)
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in sentences]
    report = score(gold, tag_sentences(sentences, "crf"))
    print(report.format())
    assert report.micro.f1 >= 0.68  # 0.6845 reached
    assert report.per_label["LOC"].f1 >= 0.84  # 0.854
