"""``khabar eval-events``: score the events stage on the Arabic event gold standard.

Thin: parse arguments, annotate each gold sentence with the real stages, print the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from khabar.cli.app import app

DEFAULT_GSR = Path("../shared/data/arabic_event_gsr")


@app.command("eval-events")
def eval_events_command(
    gsr: Annotated[
        Path,
        typer.Argument(
            help="Folder with protest_gsr.csv, assault_gsr.csv and *_spans.json.",
            exists=True,
            file_okay=False,
            dir_okay=True,
        ),
    ] = DEFAULT_GSR,
) -> None:
    """PROTEST/ASSAULT sentence detection P/R/F1 and actor/verb/target span agreement."""
    from khabar.evaluate.events import evaluate_gsr
    from khabar.model import Article
    from khabar.pipeline import Pipeline

    pipeline = Pipeline()

    def annotate(article: Article) -> Article:
        return pipeline.annotate(article)

    for name in ("protest_gsr.csv", "assault_gsr.csv", "protest_spans.json", "assault_spans.json"):
        if not (gsr / name).exists():
            raise typer.BadParameter(f"{gsr / name} is missing")
    typer.echo(evaluate_gsr(gsr, annotate).format())
