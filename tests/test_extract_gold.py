"""Extraction against the hand-annotated pages in ../shared (seed and gold-dev).

Metadata is compared after the gold normalisation (alef/hamza → ا, ى → ي, ة → ه,
no diacritics or tatweel, whitespace folded).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import khabar
from conftest import GOLD_DEV, SEED_PAGE, needs_shared
from khabar.arabic.normalise import normalise
from khabar.cli import app
from khabar.extract.article import extract_article
from khabar.model import Article
from khabar.read.page import RawPage

SEED_METADATA = {
    "title": "مؤتمر باريس: روسيا تعتزم مكافحة الإرهاب بدعم عسكري للعراق وسوريا",
    "section": "الأولى",
    "page_date": "2017-01-18",
    "page_date_hijri": "1438-04-19",
    "dateline": "باريس",
    "outlet": "الوطن",
    "credits": ["وكالات"],
}


def fold(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(normalise(value).split())
    if isinstance(value, list | tuple):
        return [fold(v) for v in value]
    return value


def gold_of(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.with_suffix(".gold.json").read_text("utf-8"))
    return data


def check_body(article: Article, gold: dict[str, Any]) -> list[str]:
    problems = []
    if not article.text.startswith(gold["body_starts_with"]):
        problems.append(f"body starts {article.text[:40]!r}")
    if not article.text.rstrip().endswith(gold["body_ends_with"]):
        problems.append(f"body ends {article.text[-40:]!r}")
    problems += [f"boilerplate {b!r}" for b in gold["boilerplate_not_in_body"] if b in article.text]
    return problems


def check_seed(record: dict[str, Any]) -> None:
    for field, value in SEED_METADATA.items():
        assert record[field] == value, field
    gold = gold_of(SEED_PAGE)
    for field, value in gold["metadata"].items():
        assert fold(record[field]) == fold(value), field
    assert check_body(Article.from_dict(record), gold) == []


@needs_shared
def test_seed_through_the_function() -> None:
    article = extract_article(RawPage(SEED_PAGE.read_bytes(), path=str(SEED_PAGE)))
    check_seed(article.to_dict())
    assert article.warnings == ()


@needs_shared
def test_seed_through_the_public_api() -> None:
    article = khabar.extract(SEED_PAGE)
    check_seed(article.to_dict())
    assert article.sentences, "the default pipeline fills sentences"
    assert all(article.text[s.start : s.end].strip() for s in article.sentences)


@needs_shared
def test_seed_through_the_cli() -> None:
    result = CliRunner().invoke(app, ["extract", str(SEED_PAGE)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    check_seed(json.loads(lines[0]))


@needs_shared
def test_seed_through_the_installed_command_as_json_array() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "khabar", "extract", "--format", "json", str(SEED_PAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert len(records) == 1
    check_seed(records[0])


@needs_shared
def test_cli_reports_failures_and_exit_status(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(app, ["extract", str(missing), str(SEED_PAGE)])
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 1
    assert str(missing) in result.stderr


def gold_pages() -> list[Path]:
    return sorted(GOLD_DEV.glob("d*.txt")) if GOLD_DEV.exists() else []


@needs_shared
def test_gold_dev_titles_all_right() -> None:
    wrong = []
    for page in gold_pages():
        article = extract_article(RawPage(page.read_bytes(), path=str(page)))
        if fold(article.title) != fold(gold_of(page)["metadata"]["title"]):
            wrong.append((page.name, article.title))
    assert len(gold_pages()) == 10
    assert wrong == []


@needs_shared
def test_gold_dev_datelines_and_bylines() -> None:
    """Right on at least 8 of the pages whose gold has them."""
    scores: dict[str, list[bool]] = {"dateline": [], "byline": []}
    for page in gold_pages():
        gold = gold_of(page)["metadata"]
        article = extract_article(RawPage(page.read_bytes(), path=str(page))).to_dict()
        for field in scores:
            if gold.get(field):
                scores[field].append(fold(article[field]) == fold(gold[field]))
    for field, hits in scores.items():
        assert sum(hits) >= min(8, len(hits)), (field, hits)


@needs_shared
def test_gold_dev_bodies_and_other_metadata() -> None:
    """Body boundaries, boilerplate and every gold metadata field; the floor only rises."""
    body_ok = 0
    field_hits = 0
    field_total = 0
    for page in gold_pages():
        gold = gold_of(page)
        article = extract_article(RawPage(page.read_bytes(), path=str(page)))
        body_ok += not check_body(article, gold)
        record = article.to_dict()
        for field, value in gold["metadata"].items():
            field_total += 1
            field_hits += fold(record[field]) == fold(value)
    assert body_ok >= 10
    assert field_hits >= field_total - 1
