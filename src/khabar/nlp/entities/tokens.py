"""A small offset-keeping tokenizer and clitic helpers for entity recognition.

Tokens follow the ANERcorp convention the tagger is trained on: words keep their
attached clitics (``وسوريا`` is one token), punctuation marks are tokens of their own.
Every token carries its ``[start, end)`` span in the original text so entity spans
can be exact. Clitic stripping here is only for *features and matching*: entity
strings are never stemmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import accumulate
from operator import sub
from typing import NamedTuple, TypeVar

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise

_MARKS = L.DIACRITICS + L.TATWEEL + L.ZERO_WIDTH + L.BIDI_CONTROLS
# A number with decimal/thousands separators (3.5، 1,000) is one token; a word is a run of
# letters/digits with diacritics, tatweel and invisible controls inside; a dot between
# letters splits (هادي.وقال → هادي . وقال). The possessive quantifiers change no match (a
# letter run never gives a digit back, nor a word run anything): they spare the engine
# backtracking through every word when it tries the number alternative first.
_TOKEN = (
    r"[^\W\d_]*+\d++(?:[.,،٫]\d+)+(?![^\W_])"
    r"|(?:[^\W_]|[" + re.escape(_MARKS) + r"])++"
    r"|[^\s" + re.escape(_MARKS) + r"]"
)
_TOKEN_RE = re.compile(_TOKEN)
# Every character that is no whitespace belongs to some token, so a token's leading gap is
# whitespace only: ``findall`` of gap + token gives every token and, by running sums of the
# lengths, every offset without a match object per token.
_GAP_TOKEN_RE = re.compile(r"\s*+(?:" + _TOKEN + ")")


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


class TokenArrays(NamedTuple):
    """The tokens of a text as parallel lists: no object per token.

    ``words[k]`` is ``text[starts[k]:ends[k]]``; the same tokens as :func:`tokenize`.
    """

    words: list[str]
    starts: list[int]
    ends: list[int]


def token_arrays(text: str) -> TokenArrays:
    """Tokens of ``text`` as parallel word/start/end lists, from one regex pass.

    >>> token_arrays("قال لافروف: نعم")
    TokenArrays(words=['قال', 'لافروف', ':', 'نعم'], starts=[0, 4, 10, 12], ends=[3, 10, 11, 15])
    """
    pieces = _GAP_TOKEN_RE.findall(text)
    words = [piece.lstrip() for piece in pieces]  # str.isspace is the regex's \s
    ends = list(accumulate(map(len, pieces)))
    starts = list(map(sub, ends, map(len, words)))
    return TokenArrays(words, starts, ends)


_V = TypeVar("_V")


class WordCache(dict[str, _V]):
    """Word → ``compute(word)``, computed once per word type and emptied when it grows big.

    A lookup through ``cache.__getitem__`` (``map(cache.__getitem__, words)``) stays in C
    for the word types seen before, unlike a call through ``functools.lru_cache``; news
    vocabulary repeats, so most tokens of a page are such hits.
    """

    def __init__(self, compute: Callable[[str], _V], limit: int = 200_000) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str) -> _V:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.compute(word)
        return value


_NORMALISED: WordCache[str] = WordCache(normalise)


def normalise_words(words: Iterable[str]) -> list[str]:
    """:func:`normalise` of every word, cached per word type across texts.

    >>> normalise_words(["أحمد", "إلى"])
    ['احمد', 'الي']
    """
    return list(map(_NORMALISED.__getitem__, words))


# Proclitic sequences (normalised spelling), longest first. Used to find the
# bare form of a word for features and gazetteer boundaries; never to change spans.
PROCLITICS: tuple[str, ...] = (
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
_DEFINITE_PREFIXES = tuple(p for p in PROCLITICS if p.endswith(("ال", "لل")))
_CLITIC_START = frozenset(p[0] for p in PROCLITICS)


def strip_proclitics(word: str, min_rest: int = 3) -> str:
    """The word without its longest proclitic sequence, when enough is left.

    Works on normalised text. ``لل`` stands for ``ل`` + ``ال`` (the alef of the
    article drops), so the bare form is the remainder either way.

    >>> strip_proclitics("وسوريا"), strip_proclitics("للعراق"), strip_proclitics("ولد")
    ('سوريا', 'عراق', 'ولد')
    """
    if not word or word[0] not in _CLITIC_START:
        return word
    for prefix in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= min_rest:
            return word[len(prefix) :]
    return word


def has_article(word: str) -> bool:
    """Whether a normalised word carries the definite article (possibly after و/ف/ب/ك/ل)."""
    return bool(word) and word[0] in _CLITIC_START and word.startswith(_DEFINITE_PREFIXES)
