"""``khabar batch``: run the pipeline over many pages into resumable shards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from khabar.cli.app import app
from khabar.errors import KhabarError
from khabar.run.batch import (
    DEFAULT_SHARD_SIZE,
    BatchOptions,
    BatchProgress,
    Engine,
    Format,
    run_batch,
)
from khabar.run.local import default_workers


@app.command("batch")
def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, globs, WARC or JSONL files ('-': stdin).")
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            help="Output folder (created; a rerun resumes); spark: also hdfs:// s3a://",
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or parquet.")] = "jsonl",
    engine: Annotated[
        str, typer.Option("--engine", help="local (process pool) or spark.")
    ] = "local",
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", help="Local worker processes (0: one per CPU core; 1: in-process)."
        ),
    ] = 0,
    shard_size: Annotated[
        int, typer.Option("--shard-size", help="Pages per output shard (fixes the shard layout).")
    ] = DEFAULT_SHARD_SIZE,
    master: Annotated[
        str | None,
        typer.Option(
            "--master", help="Spark master URL (default local[2]), e.g. spark://host:7077."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Process pages in bulk: atomic shards, a failures file, resumable after a crash."""
    console = Console(stderr=True)
    options = BatchOptions(
        out_dir=out if "://" in out else Path(out),
        format=_choice(fmt, ("jsonl", "parquet"), "--format"),  # type: ignore[arg-type]
        engine=_choice(engine, ("local", "spark"), "--engine"),  # type: ignore[arg-type]
        workers=workers if workers > 0 else default_workers(),
        shard_size=shard_size,
        master=master,
    )
    try:
        if quiet or options.engine == "spark":
            report = run_batch(inputs, options)
        else:
            with _progress_bar(console) as (progress, task):

                def show(state: BatchProgress) -> None:
                    progress.update(
                        task,
                        completed=state.pages,
                        description=(
                            f"{state.articles} articles, {state.failures} failed, "
                            f"{state.skipped} already done"
                        ),
                    )

                report = run_batch(inputs, options, on_progress=show)
    except KhabarError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    console.print(
        f"{report.pages} pages → {report.articles} articles, {report.failures} failures; "
        f"{report.shards_written} shards written, {report.shards_skipped} already done; "
        f"output in {report.out_dir}"
    )


def _choice(value: str, allowed: tuple[Format | Engine, ...], option: str) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=option)
    return value


class _progress_bar:
    """A rich progress display with an open-ended total (the input is streamed)."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("pages"),
            MofNCompleteColumn(),
            BarColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )

    def __enter__(self) -> tuple[Progress, TaskID]:
        self.progress.start()
        return self.progress, self.progress.add_task("starting", total=None)

    def __exit__(self, *exc_info: object) -> None:
        self.progress.stop()
