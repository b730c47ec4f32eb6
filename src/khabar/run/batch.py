"""``khabar batch``: pages in, article shards out — streaming, atomic and resumable.

Layout of an output folder (local engine)::

    OUT/manifest.json                  the job (inputs, format, shard size) and per-shard counts
    OUT/articles/part-00000.jsonl      articles of pages [0, S)   (or .parquet)
    OUT/articles/part-00001.jsonl      articles of pages [S, 2S)
    OUT/failures/part-00001.jsonl      pages of shard 1 that failed (origin + reason), if any
    OUT/failures.jsonl                 all failures, merged when the run completes

Shard ``k`` holds the pages ``[k*S, (k+1)*S)`` of the input order, so shards are a
pure function of the input. Each file is written to a temporary name and renamed into
place (``os.replace``), so a shard file either exists complete or not at all; the
article file is renamed last and is the mark that a shard is done. A rerun over the
same folder skips the pages of finished shards without processing them, so a run that
was killed and resumed writes exactly the files an uninterrupted run writes.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from khabar.errors import KhabarError
from khabar.model import Article
from khabar.pipeline import Pipeline
from khabar.read.page import RawPage
from khabar.run.local import DEFAULT_CHUNK_SIZE, Record, run_local

Format = Literal["jsonl", "parquet"]
Engine = Literal["local", "spark"]

FORMATS: tuple[Format, ...] = ("jsonl", "parquet")
ENGINES: tuple[Engine, ...] = ("local", "spark")
MANIFEST = "manifest.json"
ARTICLES_DIR = "articles"
FAILURES_DIR = "failures"
FAILURES_FILE = "failures.jsonl"
MANIFEST_VERSION = 1
DEFAULT_SHARD_SIZE = 1000
PARQUET_ROW_GROUP = 256

_SHARD_NAME = re.compile(r"^part-(\d{5,})\.(jsonl|parquet)$")
_TEMP_NAME = re.compile(r"^\..+\.tmp$")


class BatchError(KhabarError):
    """A batch cannot start: bad options, or an output folder made by a different job."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch; ``workers``/``chunk_size`` change speed, never the output."""

    out_dir: Path | str  # a str may be a Hadoop URI (spark engine only)
    format: Format = "jsonl"
    engine: Engine = "local"
    workers: int = 1
    shard_size: int = DEFAULT_SHARD_SIZE
    chunk_size: int = DEFAULT_CHUNK_SIZE
    master: str | None = None  # Spark master URL; None → local[2]

    def check(self) -> None:
        if self.format not in FORMATS:
            raise BatchError(f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}")
        if self.engine not in ENGINES:
            raise BatchError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.engine == "spark" and self.format != "parquet":
            raise BatchError("the spark engine writes parquet: use --format parquet")
        if self.workers < 1:
            raise BatchError(f"--workers must be at least 1, got {self.workers}")
        if self.shard_size < 1:
            raise BatchError(f"--shard-size must be at least 1, got {self.shard_size}")
        if self.chunk_size < 1:
            raise BatchError(f"chunk size must be at least 1, got {self.chunk_size}")
        if self.engine == "local" and "://" in str(self.out_dir):
            raise BatchError(f"the local engine writes to a local folder, not {self.out_dir}")


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a running batch is: pages handled so far (processed or skipped as done)."""

    pages: int
    articles: int
    failures: int
    skipped: int
    shards_written: int


@dataclass
class BatchReport:
    """What a finished batch did."""

    out_dir: Path
    pages: int = 0
    articles: int = 0
    failures: int = 0
    shards_written: int = 0
    shards_skipped: int = 0
    pages_skipped: int = 0
    shards: list[dict[str, Any]] = field(default_factory=list)


ProgressCallback = Callable[[BatchProgress], None]


# --- file names and atomic writes ---------------------------------------------------------


def shard_name(index: int, extension: str) -> str:
    return f"part-{index:05d}.{extension}"


def _temp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp")


def _fsync_replace(temp: Path, final: Path) -> None:
    """Make ``temp`` durable, then rename it onto ``final`` (atomic on POSIX)."""
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, final)


def write_atomic(final: Path, text: str) -> None:
    """Write a whole text file under a temporary name, then rename it into place."""
    temp = _temp_path(final)
    temp.write_text(text, encoding="utf-8")
    _fsync_replace(temp, final)


def _json_line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- shard writers --------------------------------------------------------------------------


class _ShardWriter:
    """Writes one shard's articles to a temporary file; ``commit`` renames it into place."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.temp = _temp_path(final)
        self.articles = 0

    def add(self, article: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        self.close()
        _fsync_replace(self.temp, self.final)

    def discard(self) -> None:
        self.close()
        self.temp.unlink(missing_ok=True)


class _JsonlShardWriter(_ShardWriter):
    def __init__(self, final: Path) -> None:
        super().__init__(final)
        self._handle: IO[str] | None = open(self.temp, "w", encoding="utf-8")

    def add(self, article: dict[str, Any]) -> None:
        assert self._handle is not None
        self._handle.write(_json_line(article))
        self.articles += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class _ParquetShardWriter(_ShardWriter):
    """Streams rows to Parquet in row groups, so a shard never sits whole in memory."""

    def __init__(self, final: Path) -> None:
        import pyarrow.parquet as pq

        from khabar.run.schema import arrow_schema

        super().__init__(final)
        self._schema = arrow_schema()
        self._writer: Any = pq.ParquetWriter(str(self.temp), self._schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []

    def add(self, article: dict[str, Any]) -> None:
        # An Article.to_dict() already has the schema's shape (both come from the model);
        # pyarrow takes the fields it needs, five times faster than reshaping each row.
        self._rows.append(article)
        self.articles += 1
        if len(self._rows) >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._writer = None


def _open_writer(final: Path, fmt: Format) -> _ShardWriter:
    return _ParquetShardWriter(final) if fmt == "parquet" else _JsonlShardWriter(final)


# --- the output folder ------------------------------------------------------------------------


def _job(inputs: Sequence[str], options: BatchOptions) -> dict[str, Any]:
    """What defines the output: the same job always writes the same files."""
    return {
        "inputs": list(inputs),
        "format": options.format,
        "engine": options.engine,
        "shard_size": options.shard_size,
    }


def _read_manifest(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BatchError(
            f"{path} is unreadable ({error}); remove it or use another --out"
        ) from error
    if not isinstance(data, dict):
        raise BatchError(f"{path} is not a khabar batch manifest")
    return data


def _check_same_job(out_dir: Path, job: dict[str, Any]) -> dict[str, Any] | None:
    manifest = _read_manifest(out_dir)
    if manifest is not None and manifest.get("job") != job:
        raise BatchError(
            f"{out_dir} holds the output of a different job ({manifest.get('job')}); "
            "use another --out or remove it to start over"
        )
    return manifest


def _remove_stale_temps(directory: Path) -> None:
    """Temporary files left by a killed run: never complete, safe to drop."""
    if directory.is_dir():
        for entry in directory.iterdir():
            if _TEMP_NAME.match(entry.name):
                entry.unlink(missing_ok=True)


def finished_shards(out_dir: Path, fmt: Format) -> set[int]:
    """Indexes of shards whose article file is in place (hence complete)."""
    done: set[int] = set()
    directory = out_dir / ARTICLES_DIR
    if directory.is_dir():
        for entry in directory.iterdir():
            match = _SHARD_NAME.match(entry.name)
            if match and match.group(2) == fmt:
                done.add(int(match.group(1)))
    return done


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def _count_articles(path: Path, fmt: Format) -> int:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(str(path)).metadata.num_rows)
    return _count_lines(path)


def _write_manifest(
    out_dir: Path, job: dict[str, Any], shards: dict[int, dict[str, Any]], complete: bool
) -> None:
    ordered = [shards[k] for k in sorted(shards)]
    manifest = {
        "khabar_batch": MANIFEST_VERSION,
        "job": job,
        "complete": complete,
        "totals": {
            "shards": len(ordered),
            "pages": sum(s["pages"] for s in ordered),
            "articles": sum(s["articles"] for s in ordered),
            "failures": sum(s["failures"] for s in ordered),
        },
        "shards": ordered,
    }
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _merge_failures(out_dir: Path, shard_indexes: Iterable[int]) -> None:
    """Concatenate the per-shard failure files, in shard order, into ``failures.jsonl``."""
    final = out_dir / FAILURES_FILE
    temp = _temp_path(final)
    with open(temp, "w", encoding="utf-8") as merged:
        for index in sorted(shard_indexes):
            part = out_dir / FAILURES_DIR / shard_name(index, "jsonl")
            if part.exists():
                merged.write(part.read_text(encoding="utf-8"))
    _fsync_replace(temp, final)


# --- the run ----------------------------------------------------------------------------------


def run_batch(
    inputs: Sequence[str],
    options: BatchOptions,
    *,
    pipeline: Pipeline | None = None,
    pages: Iterable[RawPage] | None = None,
    on_progress: ProgressCallback | None = None,
) -> BatchReport:
    """Run the pipeline over ``inputs`` (or over ``pages`` when given) into ``options.out_dir``.

    ``inputs`` are what ``khabar.read.read_pages`` accepts (files, folders, globs, ``-``);
    they are also recorded in the manifest to recognise a rerun of the same job.
    Per-page failures are written to the failures files and never stop the run.
    """
    options.check()
    if options.engine == "spark":
        from khabar.run.spark import run_spark_batch

        return run_spark_batch(inputs, options, pipeline=pipeline)
    return _run_local_batch(
        inputs, options, pipeline=pipeline, pages=pages, on_progress=on_progress
    )


def _run_local_batch(
    inputs: Sequence[str],
    options: BatchOptions,
    *,
    pipeline: Pipeline | None,
    pages: Iterable[RawPage] | None,
    on_progress: ProgressCallback | None,
) -> BatchReport:
    out_dir = Path(options.out_dir)
    job = _job(inputs, options)
    articles_dir = out_dir / ARTICLES_DIR
    failures_dir = out_dir / FAILURES_DIR
    articles_dir.mkdir(parents=True, exist_ok=True)
    failures_dir.mkdir(parents=True, exist_ok=True)
    manifest = _check_same_job(out_dir, job)
    for directory in (out_dir, articles_dir, failures_dir):
        _remove_stale_temps(directory)

    done = finished_shards(out_dir, options.format)
    known = {int(s["index"]): s for s in (manifest or {}).get("shards", []) if "index" in s}
    shards: dict[int, dict[str, Any]] = {}
    for index in done:
        shards[index] = known.get(index) or _recount_shard(out_dir, index, options)
    if manifest is None:
        _write_manifest(out_dir, job, shards, complete=False)

    if pages is None:
        from khabar.read import read_pages

        pages = read_pages(inputs)

    report = BatchReport(out_dir=out_dir, shards_skipped=len(done))
    state = _RunState(report, on_progress)
    shard_of: deque[tuple[int, int]] = deque()  # (shard, page index) of pages sent, in order

    def todo() -> Iterator[RawPage]:
        for page_index, page in enumerate(pages):
            shard = page_index // options.shard_size
            if shard in done:
                state.skip()
                continue
            shard_of.append((shard, page_index))
            yield page

    records = run_local(todo(), pipeline, workers=options.workers, chunk_size=options.chunk_size)
    open_shard: _OpenShard | None = None
    try:
        for record in records:
            shard, page_index = shard_of.popleft()
            if open_shard is not None and open_shard.index != shard:
                shards[open_shard.index] = open_shard.commit()
                _write_manifest(out_dir, job, shards, complete=False)
                report.shards_written += 1
                open_shard = None
            if open_shard is None:
                open_shard = _OpenShard(out_dir, shard, options.format)
            open_shard.add(record, page_index)
            state.record(record, report.shards_written)
        if open_shard is not None:
            shards[open_shard.index] = open_shard.commit()
            report.shards_written += 1
            open_shard = None
    finally:
        if open_shard is not None:  # interrupted: leave no half shard behind
            open_shard.discard()

    _merge_failures(out_dir, shards)
    _write_manifest(out_dir, job, shards, complete=True)
    report.shards = [shards[k] for k in sorted(shards)]
    report.pages = sum(s["pages"] for s in report.shards)
    report.articles = sum(s["articles"] for s in report.shards)
    report.failures = sum(s["failures"] for s in report.shards)
    return report


def _recount_shard(out_dir: Path, index: int, options: BatchOptions) -> dict[str, Any]:
    """Counts of a finished shard missing from the manifest (killed between two writes)."""
    name = shard_name(index, options.format)
    articles = _count_articles(out_dir / ARTICLES_DIR / name, options.format)
    failures = _count_lines(out_dir / FAILURES_DIR / shard_name(index, "jsonl"))
    return _shard_entry(index, name, articles + failures, articles, failures)


def _shard_entry(index: int, name: str, pages: int, articles: int, failures: int) -> dict[str, Any]:
    return {
        "index": index,
        "file": f"{ARTICLES_DIR}/{name}",
        "pages": pages,
        "articles": articles,
        "failures": failures,
    }


class _RunState:
    """Counters behind the progress callback."""

    def __init__(self, report: BatchReport, on_progress: ProgressCallback | None) -> None:
        self.report = report
        self.on_progress = on_progress
        self.pages = 0
        self.articles = 0
        self.failures = 0

    def skip(self) -> None:
        self.report.pages_skipped += 1
        self.pages += 1
        if self.on_progress is not None and self.pages % 256 == 0:
            self._emit(self.report.shards_written)

    def record(self, record: Record, shards_written: int) -> None:
        self.pages += 1
        if "article" in record:
            self.articles += 1
        else:
            self.failures += 1
        if self.on_progress is not None:
            self._emit(shards_written)

    def _emit(self, shards_written: int) -> None:
        assert self.on_progress is not None
        self.on_progress(
            BatchProgress(
                pages=self.pages,
                articles=self.articles,
                failures=self.failures,
                skipped=self.report.pages_skipped,
                shards_written=shards_written,
            )
        )


class _OpenShard:
    """The shard being written: its article file (streamed) and its failures (kept, small)."""

    def __init__(self, out_dir: Path, index: int, fmt: Format) -> None:
        self.out_dir = out_dir
        self.index = index
        self.name = shard_name(index, fmt)
        self.writer = _open_writer(out_dir / ARTICLES_DIR / self.name, fmt)
        self.failures: list[dict[str, Any]] = []
        self.pages = 0

    def add(self, record: Record, page_index: int) -> None:
        self.pages += 1
        if "article" in record:
            self.writer.add(record["article"])
        else:
            self.failures.append({"page_index": page_index, **record["failure"]})

    def commit(self) -> dict[str, Any]:
        """Failures first, the article file last: its presence marks the shard done."""
        failures_path = self.out_dir / FAILURES_DIR / shard_name(self.index, "jsonl")
        if self.failures:
            write_atomic(failures_path, "".join(_json_line(f) for f in self.failures))
        else:
            failures_path.unlink(missing_ok=True)  # stale, from an earlier interrupted run
        self.writer.commit()
        return _shard_entry(
            self.index, self.name, self.pages, self.writer.articles, len(self.failures)
        )

    def discard(self) -> None:
        self.writer.discard()


# --- reading the output back ------------------------------------------------------------------


def iter_output_articles(out_dir: Path | str) -> Iterator[Article]:
    """Every article of a batch output folder (either engine, either format), shard by shard."""
    for item in iter_output_items(out_dir):
        yield Article.from_json(item) if isinstance(item, str) else item


def iter_output_items(out_dir: Path | str) -> Iterator[Article | str]:
    """The articles of a batch output folder as stored: a JSONL shard's lines unparsed (the
    article's JSON, for a consumer that parses them elsewhere), Parquet rows as articles."""
    directory = Path(out_dir) / ARTICLES_DIR
    if not directory.is_dir():
        raise BatchError(f"{out_dir} is not a batch output folder (no {ARTICLES_DIR}/)")
    for path in _in_shard_order(directory):
        if path.suffix == ".jsonl":
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        yield line
        elif path.suffix == ".parquet":
            yield from _parquet_articles(path)


def _in_shard_order(directory: Path) -> list[Path]:
    """Data files of a folder, ``part-9999`` before ``part-10000`` (names grow in width)."""
    files = [p for p in directory.iterdir() if p.is_file() and not p.name.startswith((".", "_"))]
    return sorted(files, key=lambda p: (len(p.name), p.name))


def _parquet_articles(path: Path) -> Iterator[Article]:
    import pyarrow.parquet as pq

    from khabar.run.schema import row_to_article_dict

    parquet = pq.ParquetFile(str(path))
    for batch in parquet.iter_batches(batch_size=PARQUET_ROW_GROUP):
        for row in batch.to_pylist():
            yield Article.from_dict(row_to_article_dict(row))


def iter_output_failures(out_dir: Path | str) -> Iterator[dict[str, Any]]:
    """Every failure record of a batch output folder (origin, reason, …)."""
    directory = Path(out_dir) / FAILURES_DIR
    if not directory.is_dir():
        return
    for path in _in_shard_order(directory):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
