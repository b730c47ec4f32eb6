"""Corpus CLI on the bundled examples: ingest (idempotent), quotes, search, entities, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from khabar.cli import app

runner = CliRunner()

pytestmark = pytest.mark.skipif(not (EXAMPLES / "text").exists(), reason="examples/ missing")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "khabar.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["pages"] >= 5 and counts["stored"] >= 5 and counts["failures"] == 0
    return path


def _json(args: list[str]) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_ingest_twice_stores_nothing_new(db: Path) -> None:
    again = _json(["ingest", str(EXAMPLES), "--db", str(db)])
    assert isinstance(again, dict)
    assert again["stored"] == 0 and again["duplicates"] == again["pages"]


def test_quotes_by_lavrov_from_the_seed_style_example(db: Path) -> None:
    found = _json(["quotes", "--speaker", "لافروف", "--db", str(db)])
    assert isinstance(found, list) and found
    assert all("لافروف" in (q["speaker"] or "") for q in found)
    about = _json(["quotes", "--speaker", "لافروف", "--about", "ايران", "--db", str(db)])
    assert isinstance(about, list) and 0 < len(about) < len(found)
    assert all("<mark>" in q["text_html"] for q in about)


def test_search_folds_hamza(db: Path) -> None:
    page = _json(["search", "ايران", "--db", str(db)])
    assert isinstance(page, dict) and page["total"] >= 1
    assert "<mark>إيران</mark>" in page["hits"][0]["snippet_html"]


def test_entities_stats_report_and_tables(db: Path) -> None:
    top = _json(["entities", "--top", "5", "--db", str(db)])
    assert isinstance(top, list) and len(top) == 5
    stats = _json(["stats", "--db", str(db)])
    assert isinstance(stats, dict) and stats["articles"] >= 5
    report = _json(["report", "--db", str(db)])
    assert isinstance(report, dict) and report["speakers"] and report["articles"]
    for args in (["search", "ايران"], ["quotes", "--speaker", "لافروف"], ["entities"],
                 ["stats"], ["report"]):
        result = runner.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert result.output.strip()


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "khabar ingest" in result.output


def test_failed_page_sets_the_exit_status(tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")  # a truncated gzip: the reader fails it
    db = tmp_path / "k.db"
    result = runner.invoke(app, ["ingest", str(broken), "--db", str(db), "--json"])
    assert result.exit_code == 1, result.output
    allowed = runner.invoke(app, ["ingest", str(broken), "--db", str(db), "--allow-failures"])
    assert allowed.exit_code == 0
