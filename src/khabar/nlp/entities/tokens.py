"""A small offset-keeping tokenizer and clitic helpers for entity recognition.

Tokens follow the ANERcorp convention the tagger is trained on: words keep their
attached clitics (``وسوريا`` is one token), punctuation marks are tokens of their own.
Every token carries its ``[start, end)`` span in the original text so entity spans
can be exact. The tokens themselves come from the shared layer
:mod:`khabar.arabic.tokens` (arrays, cached per text); :func:`tokenize` gives them as
tuples for callers that want one object per token. Clitic stripping here is only for
*features and matching*: entity strings are never stemmed.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from khabar.arabic.tokens import TokenArrays, WordCache, normalise_words, token_arrays

__all__ = [
    "PROCLITICS",
    "Token",
    "TokenArrays",
    "WordCache",
    "has_article",
    "normalise_words",
    "strip_proclitics",
    "token_arrays",
    "tokenize",
]


class Token(NamedTuple):
    """One token with its span in the original text (a tuple: cheap to make by the thousand)."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word and punctuation tokens with original offsets.

    >>> [t.text for t in tokenize("وقال لافروف: «نعم»")]
    ['وقال', 'لافروف', ':', '«', 'نعم', '»']
    """
    words, starts, ends = token_arrays(text)
    return list(map(Token, words, starts, ends))


# Proclitic sequences (normalised spelling), longest first. Used to find the
# bare form of a word for features and gazetteer boundaries; never to change spans.
PROCLITICS: Final[tuple[str, ...]] = (
    "وبال",
    "وكال",
    "فبال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "ال",
    "وب",
    "ول",
    "وك",
    "فب",
    "فل",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_DEFINITE_PREFIXES: Final = tuple(p for p in PROCLITICS if p.endswith(("ال", "لل")))
_CLITIC_START: Final[tuple[str, ...]] = tuple(sorted({p[0] for p in PROCLITICS}))
# PROCLITICS by length, longest first: a word starts with at most one sequence of each
# length, so the first length whose sequence starts the word is the first match in order.
_BY_LENGTH: Final[tuple[tuple[int, tuple[str, ...]], ...]] = tuple(
    (size, tuple(p for p in PROCLITICS if len(p) == size))
    for size in sorted({len(p) for p in PROCLITICS}, reverse=True)
)
assert [len(p) for p in PROCLITICS] == sorted(map(len, PROCLITICS), reverse=True)
# Why ``str.startswith`` with tuples, not ``word[0] in set`` and ``word[:size] in set``:
# an Arabic letter is no cached one-character string, so every index and slice made a new
# string and hashed it (~1.9 k instructions a call, compiled); ``startswith`` compares in
# place. The answers are the same: a slice of ``size`` letters is in a set of sequences of
# that length exactly when the word starts with one of them.


def strip_proclitics(word: str, min_rest: int = 3) -> str:
    """The word without its longest proclitic sequence, when enough is left.

    Works on normalised text. ``لل`` stands for ``ل`` + ``ال`` (the alef of the
    article drops), so the bare form is the remainder either way.

    >>> strip_proclitics("وسوريا"), strip_proclitics("للعراق"), strip_proclitics("ولد")
    ('سوريا', 'عراق', 'ولد')
    """
    if not word.startswith(_CLITIC_START):  # the empty word too
        return word
    longest = len(word) - min_rest  # the longest sequence that leaves enough
    for size, prefixes in _BY_LENGTH:
        if size <= longest and word.startswith(prefixes):
            return word[size:]
    return word


def has_article(word: str) -> bool:
    """Whether a normalised word carries the definite article (possibly after و/ف/ب/ك/ل)."""
    return word.startswith(_DEFINITE_PREFIXES)  # each starts with a proclitic's first letter
