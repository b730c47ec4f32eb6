"""NER commands: ``khabar tag --conll``, ``khabar eval-ner``, ``khabar train-ner``.

Thin: parse arguments, call the library, print.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from khabar.cli.app import app

if TYPE_CHECKING:
    from khabar.nlp.entities.tagging import Mode


@app.command("tag")
def tag_command(
    conll: Annotated[
        Path, typer.Option("--conll", help="CoNLL file: token first, blank line between sentences.")
    ],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write here instead of stdout.")
    ] = None,
    mode: Annotated[
        str,
        typer.Option(help="full (recogniser), crf, neural or ensemble (crf+neural)."),
    ] = "full",
) -> None:
    """Append a predicted BIO tag column (ANERcorp PERS/LOC/ORG/MISC) to a CoNLL file."""
    from khabar.nlp.entities.conll import format_conll, read_conll
    from khabar.nlp.entities.tagging import tag_sentences

    sentences = read_conll(conll)
    text = format_conll(sentences, tag_sentences(sentences, _mode(mode)))
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out} ({len(sentences)} sentences)", err=True)


@app.command("eval-ner")
def eval_ner_command(
    conll: Annotated[
        list[Path], typer.Argument(help="CoNLL file(s) with gold tags in the last column.")
    ],
    mode: Annotated[
        str,
        typer.Option(help="full (recogniser), crf, neural or ensemble (crf+neural)."),
    ] = "full",
    predicted: Annotated[
        bool, typer.Option(help="The file already has a predicted column (gold second to last).")
    ] = False,
    labels: Annotated[
        str | None,
        typer.Option(help="Score only these labels, e.g. PERS,LOC,ORG (others count as O)."),
    ] = None,
) -> None:
    """Phrase-level precision, recall and F1 per label (conlleval style), and micro F1.

    Several files are scored together. Gold labels from AQMAR (PER, MIS0-3 …) are mapped
    onto ANERcorp's (PERS, MISC); the MISC row is not comparable across annotation schemes.
    """
    from khabar.evaluate.ner import score
    from khabar.nlp.entities.conll import read_conll, to_anercorp_tag
    from khabar.nlp.entities.tagging import tag_sentences

    gold: list[list[str]] = []
    pred: list[list[str]] = []
    for path in conll:
        sentences = read_conll(path)
        if any(s.gold is None for s in sentences):
            raise typer.BadParameter(f"{path}: some lines have no tag column")
        if predicted:
            gold += [[to_anercorp_tag(line.split()[-2]) for line in s.lines] for s in sentences]
            pred += [[to_anercorp_tag(t) for t in s.gold or ()] for s in sentences]
        else:
            gold += [[to_anercorp_tag(t) for t in s.gold or ()] for s in sentences]
            pred += tag_sentences(sentences, _mode(mode))
    if labels:
        keep = {label.strip() for label in labels.split(",") if label.strip()}
        gold = [[t if t[2:] in keep else "O" for t in tags] for tags in gold]
        pred = [[t if t[2:] in keep else "O" for t in tags] for tags in pred]
    typer.echo(score(gold, pred).format())


@app.command("train-ner")
def train_ner_command(
    train: Annotated[
        Path, typer.Option(help="Training CoNLL (the ANERcorp CamelLab *train* split).")
    ] = Path("../shared/data/anercorp/ANERCorp_CamelLab_train.txt"),
    out: Annotated[
        Path | None, typer.Option(help="Model path (default: the shipped model).")
    ] = None,
    c1: Annotated[float, typer.Option(help="L1 penalty (prunes features).")] = 0.05,
    c2: Annotated[float, typer.Option(help="L2 penalty.")] = 0.01,
    iterations: Annotated[int, typer.Option(help="L-BFGS iterations.")] = 200,
    substitute: Annotated[
        bool | None,
        typer.Option(
            "--substitute/--no-substitute",
            help="Add name-substituted copies of sentences with names (default: as shipped).",
        ),
    ] = None,
) -> None:
    """Train the CRF tagger reproducibly (never on a test split)."""
    from khabar.nlp.entities.crf import TrainSettings, train_model

    if "test" in train.name.lower():
        raise typer.BadParameter("refusing to train on a test split")
    settings = TrainSettings(c1=c1, c2=c2, max_iterations=iterations)
    if substitute is not None:
        settings = replace(settings, substitute=substitute)
    path, count, size = train_model(train, out, settings)
    typer.echo(f"trained on {count} sentences → {path} ({size / 1e6:.1f} MB)")


def _mode(mode: str) -> Mode:
    if mode not in ("full", "crf", "neural", "ensemble"):
        raise typer.BadParameter("mode must be 'full', 'crf', 'neural' or 'ensemble'")
    return mode  # type: ignore[return-value]
