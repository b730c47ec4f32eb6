"""``khabar pages PATH...``: what the reader finds in inputs, one JSON line per page.

Shows how each page was read — kind, encoding declared and used, size, reader warnings —
without extracting it. The exit status is 1 when any item could not be read.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from khabar.cli.app import app
from khabar.read import read_pages
from khabar.read.summary import page_summary


@app.command("pages")
def pages_command(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (recursed), globs or - for stdin.")
    ],
) -> None:
    """List the pages the reader finds (WARC records, JSONL lines, files) and how it read them."""
    unreadable = 0
    for page in read_pages(paths):
        summary = page_summary(page)
        unreadable += any(w["code"] == "read-error" for w in summary["warnings"])
        typer.echo(json.dumps(summary, ensure_ascii=False))
    if unreadable:
        typer.echo(f"{unreadable} item(s) could not be read", err=True)
        raise typer.Exit(1)
