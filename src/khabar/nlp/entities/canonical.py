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
from functools import lru_cache
from typing import Final

from khabar.arabic.normalise import normalise, normalise_words
from khabar.arabic.tokens import WordCache


@lru_cache(maxsize=65_536)  # the same names recur across a corpus
def entity_id(label: str, canonical: str) -> str:
    """Stable id of an entity: 16 hex digits of a hash of label and normalised canonical.

    >>> entity_id("GPE", "إيران") == entity_id("GPE", "ايران")
    True
    """
    folded = normalise_words(canonical)
    return hashlib.blake2b(f"{label}|{folded}".encode(), digest_size=8).hexdigest()


def _folded_words(mention: str) -> tuple[str, ...]:
    return tuple(normalise(mention).split())


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
