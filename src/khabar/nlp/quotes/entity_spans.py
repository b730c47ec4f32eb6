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
from itertools import islice
from operator import attrgetter, le
from types import FunctionType
from typing import Final

from khabar.model import Entity

_START: Final = attrgetter("start")
_END: Final = attrgetter("end")
_LABEL: Final = attrgetter("label")


def _probe() -> None:
    """Only here to be looked at: see ``COMPILED``."""


# Whether this module runs as native code (the mypyc build). An ``Entity`` is an interpreted
# record: compiled code reads its attributes generically (and unboxes and boxes each offset
# again), so there ``attrgetter`` through ``map`` keeps the reads in C (−35 % for the index);
# CPython's own attribute reads in a comprehension are faster than the ``attrgetter`` calls.
COMPILED: Final = not isinstance(_probe, FunctionType)


def _starts(entities: Sequence[Entity]) -> list[int]:
    if COMPILED:
        return list(map(_START, entities))
    return [e.start for e in entities]


def _ends_and_labels(entities: Sequence[Entity]) -> tuple[list[int], list[str]]:
    if COMPILED:
        return list(map(_END, entities)), list(map(_LABEL, entities))
    return [e.end for e in entities], [e.label for e in entities]


class EntitySpans:
    """Entities sorted by start; ``reach[i]`` is the farthest end among the first ``i + 1``.

    >>> spans = EntitySpans([Entity(10, 20, "x", "PER", "x"), Entity(0, 5, "y", "ORG", "y")])
    >>> spans.covers(12, frozenset({"PER"})), spans.covers(12, frozenset({"ORG"}))
    (True, False)
    >>> [e.text for e in spans.inside(0, 30, "PER")], spans.first_overlapping(4, 11, "MISC").text
    (['x'], 'x')
    >>> spans.first_overlapping(4, 10, "MISC").text  # x starts at 10: only y overlaps
    'y'

    Starts, ends and labels are read off the entities once, into plain lists: an ``Entity``
    is an interpreted record, and every attribute read from the compiled build is a generic
    lookup (the questions read them again and again).
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        starts = _starts(entities)
        if all(map(le, starts, islice(starts, 1, None))):
            # Already in text order (the entity stage's): the stable sort would keep it, and
            # each entity's rank is its index (``_rank`` stays None: no list of n ints).
            self._entities: Sequence[Entity] = entities
            self._rank: list[int] | None = None
        else:
            order = sorted(range(len(starts)), key=starts.__getitem__)  # stable: ties keep
            self._entities = [entities[i] for i in order]
            starts = [starts[i] for i in order]
            self._rank = order  # position of each sorted entity in the article's list
        self._starts = starts
        self._ends, self._labels = _ends_and_labels(self._entities)
        reach: list[int] = []
        farthest = -1
        for end in self._ends:  # a running maximum, without a call per entity
            if end > farthest:
                farthest = end
            reach.append(farthest)
        self._reach = reach

    def _overlapping(self, start: int, end: int) -> list[int]:
        """Sorted indices of the entities with ``e.start < end`` and ``e.end > start``,
        last first."""
        found = []
        i = bisect_left(self._starts, end) - 1
        reach = self._reach
        ends = self._ends
        while i >= 0 and reach[i] > start:  # no entity at or before i ends past start
            if ends[i] > start:
                found.append(i)
            i -= 1
        return found

    def covers(self, position: int, labels: frozenset[str]) -> bool:
        """Whether an entity with one of ``labels`` has ``start <= position < end``."""
        own = self._labels
        return any(own[i] in labels for i in self._overlapping(position, position + 1))

    def first_overlapping(self, start: int, end: int, unless: str) -> Entity | None:
        """The first entity (in list order) overlapping ``[start, end)`` whose label is not
        ``unless``."""
        labels = self._labels
        rank = self._rank
        best = -1
        if rank is None:  # text order is list order: the lowest index wins
            for i in self._overlapping(start, end):
                if labels[i] != unless:
                    best = i  # _overlapping gives the indices last first
        else:
            for i in self._overlapping(start, end):
                if labels[i] != unless and (best < 0 or rank[i] < rank[best]):
                    best = i
        return self._entities[best] if best >= 0 else None

    def inside(self, start: int, end: int, label: str) -> list[Entity]:
        """Entities with ``label`` lying within ``[start, end]``, in list order."""
        first = bisect_left(self._starts, start)
        last = bisect_right(self._starts, end)
        labels = self._labels
        ends = self._ends
        rank = self._rank
        if rank is None:  # text order is list order
            return [
                self._entities[i]
                for i in range(first, last)
                if labels[i] == label and ends[i] <= end
            ]
        ranked = sorted(
            (rank[i], i) for i in range(first, last) if labels[i] == label and ends[i] <= end
        )
        return [self._entities[i] for _, i in ranked]
