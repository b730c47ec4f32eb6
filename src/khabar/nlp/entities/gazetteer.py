"""Gazetteer matching with Aho–Corasick on the normalised view.

Every gazetteer surface is folded with :func:`khabar.arabic.normalise.normalise` and
put in one pyahocorasick automaton; the article's normalised view is scanned once,
and matches are mapped back to original offsets.

Boundaries (the word-level rules that make a substring a mention):

- left: start of text, a non-letter, or a proclitic sequence that itself starts a
  word (وسوريا، بالعراق، فالحكومة، كإيران). ``لل`` + name stands for ``ل`` + ``ال``name
  (للعراق), so names with the article are also keyed without it for that case;
- right: end of text or a non-letter; for country names also a nisba ending
  (العراقية، المصري، الإيرانيين), which yields the country as a GPE mention;
- the mention's span excludes و/ف/ب/ل/ك but keeps the article of a nisba
  adjective (``الفرنسية``), the form a reader expects.

Entries flagged as common words (the stoplist) and weak single-word kinds are
returned with ``weak=True``: they count only if the tagger agrees.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, NamedTuple

import ahocorasick

from khabar.arabic.normalise import NormalisedView, normalise
from khabar.nlp.entities.resources import GazetteerEntry, load_gazetteer, load_stoplist
from khabar.nlp.entities.tokens import PROCLITICS

_NISBA_SUFFIXES: Final = ("يين", "يون", "يان", "يه", "ي")
_WEAK_KINDS: Final = frozenset({"anergazet-org", "cameo-place", "city-minor"})
_STRONG_NISBA_KINDS: Final = frozenset({"country", "alias"})
_LETTER_EXTRA: Final = frozenset("\u0640")
# Names without the article never take it (باريس, not الباريس): only nisba adjectives may.
_PLAIN_PROCLITICS: Final = frozenset(p for p in PROCLITICS if not p.endswith(("ال", "لل")))
_ALL_PROCLITICS: Final = frozenset(PROCLITICS)
_LONGEST_PROCLITIC: Final = max(map(len, PROCLITICS))
# Every proclitic sequence ends with one of these letters (the article's ل included): a match
# glued to a word by any other letter can have no valid left boundary.
_CLITIC_ENDS: Final = frozenset(p[-1] for p in PROCLITICS)


class GazetteerMatch(NamedTuple):
    """A gazetteer mention in original offsets (a tuple: a page makes dozens)."""

    start: int
    end: int
    label: str
    canonical: str
    kind: str
    weak: bool
    nisba: bool
    common: bool = False  # a stoplisted common word (أمل، سلام), not merely a minor name
    clitic: bool = False  # a proclitic was attached (وسوريا، بصاروخ)


def _is_letter(char: str) -> bool:
    return char.isalpha() or char in _LETTER_EXTRA


class _Value:
    """What the automaton holds for one gazetteer entry under one key (a native class in
    the mypyc build: its fields are read as C struct members in :func:`match`)."""

    __slots__ = (
        "after_lil",
        "allow_nisba",
        "canonical",
        "common",
        "kind",
        "label",
        "nisba",
        "weak",
    )

    def __init__(
        self, entry: GazetteerEntry, weak: bool, common: bool, after_lil: bool, nisba: bool
    ) -> None:
        self.label = entry.label
        self.canonical = entry.canonical
        self.kind = entry.kind
        self.weak = weak
        self.common = common
        self.after_lil = after_lil  # the key lost the article's alef: valid only after a first ل
        # a country or alias GPE: a nisba ending may follow
        self.allow_nisba = entry.label == "GPE" and entry.kind in _STRONG_NISBA_KINDS
        self.nisba = nisba  # the entry itself is a nisba adjective


class _Key:
    """One automaton key: its length, whether any entry may take a nisba ending, whether
    every entry is valid only after a first ل, and its entries."""

    __slots__ = ("all_lil", "any_nisba", "length", "values")

    def __init__(self, length: int, values: list[_Value]) -> None:
        self.length = length
        self.any_nisba = any(v.allow_nisba for v in values)
        self.all_lil = all(v.after_lil for v in values)
        self.values = values


class _Index:
    """The automaton (its payloads are indexes into :attr:`keys`) and the typed keys: the
    untyped automaton hands out only ``(end, int)`` pairs, typed once at the boundary."""

    __slots__ = ("automaton", "keys")

    def __init__(self, automaton: ahocorasick.Automaton, keys: list[_Key]) -> None:
        self.automaton = automaton
        self.keys = keys


@lru_cache(maxsize=1)
def _automaton() -> _Index:
    """Every folded gazetteer surface (and its article-less ``لعراق`` form) as a key."""
    stop = load_stoplist()
    table: dict[str, list[_Value]] = {}
    for entry in load_gazetteer():
        key = normalise(entry.surface)
        if len(key) < 2:
            continue
        common = " " not in key and key in stop
        weak = common or (" " not in key and entry.kind in _WEAK_KINDS)
        nisba = entry.kind == "nisba" or _is_alias_nisba(entry)
        table.setdefault(key, []).append(_Value(entry, weak, common, False, nisba))
        if key.startswith("ال") and len(key) > 4:
            # للعراق = ل + العراق: key "لعراق" valid only after a first ل
            table.setdefault(key[1:], []).append(_Value(entry, weak, common, True, nisba))
    automaton = ahocorasick.Automaton()
    keys: list[_Key] = []
    for key, values in table.items():
        automaton.add_word(key, len(keys))
        keys.append(_Key(len(key), values))
    automaton.make_automaton()
    return _Index(automaton, keys)


def _left_ok(text: str, start: int, after_lil: bool, definite_ok: bool) -> int:
    """Start of the word the match belongs to, or -1 when the left boundary fails."""
    if after_lil:
        # the key lost its alef: "لعراق"; the text must have ل + (و|ف)? before it
        if start == 0 or text[start - 1] != "ل":
            return -1
        start -= 1
        for prefix in ("", "و", "ف"):
            s = start - len(prefix)
            if s >= 0 and text[s:start] == prefix and (s == 0 or not _is_letter(text[s - 1])):
                return s
        return -1
    if start == 0 or not _is_letter(text[start - 1]):
        return start
    # the letters before the match must be a whole proclitic sequence: walk back to the
    # word's start (never further than the longest sequence) and look the letters up
    s = start - 1
    while s > 0 and start - s <= _LONGEST_PROCLITIC and _is_letter(text[s - 1]):
        s -= 1
    if s > 0 and _is_letter(text[s - 1]):
        return -1
    return s if text[s:start] in (_ALL_PROCLITICS if definite_ok else _PLAIN_PROCLITICS) else -1


def _right_end(text: str, end: int, allow_nisba: bool) -> tuple[int, bool]:
    """(end of the mention, is nisba) or (-1, False) when the right boundary fails."""
    if end >= len(text) or not _is_letter(text[end]):
        return end, False
    if allow_nisba:
        for suffix in _NISBA_SUFFIXES:
            e = end + len(suffix)
            if text[end:e] == suffix and (e >= len(text) or not _is_letter(text[e])):
                return e, True
    return -1, False


def match(view: NormalisedView) -> list[GazetteerMatch]:
    """Every boundary-respecting gazetteer mention in the view, overlapping ones included.

    Most automaton hits lie inside a longer word; they are dropped by two one-character
    tests before anything else is done (``text[i:i + 1]`` is empty past either end, and
    the tatweel of :data:`_LETTER_EXTRA` is itself alphabetic, so ``isalpha`` of that
    slice is the whole letter test).
    """
    text = view.text
    found: list[GazetteerMatch] = []
    offsets = view.offsets  # None: view and original offsets agree
    clitic_ends = _CLITIC_ENDS
    make = tuple.__new__  # a GazetteerMatch without the Python-level __new__ of NamedTuple
    index = _automaton()
    keys = index.keys
    hits: list[tuple[int, int]] = list(index.automaton.iter(text))
    for last, ref in hits:
        end = last + 1
        key = keys[ref]
        letter_after = text[end : end + 1].isalpha()
        if letter_after and not key.any_nisba:
            continue  # most hits lie inside a longer word
        start = end - key.length
        before = text[start - 1 : start] if start else ""
        if key.all_lil and before != "\u0644":
            continue  # "لعراق" inside العراق: no entry can match (see _left_ok)
        free_left = not before.isalpha()
        if not free_left and before not in clitic_ends:
            continue  # inside a word, not after a proclitic (نعمان ⊅ عمان): see _left_ok
        for value in key.values:
            mention_end, is_nisba = end, False
            if letter_after:
                if not value.allow_nisba:
                    continue
                mention_end, is_nisba = _right_end(text, end, True)
                if mention_end < 0:
                    continue
            is_nisba = is_nisba or value.nisba
            word_start = (
                start
                if free_left and not value.after_lil
                else _left_ok(text, start, value.after_lil, is_nisba)
            )
            if word_start < 0:
                continue
            mention_start = start
            if value.after_lil:
                mention_start = word_start  # للعراق: no clean substring, keep the word
            elif is_nisba and text[word_start:start].endswith("ال"):
                mention_start = start - 2
            if offsets is not None:  # view.to_original of a non-empty span
                mention_start, mention_end = offsets[mention_start], offsets[mention_end - 1] + 1
            fields = (mention_start, mention_end, value.label, value.canonical, value.kind)
            flags = (value.weak, is_nisba, value.common, word_start < start)
            found.append(make(GazetteerMatch, (*fields, *flags)))
    return found


def _is_alias_nisba(entry: GazetteerEntry) -> bool:
    """Alias rows that are adjectives (أميركي → الولايات المتحدة), not names."""
    if entry.kind != "alias" or entry.label != "GPE" or " " in entry.surface:
        return False
    folded = normalise(entry.surface)
    return folded.endswith(("ي", "يه")) and normalise(entry.canonical) != folded
