"""``with_outlet_mentions``: the page's own outlet becomes an ORG where the body quotes it."""

from __future__ import annotations

import pytest

from khabar.model import Entity
from khabar.nlp.entities import with_outlet_mentions
from khabar.nlp.entities.canonical import entity_id


@pytest.mark.parametrize(
    ("text", "outlet", "mentions"),
    [
        ("وقال الوزير لـ«الوطن» إن القرار نهائي.", "الوطن", ["الوطن"]),
        ('وأكد لـ"اليوم" أن العمل مستمر، وقال لـ «اليوم» أيضا.', "اليوم", ["اليوم", "اليوم"]),
        ("وقال الوزير إن الوطن أولا.", "الوطن", []),  # not quoted: a common word
        ("نقلت «المدينة» الخبر.", "الوطن", []),  # another outlet's name
        ("نقلت «الوطن» الخبر.", "   ", []),  # no outlet name
    ],
)
def test_quoted_outlet_names_become_org_entities(
    text: str, outlet: str, mentions: list[str]
) -> None:
    found = with_outlet_mentions(text, outlet, [])
    assert [e.text for e in found] == mentions
    name = " ".join(outlet.split())
    assert all(
        (e.label, e.canonical, e.source, e.entity_id)
        == ("ORG", name, "outlet", entity_id("ORG", name))
        and text[e.start : e.end] == e.text
        for e in found
    )


def test_a_quoted_outlet_inside_a_known_entity_is_not_added_and_order_is_kept() -> None:
    text = "وقال «الوطن» إن صحيفة «الوطن» نشرت."
    first = text.index("الوطن")
    start = text.index("صحيفة")
    end = text.index("الوطن", first + 1) + len("الوطن")
    known = Entity(start, end, text[start:end], "ORG", "صحيفة الوطن")
    found = with_outlet_mentions(text, "الوطن", [known])
    assert [(e.start, e.source) for e in found] == [(first, "outlet"), (known.start, None)]


def test_no_quoted_outlet_returns_the_same_list() -> None:
    entities = [Entity(0, 4, "وقال", "PER", "وقال")]
    assert with_outlet_mentions("وقال الوزير كلاما.", "الوطن", entities) is entities
