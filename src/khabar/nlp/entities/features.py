"""Token features for the CRF tagger.

Features are computed on the normalised spelling so hamza and ta-marbuta variants share
weights. Every feature is a property of *one word* seen from a fixed offset, described by
a template ``(prefix, kind, group)``: the word's value of ``kind`` (its form, bare form,
suffix, lexicon class, cluster id …) seen from the token itself (``OWN``), from the next
token (``LEFT``: the word is the left neighbour), from the previous one (``RIGHT``) or two
tokens away (``LEFT2``, ``RIGHT2``). The feature string is ``prefix + value``:

- the word, its bare form (proclitics و/ف/ب/ل/ك/ال stripped), prefixes and suffixes;
- shape: Arabic / Latin / digits / punctuation, length, definite article;
- lexicon classes of the word and its bare form (first name, country, city, nisba,
  title word, organisation head …), from the bundled gazetteer;
- the same, more briefly, for the neighbours at -2 … +2;
- cluster ids of the word and its neighbours when a cluster table is given;
- corpus statistics of the word and its neighbours (``word_stats.tsv``): how frequent the
  bare word is in SaudiNewsNet and how often it carries the definite article — Arabic's
  stand-in for capital letters (names are rare and mostly article-less).

Besides these, two word bigrams (``w-1w=``, ``ww+1=``) and the sentence edges (``BOS``,
``EOS``). Training turns the templates into strings for crfsuite; the compiled tagger
(:mod:`.viterbi`) reads the same templates backwards — from a model attribute to
``(kind, group, value)`` — and looks a word's values up per kind, never building strings.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from functools import lru_cache
from itertools import compress, count
from operator import ne
from typing import Final

from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import normalise_words
from khabar.errors import ResourceError
from khabar.nlp.entities.resources import RESOURCES
from khabar.nlp.entities.tokens import has_article, strip_proclitics

Lexicon = Mapping[str, tuple[str, ...]]
WordStats = Mapping[str, tuple[str, str]]
"""Bare word → (frequency digits, article-share bucket or "")."""

OWN, LEFT, RIGHT, LEFT2, RIGHT2 = range(5)
GROUPS: Final = 5
"""Offsets a word's features are seen from: itself, ±1 (as a neighbour), ±2."""

TEMPLATES: Final[tuple[tuple[str, str, int], ...]] = (
    ("bias", "bias", OWN),
    ("al", "al", OWN),
    ("w=", "w", OWN),
    ("b=", "b", OWN),
    ("s=", "s", OWN),
    ("p2=", "p2", OWN),
    ("p3=", "p3", OWN),
    ("x1=", "x1", OWN),
    ("x2=", "x2", OWN),
    ("x3=", "x3", OWN),
    ("l=", "l", OWN),
    ("cl=", "cl", OWN),
    ("g=", "g", OWN),
    ("c0=", "c0", OWN),
    ("c1=", "c1", OWN),
    ("c2=", "c2", OWN),
    ("fq=", "fq", OWN),
    ("ar=", "ar", OWN),
    ("w-1=", "w", LEFT),
    ("b-1=", "b", LEFT),
    ("x-1=", "x2", LEFT),
    ("g-1=", "g", LEFT),
    ("c-1=", "c2", LEFT),
    ("cc-1=", "c0", LEFT),
    ("fq-1=", "fq", LEFT),
    ("ar-1=", "ar", LEFT),
    ("w+1=", "w", RIGHT),
    ("b+1=", "b", RIGHT),
    ("x+1=", "x2", RIGHT),
    ("g+1=", "g", RIGHT),
    ("c+1=", "c2", RIGHT),
    ("cc+1=", "c0", RIGHT),
    ("fq+1=", "fq", RIGHT),
    ("ar+1=", "ar", RIGHT),
    ("b-2=", "b", LEFT2),
    ("g-2=", "g", LEFT2),
    ("b+2=", "b", RIGHT2),
    ("g+2=", "g", RIGHT2),
)
"""``(prefix, kind, group)``: the feature ``prefix + value`` for each value of ``kind``.

A prefix is either a flag (no ``=``: the value is empty) or ends with its only ``=``.
"""

BIGRAM_PREVIOUS: Final = "w-1w="  # previous word | this word, a feature of this token
BIGRAM_NEXT: Final = "ww+1="  # this word | next word, a feature of this token
BOS: Final = "BOS"
EOS: Final = "EOS"

_CLUSTER_KINDS: Final = ("c0", "c1", "c2")
_EMPTY: Final[tuple[str, ...]] = ()
_BY_KIND: Final[dict[str, tuple[tuple[str, int], ...]]] = {}
for _prefix, _kind, _group in TEMPLATES:
    _BY_KIND[_kind] = (*_BY_KIND.get(_kind, ()), (_prefix, _group))


_PREFIXES: Final[dict[str, tuple[str, int]]] = {p: (k, g) for p, k, g in TEMPLATES}


def parse_attribute(attribute: str) -> tuple[str, str] | None:
    """``(prefix, value)`` of a model attribute made from a template, else ``None``.

    >>> parse_attribute("w-1=سوريا"), parse_attribute("bias"), parse_attribute("BOS")
    (('w-1=', 'سوريا'), ('bias', ''), None)
    """
    head, eq, value = attribute.partition("=")
    prefix = head + eq
    if prefix in _PREFIXES:
        return prefix, value
    return None


def template_of(prefix: str) -> tuple[str, int]:
    """The ``(kind, group)`` of a template prefix."""
    return _PREFIXES[prefix]


def frequency_bucket(count: int) -> str:
    """A corpus count as its number of decimal digits, capped at 6 (``"0"`` when unseen)."""
    return str(min(6, len(str(count)))) if count > 0 else "0"


def article_bucket(with_article: int, count: int) -> str:
    """How often a word carries the definite article: ``0`` < 2 % < ``1`` < 20 % < ``2`` < 60 %
    < ``3``; empty below five occurrences (too few to say)."""
    if count < 5:
        return ""
    share = with_article / count
    return "0" if share < 0.02 else "1" if share < 0.2 else "2" if share < 0.6 else "3"


@lru_cache(maxsize=1)
def load_word_stats() -> dict[str, tuple[str, str]]:
    """The bundled corpus statistics (``scripts/build_word_stats.py``)."""
    path = RESOURCES / "word_stats.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceError(f"entity resource missing: {path}") from error
    stats: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        row = line.split("\t")
        if len(row) != 3:
            raise ResourceError(f"bad word_stats row: {row!r}")
        stats[row[0]] = (row[1], row[2])
    return stats


def _shape(word: str) -> str:
    if not word:
        return "E"
    if word.isdigit():
        return "D"
    first = word[0]
    if first.isascii():
        return "A" if first.isalpha() else "P"
    if "\u0600" <= first <= "\u06ff":
        return "R" if first.isalpha() else "P"
    return "X" if first.isalpha() else "P"


def word_values(
    word: str, lex: Lexicon, clu: Mapping[str, tuple[str, ...]], stats: WordStats
) -> tuple[str, list[tuple[str, str]]]:
    """The normalised word and its ``(kind, value)`` pairs (what all templates draw on)."""
    w = normalise(word)
    b = strip_proclitics(w)
    found = lex.get(w, _EMPTY)
    if b != w:
        extra = lex.get(b, _EMPTY)
        if extra:
            found = tuple(sorted({*found, *extra}))
    cl = clu.get(b) or clu.get(w) or _EMPTY
    pairs = [
        ("bias", ""),
        ("w", w),
        ("b", b),
        ("s", _shape(w)),
        ("p2", b[:2]),
        ("p3", b[:3]),
        ("x1", w[-1:]),
        ("x2", w[-2:]),
        ("x3", w[-3:]),
        ("l", str(min(len(b), 8))),
    ]
    if has_article(w):
        pairs.append(("al", ""))
    if w != b:
        pairs.append(("cl", w[: len(w) - len(b)]))
    pairs.extend(("g", c) for c in found)
    pairs.extend(zip(_CLUSTER_KINDS, cl, strict=False))
    counts = stats.get(b)
    if counts is None:
        pairs.append(("fq", "0"))  # fewer than three times in the corpus
    else:
        pairs.append(("fq", counts[0]))
        if counts[1]:
            pairs.append(("ar", counts[1]))
    return w, pairs


Column = list[str | None]
"""One value per word (``None``: the word has no value of that kind)."""

_LENGTHS: Final = tuple(str(n) for n in range(9))
_ALL_KINDS: Final = frozenset(kind for _, kind, _ in TEMPLATES)


def word_columns(
    words: Sequence[str],
    lex: Lexicon,
    clu: Mapping[str, tuple[str, ...]],
    stats: WordStats,
    kinds: Container[str] | None = None,
) -> tuple[list[str], list[tuple[str, Column]]]:
    """:func:`word_values` of many words at once, as columns.

    Returns the normalised words and ``(kind, column)`` pairs: the column holds each
    word's value of that kind. Read row-wise (``None`` left out), the columns give every
    word's pairs in the order :func:`word_values` lists them — the order the compiled
    tagger sums weight rows in, so sums are bit-identical. Why columns: a new word then
    costs a few C-level list passes instead of a list of tuples built in Python, and the
    compiled tagger looks a whole column up with one ``map``. With ``kinds`` only those
    kinds' columns are made (a model without weights for a kind never asks for it).
    """
    ws = normalise_words(list(words))
    bs = list(map(strip_proclitics, ws))
    wanted = _ALL_KINDS if kinds is None else kinds
    columns: list[tuple[str, Column]] = []
    if "bias" in wanted:
        columns.append(("bias", [""] * len(ws)))
    if "w" in wanted:
        columns.append(("w", list(ws)))
    if "b" in wanted:
        columns.append(("b", list(bs)))
    if "s" in wanted:
        columns.append(("s", list(map(_shape, ws))))
    if "p2" in wanted:
        columns.append(("p2", [b[:2] for b in bs]))
    if "p3" in wanted:
        columns.append(("p3", [b[:3] for b in bs]))
    if "x1" in wanted:
        columns.append(("x1", [w[-1:] for w in ws]))
    if "x2" in wanted:
        columns.append(("x2", [w[-2:] for w in ws]))
    if "x3" in wanted:
        columns.append(("x3", [w[-3:] for w in ws]))
    if "l" in wanted:
        columns.append(("l", [_LENGTHS[min(len(b), 8)] for b in bs]))
    if "al" in wanted:
        columns.append(("al", ["" if has_article(w) else None for w in ws]))
    if "cl" in wanted:
        pairs = zip(ws, bs, strict=True)
        columns.append(("cl", [w[: len(w) - len(b)] if w != b else None for w, b in pairs]))
    if "g" in wanted:
        found = [lex.get(w, _EMPTY) for w in ws]
        for k in compress(count(), map(ne, ws, bs)):  # a clitic came off: the bare form's too
            extra = lex.get(bs[k], _EMPTY)
            if extra:
                found[k] = tuple(sorted({*found[k], *extra}))
        for j in range(max(map(len, found), default=0)):
            columns.append(("g", [c[j] if j < len(c) else None for c in found]))
    if any(kind in wanted for kind in _CLUSTER_KINDS):
        pairs = zip(ws, bs, strict=True)
        clusters = [clu.get(b) or clu.get(w) or _EMPTY for w, b in pairs]
        for j, kind in enumerate(_CLUSTER_KINDS):
            if kind in wanted:
                columns.append((kind, [c[j] if j < len(c) else None for c in clusters]))
    if "fq" in wanted or "ar" in wanted:
        counts = list(map(stats.get, bs))
        if "fq" in wanted:
            columns.append(("fq", ["0" if c is None else c[0] for c in counts]))
        if "ar" in wanted:
            columns.append(("ar", [c[1] if c is not None and c[1] else None for c in counts]))
    return ws, columns


class _Word:
    """Feature strings of one word type by group (for training and crfsuite tagging)."""

    __slots__ = ("left", "left2", "norm", "own", "right", "right2")

    def __init__(
        self,
        word: str,
        lex: Lexicon,
        clu: Mapping[str, tuple[str, ...]],
        stats: WordStats,
        keep: frozenset[str] | None = None,
    ) -> None:
        norm, pairs = word_values(word, lex, clu, stats)
        groups: list[list[str]] = [[] for _ in range(GROUPS)]
        for kind, value in pairs:
            for prefix, group in _BY_KIND.get(kind, ()):
                feature = prefix + value
                if keep is None or feature in keep:
                    groups[group].append(feature)
        self.norm = norm
        self.own, self.left, self.right, self.left2, self.right2 = groups


class FeatureExtractor:
    """Sentence features with a per-word cache (news vocabulary repeats a lot).

    ``stats`` defaults to the bundled corpus statistics (the shipped model needs them).
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        clusters: Mapping[str, tuple[str, ...]] | None = None,
        cache_size: int = 200_000,
        keep: frozenset[str] | None = None,
        stats: WordStats | None = None,
    ) -> None:
        self.lexicon: Lexicon = lexicon or {}
        self.clusters: Mapping[str, tuple[str, ...]] = clusters or {}
        self.stats: WordStats = load_word_stats() if stats is None else stats
        self.cache_size = cache_size
        self._cache: dict[str, _Word] = {}
        self._keep: frozenset[str] | None = keep

    def restrict(self, keep: frozenset[str]) -> None:
        """Emit only features in ``keep`` (a model's attributes) from now on."""
        self._keep = keep
        self._cache.clear()

    def values(self, word: str) -> tuple[str, list[tuple[str, str]]]:
        """The normalised word and its ``(kind, value)`` pairs (for the compiled tagger)."""
        return word_values(word, self.lexicon, self.clusters, self.stats)

    def columns(
        self, words: Sequence[str], kinds: Container[str] | None = None
    ) -> tuple[list[str], list[tuple[str, Column]]]:
        """:func:`word_columns` of many words (for the compiled tagger)."""
        return word_columns(words, self.lexicon, self.clusters, self.stats, kinds)

    def _word(self, word: str) -> _Word:
        info = self._cache.get(word)
        if info is None:
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            info = _Word(word, self.lexicon, self.clusters, self.stats, self._keep)
            self._cache[word] = info
        return info

    def __call__(self, words: Sequence[str]) -> list[list[str]]:
        """Feature lists, one per token of a sentence."""
        cache = self._cache
        infos = [cache.get(w) or self._word(w) for w in words]
        keep = self._keep
        n = len(infos)
        out: list[list[str]] = []
        for i, info in enumerate(infos):
            feats = list(info.own)
            if i > 0:
                prev = infos[i - 1]
                feats.extend(prev.left)
                pair = BIGRAM_PREVIOUS + prev.norm + "|" + info.norm
                if keep is None or pair in keep:
                    feats.append(pair)
                if i > 1:
                    feats.extend(infos[i - 2].left2)
            else:
                feats.append(BOS)
            if i < n - 1:
                nxt = infos[i + 1]
                feats.extend(nxt.right)
                pair = BIGRAM_NEXT + info.norm + "|" + nxt.norm
                if keep is None or pair in keep:
                    feats.append(pair)
                if i < n - 2:
                    feats.extend(infos[i + 2].right2)
            else:
                feats.append(EOS)
            out.append(feats)
        return out


def sentence_features(
    words: Sequence[str],
    lexicon: Lexicon | None = None,
    clusters: Mapping[str, tuple[str, ...]] | None = None,
) -> list[list[str]]:
    """Feature lists, one per token of a sentence (uncached convenience form)."""
    return FeatureExtractor(lexicon, clusters)(words)
