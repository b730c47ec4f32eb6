"""``make_entity`` builds the same ``Entity`` as its constructor, field for field.

The entity stage makes its entities with :func:`khabar.nlp.entities.canonical.make_entity`
(``object.__new__`` and the slot setters, ~2x cheaper than the frozen dataclass's generated
``__init__``). A field added to ``Entity`` but not to the helper would never be set, so the
field list is checked, and the made entity must equal, hash, repr and serialise like one
made by ``Entity(...)``.
"""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from khabar.model import Article, Entity
from khabar.nlp.entities.canonical import ENTITY_FIELDS, make_entity

Row = tuple[int, int, str, str, str, str | None, str | None]
ROWS: list[Row] = [
    (0, 12, "سيرجي لافروف", "PER", "سيرجي لافروف", "ab12cd34ef56ab78", "crf"),
    (5, 10, "إيران", "GPE", "إيران", "0011223344556677", "gazetteer"),
    (3, 9, "الهلال", "ORG", "نادي الهلال", None, None),
]


def test_helper_sets_every_field_of_entity_in_order() -> None:
    assert tuple(f.name for f in fields(Entity)) == ENTITY_FIELDS
    assert not hasattr(Entity, "__post_init__")


@pytest.mark.parametrize("row", ROWS)
def test_made_entity_is_the_constructed_one(row: Row) -> None:
    made = make_entity(*row)
    built = Entity(*row)
    assert type(made) is Entity
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert [getattr(made, f.name) for f in fields(Entity)] == list(row)
    assert replace(made, label="ORG") == replace(built, label="ORG")
    with pytest.raises(AttributeError):
        made.label = "LOC"  # type: ignore[misc]  # still frozen


def test_made_entities_serialise_like_constructed_ones() -> None:
    made = tuple(make_entity(*row) for row in ROWS)
    built = tuple(Entity(*row) for row in ROWS)
    text = "سيرجي لافروف وإيران والهلال"
    assert Article(text=text, entities=made).to_json() == (
        Article(text=text, entities=built).to_json()
    )
    assert Article.from_json(Article(text=text, entities=made).to_json()).entities == built
