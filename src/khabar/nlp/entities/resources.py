"""Loaders for the bundled entity resources (read once per process, cached).

Files live in ``khabar/nlp/resources/entities/``; the derived ones are written by
``scripts/build_gazetteers.py``, ``scripts/build_clusters.py`` and ``khabar train-ner``,
the hand-curated ones (aliases, titles, organisation heads) are edited by people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from khabar.arabic.normalise import normalise
from khabar.errors import ResourceError

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "entities"
MODEL_PATH = RESOURCES / "ner.crfsuite"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One gazetteer name: how it is spelled, its label, canonical form and origin."""

    surface: str
    label: str
    canonical: str
    kind: str


def _rows(name: str) -> list[list[str]]:
    path = RESOURCES / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceError(f"entity resource missing: {path}") from error
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """Normalised word → lexicon classes (first, name, GPE, LOC, title, orghead, auto-PERS …)."""
    classes: dict[str, set[str]] = {}
    rows = _rows("lexicon.tsv")
    if (RESOURCES / "auto_lexicon.tsv").is_file():
        rows += _rows("auto_lexicon.tsv")  # induced from tagged news (build_auto_lexicon.py)
    for row in rows:
        if len(row) != 2:
            raise ResourceError(f"bad lexicon row: {row!r}")
        classes.setdefault(row[0], set()).update(row[1].split(","))
    return {word: tuple(sorted(found)) for word, found in classes.items()}


@lru_cache(maxsize=1)
def load_clusters() -> dict[str, tuple[str, ...]]:
    """Normalised bare word → cluster ids at three granularities."""
    return {row[0]: tuple(row[1:]) for row in _rows("clusters.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def load_gazetteer() -> tuple[GazetteerEntry, ...]:
    rows = _rows("gazetteer.tsv")
    bad = [r for r in rows if len(r) != 4]
    if bad:
        raise ResourceError(f"bad gazetteer rows: {bad[:3]!r}")
    return tuple(GazetteerEntry(*r) for r in rows)


@lru_cache(maxsize=1)
def load_stoplist() -> frozenset[str]:
    return frozenset(row[0] for row in _rows("stoplist.txt"))


@lru_cache(maxsize=1)
def load_titles() -> tuple[str, ...]:
    """Person titles, normalised, longest first."""
    titles = {normalise(row[0]) for row in _rows("titles.txt")}
    return tuple(sorted(titles, key=lambda t: (-len(t), t)))


@lru_cache(maxsize=1)
def load_org_heads() -> dict[str, str]:
    """Organisation (and facility) head phrases, normalised → label (ORG unless given)."""
    heads: dict[str, str] = {}
    for row in _rows("org_heads.txt"):
        heads[normalise(row[0])] = row[1] if len(row) > 1 else "ORG"
    return heads


@lru_cache(maxsize=1)
def load_word_ranks() -> dict[str, int]:
    """Frequency rank of the clustered words (``clusters.tsv`` is in corpus frequency order)."""
    return {row[0]: rank for rank, row in enumerate(_rows("clusters.tsv"))}


@lru_cache(maxsize=1)
def load_given_names() -> frozenset[str]:
    """Normalised given names (lexicon class ``given``) that are not places or common words."""
    excluded = {"GPE", "LOC", "nisba", "common", "title", "orghead", "ORG"}
    ranks = load_word_ranks()
    return frozenset(
        word
        for word, classes in load_lexicon().items()
        if "given" in classes
        and not excluded.intersection(classes)
        and len(word) > 2
        # جميلة، حياة، أمنية are names but mostly words: keep frequent ones only when
        # tagged news uses them mostly inside person names (auto-PERS)
        and ("auto-PERS" in classes or ranks.get(word, 1 << 30) >= _COMMON_GIVEN_RANK)
    )


_COMMON_GIVEN_RANK = 3000
