"""The entities of an article indexed by offset, for the speaker lookups of the quote finder.

The finder asks three questions about the entity layer for every speaker mention: is the
mention's head inside an entity, which entity first overlaps it, which PER entities lie
inside it. A scan of every entity per question costs quotes × entities — quadratic on a long
page (a megabyte of text names thousands of entities). Sorted starts, a running maximum of
the ends and bisection answer each question from the few entities near the span, with the
answers of the scan (entities are still taken in their order in the article's list).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, islice
from operator import le

from khabar.model import Entity


class EntitySpans:
    """Entities sorted by start; ``reach[i]`` is the farthest end among the first ``i + 1``.

    >>> spans = EntitySpans([Entity(10, 20, "x", "PER", "x"), Entity(0, 5, "y", "ORG", "y")])
    >>> spans.covers(12, frozenset({"PER"})), spans.covers(12, frozenset({"ORG"}))
    (True, False)
    >>> [e.text for e in spans.inside(0, 30, "PER")], spans.first_overlapping(4, 11, "MISC").text
    (['x'], 'x')
    >>> spans.first_overlapping(4, 10, "MISC").text  # x starts at 10: only y overlaps
    'y'
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        starts = [e.start for e in entities]
        if all(map(le, starts, islice(starts, 1, None))):
            # Already in text order (the entity stage's): the stable sort would keep it.
            order = list(range(len(entities)))
            self._entities = list(entities)
            self._starts = starts
        else:
            order = sorted(range(len(entities)), key=starts.__getitem__)  # stable: ties keep
            self._entities = [entities[i] for i in order]
            self._starts = [starts[i] for i in order]
        self._rank = order  # position of each sorted entity in the article's list
        self._reach = list(accumulate([e.end for e in self._entities], max))

    def _overlapping(self, start: int, end: int) -> list[int]:
        """Sorted indices of the entities with ``e.start < end`` and ``e.end > start``."""
        found = []
        i = bisect_left(self._starts, end) - 1
        reach = self._reach
        entities = self._entities
        while i >= 0 and reach[i] > start:  # no entity at or before i ends past start
            if entities[i].end > start:
                found.append(i)
            i -= 1
        return found

    def covers(self, position: int, labels: frozenset[str]) -> bool:
        """Whether an entity with one of ``labels`` has ``start <= position < end``."""
        entities = self._entities
        return any(entities[i].label in labels for i in self._overlapping(position, position + 1))

    def first_overlapping(self, start: int, end: int, unless: str) -> Entity | None:
        """The first entity (in list order) overlapping ``[start, end)`` whose label is not
        ``unless``."""
        entities = self._entities
        ranked = [
            (self._rank[i], i) for i in self._overlapping(start, end) if entities[i].label != unless
        ]
        return entities[min(ranked)[1]] if ranked else None

    def inside(self, start: int, end: int, label: str) -> list[Entity]:
        """Entities with ``label`` lying within ``[start, end]``, in list order."""
        first = bisect_left(self._starts, start)
        last = bisect_right(self._starts, end)
        entities = self._entities
        ranked = sorted(
            (self._rank[i], i)
            for i in range(first, last)
            if entities[i].label == label and entities[i].end <= end
        )
        return [entities[i] for _, i in ranked]
