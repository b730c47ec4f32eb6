"""``NormalisedView``'s written-out ``__init__`` stays in step with its fields.

The compiled build constructs the view natively only through a written ``__init__`` (the
dataclass-generated one runs interpreted); a field added to the class but not to the
``__init__`` would silently never be set. Checked: same names in the same order, and the view
behaves as the dataclass did (positional and keyword construction, equality, repr, frozen,
``replace``).
"""

from __future__ import annotations

import ast
import dataclasses
from array import array
from pathlib import Path

import pytest

from khabar.arabic.normalise import NormalisedView, normalised_view

SOURCE = Path(__file__).resolve().parent.parent / "src" / "khabar" / "arabic" / "normalise.py"


def written_parameters() -> list[str]:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "NormalisedView"]
    (init,) = [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
    return [arg.arg for arg in init.args.args[1:]]


def test_init_takes_the_fields_in_order() -> None:
    assert written_parameters() == [f.name for f in dataclasses.fields(NormalisedView)]


@pytest.mark.parametrize("text", ["مُحَمَّد", "أحمد", "ﻻ إله", ""])
def test_the_view_behaves_as_the_dataclass_did(text: str) -> None:
    view = normalised_view(text)
    again = NormalisedView(original=view.original, text=view.text, offsets=view.offsets)
    assert again == view == NormalisedView(view.original, view.text, view.offsets)
    assert repr(again).startswith("NormalisedView(original=")
    assert dataclasses.replace(view, text="x").text == "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.text = "y"  # type: ignore[misc]
    assert NormalisedView("ab", "ab", array("i", [0, 1, 2])).offsets == array("i", [0, 1, 2])
