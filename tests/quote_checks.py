"""Shared checks for the table-driven quote-rule tests (invented sentences, one case a row)."""

from __future__ import annotations

from collections.abc import Sequence

from khabar.model import Entity, Quote

# (speaker, start of the quoted text) for each quote expected, in text order.
Expected = Sequence[tuple[str | None, str]]


def persons(text: str, names: list[str]) -> list[Entity]:
    """PER entities for every occurrence of ``names`` (what the entity stage gives the finder)."""
    found = []
    for name in names:
        k = text.find(name)
        while k != -1:
            found.append(Entity(k, k + len(name), name, "PER", name))
            k = text.find(name, k + 1)
    return sorted(found, key=lambda e: e.start)


def assert_speakers_and_starts(quotes: Sequence[Quote], expected: Expected) -> None:
    """As many quotes as expected, each starting with the expected words and given to the
    expected speaker."""
    found = [(q.speaker, q.text) for q in quotes]
    assert len(found) == len(expected), found
    for (speaker, said), (want_speaker, want_start) in zip(found, expected, strict=True):
        assert said.startswith(want_start), (said, want_start)
        assert speaker == want_speaker, (speaker, want_speaker, said)
