"""The doctests of the Arabic text layer and the extract layer run with the suite."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "khabar.arabic.dates",
    "khabar.arabic.segment",
    "khabar.extract.lexicon",
    "khabar.extract.dateline",
    "khabar.extract.metadata",
    "khabar.extract.template",
    "khabar.extract.article",
    "khabar.public",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
