"""The Spark engine: the same stage code in ``mapPartitions``, written as Parquet.

The driver only lists input files; each Spark task reads its share of the files with
``khabar.read.read_pages`` and runs ``khabar.pipeline.process_partition`` on them — the
very function the local engine runs — so both engines give identical records. pyspark is
an optional extra (``pip install 'khabar[spark]'``) and is imported only here, lazily.

Output folder::

    OUT/articles/part-*.parquet    one row per article (schema: ``khabar.run.schema``)
    OUT/failures/part-*.json       one JSON object per failed page (origin, reason, …)
    OUT/manifest.json              the job and the totals, written last
"""

from __future__ import annotations

import glob
import io
import json
import os
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khabar.errors import KhabarError
from khabar.pipeline import Pipeline, process_partition

if TYPE_CHECKING:
    from khabar.run.batch import BatchOptions, BatchReport

DEFAULT_MASTER = "local[2]"
FAILURE_FIELDS = ("origin", "reason", "error_type", "path", "url", "record")

_GLOB_CHARS = frozenset("*?[")

# Pipelines already unpickled in this Spark Python worker, by job token: Python workers are
# reused across tasks, so each loads its stage resources once, not once per partition.
_WORKER_PIPELINES: dict[str, Pipeline] = {}


class SparkUnavailable(KhabarError):
    """pyspark (or Java) is not installed: ``pip install 'khabar[spark]'``."""


def spark_session(master: str | None = None, app_name: str = "khabar") -> Any:
    """A SparkSession; ``local[2]`` by default, bound to 127.0.0.1 when local.

    Executors run the same Python as this process (``PYSPARK_PYTHON``) unless the
    environment already says otherwise (a cluster with its own interpreter path).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkUnavailable(
            "the spark engine needs pyspark: pip install 'khabar[spark]'"
        ) from error
    master = master or DEFAULT_MASTER
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.parquet.compression.codec", "zstd")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def input_files(inputs: Sequence[str]) -> list[str]:
    """The input files, listed on the driver exactly as ``read_pages`` would walk them.

    Folders are walked recursively in sorted order, skipping hidden entries and files
    that are not pages (``khabar.read.sources.is_page_file``); globs expand to their
    sorted matches; a missing path is kept, so its task records the read error.
    """
    files: list[str] = []
    for item in inputs:
        name = str(item)
        if name == "-":
            raise KhabarError("the spark engine cannot read standard input; pass files")
        path = Path(name)
        if path.is_dir():
            files.extend(_walk(path))
        elif not path.exists() and _GLOB_CHARS & set(name):
            for match in sorted(glob.glob(name, recursive=True)):
                files.extend(_walk(Path(match)) if os.path.isdir(match) else [match])
        else:
            files.append(name)
    return files


def _walk(folder: Path) -> Iterator[str]:
    from khabar.read.sources import is_page_file

    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file() and is_page_file(entry.name):
            yield entry.path


def is_remote(name: str) -> bool:
    """A Hadoop file-system URI (``hdfs://``, ``s3a://``, ``gs://`` …) rather than a local path."""
    scheme, sep, _ = name.partition("://")
    return bool(sep) and scheme.lower() != "file" and scheme.isalnum()


def _worker_pipeline(pipeline: Pipeline | None, token: str) -> Pipeline:
    cached = _WORKER_PIPELINES.get(token)
    if cached is None:
        cached = pipeline if pipeline is not None else Pipeline()
        _WORKER_PIPELINES[token] = cached
    return cached


def partition_records(
    files: Iterable[str], pipeline: Pipeline | None, token: str
) -> Iterator[dict[str, Any]]:
    """Runs in a Spark task: read the partition's local files, process their pages."""
    from khabar.read import read_pages

    files = list(files)
    if files:
        yield from process_partition(read_pages(files), _worker_pipeline(pipeline, token))


def remote_partition_records(
    blobs: Iterable[tuple[str, bytes]], pipeline: Pipeline | None, token: str
) -> Iterator[dict[str, Any]]:
    """Runs in a Spark task: pages of whole files Spark read from HDFS/S3 (``binaryFiles``)."""
    from khabar.read.sources import kind_of_name, read_stream

    def pages() -> Iterator[Any]:
        for uri, content in blobs:
            yield from read_stream(io.BytesIO(content), uri, kind_of_name(uri))

    yield from process_partition(pages(), _worker_pipeline(pipeline, token))


def _to_row(record: dict[str, Any]) -> dict[str, Any]:
    from khabar.run.schema import article_row

    return article_row(record["article"])


def _failure_row(record: dict[str, Any]) -> dict[str, Any]:
    failure = record["failure"]
    return {name: failure.get(name) for name in FAILURE_FIELDS}


def _failure_schema() -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, T.StringType(), True) for name in FAILURE_FIELDS])


def run_spark_batch(
    inputs: Sequence[str],
    options: BatchOptions,
    *,
    pipeline: Pipeline | None = None,
    session: Any = None,
) -> BatchReport:
    """Process ``inputs`` on Spark into ``options.out_dir`` (Parquet articles + JSON failures).

    Resuming is per job: a finished job (manifest ``complete``) is not run again; an
    unfinished one is rerun whole (Spark already retries failed tasks within a run).
    """
    from pyspark import StorageLevel

    from khabar.run.batch import (
        ARTICLES_DIR,
        FAILURES_DIR,
        MANIFEST,
        BatchReport,
        _check_same_job,
        _job,
        write_atomic,
    )
    from khabar.run.schema import spark_schema

    out_dir = Path(options.out_dir)
    job = _job(inputs, options)
    manifest = _check_same_job(out_dir, job)
    if manifest is not None and manifest.get("complete"):
        totals = manifest.get("totals", {})
        return BatchReport(
            out_dir=out_dir,
            pages=int(totals.get("pages", 0)),
            articles=int(totals.get("articles", 0)),
            failures=int(totals.get("failures", 0)),
            shards_skipped=1,
            pages_skipped=int(totals.get("pages", 0)),
        )
    remote = [name for name in inputs if is_remote(name)]
    if remote and len(remote) != len(inputs):
        raise KhabarError("mix of local paths and remote URIs: pass one kind per job")
    files = remote or input_files(inputs)
    if not files:
        raise KhabarError(f"no input files found in {', '.join(inputs)}")
    spark = session if session is not None else spark_session(options.master)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / MANIFEST, json.dumps({"job": job, "complete": False}) + "\n")

    token = uuid.uuid4().hex
    context = spark.sparkContext
    if remote:  # Spark's own Hadoop readers fetch the bytes; the khabar reader parses them
        blobs = context.binaryFiles(",".join(remote))
        records = blobs.mapPartitions(lambda part: remote_partition_records(part, pipeline, token))
    else:
        slices = max(1, min(len(files), context.defaultParallelism * 4))
        records = context.parallelize(files, slices).mapPartitions(
            lambda part: partition_records(part, pipeline, token)
        )
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = records.map(lambda r: "article" if "article" in r else "failure").countByValue()
        articles = records.filter(lambda r: "article" in r).map(_to_row)
        spark.createDataFrame(articles, schema=spark_schema()).write.mode("overwrite").parquet(
            str(out_dir / ARTICLES_DIR)
        )
        failures = records.filter(lambda r: "failure" in r).map(_failure_row)
        spark.createDataFrame(failures, schema=_failure_schema()).write.mode("overwrite").json(
            str(out_dir / FAILURES_DIR)
        )
    finally:
        records.unpersist()
    n_articles, n_failures = int(counts.get("article", 0)), int(counts.get("failure", 0))
    totals = {"pages": n_articles + n_failures, "articles": n_articles, "failures": n_failures}
    manifest_text = json.dumps(
        {"khabar_batch": 1, "job": job, "complete": True, "totals": totals, "inputs": len(files)},
        ensure_ascii=False,
        indent=1,
    )
    write_atomic(out_dir / MANIFEST, manifest_text + "\n")
    return BatchReport(
        out_dir=out_dir,
        pages=totals["pages"],
        articles=n_articles,
        failures=n_failures,
        shards_written=1,
    )
