"""The quote finder's per-page records keep an explicit ``__init__`` in step with their fields.

``Person``, ``Speaker``, ``_Content``, ``Evidence``, ``Tokens`` (frozen) and ``Registry`` are
dataclasses whose ``__init__`` is written out: the compiled build then constructs them
natively (the dataclass-generated one is interpreted, ~6x the cost; a page builds dozens).
A field added to the class but not to its ``__init__`` would silently never be set, so the
signature is checked against the fields: same names, same order, same defaults; and the
record behaves as the dataclass did (keyword construction, equality, repr, ``replace``).
"""

from __future__ import annotations

import ast
from dataclasses import MISSING, fields, replace
from pathlib import Path
from typing import Any

import pytest

from khabar.nlp.quotes.evidence import Evidence
from khabar.nlp.quotes.finder import _Content
from khabar.nlp.quotes.speakers import Person, Registry, Speaker
from khabar.nlp.quotes.tokens import Tokens, tokenize

RECORDS: list[type[Any]] = [Person, Speaker, _Content, Evidence, Tokens]


_SOURCES = Path(__file__).resolve().parent.parent / "src" / "khabar" / "nlp" / "quotes"


def _written_init(record: type[Any]) -> list[tuple[str, Any]]:
    """The parameters (name, default or ``MISSING``) of ``record.__init__`` as written in the
    source: the compiled build's methods show no signature to ``inspect``."""
    module = record.__module__.rsplit(".", 1)[-1]
    tree = ast.parse((_SOURCES / f"{module}.py").read_text(encoding="utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == record.__name__]
    (init,) = [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
    args = init.args.args[1:]  # no self
    defaults = [MISSING] * (len(args) - len(init.args.defaults)) + [
        ast.literal_eval(d) if not isinstance(d, ast.Call) else ast.unparse(d)
        for d in init.args.defaults
    ]
    return [(a.arg, d) for a, d in zip(args, defaults, strict=True)]


def _field_default(value: Any) -> Any:
    return "frozenset()" if value == frozenset() and isinstance(value, frozenset) else value


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(record: type[Any]) -> None:
    expected = [(f.name, _field_default(f.default)) for f in fields(record)]
    assert _written_init(record) == expected
    assert all(f.default_factory is MISSING for f in fields(record))


ROWS: list[tuple[type[Any], tuple[Any, ...]]] = [
    (Person, (("احمد", "سالم"), 3, 4, ("الوزير",), 2)),
    (Speaker, ("أحمد سالم", "الوزير", 2, 4, Person(("احمد", "سالم"), 3, 4), True, frozenset("m"))),
    (_Content, ("indirect", 6, 9, 40, True)),
]


@pytest.mark.parametrize(("record", "values"), ROWS, ids=[r.__name__ for r, _ in ROWS])
def test_records_behave_as_dataclasses(record: type[Any], values: tuple[Any, ...]) -> None:
    made = record(*values)
    by_name = record(**{f.name: v for f, v in zip(fields(record), values, strict=True)})
    assert made == by_name
    assert [getattr(made, f.name) for f in fields(record)] == list(values)
    assert repr(made).startswith(f"{record.__name__}(")
    changed = replace(made, first=0)
    assert changed.first == 0 and changed != made
    required = sum(f.default is MISSING for f in fields(record))
    defaults = record(*values[:required])
    assert [getattr(defaults, f.name) for f in fields(record)[required:]] == [
        f.default for f in fields(record)[required:]
    ]


def test_tokens_stay_frozen_and_equal() -> None:
    text = "قال الوزير: «نعم»"
    tokens = tokenize(text)
    again = Tokens(text, tokens.starts, tokens.ends, list(tokens.words), tokens.folded)
    assert again == tokens and again.words == ["قال", "الوزير", ":", "«", "نعم", "»"]
    with pytest.raises(AttributeError):
        again.folded = ""  # type: ignore[misc]


def test_each_registry_starts_empty_and_its_own() -> None:
    first, second = Registry(), Registry()
    first.add(Person(("احمد", "سالم"), 0, 1))
    assert [p.name for p in first.persons] == [("احمد", "سالم")]
    assert second.persons == [] and second.exact(("احمد", "سالم")) is None
    assert [f.name for f in fields(Registry)] == [
        "persons",
        "_by_name",
        "_by_token",
        "_by_title_token",
    ]  # what __init__ sets: a field added must be added there too
