"""``new_quote`` builds what ``Quote(...)`` builds: equal, hashable, picklable, same JSON."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace
from typing import Any

import pytest

from khabar.model import Article, Quote
from khabar.nlp.quotes.records import new_quote

TEXT = "وقال الوزير أحمد سالم إن الخطة ناجحة، مضيفا: «سنواصل العمل»."
ROWS: list[tuple[Any, ...]] = [
    # every field set
    (25, 36, "الخطة ناجحة", "indirect", "قال", "أحمد سالم", "الوزير", "PER:ahmad", 1, 4, 5, 21),
    # no cue, no speaker: the optional fields are None
    (52, 63, "سنواصل العمل", "direct", None, None, None, None, None, None, None, None),
    # a cue without a speaker
    (52, 63, "سنواصل العمل", "mixed", "أضاف", None, None, None, 38, 43, None, None),
]


@pytest.mark.parametrize("row", ROWS)
def test_new_quote_equals_the_dataclass_constructor(row: tuple[Any, ...]) -> None:
    made, reference = new_quote(*row), Quote(*row)
    assert type(made) is Quote
    assert made == reference and hash(made) == hash(reference)
    assert [getattr(made, f.name) for f in fields(Quote)] == list(row)
    assert pickle.loads(pickle.dumps(made)) == reference
    assert replace(made, speaker="سالم") == replace(reference, speaker="سالم")


@pytest.mark.parametrize("row", ROWS)
def test_new_quote_stays_frozen(row: tuple[Any, ...]) -> None:
    with pytest.raises(AttributeError):
        new_quote(*row).start = 0  # type: ignore[misc]


def test_articles_with_new_quotes_serialise_the_same() -> None:
    made = Article(text=TEXT, quotes=tuple(new_quote(*row) for row in ROWS))
    reference = Article(text=TEXT, quotes=tuple(Quote(*row) for row in ROWS))
    assert made.to_json() == reference.to_json()
    assert Article.from_json(made.to_json()) == reference


def test_a_field_count_change_is_loud() -> None:
    with pytest.raises(TypeError):
        new_quote(*ROWS[0][:-1])
