"""Thin command line: parse arguments, call a library function, print.

Each command group lives in its own module and registers on ``app``.
"""

from __future__ import annotations

import importlib

from khabar.cli.app import app

# Command modules; each registers its commands on ``app`` when imported.
COMMAND_MODULES = [
    "khabar.cli.ner_cmd",
    "khabar.cli.eval_cmd",
    "khabar.cli.batch_cmd",
    "khabar.cli.extract_cmd",
    "khabar.cli.read_cmd",
    "khabar.cli.store_cmd",
    "khabar.cli.events_cmd",
    "khabar.cli.version_cmd",
]

for _module in COMMAND_MODULES:
    importlib.import_module(_module)


def main() -> None:
    app()


__all__ = ["app", "main"]
