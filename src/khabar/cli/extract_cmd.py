"""``khabar extract PATH...``: one Article per page as JSON Lines (or a JSON array).

This command is the contract every evaluation uses: keep its output stable and
extend it only by adding fields. Failures go to stderr, one line each; the exit
status is 1 when any page failed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

import typer

from khabar.cli.app import app
from khabar.model import Article
from khabar.pipeline import Failure, Pipeline
from khabar.run.collector import settled_while
from khabar.run.memory import bounded


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


def _results(paths: list[str], pipeline: Pipeline) -> Iterator[Article | Failure]:
    """Results page by page; a path that cannot be read becomes a Failure, the run goes on."""
    from khabar.public import read_pages

    for path in paths:
        try:
            yield from pipeline.run(read_pages([path]))  # batch stages get pages in groups
        except Exception as error:  # one unreadable path never stops the others
            yield Failure(origin=path, reason=f"{type(error).__name__}: {error}",
                          error_type=type(error).__name__, path=path)


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (recursed), globs or - for stdin.")
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl: one Article per line; json: an array."),
    ] = OutputFormat.jsonl,
    annotate: Annotated[
        bool,
        typer.Option("--annotate/--no-annotate", help="Run the annotation stages."),
    ] = True,
) -> None:
    """Extract pages into Article JSON (schema_version 1)."""
    pipeline = Pipeline() if annotate else Pipeline(stages=[])
    failed = 0
    collected: list[str] = []
    # a batch run in this process: the collector settles once warm, put back at the end
    for result in settled_while(bounded(_results(paths, pipeline))):
        if isinstance(result, Failure):
            failed += 1
            typer.echo(f"khabar extract: failed: {result.origin}: {result.reason}", err=True)
            continue
        if output_format is OutputFormat.jsonl:
            sys.stdout.write(result.to_json() + "\n")
            sys.stdout.flush()
        else:
            collected.append(result.to_json(indent=2))
    if output_format is OutputFormat.json:
        body = ",\n".join(collected)
        sys.stdout.write("[\n" + body + "\n]\n" if collected else "[]\n")
    if failed:
        raise typer.Exit(code=1)
