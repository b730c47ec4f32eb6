"""One token layer for every stage: word/start/end arrays from one regex pass, cached per text.

Tokens follow the ANERcorp convention (the entity tagger is trained on it): words keep
their attached clitics (``وسوريا`` is one token), a number with separators is one token
(``3.5``، ``1,000``), every other mark is a token of its own. Diacritics, tatweel and
invisible controls stay inside the word they mark, so offsets are into the original text.

Why arrays and caches: an article has a thousand tokens, and a Python object per token
(a match, a tuple) costs more than the rest of the work on it. :func:`token_arrays`
returns parallel lists built by C-level passes; :func:`text_view` and
:func:`token_arrays` remember the last few texts, so stages that run one after another on
the same article (entities, then quotes) pay once. Cached results are shared: treat
them as read-only.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from operator import sub
from typing import Final, NamedTuple, TypeVar

from khabar.arabic import letters as L
from khabar.arabic.normalise import (
    NATIVE,
    NormalisedView,
    identity_array,
    native_view,
    normalise,
    normalised_view,
)

__all__ = [
    "TokenArrays",
    "WordCache",
    "folded_text",
    "normalise_words",
    "text_view",
    "token_arrays",
]

_MARKS = L.DIACRITICS + L.TATWEEL + L.ZERO_WIDTH + L.BIDI_CONTROLS
# A number with decimal/thousands separators (3.5، 1,000) is one token; a word is a run of
# letters/digits with diacritics, tatweel and invisible controls inside; a dot between
# letters splits (هادي.وقال → هادي . وقال). The possessive quantifiers change no match (a
# letter run never gives a digit back, nor a word run anything): they spare the engine
# backtracking through every word when it tries the number alternative first.
TOKEN = (
    r"[^\W\d_]*+\d++(?:[.,،٫]\d+)+(?![^\W_])"
    r"|(?:[^\W_]|[" + re.escape(_MARKS) + r"])++"
    r"|[^\s" + re.escape(_MARKS) + r"]"
)
# Every character that is no whitespace belongs to some token, so a token's leading gap is
# whitespace only: ``findall`` of gap + token gives every token and, by running sums of the
# lengths, every offset without a match object per token.
_GAP_TOKEN_RE = re.compile(r"\s*+(?:" + TOKEN + ")")
# The same tokens, cheaper, for the texts most pages are: without a number with a separator
# (3.5) the number alternative never matches, and without an underscore a word character is
# any ``\w`` (one character class instead of an alternation per character).
_WORD_OR_MARK = r"[\w" + re.escape(_MARKS) + r"]++"
_MARK_FREE = r"[^\s" + re.escape(_MARKS) + r"]"
_NUMBER_RE = re.compile(r"\d[.,،٫]\d")
_NUMBER = r"[^\W\d_]*+\d++(?:[.,،٫]\d+)+(?![^\W_])"
_FAST_RE = {
    False: re.compile(r"\s*+(?:" + _WORD_OR_MARK + "|" + _MARK_FREE + ")"),
    True: re.compile(r"\s*+(?:" + _NUMBER + "|" + _WORD_OR_MARK + "|" + _MARK_FREE + ")"),
}
# Texts remembered: the stages of one article run back to back, and in ``Pipeline.run``'s
# batches (16 pages) every page is extracted, then all go through the entity stage, then each
# through quotes and events: a cache smaller than a batch is emptied by its own batch (least
# recently used goes first) and the view of every body was made three times. Two batches'
# worth: 40 views of ~8 KB bodies are ~2 MB, strings and arrays the cyclic GC never visits.
_CACHED_TEXTS = 40
# Token arrays are asked for once per page (the entity stage), and their lists are what the
# cyclic GC traverses again and again while they live: a few texts only (40 measured +1 % of
# the pipeline's time in GC for no hit).
_CACHED_TOKEN_TEXTS = 8
_LONGEST_IDENTITY = 1 << 20  # longer texts (no news article) take the view's own path


class TokenArrays(NamedTuple):
    """The tokens of a text as parallel lists: ``words[k] == text[starts[k]:ends[k]]``."""

    words: list[str]
    starts: list[int]
    ends: list[int]


def split_tokens(text: str) -> TokenArrays:
    """Tokens of ``text`` as parallel word/start/end lists, from one regex pass (uncached).

    >>> split_tokens("قال لافروف: نعم")
    TokenArrays(words=['قال', 'لافروف', ':', 'نعم'], starts=[0, 4, 10, 12], ends=[3, 10, 11, 15])

    In the compiled build the C loop of ``_ctext.c`` makes the same lists in one pass over
    the characters (no regex, no gap strings to strip); :func:`split_tokens_regex` is the
    reference it is tested against.
    """
    if _NATIVE_SPLIT is not None:
        words, starts, ends = _NATIVE_SPLIT(text)
        return TokenArrays(words, starts, ends)
    return split_tokens_regex(text)


# The C split (``_ctext.split``) when the compiled build serves it.
_NATIVE_SPLIT: Final[Callable[[str], tuple[list[str], list[int], list[int]]] | None] = (
    None if NATIVE is None else NATIVE.split
)


def split_tokens_regex(text: str) -> TokenArrays:
    """:func:`split_tokens` by one regex pass: the definition, and pure Python's way."""
    pieces = _tokens_re(text).findall(text)
    words = list(map(str.lstrip, pieces))  # str.isspace is the regex's \s
    ends = list(accumulate(map(len, pieces)))
    starts = list(map(sub, ends, map(len, words)))
    return TokenArrays(words, starts, ends)


def _tokens_re(text: str) -> re.Pattern[str]:
    """The cheapest gap + token pattern that splits ``text`` as :data:`TOKEN` does."""
    if "_" in text:
        return _GAP_TOKEN_RE
    return _FAST_RE[_NUMBER_RE.search(text) is not None]


@lru_cache(maxsize=_CACHED_TOKEN_TEXTS)
def token_arrays(text: str) -> TokenArrays:
    """:func:`split_tokens`, remembered for the last few texts (read-only: shared)."""
    return split_tokens(text)


@lru_cache(maxsize=_CACHED_TEXTS)
def folded_text(text: str) -> str:
    """:func:`~khabar.arabic.normalise.normalise` of a whole body, remembered for the last
    few texts: the article id (at extraction) and :func:`text_view` (in the entity and event
    stages) fold the same body, once. For bodies only: a short string would push one out."""
    return normalise(text)


@lru_cache(maxsize=_CACHED_TEXTS)
def text_view(text: str) -> NormalisedView:
    """:func:`~khabar.arabic.normalise.normalised_view` (equal to it), faster, remembered
    for the last few texts.

    The offset map is the original index of every kept character, copied in slices from
    one shared identity array (a ``memcpy`` per kept stretch, as the view itself now does);
    the fold is the body's cached :func:`folded_text` (made once at extraction, for the
    article id). Text with presentation forms (rare) or longer than a million characters
    takes the view's own path.
    """
    native = native_view(text)  # one C pass: fold and offsets (None: pure Python)
    if native is not None:
        return native
    if len(text) > _LONGEST_IDENTITY or _PRESENTATION_RE.search(text):
        return normalised_view(text)
    folded = folded_text(text)
    if len(folded) == len(text):
        return NormalisedView(text, folded, None)
    return NormalisedView(text, folded, _kept_offsets(text))


# The characters the view drops (diacritics, tatweel, zero-width and bidi controls) and the
# presentation forms it decomposes, as in :mod:`khabar.arabic.normalise`.
_DROPPED_RE = re.compile("[" + re.escape(_MARKS) + "]+")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def _kept_offsets(text: str) -> array[int]:
    """Original indexes of the characters outside dropped runs, then ``len(text)``."""
    identity = identity_array(len(text))
    offsets: array[int] = array("i")
    previous = 0
    for run in _DROPPED_RE.finditer(text):
        offsets += identity[previous : run.start()]
        previous = run.end()
    offsets += identity[previous : len(text)]
    offsets.append(len(text))
    return offsets


def normalise_words(words: list[str]) -> list[str]:
    """:func:`normalise` of every word, in one pass over their join.

    Folding is per character, so the join folds to the join of the folded words, unless
    a presentation form expands to several words (ﷺ): then word by word.

    >>> normalise_words(["أحمد", "إلى"])
    ['احمد', 'الي']

    In the compiled build the C loop folds word by word instead (``_ctext.fold_words``): no
    join and no split, and a word the fold leaves alone is the same object, not a copy.
    """
    if _NATIVE_FOLD_WORDS is not None:
        return _NATIVE_FOLD_WORDS(words)
    folded = normalise(" ".join(words)).split(" ")
    if len(folded) != len(words):
        return [normalise(word) for word in words]
    return folded


# The C word fold (``_ctext.fold_words``) when the compiled build serves it.
_NATIVE_FOLD_WORDS: Final[Callable[[list[str]], list[str]] | None] = (
    None if NATIVE is None else NATIVE.fold_words
)

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
