"""The local batch engine: shards, atomic writes, resume, failures, both output formats."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from khabar.model import Article
from khabar.nlp.sentences import SentenceStage
from khabar.pipeline import Pipeline
from khabar.read.page import RawPage
from khabar.run.batch import (
    BatchError,
    BatchOptions,
    iter_output_articles,
    iter_output_failures,
    run_batch,
)
from khabar.run.local import chunked, run_local

BODIES = [
    "قال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن.\n"
    "وأضاف أن المحادثات ستستأنف الأسبوع المقبل في الكويت.",
    "أعلنت وزارة الصحة تسجيل حالات جديدة في الرياض وجدة.\n"
    "وأكد المتحدث باسم الوزارة أن الوضع تحت السيطرة.",
    "ارتفع مؤشر السوق المالية السعودية في ختام تعاملات اليوم.\n"
    "وبلغت قيمة التداولات نحو خمسة مليارات ريال.",
    "افتتح أمير منطقة مكة المكرمة مشروعا جديدا للطرق.\nوقال إن المشروع يخدم ملايين الزوار كل عام.",
    "عقد مجلس الوزراء جلسته الأسبوعية برئاسة خادم الحرمين الشريفين.\n"
    "وناقش المجلس عددا من الموضوعات.",
    "تأهل فريق الهلال إلى الدور نصف النهائي من البطولة الآسيوية.\nوسجل المهاجم هدفين في المباراة.",
    "حذرت الأرصاد من أمطار غزيرة على المناطق الجنوبية.\nودعت المواطنين إلى توخي الحذر في الطرق.",
    "وقعت المملكة ومصر اتفاقية للتعاون في مجال الطاقة.\nوقال الوزير إن الاتفاقية تفتح آفاقا جديدة.",
]
MARKER = "عطل_متعمد"  # a page whose text carries this makes the test stage raise
DIE_MARKER = "موت_العامل"  # … and this one makes it kill its worker process


@dataclass
class ExplodeOn:
    """A real stage that fails on pages carrying a marker: the 'broken page' of these tests."""

    marker: str = MARKER
    name: str = "explode-on"

    def __call__(self, article: Article) -> Article:
        if self.marker in article.text:
            raise ValueError(f"page carries {self.marker}")
        return article


@dataclass
class CountCalls:
    """A stage that counts the articles it sees in this process (workers=1 runs in-process)."""

    name: str = "count-calls"
    seen: int = 0

    def __call__(self, article: Article) -> Article:
        self.seen += 1
        return article


@dataclass
class DieOn:
    """A stage that kills its worker process outright (like a segfault or the OOM killer)
    on a marked page; in the main process it does nothing, so pytest survives."""

    marker: str = DIE_MARKER
    name: str = "die-on"

    def __call__(self, article: Article) -> Article:
        if self.marker in article.text and multiprocessing.parent_process() is not None:
            os.kill(os.getpid(), signal.SIGKILL)
        return article


def make_pages(
    count: int,
    broken: set[int] = frozenset(),  # type: ignore[assignment]
    marker: str = MARKER,
) -> list[RawPage]:
    pages = []
    for i in range(count):
        body = BODIES[i % len(BODIES)]
        if i in broken:
            body = f"{body}\n{marker}"
        text = f"خبر رقم {i + 1}\n{body}\nالمصدر: واس رقم {i}\n"
        pages.append(RawPage(content=text, path=f"page_{i:03d}.txt"))
    return pages


def pipeline(*extra: object) -> Pipeline:
    return Pipeline(stages=[SentenceStage(), ExplodeOn(), *extra])  # type: ignore[list-item]


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path: to compare two runs byte for byte."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def options(out: Path, **changes: object) -> BatchOptions:
    settings: dict[str, object] = {"out_dir": out, "shard_size": 3, "chunk_size": 2}
    settings.update(changes)
    return BatchOptions(**settings)  # type: ignore[arg-type]


# --- local runner ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "size", "lengths"), [(7, 3, [3, 3, 1]), (6, 3, [3, 3]), (0, 4, [])]
)
def test_chunked_splits_in_order(count: int, size: int, lengths: list[int]) -> None:
    chunks = list(chunked(range(count), size))
    assert [len(c) for c in chunks] == lengths
    assert [x for c in chunks for x in c] == list(range(count))


def test_process_pool_gives_the_in_process_records_in_order() -> None:
    pages = make_pages(9, broken={4})
    alone = list(run_local(pages, pipeline(), workers=1))
    pooled = list(run_local(pages, pipeline(), workers=2, chunk_size=2))
    assert pooled == alone
    assert ["failure" in r for r in alone] == [i == 4 for i in range(9)]


def test_a_page_that_kills_its_worker_becomes_a_failure_and_the_run_goes_on() -> None:
    pages = make_pages(9, broken={5}, marker=DIE_MARKER)
    records = list(run_local(pages, pipeline(DieOn()), workers=2, chunk_size=2))
    in_process = list(run_local(pages, pipeline(DieOn()), workers=1))

    assert len(records) == 9
    assert records[5]["failure"]["error_type"] == "WorkerCrashed"
    assert records[5]["failure"]["origin"] == "page_005.txt"
    assert records[:5] + records[6:] == in_process[:5] + in_process[6:]


# --- shards, formats, failures --------------------------------------------------------------


def test_jsonl_shards_manifest_and_failures(tmp_path: Path) -> None:
    pages = make_pages(7, broken={4})
    report = run_batch(["memory"], options(tmp_path), pipeline=pipeline(), pages=pages)

    assert (report.pages, report.articles, report.failures) == (7, 6, 1)
    names = sorted(p.name for p in (tmp_path / "articles").iterdir())
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True
    assert [(s["index"], s["pages"], s["articles"], s["failures"]) for s in manifest["shards"]] == [
        (0, 3, 3, 0),
        (1, 3, 2, 1),
        (2, 1, 1, 0),
    ]
    # The broken page (index 4, in shard 1) is recorded with where it came from and why.
    failures = [json.loads(line) for line in (tmp_path / "failures.jsonl").read_text().splitlines()]
    assert len(failures) == 1
    assert failures[0]["origin"] == "page_004.txt"
    assert failures[0]["page_index"] == 4
    assert MARKER in failures[0]["reason"] and failures[0]["error_type"] == "ValueError"
    assert list(iter_output_failures(tmp_path)) == failures
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_articles_round_trip_and_pages_after_a_broken_one_are_kept(tmp_path: Path) -> None:
    pages = make_pages(7, broken={1})
    run_batch(["memory"], options(tmp_path), pipeline=pipeline(), pages=pages)
    articles = list(iter_output_articles(tmp_path))
    expected = [r["article"] for r in run_local(pages, pipeline()) if "article" in r]
    assert [a.to_dict() for a in articles] == expected
    assert [a.source.path for a in articles] == [f"page_{i:03d}.txt" for i in range(7) if i != 1]
    for article in articles:
        for sentence in article.sentences:
            assert article.text[sentence.start : sentence.end].strip()


def test_parquet_output_holds_the_same_articles_as_jsonl(tmp_path: Path) -> None:
    pages = make_pages(8, broken={0, 7})
    run_batch(["memory"], options(tmp_path / "j"), pipeline=pipeline(), pages=pages)
    run_batch(
        ["memory"], options(tmp_path / "p", format="parquet"), pipeline=pipeline(), pages=pages
    )
    as_jsonl = list(iter_output_articles(tmp_path / "j"))
    as_parquet = list(iter_output_articles(tmp_path / "p"))
    assert len(as_parquet) == 6
    assert as_parquet == as_jsonl
    assert sorted(p.name for p in (tmp_path / "p" / "articles").iterdir()) == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    assert list(iter_output_failures(tmp_path / "p")) == list(iter_output_failures(tmp_path / "j"))


def test_parquet_columns_are_queryable_without_json(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (khabar[parquet]) not installed")
    run_batch(
        ["memory"], options(tmp_path, format="parquet"), pipeline=pipeline(), pages=make_pages(3)
    )
    table = pq.read_table(str(tmp_path / "articles"))
    assert table.num_rows == 3
    assert {"id", "text", "title", "source", "sentences", "entities", "quotes"} <= set(
        table.column_names
    )
    sentences = table.column("sentences").to_pylist()[0]
    assert sentences and set(sentences[0]) == {"start", "end"}
    assert table.column("source").to_pylist()[0]["path"] == "page_000.txt"


def test_worker_count_does_not_change_the_output(tmp_path: Path) -> None:
    pages = make_pages(8, broken={5})
    run_batch(["memory"], options(tmp_path / "one"), pipeline=pipeline(), pages=pages)
    run_batch(["memory"], options(tmp_path / "two", workers=2), pipeline=pipeline(), pages=pages)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


# --- resume ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_rerun_skips_finished_shards_without_processing_them(tmp_path: Path, fmt: str) -> None:
    pages = make_pages(7, broken={4})
    run_batch(["memory"], options(tmp_path / "full", format=fmt), pipeline=pipeline(), pages=pages)

    out = tmp_path / "resumed"
    run_batch(["memory"], options(out, format=fmt), pipeline=pipeline(), pages=pages)
    # As if killed (-9) while writing shard 1: its article file never landed, a temp file
    # was left behind. (The manifest still lists it: the files, not the manifest, decide.)
    shard = out / "articles" / f"part-00001.{fmt}"
    shard.rename(shard.with_name(f".{shard.name}.tmp"))
    counter = CountCalls()
    report = run_batch(
        ["memory"], options(out, format=fmt), pipeline=pipeline(counter), pages=pages
    )

    assert counter.seen == 2  # only shard 1's two good pages went through the stages again
    assert (report.shards_written, report.shards_skipped, report.pages_skipped) == (1, 2, 4)
    assert (report.pages, report.articles, report.failures) == (7, 6, 1)
    assert tree(out) == tree(tmp_path / "full")


def test_interrupted_run_leaves_no_partial_shard_and_resumes_to_the_same_output(
    tmp_path: Path,
) -> None:
    pages = make_pages(8, broken={2})
    run_batch(["memory"], options(tmp_path / "full"), pipeline=pipeline(), pages=pages)

    def stops_after(n: int) -> Iterator[RawPage]:
        yield from pages[:n]
        raise KeyboardInterrupt  # the user pressed Ctrl-C while shard 1 was being written

    out = tmp_path / "interrupted"
    with pytest.raises(KeyboardInterrupt):
        run_batch(["memory"], options(out), pipeline=pipeline(), pages=stops_after(5))
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["part-00000.jsonl"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is False

    report = run_batch(["memory"], options(out), pipeline=pipeline(), pages=pages)
    assert report.shards_skipped == 1
    assert tree(out) == tree(tmp_path / "full")


def test_a_different_job_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    run_batch(["a"], options(tmp_path), pipeline=pipeline(), pages=make_pages(2))
    with pytest.raises(BatchError, match="different job"):
        run_batch(["a"], options(tmp_path, shard_size=5), pipeline=pipeline(), pages=make_pages(2))
    with pytest.raises(BatchError, match="different job"):
        run_batch(["b"], options(tmp_path), pipeline=pipeline(), pages=make_pages(2))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "csv"}, "unknown format"),
        ({"engine": "dask"}, "unknown engine"),
        ({"engine": "spark", "format": "jsonl"}, "writes parquet"),
        ({"workers": 0}, "workers"),
        ({"shard_size": 0}, "shard-size"),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(BatchError, match=message):
        run_batch(["x"], options(tmp_path / "out", **changes), pages=[])
    assert not (tmp_path / "out").exists()


def test_empty_input_gives_a_complete_empty_output(tmp_path: Path) -> None:
    report = run_batch(["none"], options(tmp_path), pipeline=pipeline(), pages=[])
    assert (report.pages, report.shards_written) == (0, 0)
    assert json.loads((tmp_path / "manifest.json").read_text())["complete"] is True
    assert (tmp_path / "failures.jsonl").read_text() == ""


# --- end to end, through the reader and the command line -----------------------------------


def test_cli_batch_over_a_folder_of_text_pages(tmp_path: Path) -> None:
    from khabar.cli import app

    inputs = tmp_path / "pages"
    inputs.mkdir()
    for page in make_pages(5):
        assert page.path is not None and isinstance(page.content, str)
        (inputs / page.path).write_text(page.content, encoding="utf-8")
    missing = tmp_path / "gone" / "page.txt"  # an unreadable input: recorded, not fatal

    out = tmp_path / "out"
    args = ["batch", str(inputs), str(missing), "--out", str(out), "--shard-size", "4", "-q"]
    result = CliRunner().invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    articles = list(iter_output_articles(out))
    assert [Path(a.source.path or "").name for a in articles] == [
        f"page_{i:03d}.txt" for i in range(5)
    ]
    assert all(a.text and a.sentences for a in articles)
    failures = list(iter_output_failures(out))
    assert [(f["origin"], f["page_index"]) for f in failures] == [(str(missing), 5)]
    assert failures[0]["error_type"] == "ReadError"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"] == {"shards": 2, "pages": 6, "articles": 5, "failures": 1}

    again = CliRunner().invoke(app, [*args, "--workers", "2"])  # a rerun over a finished job
    assert again.exit_code == 0, again.output
    assert "0 shards written, 2 already done" in again.output


# --- the Parquet schema ----------------------------------------------------------------------


def test_parquet_schema_follows_the_article_json() -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow (khabar[parquet]) not installed")
    from khabar.run.schema import arrow_schema

    schema = arrow_schema()
    sample = Article(text="نص").to_dict()
    assert schema.names == list(sample)  # same columns, in the JSON's key order
    quote = schema.field("quotes").type.value_type
    assert {quote.field(i).name for i in range(quote.num_fields)} == _quote_keys()
    assert quote.field("start").type == pa.int32()
    assert schema.field("credits").type == pa.list_(pa.string())


def _quote_keys() -> set[str]:
    from khabar.model import Quote

    return set(Quote.__dataclass_fields__)


def test_spark_schema_has_the_same_columns_as_the_arrow_schema() -> None:
    pytest.importorskip("pyarrow", reason="pyarrow (khabar[parquet]) not installed")
    pytest.importorskip("pyspark", reason="pyspark (khabar[spark]) not installed")
    from khabar.run.schema import arrow_schema, spark_schema

    def arrow_tree(field_type: object) -> Any:
        import pyarrow as pa

        if isinstance(field_type, pa.StructType):
            return {f.name: arrow_tree(f.type) for f in field_type}
        if isinstance(field_type, pa.ListType):
            return [arrow_tree(field_type.value_type)]
        return "int" if pa.types.is_integer(field_type) else "string"

    def spark_tree(field_type: object) -> object:
        from pyspark.sql import types as T

        if isinstance(field_type, T.StructType):
            return {f.name: spark_tree(f.dataType) for f in field_type.fields}
        if isinstance(field_type, T.ArrayType):
            return [spark_tree(field_type.elementType)]
        return "int" if isinstance(field_type, T.IntegerType) else "string"

    arrow = {f.name: arrow_tree(f.type) for f in arrow_schema()}
    assert arrow == spark_tree(spark_schema())
    from khabar.model import Entity

    (entity,) = arrow["entities"]
    assert list(entity) == list(Entity.__dataclass_fields__)
    assert (entity["start"], entity["end"], entity["text"]) == ("int", "int", "string")
