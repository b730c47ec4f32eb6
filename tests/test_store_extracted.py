"""`khabar ingest --extracted`: a `khabar batch` output folder into the corpus, no pipeline run.

The corpus made from a batch folder must answer like the one made by ingesting the pages
directly (same articles, quotes, search hits), keep the batch's failures, stay idempotent,
and refuse a folder that is not batch output before it creates anything.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from khabar.cli import app

runner = CliRunner()

pytestmark = pytest.mark.skipif(not (EXAMPLES / "text").exists(), reason="examples/ missing")


def _invoke(args: list[str], code: int = 0) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples plus one broken page (a truncated gzip the reader fails)."""
    folder = tmp_path_factory.mktemp("pages") / "in"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    return folder


@pytest.fixture(scope="module")
def direct(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("direct") / "k.db"
    _invoke(["ingest", str(pages), "--db", str(db), "--allow-failures"])
    return db


def _answers(db: Path) -> dict[str, object]:
    """What an analyst sees: counts, Lavrov's quotes, a hamza-folded search."""
    def data(args: list[str]) -> object:
        return json.loads(_invoke([*args, "--db", str(db), "--json"]))

    stats = data(["stats"])
    assert isinstance(stats, dict)
    for run in stats["runs"]:  # when each run started and finished differs, nothing else
        del run["started"], run["finished"]
    quotes = data(["quotes", "--speaker", "لافروف"])
    hits = data(["search", "ايران"])
    assert isinstance(quotes, list) and isinstance(hits, dict)
    return {
        "stats": stats,
        "quotes": sorted(json.dumps(q, sort_keys=True, ensure_ascii=False) for q in quotes),
        "search": sorted(hit["id"] for hit in hits["hits"]),
    }


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_batch_output_stores_the_same_corpus(
    fmt: str, pages: Path, direct: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _invoke(["batch", str(pages), "--out", str(out), "--format", fmt, "--workers", "1"])
    db = tmp_path / "k.db"
    counts = json.loads(_invoke(
        ["ingest", "--extracted", str(out), "--db", str(db), "--json"], code=1
    ))  # the broken page is a failure of the batch: kept, and it sets the status
    assert counts["failures"] == 1 and counts["stored"] == counts["pages"] - 1 >= 5
    assert _answers(db) == _answers(direct)
    assert _answers(db)["quotes"], "the seed-style example quotes Lavrov"

    again = json.loads(_invoke(
        ["ingest", "--extracted", str(out), "--db", str(db), "--json", "--allow-failures"]
    ))
    assert again["stored"] == 0 and again["duplicates"] == counts["stored"]


def test_a_folder_that_is_not_batch_output_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    output = _invoke(["ingest", "--extracted", str(EXAMPLES), "--db", str(db)], code=2)
    assert "not a `khabar batch` output folder" in output
    assert not db.exists()
