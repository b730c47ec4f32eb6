"""Tokens with original offsets and normalised words, and the closed word classes rules use.

The quote finder works on one token list (one regex pass): words, numbers (``122.2`` stays one
token), single punctuation marks and newlines; each word is also given normalised. Closed
classes (prepositions, complementizers, time words …) are grammar, not lexicon, so they live
here as code constants in the *normalised* spelling (أ/إ → ا, ى → ي, ة → ه).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable, MutableSequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from types import FunctionType
from typing import Final

import numpy as np
import numpy.typing as npt

from khabar.arabic import letters as L
from khabar.arabic.normalise import FOLD_TABLE, NATIVE, normalise

from .marks import ALL_MARKS

# A word is letters/digits with the marks that ride on them (diacritics, tatweel, zero-width and
# bidi controls), so offsets stay in the original text. "د." (doctor) and "م." (engineer) stay
# one token, so their dot does not end a sentence.
_MARKS: Final = "".join(sorted(set(L.DIACRITICS + L.TATWEEL + L.ZERO_WIDTH + L.BIDI_CONTROLS)))
_WORD: Final = f"(?:[\\w{re.escape(_MARKS)}])+(?:[.,]\\d+)*"
_ABBREVIATION: Final = r"(?<!\S)[\u062f\u0645]\.(?=[ \t])"
TOKEN_RE: Final = re.compile(f"{_ABBREVIATION}|{_WORD}|\n|[^\\w\\s]")
_SPLIT_RE: Final = re.compile(f"({_ABBREVIATION}|{_WORD}|\n|[^\\w\\s])")
# The same tokens without the abbreviation alternative (tried at every token start, it costs a
# fifth of the pass); the rare abbreviations are joined afterwards. Possessive quantifiers: a
# word never gives back letters.
_FAST_SPLIT_RE: Final = re.compile(f"([\\w{re.escape(_MARKS)}]++(?:[.,]\\d+)*+|[^\\w\\s]|\n)")

SENTENCE_END: Final = frozenset({".", "!", "?", "\u061f", "\u06d4", "\n"})

# أن / إن and their forms with a preposition, a conjunction or an attached pronoun (normalised).
_COMP_BASES: Final = ("ان",)
_COMP_PRONOUNS: Final = ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "ك", "كم")
COMPLEMENTIZERS: Final = frozenset(
    prefix + base + pronoun
    for base in _COMP_BASES
    for prefix in ("", "ب", "و", "وب", "ف")
    for pronoun in _COMP_PRONOUNS
)

# Prepositions that introduce the complement of a cue (أكد على، أشار إلى، كشف عن): a cue whose
# complement starts with one of these and no أن is a nominal paraphrase, not a reported clause.
ARGUMENT_PREPOSITIONS: Final = frozenset({"عن", "الي", "علي", "ب"})
# Prepositions, then prepositions with an attached pronoun ("قالت فيها"، "قال لي"), which never
# start a subject. One Final expression: the compiled build reads it as a static, not through
# the module dict on every use.
PREPOSITIONS: Final = frozenset(
    {
        "في",
        "علي",
        "عن",
        "من",
        "الي",
        "مع",
        "خلال",
        "عقب",
        "بعد",
        "قبل",
        "امام",
        "لدي",
        "عبر",
        "حول",
        "ل",
        "ب",
        "منذ",
        "اثناء",
        "حتي",
        "بين",
        "ضد",
        "نحو",
        "تجاه",
        "ازاء",
        "وفي",
        "وخلال",
        "بشان",
        "لوكاله",
        "لصحيفه",
        "لقناه",
        "لموقع",
        "لجريده",
        "لمجله",
        "للصحفيين",
        "للصحافيين",
        "لوسائل",
        "لشبكه",
        "لاذاعه",
        "لتلفزيون",
        "لنا",
        "له",
        "لها",
        "لهم",
    }
) | frozenset(
    {
        "لي",
        "لك",
        "فيه",
        "فيها",
        "فيهم",
        "عليه",
        "عليها",
        "عليهم",
        "منه",
        "منها",
        "منهم",
        "عنه",
        "عنها",
        "عنهم",
        "اليه",
        "اليها",
        "اليهم",
        "معه",
        "معها",
        "معهم",
        "بها",
        "به",
        "بهم",
    }
)
TIME_WORDS: Final = frozenset(
    {
        "اليوم",
        "امس",
        "مساء",
        "صباح",
        "يوم",
        "الليله",
        "الاحد",
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
        "ظهر",
        "فجر",
        "حاليا",
        "ايضا",
        "كذلك",
        "مجددا",
        "مؤخرا",
        "سابقا",
        "لاحقا",
        "اخيرا",
        "صراحه",
        "بدوره",
        "بدورها",
    }
)
RELATIVES: Final = frozenset(
    {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي"}
)
PARTICLES: Final = frozenset(
    {
        "لان",  # لأن: "because"
        "النظر",  # لفت النظر إلى أن …
        "الانتباه",
        "قوله",
        "قولها",
        "قولهم",
        "بالقول",
        "بقوله",
        "لم",
        "لن",
        "لا",
        "ما",
        "قد",
        "لقد",
        "كما",
        "فيما",
        "بينما",
        "اذ",
        "اذا",
        "حيث",
        "ثم",
        "او",
        "ام",
        "هو",
        "هي",
        "هم",
    }
)
# Heads of a quantified group: "عدد من الناشطين" keeps "من" inside the noun phrase.
QUANTIFIERS: Final = frozenset(
    {
        "عدد",
        "بعض",
        "احد",
        "احدي",
        "مجموعه",
        "عشرات",
        "مئات",
        "الاف",
        "كثير",
        "الكثير",
        "جميع",
        "كل",
        "معظم",
        "غالبيه",
        "اغلب",
    }
)
# Name particles that may stand inside a personal name.
NAME_PARTICLES: Final = frozenset(
    {
        "ال",
        "بن",
        "ابن",
        "بنت",
        "ابو",
        "بو",  # Gulf spelling of أبو: "حمد بو عميم"
        "ام",
        "عبد",
        "ابي",
        "ولد",
        "دي",
        "دو",
        "دا",  # "لويس دا سيلفا"
        "ديل",
        "فان",
        "فون",
        "لا",
    }
)
# Discourse openers before a sentence's verb: "من جهته،", "بدوره،".
OPENER_HEADS: Final = frozenset(
    {"جهته", "جهتها", "جانبه", "جانبها", "ناحيته", "ناحيتها", "جهه", "جهتهم", "جانبهم"}
)


# The fold of khabar.arabic.normalise, done as a few C-level replacements instead of a per-character
# dictionary translate (5x faster on news text); built from the same FOLD_TABLE, so the result is
# identical (tests compare the two).
_FOLD_LETTERS: Final = {
    chr(k): v for k, v in FOLD_TABLE.items() if v is not None and not v.isdigit()
}
_FOLD_DIGITS: Final = str.maketrans({chr(k): v for k, v in FOLD_TABLE.items() if v and v.isdigit()})
_DIGIT_RE: Final = re.compile("[" + "".join(chr(k) for k in _FOLD_DIGITS) + "]")
_DROP_RE: Final = re.compile(
    "[" + re.escape("".join(chr(k) for k, v in FOLD_TABLE.items() if v is None)) + "]"
)
_PRESENTATION_RE: Final = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def fast_normalise(text: str) -> str:
    """Same result as :func:`khabar.arabic.normalise.normalise`, faster on long texts.

    >>> fast_normalise("إلى مدرسةٍ ١٢") == normalise("إلى مدرسةٍ ١٢")
    True
    """
    if NATIVE is not None or _PRESENTATION_RE.search(text):
        return normalise(text)  # the C fold (compiled build), or NFKC expansions
    for source, target in _FOLD_LETTERS.items():
        if source in text:
            text = text.replace(source, target)
    if _DIGIT_RE.search(text):
        text = text.translate(_FOLD_DIGITS)
    return _DROP_RE.sub("", text)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Tokens of one text: original-offset spans and normalised strings.

    ``folded`` is the normalised words joined by spaces (for whole-text regex searches).
    ``starts`` and ``ends`` are machine-integer arrays, not lists: a page has a thousand
    tokens, and an ``int`` object per offset cost more than the rest of the tokenising.
    """

    original: str
    starts: array[int]
    ends: array[int]
    words: list[str]
    folded: str

    # An explicit __init__ (the dataclass keeps it): the compiled build then constructs the
    # record natively; the generated one is interpreted, ~6x the cost (tests check the two
    # stay alike). Frozen: the fields are set as the generated one sets them.
    def __init__(
        self, original: str, starts: array[int], ends: array[int], words: list[str], folded: str
    ) -> None:
        object.__setattr__(self, "original", original)
        object.__setattr__(self, "starts", starts)
        object.__setattr__(self, "ends", ends)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "folded", folded)

    def __len__(self) -> int:
        return len(self.words)

    def original_span(self, first: int, last: int) -> tuple[int, int]:
        """Original character span covering tokens ``first .. last`` inclusive."""
        return self.starts[first], self.ends[last]


def tokenize(text: str) -> Tokens:
    """Tokenise ``text`` (offsets into it) and normalise every token.

    Diacritics, tatweel and invisible controls stay inside the word they mark, so offsets need
    no map back from a normalised view; a token made only of them is dropped. The work is a
    handful of numpy passes over the characters (class and fold tables per code point), not
    one regex match per token; :func:`tokenize_general` is the regex way, same result.

    >>> t = tokenize("وقالَ: «نعمـل»")
    >>> t.words, t.original[t.starts[3] : t.ends[3]]
    (['وقال', ':', '«', 'نعمل', '»'], 'نعمـل')

    In the compiled build, one C pass over the characters (``_ctext.quote_tokens``) gives
    the offsets, the folded words and their join: no numpy calls, no join and split of the
    words.
    """
    if _NATIVE_TOKENS is not None:
        found = _NATIVE_TOKENS(text)
        starts: array[int] = array("q")
        ends: array[int] = array("q")
        starts.frombytes(found[0])  # native int64 items
        ends.frombytes(found[1])
        return Tokens(text, starts, ends, found[2], found[3])
    return tokenize_python(text)


def tokenize_python(text: str) -> Tokens:
    """:func:`tokenize` without the C loop (numpy or regex): pure Python's way, and the
    definition the C loop is tested against."""
    if len(text) > BLOCK_CHARS:
        return _tokenize_blocks(text)
    if len(text) < SHORT_CHARS:
        return tokenize_general(text)  # a short text: less than the numpy calls' fixed cost
    return _tokenize_block(text)


# The C tokenizer (``khabar/arabic/_ctext.c``) when the compiled build serves it: int64
# starts and ends (``array("q")`` items), folded words and their join.
_NATIVE_TOKENS: Final[Callable[[str], tuple[bytes, bytes, list[str], str]] | None] = (
    None if NATIVE is None or array("q").itemsize != 8 else NATIVE.quote_tokens
)


# Below this many characters the regex split is cheaper than the numpy passes, whose ~40 µs
# of call overhead does not depend on the length (measured crossover ~450 characters).
SHORT_CHARS: Final = 400


# Long texts are tokenised a block of lines at a time: the per-character arrays of a whole
# megabyte outgrow the CPU caches (the time per character rose by half from 60k to 960k
# characters). A newline is a token of its own and no token rule looks across it, so the
# tokens of the blocks, shifted by each block's offset, are the tokens of the text.
BLOCK_CHARS: Final = 1 << 15


def _tokenize_blocks(text: str) -> Tokens:
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    words: list[str] = []
    begin = 0
    while begin < len(text):
        cut = text.find("\n", begin + BLOCK_CHARS)
        stop = len(text) if cut == -1 else cut + 1
        block = _tokenize_block(text[begin:stop])
        starts.extend(map(begin.__add__, block.starts))
        ends.extend(map(begin.__add__, block.ends))
        words.extend(block.words)
        begin = stop
    return Tokens(text, starts, ends, words, " ".join(words))


def _tokenize_block(text: str) -> Tokens:
    """:func:`tokenize` for one block of text."""
    if not text:
        return Tokens(text, array("q"), array("q"), [], "")
    try:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return tokenize_general(text)
    tables = _tables()
    high = int(points.max()) >= 0xFB50
    if high and bool((points > 0xFFFF).any()):
        return tokenize_general(text)  # astral characters: beyond the tables
    codes = points.astype(np.intp)  # table lookups with native indices: 3x faster
    kinds = tables.kind[codes]
    first, end = _token_bounds(text, codes, kinds, tables)
    folded = _folded_join(codes, end, tables)
    # A token made only of marks (an empty word after normalisation) starts with a dropped
    # mark: only then can the join hold a doubled or edge space (rare, done exactly). The
    # three-call test is cheaper than searching the join for "  " (a frequent first char).
    if len(first) and tables.dropped[codes[first]].any():
        if (not folded) or folded[:1] == " " or folded[-1:] == " " or "  " in folded:
            first, end, folded = _folded_join_dropping_empty(codes, kinds, first, end, tables)
    words = folded.split(" ") if len(first) else []
    if high:
        expanding = np.flatnonzero(tables.expands[codes])
        if len(expanding):
            first, end, words = _expand_presentation(first, end, words, expanding)
            folded = " ".join(words)
    starts = _offsets(first)
    ends = _offsets(end)
    if _join_abbreviations(text, words, starts, ends):
        folded = " ".join(words)
    return Tokens(text, starts, ends, words, folded)


def _expand_presentation(
    first: npt.NDArray[np.intp],
    end: npt.NDArray[np.intp],
    words: list[str],
    expanding: npt.NDArray[np.intp],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], list[str]]:
    """The words of the tokens holding presentation forms that NFKC expands (ﻻ → لا,
    ﷺ → four words, ﷼ → ريال), which the tables left as they are: each such token's word is
    its text normalised with the spaces taken out, as the regex tokenizer makes it (one token
    stays one word); a token that normalises to nothing is dropped, like a mark-only token.
    ``expanding``: positions of those characters. Normalisation works character by
    character, and the join already holds every other character folded: each expanding form
    is replaced by its own normalised form (``_expansions``)."""
    # Ascending (the positions are), so repeats are neighbours; not np.unique, whose first
    # call imports numpy.ma (~40 M instructions once a process).
    holding = list(dict.fromkeys(np.searchsorted(end, expanding, side="right").tolist()))
    expansions = _expansions()
    emptied = []
    for k in holding:
        word = words[k].translate(expansions)
        words[k] = word
        if not word:
            emptied.append(k)
    if emptied:
        keep = np.ones(len(words), dtype=np.bool_)
        keep[emptied] = False
        first, end = first[keep], end[keep]
        words = [word for word in words if word]
    return first, end, words


@lru_cache(maxsize=1)
def _expansions() -> dict[int, str]:
    """Each presentation form that expands → its normalised form without spaces."""
    expands = _tables().expands
    return {
        code: normalise(chr(code)).replace(" ", "")
        for low, high in _PRESENTATION_RANGES
        for code in range(low, high)
        if expands[code]
    }


# Marks a character the fold drops (gaps between tokens, marks normalisation removes): no code
# point is this large.
_NOTHING: Final = 0xFFFFFFFF


def _folded_join(codes: npt.NDArray[np.intp], end: npt.NDArray[np.intp], tables: _Tables) -> str:
    """The folded tokens joined by single spaces, in a few array passes.

    Every character gets two slots: its folded code point (or ``_NOTHING`` for a gap or a
    dropped mark), then a space if a token ends on it (else ``_NOTHING``); the slots that are
    not ``_NOTHING`` are the join, with one space too many at the end. A token made only of
    dropped marks leaves a doubled, leading or trailing space, or an empty join of one token
    (the caller checks).
    """
    # Both slots of every character in one table lookup (a pair table viewed as 64 bits).
    slots = tables.fold_slots[codes].view(np.uint32)
    slots[2 * end - 1] = 32
    # take() of the nonzero indices: a boolean-mask index is 4x slower here (numpy 2).
    joined: npt.NDArray[np.uint32] = slots.take((slots != _NOTHING).nonzero()[0])
    return joined[:-1].tobytes().decode("utf-32-le")


def _folded_join_dropping_empty(
    codes: npt.NDArray[np.intp],
    kinds: npt.NDArray[np.uint8],
    first: npt.NDArray[np.intp],
    end: npt.NDArray[np.intp],
    tables: _Tables,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], str]:
    """Token bounds without the tokens made only of dropped marks, and the folded join."""
    sizes = end - first
    inside = kinds != _GAP  # every character but a gap belongs to a token
    dropped = tables.dropped[codes]
    drops = np.flatnonzero(dropped)
    sizes -= np.searchsorted(drops, end) - np.searchsorted(drops, first)
    nonempty = sizes > 0
    first, end, sizes = first[nonempty], end[nonempty], sizes[nonempty]
    inside &= ~dropped
    spaces = np.cumsum(sizes[:-1])
    spaces += np.arange(len(spaces))  # where the spaces between tokens fall in the join
    joined = np.full(int(sizes.sum()) + len(spaces), 32, dtype=np.uint32)
    letters = np.ones(len(joined), dtype=np.bool_)
    letters[spaces] = False
    joined[letters] = tables.fold[codes[inside]]
    return first, end, joined.tobytes().decode("utf-32-le")


def _offsets(values: npt.NDArray[np.intp]) -> array[int]:
    """A numpy offset array as an ``array("q")`` (one copy, no ``int`` object per offset)."""
    return array("q", values.astype(np.int64, copy=False).tobytes())


def tokenize_general(text: str) -> Tokens:
    """:func:`tokenize` by one regex split: slower, for any text (and the tests' reference)."""
    # split() with one capturing group alternates gap, token, gap, token … gap; cumulative
    # lengths then give every offset without a Python-level loop over matches.
    parts = _FAST_SPLIT_RE.split(text)
    offsets = list(accumulate(map(len, parts)))
    raw = parts[1::2]
    starts = array("q", offsets[0:-1:2])
    ends = array("q", offsets[1::2])
    _join_abbreviations(text, raw, starts, ends)
    folded = fast_normalise(" ".join(raw))
    words = folded.split(" ")
    if len(words) != len(raw):  # a presentation form expanded to several words (ﷺ)
        words = [normalise(w).replace(" ", "") for w in raw]
        folded = " ".join(words)
    if "" in words:  # a token made only of marks that normalisation drops
        keep = [i for i, w in enumerate(words) if w]
        words = [words[i] for i in keep]
        starts = array("q", [starts[i] for i in keep])
        ends = array("q", [ends[i] for i in keep])
        folded = " ".join(words)
    return Tokens(text, starts, ends, words, folded)


# Character classes of the token regex, for the Basic Multilingual Plane: a gap (whitespace
# but the newline), a word character (``\\w`` or a mark riding on a word), a one-character
# token (punctuation, symbols), the newline, and "." / "," (signs that may join a number).
_GAP, _WORD_CHAR, _SIGN, _NEWLINE, _SEPARATOR = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class _Tables:
    """Per-code-point tables (BMP) the numpy tokenizer looks characters up in."""

    kind: npt.NDArray[np.uint8]  # _GAP, _WORD_CHAR, _SIGN, _NEWLINE or _SEPARATOR
    digit: npt.NDArray[np.bool_]  # ``\\d``
    dropped: npt.NDArray[np.bool_]  # removed by normalisation (marks, tatweel, controls)
    fold: npt.NDArray[np.uint32]  # the code point after the fold (itself for most)
    fold_kept: npt.NDArray[np.uint32]  # the fold, _NOTHING for gaps and dropped marks
    fold_slots: npt.NDArray[np.uint64]  # (fold_kept, _NOTHING) pairs, as one 64-bit item each
    expands: npt.NDArray[np.bool_]  # a presentation form whose NFKC is not one letter (ﷺ، ﻻ)
    kind_bytes: bytes  # ``kind`` and ``digit`` as bytes, for native code that reads a few
    digit_bytes: bytes  # characters by table (no array call per character)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    kind = np.zeros(0x10000, dtype=np.uint8)
    digit = np.zeros(0x10000, dtype=np.bool_)
    dropped = np.zeros(0x10000, dtype=np.bool_)
    fold = np.arange(0x10000, dtype=np.uint32)
    marks = set(_MARKS)
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum() or char == "_" or char in marks:
            kind[code] = _WORD_CHAR
            digit[code] = char.isdecimal()
        elif char == "\n":
            kind[code] = _NEWLINE
        elif char in ".,":
            kind[code] = _SEPARATOR
        elif not char.isspace():
            kind[code] = _SIGN
    for code, target in FOLD_TABLE.items():
        if target is None:
            dropped[code] = True
        else:
            fold[code] = ord(target)
    expands = _presentation_folds(fold, dropped)
    fold_kept = fold.copy()
    fold_kept[(kind == _GAP) | dropped] = _NOTHING
    pairs = np.empty((0x10000, 2), dtype=np.uint32)
    pairs[:, 0] = fold_kept
    pairs[:, 1] = _NOTHING
    fold_slots = pairs.view(np.uint64).reshape(-1)
    return _Tables(
        kind, digit, dropped, fold, fold_kept, fold_slots, expands, kind.tobytes(), digit.tobytes()
    )


# Arabic presentation forms A and B: normalisation replaces each by its NFKC form, then folds.
_PRESENTATION_RANGES: Final = ((0xFB50, 0xFE00), (0xFE70, 0xFEFF))


def _presentation_folds(
    fold: npt.NDArray[np.uint32], dropped: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Fold the presentation forms whose NFKC form is one non-space character (ﺍ → ا, ﻣ → م:
    most of those in news text) into ``fold`` / ``dropped`` in place, as normalisation would
    (NFKC, then the fold); the forms that expand (ﻻ → لا, ﷺ → four words, ﹰ → a space and a
    mark) stay themselves in the tables and are returned as a mask: the words of their tokens
    are made afterwards (``_expand_presentation``). The token classes stay those of the
    original character, as in the regex."""
    expands = np.zeros(0x10000, dtype=np.bool_)
    for low, high in _PRESENTATION_RANGES:
        for code in range(low, high):
            form = unicodedata.normalize("NFKC", chr(code))
            if len(form) != 1 or form.isspace():
                expands[code] = True
                continue
            target = FOLD_TABLE.get(ord(form), form)
            if target is None:
                dropped[code] = True
            else:
                fold[code] = ord(target)
    return expands


def _token_bounds(
    text: str, codes: npt.NDArray[np.intp], kinds: npt.NDArray[np.uint8], tables: _Tables
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Start and end offsets of the tokens of ``_FAST_SPLIT_RE``, ascending.

    A word is a run of word characters; "." or "," between a word character and a digit
    joins the digits to it ("122.2"), and a letter right after such digits starts a new word
    (the regex's possessive ``(?:[.,]\\d+)*+``). Every other non-space character, and the
    newline, is a token of its own. A character starts a token when it is a sign or the
    first of a word run, and ends one when it is a sign or the last of a run: one flag
    array each, no sorting.
    """
    size = len(codes)
    cuts: list[int] = []
    classes = kinds  # _GAP 0, _WORD_CHAR 1, a one-character token 2 and above
    if COMPILED:
        # Native code finds the few dots and commas with memchr-speed searches and tests
        # their neighbours by table (a page has dozens; the array passes cost a dozen calls).
        joined_at = _joining_separators(text, tables)
        if joined_at:
            classes = kinds.copy()
            classes[joined_at] = _WORD_CHAR
            cuts = _cuts_after_numbers(joined_at, codes, kinds, tables)
        separators = codes[:0]  # nothing left to look at
    else:
        separators = (kinds == _SEPARATOR).nonzero()[0]  # "." and ","
    if separators.size:
        # Only a separator with a character on both sides can join (sorted: drop the ends).
        separators = separators[
            int(separators[0] == 0) : len(separators) - int(separators[-1] == size - 1)
        ]
        joining = (kinds[separators - 1] == _WORD_CHAR) & tables.digit[codes[separators + 1]]
        joined = separators.take(joining.nonzero()[0])
        if joined.size:
            classes = kinds.copy()
            classes[joined] = _WORD_CHAR
            cuts = _cuts_after_numbers(joined.tolist(), codes, kinds, tables)
    # A character opens a token when its class is above "the character before is a word
    # character" (0 or 1): a sign always, a word character after a non-word one; closes one
    # likewise with the character after. Five array calls for both flag arrays.
    framed = np.zeros(size + 2, dtype=np.uint8)
    framed[1:-1] = classes
    in_word = framed == _WORD_CHAR
    opens = classes > in_word[:-2]
    closes = classes > in_word[2:]
    if cuts:  # "2.5مليون": the word after the number starts a token of its own
        opens[cuts] = True
        closes[np.asarray(cuts) - 1] = True
    return opens.nonzero()[0], closes.nonzero()[0] + 1  # nonzero: flatnonzero's wrapper costs


def _joining_separators(text: str, tables: _Tables) -> list[int]:
    """Ascending positions of the "." and "," of ``text`` that join digits to a word: a word
    character before, a digit after (``122.2``, ``2,5``), as the array test in
    ``_token_bounds`` finds them. ``text`` holds no character beyond the tables' plane."""
    kind = tables.kind_bytes
    digit = tables.digit_bytes
    size = len(text)
    found: list[int] = []
    for sign in (".", ","):
        at = text.find(sign, 1)
        while at != -1 and at + 1 < size:
            if kind[ord(text[at - 1])] == _WORD_CHAR and digit[ord(text[at + 1])]:
                found.append(at)
            at = text.find(sign, at + 1)
    if len(found) > 1:
        found.sort()
    return found


def _cuts_after_numbers(
    joiners: list[int], codes: npt.NDArray[np.intp], kinds: npt.NDArray[np.uint8], tables: _Tables
) -> list[int]:
    """Positions where a word starts right after the digits of a joined "[.,]digits"."""
    cuts = []
    size = len(codes)
    digit = tables.digit
    for at in joiners:
        end = at + 2
        while end < size and digit[codes[end]]:
            end += 1
        if end < size and kinds[end] == _WORD_CHAR:
            cuts.append(end)
    return cuts


def _join_abbreviations(
    text: str, raw: list[str], starts: MutableSequence[int], ends: MutableSequence[int]
) -> bool:
    """Make "د." / "م." one token, as ``TOKEN_RE`` does (the fast split gives "د" + ".");
    whether any was joined.

    The candidates are found from the dots (a one-character find, a few dozen per page), not
    by searching for "د." and "م." (two-character searches that stop at every letter)."""
    found: list[int] = []
    dot = text.find(".", 1)
    while dot != -1:
        at = dot - 1
        # (?<!\S) before, (?=[ \t]) after: a plain find is cheaper than the regex scan.
        if (
            text[at] in ("\u062f", "\u0645")  # د (doctor), م (engineer)
            and (at == 0 or text[at - 1].isspace())
            and text[dot + 1 : dot + 2] in (" ", "\t")
        ):
            found.append(at)
        dot = text.find(".", dot + 1)
    if not found:
        return False
    joined = False
    for at in reversed(found):
        i = bisect_left(starts, at)
        if i + 1 < len(raw) and starts[i] == at and raw[i + 1] == ".":
            raw[i] += "."
            del raw[i + 1]
            ends[i] = ends[i + 1]
            del ends[i + 1]
            del starts[i + 1]
            joined = True
    return joined


# Whether each code point below U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic …) is
# alphanumeric (``str.isalnum``), a byte each: rules test a token's first character (is it a
# word: ``word[0].isalnum()``) without making a one-character string, which ``word[0]`` does
# for every Arabic letter. Compiled, ``ord(word[0])`` reads the code point in place; rarer
# characters take ``str.isalnum``. 2 KB, built at import (~0.2 ms).
ALNUM_LOW: Final = bytes(map(str.isalnum, map(chr, range(0x800))))


def _probe() -> None:
    """Only here to be looked at: see ``COMPILED``."""


# Whether this module runs as native code (the mypyc build): rule loops that count words pick
# the table test there (a direct read) and ``word[0].isalnum()`` in CPython (faster there).
COMPILED: Final = not isinstance(_probe, FunctionType)


def count_words(words: list[str], first: int, end: int) -> int:
    """How many of ``words[first:end]`` are words (first character alphanumeric), as
    ``sum(w[0].isalnum() for w in words[first:end])``.

    >>> count_words(["قال", ":", "«", "نعمل", "2", "»", "\n"], 0, 7)
    3
    """
    found = 0
    if COMPILED:
        alnum = ALNUM_LOW
        for k in range(first, end):
            code = ord(words[k][0])
            if alnum[code] if code < 0x800 else words[k][0].isalnum():
                found += 1
        return found
    for k in range(first, end):
        if words[k][0].isalnum():
            found += 1
    return found


def has_words(words: list[str], first: int, end: int, needed: int) -> bool:
    """Whether ``words[first:end]`` holds at least ``needed`` words (stops early).

    >>> has_words(["قال", ":", "«", "نعمل", "»"], 0, 5, 2), has_words(["قال", ":"], 0, 2, 2)
    (True, False)
    """
    found = 0
    if COMPILED:
        alnum = ALNUM_LOW
        for k in range(first, end):
            code = ord(words[k][0])
            if alnum[code] if code < 0x800 else words[k][0].isalnum():
                found += 1
            if found >= needed:  # after every token, as below (needed <= 0: the first)
                return True
        return False
    for k in range(first, end):
        found += words[k][0].isalnum()
        if found >= needed:
            return True
    return False


def is_mark(word: str) -> bool:
    return len(word) == 1 and word in ALL_MARKS


def is_word(word: str) -> bool:
    """A word token (letters or digits), not punctuation or a newline.

    The rule loops of the finder and the speaker module spell it ``word[0].isalnum()``
    (a call per token cost more than the test)."""
    return word[0].isalnum()
