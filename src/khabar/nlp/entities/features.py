"""Token features for the CRF tagger.

Features are plain strings (crfsuite treats each as a binary feature). They are
computed on the normalised spelling so hamza and ta-marbuta variants share weights:

- the word, its bare form (proclitics و/ف/ب/ل/ك/ال stripped), prefixes and suffixes;
- shape: Arabic / Latin / digits / punctuation, length, definite article;
- lexicon classes of the word and its bare form (first name, country, city, nisba,
  title word, organisation head …), from the bundled gazetteer;
- the same, more briefly, for the neighbours at -2 … +2, and two word bigrams;
- cluster ids of the word and its neighbours when a cluster table is given.

The functions are written for speed: one pass, a few dict lookups per token. When the
extractor is given the model's attribute set (``keep``), features the model has no weight
for are dropped once per word type, so crfsuite never sees them (L1 training zeroes most).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from khabar.arabic.normalise import normalise
from khabar.nlp.entities.tokens import has_article, strip_proclitics

Lexicon = Mapping[str, tuple[str, ...]]

_EMPTY: tuple[str, ...] = ()


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


class _Word:
    """Everything about one word type that does not depend on its neighbours."""

    __slots__ = ("left", "left2", "norm", "own", "right", "right2")

    def __init__(
        self,
        word: str,
        lex: Lexicon,
        clu: Mapping[str, tuple[str, ...]],
        keep: frozenset[str] | None = None,
    ) -> None:
        w = normalise(word)
        b = strip_proclitics(w)
        found = lex.get(w, _EMPTY)
        if b != w:
            extra = lex.get(b, _EMPTY)
            if extra:
                found = tuple(sorted({*found, *extra}))
        cl = clu.get(b) or clu.get(w) or _EMPTY
        shape = _shape(w)
        own = [
            "bias",
            "w=" + w,
            "b=" + b,
            "s=" + shape,
            "p2=" + b[:2],
            "p3=" + b[:3],
            "x1=" + w[-1:],
            "x2=" + w[-2:],
            "x3=" + w[-3:],
            "l=" + str(min(len(b), 8)),
        ]
        if has_article(w):
            own.append("al")
        if w != b:
            own.append("cl=" + w[: len(w) - len(b)])
        own.extend("g=" + c for c in found)
        own.extend(f"c{level}={cid}" for level, cid in enumerate(cl))
        left = ["w-1=" + w, "b-1=" + b, "x-1=" + w[-2:]]
        left.extend("g-1=" + c for c in found)
        right = ["w+1=" + w, "b+1=" + b, "x+1=" + w[-2:]]
        right.extend("g+1=" + c for c in found)
        left2 = ["b-2=" + b]
        right2 = ["b+2=" + b]
        if cl:
            left.extend(("c-1=" + cl[-1], "cc-1=" + cl[0]))
            right.extend(("c+1=" + cl[-1], "cc+1=" + cl[0]))
        left2.extend("g-2=" + c for c in found)
        right2.extend("g+2=" + c for c in found)
        if keep is not None:
            own = [f for f in own if f in keep]
            left = [f for f in left if f in keep]
            right = [f for f in right if f in keep]
            left2 = [f for f in left2 if f in keep]
            right2 = [f for f in right2 if f in keep]
        self.norm = w
        self.own = own
        self.left = left
        self.right = right
        self.left2 = left2
        self.right2 = right2


class FeatureExtractor:
    """Sentence features with a per-word cache (news vocabulary repeats a lot)."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        clusters: Mapping[str, tuple[str, ...]] | None = None,
        cache_size: int = 200_000,
        keep: frozenset[str] | None = None,
    ) -> None:
        self.lexicon: Lexicon = lexicon or {}
        self.clusters: Mapping[str, tuple[str, ...]] = clusters or {}
        self.cache_size = cache_size
        self._cache: dict[str, _Word] = {}
        self._keep: frozenset[str] | None = keep

    def restrict(self, keep: frozenset[str]) -> None:
        """Emit only features in ``keep`` (a model's attributes) from now on."""
        self._keep = keep
        self._cache.clear()

    def word(self, word: str) -> _Word:
        """The per-type features of one word, not cached here (:mod:`.viterbi` caches scores)."""
        return _Word(word, self.lexicon, self.clusters, self._keep)

    def _word(self, word: str) -> _Word:
        info = self._cache.get(word)
        if info is None:
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            info = _Word(word, self.lexicon, self.clusters, self._keep)
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
                pair = "w-1w=" + prev.norm + "|" + info.norm
                if keep is None or pair in keep:
                    feats.append(pair)
                if i > 1:
                    feats.extend(infos[i - 2].left2)
            else:
                feats.append("BOS")
            if i < n - 1:
                nxt = infos[i + 1]
                feats.extend(nxt.right)
                pair = "ww+1=" + info.norm + "|" + nxt.norm
                if keep is None or pair in keep:
                    feats.append(pair)
                if i < n - 2:
                    feats.extend(infos[i + 2].right2)
            else:
                feats.append("EOS")
            out.append(feats)
        return out


def sentence_features(
    words: Sequence[str],
    lexicon: Lexicon | None = None,
    clusters: Mapping[str, tuple[str, ...]] | None = None,
) -> list[list[str]]:
    """Feature lists, one per token of a sentence (uncached convenience form)."""
    return FeatureExtractor(lexicon, clusters)(words)
