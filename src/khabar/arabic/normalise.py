"""Arabic normalisation as a *view* with an offset map back to the original text.

Matching (gazetteers, cue words, search) runs on the view; results are reported
in original offsets. The view folds:

- alef forms (أ إ آ ٱ) to bare alef, alef maksura (ى) to yeh, ta marbuta (ة) to heh,
  Farsi yeh and keheh to their Arabic letters;
- diacritics, tatweel, zero-width and bidi controls are dropped;
- Arabic-Indic digits become ASCII digits;
- presentation forms (ﻻ, ﷲ …) are decomposed with NFKC.

>>> normalise("أحمد")
'احمد'
>>> view = normalised_view("مُحَمَّد")
>>> view.text, view.to_original(0, 4)
('محمد', (0, 8))
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Final

from khabar.arabic import letters as L

_FOLD: dict[int, str | None] = {}
for _c in L.ALEF_FORMS:
    _FOLD[ord(_c)] = L.ALEF
_FOLD[ord(L.ALEF_MAKSURA)] = L.YEH
_FOLD[ord(L.TEH_MARBUTA)] = L.HEH
_FOLD[ord(L.FARSI_YEH)] = L.YEH
_FOLD[ord(L.KEHEH)] = L.KAF
for _i, _d in enumerate(L.ARABIC_INDIC_DIGITS):
    _FOLD[ord(_d)] = str(_i)
for _i, _d in enumerate(L.EXTENDED_ARABIC_INDIC_DIGITS):
    _FOLD[ord(_d)] = str(_i)
_DROPPED = L.DIACRITICS + L.TATWEEL + L.ZERO_WIDTH + L.BIDI_CONTROLS
for _c in _DROPPED:
    _FOLD[ord(_c)] = None

FOLD_TABLE = _FOLD
# The same fold as (character, replacement) pairs. ``str.translate`` with a dict costs about
# 50 ns per character on Arabic text (a dict lookup per code point); one ``str.replace`` per
# foldable character that occurs is a C scan, 10-15x faster on a paragraph. No replacement is
# itself foldable, so applying the pairs one after another equals one ``translate``.
_FOLD_PAIRS = tuple((chr(code), value or "") for code, value in _FOLD.items())
# Below this length ``translate`` wins (the pairs cost a fixed ~1.5 us of membership tests).
_TRANSLATE_BELOW = 48
_DROPPED_RE = re.compile("[" + re.escape(_DROPPED) + "]+")
# Arabic presentation forms A and B: rare, handled on a slow path.
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def normalise(text: str) -> str:
    """Fold Arabic spelling variants; the fast path when offsets are not needed.

    >>> normalise("إيران") == normalise("ايران")
    True
    >>> normalise("الإرهابيّة ١٤٣٨")
    'الارهابيه 1438'
    """
    if _NATIVE_FOLD is not None:
        return _NATIVE_FOLD(text)
    # The two lines of python_normalise, written out: pure Python calls this per word.
    if _PRESENTATION_RE.search(text):
        text = _decompose_presentation_forms(text)
    return _fold(text)


def python_normalise(text: str) -> str:
    """:func:`normalise` in Python: the definition the C loop is tested against."""
    if _PRESENTATION_RE.search(text):
        text = _decompose_presentation_forms(text)
    return _fold(text)


def normalise_words(text: str) -> str:
    """:func:`normalise`, then every run of whitespace one space and the ends trimmed: the key
    under which names, titles and bodies are compared.

    >>> normalise_words("  وزير   الخارجية  الإيراني ")
    'وزير الخارجيه الايراني'
    """
    return " ".join(normalise(text).split())


def _fold(text: str) -> str:
    """``text.translate(FOLD_TABLE)``, by whichever way is faster for its length."""
    if len(text) < _TRANSLATE_BELOW:
        return text.translate(FOLD_TABLE)
    for char, replacement in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _decompose_presentation_forms(text: str) -> str:
    return _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


@dataclass(frozen=True, slots=True)
class NormalisedView:
    """A normalised string and, for each of its characters, the original index.

    ``offsets`` has ``len(text) + 1`` entries (the last is ``len(original)``),
    or is ``None`` when the map is the identity (nothing was dropped or expanded).
    """

    original: str
    text: str
    offsets: array[int] | None

    # Written out (the dataclass keeps it): compiled, the record is then built natively; the
    # generated one runs interpreted (~5,000 instructions a view, ~11 views a page).
    # tests/test_normalise_view_init.py keeps it in step with the fields.
    def __init__(self, original: str, text: str, offsets: array[int] | None) -> None:
        object.__setattr__(self, "original", original)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "offsets", offsets)

    def original_index(self, i: int) -> int:
        """Original index of view position ``i`` (0 ≤ i ≤ len(text))."""
        return i if self.offsets is None else self.offsets[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span ``[start, end)`` to the original span that produced it."""
        if self.offsets is None:
            return start, end
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_view(self, original_index: int) -> int:
        """First view position at or after an original index."""
        if self.offsets is None:
            return original_index
        return bisect_left(self.offsets, original_index, 0, len(self.text))


def normalised_view(text: str) -> NormalisedView:
    """Normalise ``text`` and keep the offset map back to it."""
    native = native_view(text)
    if native is not None:
        return native
    return python_view(text)


def python_view(text: str) -> NormalisedView:
    """:func:`normalised_view` in Python: the definition the C loop is tested against."""
    if _PRESENTATION_RE.search(text):
        return _slow_view(text)
    folded = _fold(text)
    if len(folded) == len(text):
        return NormalisedView(text, folded, None)
    # Only deletions happened: the kept indices are the gaps between dropped runs, copied
    # in slices of a shared identity array (a ``memcpy`` each, not an ``int`` at a time).
    offsets: array[int] = array("i")
    identity = identity_array(len(text))
    previous = 0
    for match in _DROPPED_RE.finditer(text):
        offsets += identity[previous : match.start()]
        previous = match.end()
    offsets += identity[previous : len(text)]
    offsets.append(len(text))
    return NormalisedView(text, folded, offsets)


def native_view(text: str) -> NormalisedView | None:
    """:func:`normalised_view` by the C loop (one pass: fold and offset map), or None when
    the C loop is not served (pure Python)."""
    if _NATIVE_VIEW is None:
        return None
    folded, kept = _NATIVE_VIEW(text)
    if kept is None:
        return NormalisedView(text, folded, None)
    offsets: array[int] = array("i")
    offsets.frombytes(kept)  # native int32 items, as array("i") holds them
    return NormalisedView(text, folded, offsets)


def _slow_view(text: str) -> NormalisedView:
    """The view of a text with presentation forms (ﷺ، ﻻ): each form gives its NFKC letters,
    folded, all mapped to the form's index; the stretches between forms (nearly all of the
    text) take the fast path — one fold and the gaps between dropped runs, copied in slices
    of an identity array — instead of a Python step per character. Equal to folding
    character by character (``tests/test_normalise_view.py``)."""
    pieces: list[str] = []
    offsets: array[int] = array("i")
    previous = 0
    for found in _PRESENTATION_RE.finditer(text):
        at = found.start()
        if at > previous:
            _add_stretch(text, previous, at, pieces, offsets)
        replaced = _fold_char(found.group())
        pieces.append(replaced)
        offsets.extend([at] * len(replaced))
        previous = found.end()
    if previous < len(text):
        _add_stretch(text, previous, len(text), pieces, offsets)
    offsets.append(len(text))
    return NormalisedView(text, "".join(pieces), offsets)


def _add_stretch(
    text: str, start: int, stop: int, pieces: list[str], offsets: array[int]
) -> None:
    """Fold ``text[start:stop]`` (no presentation form in it) onto ``pieces`` and the
    original index of every kept character onto ``offsets``."""
    pieces.append(_fold(text[start:stop]))
    identity = identity_array(stop)
    previous = start
    for run in _DROPPED_RE.finditer(text, start, stop):
        offsets += identity[previous : run.start()]
        previous = run.end()
    offsets += identity[previous:stop]


def identity_array(size: int) -> array[int]:
    """An ``array("i")`` holding at least ``0 … size - 1`` at their own indexes, shared
    (read-only): offset maps copy slices of it, a ``memcpy`` per kept stretch."""
    return _identity(max(1 << 16, 1 << size.bit_length()))


@lru_cache(maxsize=1)
def _identity(size: int) -> array[int]:
    """``array("i", range(size))``, made again only for a longer text than any before."""
    return array("i", range(size))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefe":
        char = unicodedata.normalize("NFKC", char)
    return char.translate(FOLD_TABLE)


# The C loops: set up last, from the tables and functions above.
def _load_native() -> ModuleType | None:
    """The C text loops (``khabar/arabic/_ctext.c``), configured with this module's fold,
    when the compiled build serves them; None in pure Python, which never imports them.

    One pass in C does what a regex scan or a chain of ``str.replace`` calls does here
    (~800 instructions a character in the compiled build for tokens, see ``_ctext.c``);
    the Python code above stays the reference (``tests/test_ctext.py`` compares them).
    Presentation forms are given as their normalised texts (NFKC, then the fold), so the C
    loops handle every text."""
    # The import hook's module, looked up rather than imported: an import of ``khabar`` here
    # would make the build's guard follow ``khabar/__init__.py`` and everything it imports
    # (pipeline, readers), so an edit there would needlessly stale the build. ``khabar`` has
    # always run it before this module (its ``__init__`` imports it first).
    guard = sys.modules.get("khabar._compiled")
    if guard is None or array("i").itemsize != 4:
        return None
    served: tuple[str, ...] = guard.compiled_modules()
    if "khabar.arabic._ctext" not in served:
        return None
    from khabar.arabic import _ctext

    forms = {
        code: _fold_char(chr(code))
        for low, high in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))
        for code in range(low, high + 1)
    }
    _ctext.configure(FOLD_TABLE, _DROPPED, forms)
    return _ctext


NATIVE: Final = _load_native()
# The C fold (equal to normalise), when served.
_NATIVE_FOLD: Final[Callable[[str], str] | None] = None if NATIVE is None else NATIVE.fold
# The C view: (fold, int32 offset map or None for the identity), when served.
_NATIVE_VIEW: Final[Callable[[str], tuple[str, bytes | None]] | None] = (
    None if NATIVE is None else NATIVE.view
)
