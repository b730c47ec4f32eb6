"""``model.with_fields`` and ``model.record_maker``: the records ``dataclasses.replace`` and the
dataclass constructors give, without the interpreted ``__init__`` (issue 6, session 9)."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, fields, replace
from typing import Any

import pytest

from khabar.model import (
    Article,
    Entity,
    Event,
    PageWarning,
    Quote,
    Sentence,
    Source,
    record_maker,
    with_fields,
)

BASE = Article(
    text="قال وزير الخارجية إن المحادثات مستمرة.\nوتظاهر آلاف الطلاب أمس في العاصمة.",
    source=Source(path="a/1.txt", url="https://example.com/1"),
    title="المحادثات مستمرة",
    outlet="الوطن",
    credits=("واس",),
)

CHANGES: list[dict[str, Any]] = [
    {"sentences": (Sentence(0, 38), Sentence(39, 73))},
    {"events": (Event(43, 49, "تظاهر", "PROTEST", code="141"),)},
    {"entities": (Entity(4, 17, "وزير الخارجية", "PER", "وزير الخارجية"),)},
    {"quotes": (Quote(0, 38, "إن المحادثات مستمرة", "indirect", cue="قال"),)},
    {"warnings": (PageWarning("no-title", "x"),), "title": None},
    {"title": "عنوان آخر", "section": "سياسة", "byline": "محمد العلي"},
    {"text": "نص آخر تماما"},  # the id stays, as with replace (it is given)
    {"id": "abc"},
    {},
]


@pytest.mark.parametrize("changes", CHANGES)
def test_with_fields_is_replace(changes: dict[str, Any]) -> None:
    made = with_fields(BASE, **changes)
    expected = replace(BASE, **changes)
    assert type(made) is Article
    assert made == expected
    assert hash(made) == hash(expected)
    assert made.to_json() == expected.to_json()
    assert pickle.loads(pickle.dumps(made)) == expected
    assert made is not BASE


def test_with_fields_result_is_frozen_and_leaves_the_input() -> None:
    made = with_fields(BASE, title="جديد")
    with pytest.raises(FrozenInstanceError):
        made.title = "x"  # type: ignore[misc]
    assert BASE.title == "المحادثات مستمرة"


def test_with_fields_same_names_twice_reuses_one_maker_and_stays_right() -> None:
    first = with_fields(BASE, title="أ")
    second = with_fields(first, title="ب")
    assert (first.title, second.title) == ("أ", "ب")
    assert second == replace(BASE, title="ب")


def test_with_fields_unknown_name_raises_like_replace() -> None:
    with pytest.raises(TypeError):
        with_fields(BASE, headline="x")


def test_with_fields_article_without_id_goes_through_post_init() -> None:
    blank = Article(text="نص")
    object.__setattr__(blank, "id", "")  # as a reader's partial record might have it
    made = with_fields(blank, title="عنوان")
    assert made.id == replace(blank, title="عنوان").id != ""


@pytest.mark.parametrize(
    ("record_type", "values"),
    [
        (Sentence, (3, 9)),
        (Event, (1, 5, "هاجم", "ASSAULT", "مسلحون", None, "180", 0, 1, None, None)),
        (PageWarning, ("empty-body", "لا نص")),
        (Entity, (0, 4, "جدة", "GPE", "جدة", "gpe:jeddah", "gazetteer")),
    ],
)
def test_record_maker_equals_the_constructor(record_type: type, values: tuple[Any, ...]) -> None:
    made = record_maker(record_type)(*values)
    expected = record_type(*values)
    assert type(made) is record_type
    assert made == expected and hash(made) == hash(expected)
    assert pickle.loads(pickle.dumps(made)) == expected
    with pytest.raises(FrozenInstanceError):
        setattr(made, fields(record_type)[0].name, values[0])


def test_record_maker_refuses_a_record_with_post_init() -> None:
    with pytest.raises(TypeError):
        record_maker(Article)
