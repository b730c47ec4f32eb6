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
from khabar.run.collector import settled_after
from khabar.run.memory import bounded

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

    Under ``spark-submit`` (no ``master`` given) the master spark-submit was given is kept.

    Executors run the same Python as this process (``PYSPARK_PYTHON``) unless the
    environment already says otherwise (a cluster with its own interpreter path).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkUnavailable(
            "the spark engine needs pyspark: pip install 'khabar[spark]'"
        ) from error
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # launched by spark-submit / pyspark shell
    if master is None and not submitted:
        master = DEFAULT_MASTER
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.parquet.compression.codec", "zstd")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    try:
        session = builder.getOrCreate()
    except Exception as error:  # no Java, a bad master URL: pyspark raises its own errors
        raise SparkUnavailable(
            f"Spark could not start ({master or 'submitted'}): {error}"
        ) from error
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
    """Runs in a Spark task: read the partition's local files, process their pages (the
    Python worker's garbage collector settled once it is warm: ``khabar.run.collector``)."""
    from khabar.read import read_pages

    files = list(files)
    if files:
        pipeline = _worker_pipeline(pipeline, token)
        yield from settled_after(bounded(process_partition(read_pages(files), pipeline)))


def remote_partition_records(
    blobs: Iterable[tuple[str, bytes]], pipeline: Pipeline | None, token: str
) -> Iterator[dict[str, Any]]:
    """Runs in a Spark task: pages of whole files Spark read from HDFS/S3 (``binaryFiles``)."""
    from khabar.read.sources import kind_of_name, read_stream

    def pages() -> Iterator[Any]:
        for uri, content in blobs:
            yield from read_stream(io.BytesIO(content), uri, kind_of_name(uri))

    yield from settled_after(bounded(process_partition(pages(), _worker_pipeline(pipeline, token))))


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

    Inputs are local paths (listed here, read by the tasks; on a cluster they must be on a
    file system every node mounts) or Hadoop URIs (``hdfs://``, ``s3a://``: read by Spark).
    Resuming is per job: a finished local job (manifest ``complete``) is not run again, an
    unfinished one is rerun whole (within a run, Spark itself retries failed tasks). For a
    remote ``out_dir`` no manifest is written; Spark's ``_SUCCESS`` files mark completion.
    """
    from khabar.run.batch import BatchReport, _check_same_job, _job

    out = str(options.out_dir).rstrip("/")
    local_out = None if is_remote(out) else Path(out)
    job = _job(inputs, options)
    if local_out is not None:
        manifest = _check_same_job(local_out, job)
        if manifest is not None and manifest.get("complete"):
            totals = manifest.get("totals", {})
            return BatchReport(
                out_dir=local_out,
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
    if local_out is not None:
        _write_local_manifest(local_out, {"khabar_batch": 1, "job": job, "complete": False})

    totals = _run_job(spark, files, bool(remote), out, pipeline)

    if local_out is not None:
        _write_local_manifest(
            local_out,
            {
                "khabar_batch": 1,
                "job": job,
                "complete": True,
                "totals": totals,
                "files": len(files),
            },
        )
    return BatchReport(
        out_dir=Path(out),
        pages=totals["pages"],
        articles=totals["articles"],
        failures=totals["failures"],
        shards_written=1,
    )


def _write_local_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    from khabar.run.batch import MANIFEST, write_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _run_job(
    spark: Any, files: list[str], remote: bool, out: str, pipeline: Pipeline | None
) -> dict[str, int]:
    """The Spark actions: count the records, then write articles and failures."""
    from pyspark import StorageLevel

    from khabar.run.batch import ARTICLES_DIR, FAILURES_DIR
    from khabar.run.schema import spark_schema

    token = uuid.uuid4().hex
    context = spark.sparkContext
    if remote:  # Spark's own Hadoop readers fetch the bytes; the khabar reader parses them
        blobs = context.binaryFiles(",".join(files))
        records = blobs.mapPartitions(lambda part: remote_partition_records(part, pipeline, token))
    else:
        slices = max(1, min(len(files), context.defaultParallelism * 4))
        records = context.parallelize(files, slices).mapPartitions(
            lambda part: partition_records(part, pipeline, token)
        )
    # Processed once, read by three actions; spills to disk rather than recomputing.
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = records.map(lambda r: "article" if "article" in r else "failure").countByValue()
        articles = records.filter(lambda r: "article" in r).map(_to_row)
        spark.createDataFrame(articles, schema=spark_schema()).write.mode("overwrite").parquet(
            f"{out}/{ARTICLES_DIR}"
        )
        failures = records.filter(lambda r: "failure" in r).map(_failure_row)
        spark.createDataFrame(failures, schema=_failure_schema()).write.mode("overwrite").json(
            f"{out}/{FAILURES_DIR}"
        )
    finally:
        records.unpersist()
    n_articles, n_failures = int(counts.get("article", 0)), int(counts.get("failure", 0))
    return {"pages": n_articles + n_failures, "articles": n_articles, "failures": n_failures}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``spark-submit``: the master comes from ``--master`` of spark-submit.

    ``spark-submit --master spark://host:7077 …/khabar/run/spark.py INPUT… --out OUT``
    """
    import argparse

    from khabar.run.batch import BatchOptions

    parser = argparse.ArgumentParser(prog="khabar-spark", description=main.__doc__)
    parser.add_argument("inputs", nargs="+", help="local paths or hdfs:// / s3a:// URIs")
    parser.add_argument("--out", required=True, help="output folder or URI")
    parser.add_argument("--master", default=None, help="only when not run by spark-submit")
    args = parser.parse_args(argv)
    options = BatchOptions(out_dir=args.out, format="parquet", engine="spark", master=args.master)
    options.check()
    report = run_spark_batch(args.inputs, options)
    print(
        f"{report.pages} pages → {report.articles} articles, {report.failures} failures; "
        f"output in {args.out}"
    )
    return 0


if __name__ == "__main__":
    # Run from the package module, not this script's copy, so tasks pickle references to it.
    from khabar.run.spark import main as _main

    raise SystemExit(_main())
