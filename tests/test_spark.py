"""The Spark engine in local[2]: the same records as the local engine, record for record."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khabar.pipeline import Pipeline, default_stages
from khabar.run.batch import BatchOptions, iter_output_articles, iter_output_failures, run_batch

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'khabar[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java not on PATH, JAVA_HOME unset): Spark cannot start"
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    reason = _spark_missing()
    if reason:
        pytest.skip(reason)
    from khabar.run.spark import spark_session

    # Spark's Python workers import the test stage below by module name: let them find it.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(TESTS), os.environ.get("PYTHONPATH", "")) if p
    )
    session = spark_session("local[2]", app_name="khabar-test")
    yield session
    session.stop()


def write_inputs(folder: Path, count: int, broken: set[int]) -> None:
    """Text pages, a gzipped WARC of HTML responses and a JSONL file (one line unreadable)."""
    from khabar.read.warc import warc_response_record
    from test_batch import BODIES, make_pages

    folder.mkdir(parents=True)
    for page in make_pages(count, broken=broken):
        assert page.path is not None and isinstance(page.content, str)
        (folder / page.path).write_text(page.content, encoding="utf-8")
    records = b"".join(
        warc_response_record(
            f"https://news.example/{i}",
            (
                f"<html lang='ar'><head><title>خبر {i}</title></head><body><article>"
                f"<h1>خبر {i}</h1><p>{body}</p></article></body></html>"
            ).encode(),
        )
        for i, body in enumerate(BODIES[:3])
    )
    (folder / "crawl.warc.gz").write_bytes(gzip.compress(records))
    lines = [
        json.dumps(
            {"text": f"عنوان\n{BODIES[4]}", "url": "https://a.example/1"}, ensure_ascii=False
        ),
        "{not json",
        json.dumps({"text": f"عنوان آخر\n{BODIES[5]}", "title": "عنوان آخر"}, ensure_ascii=False),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def by_origin(article: dict[str, Any]) -> tuple[str, str]:
    return (article["id"], article["source"].get("path") or "")


def test_spark_output_equals_local_output(spark: Any, tmp_path: Path) -> None:
    from khabar.run.spark import run_spark_batch
    from test_batch import ExplodeOn

    inputs = [str(tmp_path / "pages")]
    write_inputs(tmp_path / "pages", 10, broken={3, 8})
    pipeline = Pipeline(stages=[*default_stages(), ExplodeOn()])

    local = run_batch(
        inputs,
        BatchOptions(out_dir=tmp_path / "local", format="parquet", shard_size=4),
        pipeline=pipeline,
    )
    report = run_spark_batch(
        inputs,
        BatchOptions(out_dir=tmp_path / "spark", format="parquet", engine="spark"),
        pipeline=pipeline,
        session=spark,
    )

    local_articles = sorted(
        (a.to_dict() for a in iter_output_articles(tmp_path / "local")), key=by_origin
    )
    spark_articles = sorted(
        (a.to_dict() for a in iter_output_articles(tmp_path / "spark")), key=by_origin
    )
    assert len(spark_articles) == 8 + 3 + 2  # text pages, WARC records, JSONL lines
    assert spark_articles == local_articles
    assert {a["source"]["url"] for a in spark_articles} >= {
        "https://news.example/0",
        "https://a.example/1",
    }
    assert any(a["sentences"] for a in spark_articles)

    def failure_key(f: dict[str, Any]) -> tuple[str, str, str]:
        return (f["origin"], f["error_type"], f["reason"])

    local_failures = sorted(map(failure_key, iter_output_failures(tmp_path / "local")))
    spark_failures = sorted(map(failure_key, iter_output_failures(tmp_path / "spark")))
    assert len(spark_failures) == 3  # two broken pages, one bad JSONL line
    assert spark_failures == local_failures
    assert (report.pages, report.articles, report.failures) == (
        local.pages,
        local.articles,
        local.failures,
    )

    manifest = json.loads((tmp_path / "spark" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True and manifest["totals"]["articles"] == 13
    # A rerun of a finished Spark job does nothing.
    again = run_spark_batch(
        inputs,
        BatchOptions(out_dir=tmp_path / "spark", format="parquet", engine="spark"),
        pipeline=pipeline,
        session=spark,
    )
    assert (again.shards_written, again.articles) == (0, 13)
