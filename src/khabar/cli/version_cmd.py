"""``khabar version``: the version and which build runs (mypyc-compiled or pure Python)."""

from __future__ import annotations

import typer

import khabar
from khabar.cli.app import app


@app.command("version")
def version(
    modules: bool = typer.Option(False, "--modules", help="List the compiled modules in use."),
) -> None:
    """Print the version and the build: compiled NLP core (mypyc) or pure Python, and why."""
    typer.echo(f"khabar {khabar.__version__}")
    typer.echo(f"build: {khabar.build_kind()}")
    if modules:
        for name in khabar.compiled_modules():
            typer.echo(f"  {name}")
