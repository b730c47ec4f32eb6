"""The typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="khabar",
    help="khabar (خبر): Arabic news pages to structured, searchable knowledge.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
