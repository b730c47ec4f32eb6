"""A small offset-keeping tokenizer and clitic helpers for entity recognition.

Tokens follow the ANERcorp convention the tagger is trained on: words keep their
attached clitics (``وسوريا`` is one token), punctuation marks are tokens of their own.
Every token carries its ``[start, end)`` span in the original text so entity spans
can be exact. Clitic stripping here is only for *features and matching*: entity
strings are never stemmed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from khabar.arabic import letters as L

_MARKS = L.DIACRITICS + L.TATWEEL + L.ZERO_WIDTH + L.BIDI_CONTROLS
# A number with decimal/thousands separators (3.5، 1,000) is one token; a word is a run of
# letters/digits with diacritics, tatweel and invisible controls inside; a dot between
# letters splits (هادي.وقال → هادي . وقال).
_TOKEN_RE = re.compile(
    r"[^\W\d_]*\d+(?:[.,،٫]\d+)+(?![^\W_])"
    r"|(?:[^\W_]|[" + re.escape(_MARKS) + r"])+"
    r"|[^\s" + re.escape(_MARKS) + r"]"
)


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
    return [Token(m.group(), *m.span()) for m in _TOKEN_RE.finditer(text)]


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
