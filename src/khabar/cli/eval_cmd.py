"""``khabar eval GOLD_DIR``: score the real pipeline on a folder of gold pages.

Runs every ``*.txt`` beside a ``*.gold.json`` through the pipeline and prints quote P/R/F1
(kind-agnostic and per kind), speaker accuracy, metadata, body and entity figures per
document and micro-averaged (``--json`` for the machine-readable report).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from khabar.cli.app import app

if TYPE_CHECKING:
    from khabar.evaluate.gold import Report


@app.command("eval")
def eval_command(
    gold_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder of *.txt pages with *.gold.json annotations.",
            exists=True,
            file_okay=False,
            dir_okay=True,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score quotes, speakers, metadata, body boundaries and entities against gold."""
    from khabar.evaluate.gold import evaluate_folder

    report = evaluate_folder(gold_dir)
    if not report.documents:
        typer.echo(f"no *.gold.json in {gold_dir}", err=True)
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        return
    _print_table(report)


def _print_table(report: Report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="khabar eval (quotes kind-agnostic; totals micro-averaged)")
    columns = (
        "document",
        "P",
        "R",
        "F1",
        "tp/fp/fn",
        "speaker",
        "F1 dir/mix/ind",
        "metadata",
        "body",
        "entity R",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "document" else "right")
    for doc in [*report.documents, report.total()]:
        q = doc.quotes
        name = doc.document + (f" ({doc.error})" if doc.error else "")
        kinds = "/".join(
            f"{doc.kinds[k].f1:.2f}" if doc.kinds[k].tp + doc.kinds[k].fp + doc.kinds[k].fn else "-"
            for k in ("direct", "mixed", "indirect")
        )
        table.add_row(
            f"[bold]{name}[/bold]" if doc.document == "TOTAL" else name,
            f"{q.precision:.3f}",
            f"{q.recall:.3f}",
            f"{q.f1:.3f}",
            f"{q.tp}/{q.fp}/{q.fn}",
            _ratio(doc.speakers.correct, doc.speakers.total),
            kinds,
            _ratio(doc.metadata.correct, doc.metadata.total),
            _ratio(doc.body.correct, doc.body.total),
            _ratio(doc.entities.correct, doc.entities.total),
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=150)
    console.print(table)


def _ratio(correct: int, total: int) -> str:
    return f"{correct / total:.3f} ({correct}/{total})" if total else "-"
