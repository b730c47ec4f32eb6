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
    part: Annotated[
        str,
        typer.Option(
            help="Rows to score: train (even rows, the filter was fitted on them), test (odd "
            "rows, held out) or all (each part and both)."
        ),
    ] = "all",
    rules_only: Annotated[
        bool,
        typer.Option(
            "--rules-only", help="Score the cue rules without the learned incident filter."
        ),
    ] = False,
) -> None:
    """PROTEST/ASSAULT sentence detection P/R/F1 and actor/verb/target span agreement."""
    from khabar.evaluate.events import CHOICES, evaluate_gsr
    from khabar.model import Article
    from khabar.nlp.events import EventStage
    from khabar.pipeline import Pipeline, default_stages

    if part not in CHOICES:
        raise typer.BadParameter(f"--part must be one of {', '.join(CHOICES)}")
    stages = [
        EventStage(incidents_only=not rules_only) if isinstance(s, EventStage) else s
        for s in default_stages()
    ]
    pipeline = Pipeline(stages=stages)

    def annotate(article: Article) -> Article:
        return pipeline.annotate(article)

    for name in ("protest_gsr.csv", "assault_gsr.csv", "protest_spans.json", "assault_spans.json"):
        if not (gsr / name).exists():
            raise typer.BadParameter(f"{gsr / name} is missing")
    method = "cue rules alone" if rules_only else "cue rules + incident filter"
    typer.echo(f"Scored part: {part} ({method}; split: even rows train, odd rows test)")
    if not rules_only and part != "test":
        typer.echo("Note: the filter was fitted on the train rows; only the test part is held out.")
    typer.echo(evaluate_gsr(gsr, annotate, part).format())
