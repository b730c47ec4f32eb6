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

import numpy as np
import numpy.typing as npt

from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import normalise_words
from khabar.errors import ResourceError
from khabar.nlp.entities.resources import RESOURCES, load_titles
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
    normalised: bool = False,
) -> tuple[list[str], list[tuple[str, Column]]]:
    """:func:`word_values` of many words at once, as columns.

    Returns the normalised words and ``(kind, column)`` pairs: the column holds each
    word's value of that kind. Read row-wise (``None`` left out), the columns give every
    word's pairs in the order :func:`word_values` lists them — the order the compiled
    tagger sums weight rows in, so sums are bit-identical. Why columns: a new word then
    costs a few C-level list passes instead of a list of tuples built in Python, and the
    compiled tagger looks a whole column up with one ``map``. With ``kinds`` only those
    kinds' columns are made (a model without weights for a kind never asks for it).
    ``normalised=True`` says the words are folded already (the compiled tagger's new words
    are): folding is idempotent, so they are not folded again.
    """
    ws = list(words) if normalised else normalise_words(list(words))
    bs = [strip_proclitics(w) for w in ws]  # compiled: direct calls, no argument parsing
    # as dicts (they always are), so the compiled look-ups are dict look-ups, not method calls
    lexicon: dict[str, tuple[str, ...]] = lex if isinstance(lex, dict) else dict(lex)
    cluster_ids: dict[str, tuple[str, ...]] = clu if isinstance(clu, dict) else dict(clu)
    wanted = _ALL_KINDS if kinds is None else kinds
    columns: list[tuple[str, Column]] = []
    if "bias" in wanted:
        columns.append(("bias", [""] * len(ws)))
    if "w" in wanted:
        columns.append(("w", list(ws)))
    if "b" in wanted:
        columns.append(("b", list(bs)))
    if "s" in wanted:
        columns.append(("s", [_shape(w) for w in ws]))
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
        found = [lexicon.get(w, _EMPTY) for w in ws]
        for k in compress(count(), map(ne, ws, bs)):  # a clitic came off: the bare form's too
            extra = lexicon.get(bs[k], _EMPTY)
            if extra:
                found[k] = tuple(sorted({*found[k], *extra}))
        # one column per class of the richest word; the words with a j-th class (few past
        # the first) are visited, not every word per column
        rich = list(compress(range(len(ws)), found))
        j = 0
        while rich:
            column: Column = [None] * len(ws)
            for k in rich:
                column[k] = found[k][j]
            columns.append(("g", column))
            j += 1
            rich = [k for k in rich if len(found[k]) > j]
    if any(kind in wanted for kind in _CLUSTER_KINDS):
        pairs = zip(ws, bs, strict=True)
        clusters = [cluster_ids.get(b) or cluster_ids.get(w) or _EMPTY for w, b in pairs]
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
        """:func:`word_columns` of many *normalised* words (the compiled tagger's new word
        types: :meth:`.viterbi.CompiledCrf.ids_of` takes normalised tokens)."""
        return word_columns(words, self.lexicon, self.clusters, self.stats, kinds, normalised=True)

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


# --- document (non-local) features of the second-stage CRF -----------------------------------

DOCUMENT_PREFIXES: Final = ("dt=", "dtn=", "de=", "dT")
"""Heads of :func:`document_features` (a second-stage model's extra attributes): ``dt=`` the
commonest entity type of the same word elsewhere in the document, ``dtn=`` how often it is
an entity there (``all`` / ``most`` / ``few`` of its other occurrences), ``de=`` the
commonest type (with its B/I position) of a tagged name recurring here, ``dT`` the word
follows a person title elsewhere in the document."""

_ARTICLE: Final = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}"
_MAX_NAME: Final = 5  # tokens: longer first-stage mentions are not looked for elsewhere
Flags = npt.NDArray[np.bool_]
Indexes = npt.NDArray[np.intp]


@lru_cache(maxsize=1)
def person_title_words() -> frozenset[str]:
    """One-word person titles (``titles.txt``: الرئيس، الشيخ، الدكتور …), normalised: the
    words after which a name is expected."""
    return frozenset(t for t in load_titles() if " " not in t)


def document_keys(
    norms: Sequence[str], columns: Sequence[tuple[str, Column]]
) -> tuple[Column, list[bool]]:
    """The bare form and the person-title flag of each (normalised) word, from its
    :func:`word_columns` (which must include the ``b`` kind): what :func:`document_features`
    compares. A title is a word of :func:`person_title_words`, or one with a proclitic whose
    bare form with the article is (والرئيس; not أمام, which is no الإمام)."""
    bare: Column = next((column for kind, column in columns if kind == "b"), [])
    if len(bare) != len(norms):
        raise ValueError("document_keys needs the bare-form column (kind 'b')")
    titles = person_title_words()
    flags = [
        w in titles or (w != b and _ARTICLE + (b or "") in titles)
        for w, b in zip(norms, bare, strict=True)
    ]
    return bare, flags


def _majority(counts: Mapping[str, int]) -> str:
    """The most counted key (ties: the alphabetically first, so the choice is stable)."""
    return min(counts, key=lambda label: (-counts[label], label))


def document_features(
    keys: Indexes,
    labels: Indexes,
    parts: Sequence[tuple[str, str]],
    starts: Flags,
    titled: Flags,
) -> dict[int, list[str]]:
    """Non-local features of a document's tokens from a first-stage tagging (sparse).

    ``keys``: a number per token, equal for equal bare forms (proclitics off: ولبنان is
    لبنان); ``labels``: the first stage's label index per token, ``parts`` each label's
    ``(prefix, type)`` (``("B", "PERS")``, ``("O", "")``); ``starts``: the token opens a
    sentence; ``titled``: the token follows a person title in its sentence. Why (Krishnan &
    Manning 2006): a name is mostly tagged right at most of its occurrences in a text, and
    what the first stage said about the *other* occurrences of a word or a name is evidence a
    sentence-level CRF cannot see. Each feature counts the other occurrences only, so a word
    seen once gets none. Costs a few numpy passes plus Python work on the tokens whose word is
    tagged somewhere in the document (few): cheap enough to run on every page.
    """
    out: dict[int, list[str]] = {}
    if not len(keys):
        return out
    outside = np.array([prefix == "O" for prefix, _ in parts], dtype=np.bool_)
    named = ~outside[labels]
    if named.any():
        words = np.flatnonzero(np.isin(keys, keys[named]))
        word_keys: list[int] = keys[words].tolist()
        word_types = [parts[k][1] or "O" for k in labels[words].tolist()]
        _token_majority(out, words.tolist(), word_keys, word_types)
        _name_majority(out, keys, labels, parts, starts, named, words.tolist(), word_keys)
    if titled.any():
        title_keys: list[int] = keys[titled].tolist()
        seen: dict[int, int] = {}
        for key in title_keys:
            seen[key] = seen.get(key, 0) + 1
        for i in np.flatnonzero(np.isin(keys, title_keys)).tolist():
            if seen[int(keys[i])] > titled[i]:
                out.setdefault(i, []).append("dT")
    return {i: sorted(set(found)) for i, found in out.items()}


def _token_majority(
    out: dict[int, list[str]], words: list[int], keys: list[int], types: list[str]
) -> None:
    """``dt=`` / ``dtn=`` of the tokens whose bare word is tagged somewhere in the document."""
    counts: dict[int, dict[str, int]] = {}
    for key, kind in zip(keys, types, strict=True):
        found = counts.setdefault(key, {})
        found[kind] = found.get(kind, 0) + 1
    for i, key, kind in zip(words, keys, types, strict=True):
        found = counts[key]
        entity = {k: n - (k == kind) for k, n in found.items() if k != "O"}
        entity = {k: n for k, n in entity.items() if n > 0}
        if not entity:
            continue
        others = found.get("O", 0) - (kind == "O")
        share = "all" if others <= 0 else "most" if sum(entity.values()) > others else "few"
        out.setdefault(i, []).extend(("dt=" + _majority(entity), "dtn=" + share))


def _name_majority(
    out: dict[int, list[str]],
    keys: Indexes,
    labels: Indexes,
    parts: Sequence[tuple[str, str]],
    starts: Flags,
    named: Flags,
    words: list[int],
    word_keys: list[int],
) -> None:
    """``de=``: every occurrence of a tagged name (tagged or not) gets the commonest type of
    its *other* tagged occurrences, with the token's B/I position in the name."""
    names: list[tuple[int, int, str]] = []
    for i, k in zip(np.flatnonzero(named).tolist(), labels[named].tolist(), strict=True):
        prefix, kind = parts[k]
        if prefix == "I" and names and names[-1][1] == i and names[-1][2] == kind and not starts[i]:
            names[-1] = (names[-1][0], i + 1, kind)
        else:
            names.append((i, i + 1, kind))
    every: list[int] = keys.tolist()
    tagged: dict[tuple[int, ...], dict[int, str]] = {}
    for start, end, kind in names:
        if end - start <= _MAX_NAME:
            tagged.setdefault(tuple(every[start:end]), {})[start] = kind
    positions: dict[int, list[int]] = {}
    for i, key in zip(words, word_keys, strict=True):
        positions.setdefault(key, []).append(i)
    for name, where in tagged.items():
        width = len(name)
        for start in positions.get(name[0], ()):
            if tuple(every[start : start + width]) != name:
                continue
            counts: dict[str, int] = {}
            for other, kind in where.items():
                if other != start:
                    counts[kind] = counts.get(kind, 0) + 1
            if counts:
                kind = _majority(counts)
                out.setdefault(start, []).append("de=B-" + kind)
                for k in range(start + 1, start + width):
                    out.setdefault(k, []).append("de=I-" + kind)
