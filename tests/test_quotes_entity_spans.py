"""EntitySpans (the quote finder's offset index of entities) answers as a scan of the list does.

The scans it replaced are the reference: random overlapping, nested and zero-length entities
in random list order, every question asked at every offset.
"""

from __future__ import annotations

import random

import pytest

from khabar.model import Entity
from khabar.nlp.quotes.entity_spans import EntitySpans

LABELS = ("PER", "ORG", "GPE", "LOC", "MISC")
HEADS = frozenset({"PER", "ORG", "GPE"})


def _random_entities(seed: int, count: int) -> list[Entity]:
    rng = random.Random(seed)
    found = []
    for k in range(count):
        start = rng.randrange(0, 60)
        end = start + rng.choice((0, 1, 2, 3, 5, 8, 20))
        found.append(Entity(start, end, f"e{k}", rng.choice(LABELS), f"c{k}"))
    return found


def _covers(entities: list[Entity], position: int) -> bool:
    return any(e.start <= position < e.end and e.label in HEADS for e in entities)


def _first_overlapping(entities: list[Entity], start: int, end: int) -> Entity | None:
    for e in entities:
        if e.start < end and start < e.end and e.label != "MISC":
            return e
    return None


def _inside(entities: list[Entity], start: int, end: int) -> list[Entity]:
    return [e for e in entities if e.label == "PER" and start <= e.start and e.end <= end]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("count", [0, 1, 4, 30])
def test_entity_spans_answer_as_the_scan(seed: int, count: int) -> None:
    entities = _random_entities(seed, count)
    spans = EntitySpans(entities)
    for start in range(0, 70):
        assert spans.covers(start, HEADS) == _covers(entities, start)
        for end in range(start, min(start + 25, 90)):
            assert spans.first_overlapping(start, end, "MISC") is _first_overlapping(
                entities, start, end
            )
            assert spans.inside(start, end, "PER") == _inside(entities, start, end)


def test_the_first_in_list_order_wins_among_overlapping_entities() -> None:
    later_in_text = Entity(5, 15, "وزارة الخارجية", "ORG", "org")
    earlier_in_text = Entity(0, 10, "الوزير", "PER", "per")
    spans = EntitySpans([later_in_text, earlier_in_text])
    assert spans.first_overlapping(6, 8, "MISC") is later_in_text
    assert [e.text for e in spans.inside(0, 20, "PER")] == ["الوزير"]
