"""Canonical forms and stable ids for entity mentions.

- Across spellings: a mention whose normalised form is a gazetteer or alias surface
  takes that entry's canonical (ايران → إيران، أمريكي → الولايات المتحدة،
  تنظيم الدولة الإسلامية → داعش).
- Within an article: a short person mention resolves to the fullest person mention
  it is a part of (لافروف → سيرجي لافروف), when that fuller mention is unique.
- ``entity_id`` hashes the label and the normalised canonical, so the same entity
  gets the same id in every article, whatever the spelling.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from typing import Final

from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import WordCache
from khabar.model import Entity


@lru_cache(maxsize=65_536)  # the same names recur across a corpus
def entity_id(label: str, canonical: str) -> str:
    """Stable id of an entity: 16 hex digits of a hash of label and normalised canonical.

    >>> entity_id("GPE", "إيران") == entity_id("GPE", "ايران")
    True
    """
    folded = " ".join(FOLDED_WORDS[canonical])  # normalise_words(canonical), from the cache
    return hashlib.blake2b(f"{label}|{folded}".encode(), digest_size=8).hexdigest()


# The slot setters of Entity's fields, in field order (see make_entity).
ENTITY_FIELDS: Final[tuple[str, ...]] = (
    "start",
    "end",
    "text",
    "label",
    "canonical",
    "entity_id",
    "source",
)
_SETTERS: Final = tuple(getattr(Entity, name).__set__ for name in ENTITY_FIELDS)
_NEW: Final = object.__new__
assert tuple(f.name for f in fields(Entity)) == ENTITY_FIELDS, "Entity's fields changed"
assert not hasattr(Entity, "__post_init__"), "make_entity would skip Entity.__post_init__"


def make_entity(
    start: int,
    end: int,
    text: str,
    label: str,
    canonical: str,
    entity_id: str | None,
    source: str | None,
) -> Entity:
    """``Entity(start, end, text, label, canonical, entity_id, source)``, made ~2x faster.

    Why: ``Entity`` is a frozen slots dataclass of the (interpreted) model module; its
    generated ``__init__`` sets each field through ``object.__setattr__``, ~1.8 µs an
    entity in pure Python, and a page gets ~55 of them. Here the instance is allocated
    with ``object.__new__`` and each slot set through its member descriptor (~1 µs pure,
    native calls in the compiled build). Same object: ``Entity`` has no ``__post_init__``
    and the field list is checked at import (and by ``tests/test_entities_make.py``).
    """
    entity = _NEW(Entity)
    set_start, set_end, set_text, set_label, set_canonical, set_id, set_source = _SETTERS
    set_start(entity, start)
    set_end(entity, end)
    set_text(entity, text)
    set_label(entity, label)
    set_canonical(entity, canonical)
    set_id(entity, entity_id)
    set_source(entity, source)
    return entity


def _folded_words(mention: str) -> tuple[str, ...]:
    """The words of ``normalise(mention)``, folded through :data:`FOLDED`: a page's new
    mentions are folded once for both caches (propagation asks for the words, the canonical
    look-up for the whole string), and :func:`entity_id` folds its canonical (mostly the
    mention itself) through them too."""
    return tuple(FOLDED[mention].split())


# Mentions recur across a corpus (السعودية، المملكة): their folded forms are looked up in C.
FOLDED: Final[WordCache[str]] = WordCache(normalise, limit=100_000)
FOLDED_WORDS: Final[WordCache[tuple[str, ...]]] = WordCache(_folded_words, limit=100_000)


def resolve_short_names(canonicals: Sequence[str]) -> list[str]:
    """Map each person name to the unique fuller name in the same article that contains it.

    A short name matches a fuller one when its tokens are a contiguous run of the
    fuller name's tokens that includes the fuller name's last token (the family name)
    or its first token (a given name used alone). Ambiguous short names stay as they are.

    >>> resolve_short_names(["سيرجي لافروف", "لافروف", "هولاند"])
    ['سيرجي لافروف', 'سيرجي لافروف', 'هولاند']
    """
    folded = list(map(FOLDED_WORDS.__getitem__, canonicals))
    first_index: dict[tuple[str, ...], int] = {}
    for i, tokens in enumerate(folded):
        first_index.setdefault(tokens, i)
    # Each fuller name under every short name it contains (what ``_part_of`` accepts), so a
    # lookup replaces a scan of all names: linear, not quadratic, in the number of mentions.
    containing: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for full in first_index:
        for n in range(1, len(full)):
            containing.setdefault(full[-n:], set()).add(full)
        if len(full) > 1 and len(full[0]) > 2:
            containing.setdefault(full[:1], set()).add(full)
    out: list[str] = []
    for canonical, tokens in zip(canonicals, folded, strict=True):
        fuller = [f for f in containing.get(tokens, ()) if len(f) > len(tokens)]
        if not fuller:
            out.append(canonical)
            continue
        longest = max(len(f) for f in fuller)
        best = {f for f in fuller if len(f) == longest}
        # several equally full names contain it: ambiguous, leave it
        if len(best) == 1:
            target = next(iter(best))
            out.append(canonicals[first_index[target]])
        else:
            out.append(canonical)
    return out


def _part_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    if not short:
        return False
    n = len(short)
    if full[-n:] == short:
        return True
    return n == 1 and full[0] == short[0] and len(short[0]) > 2
