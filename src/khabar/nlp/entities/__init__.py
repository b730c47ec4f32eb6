"""The entities stage: PER, ORG, GPE, LOC and MISC mentions with canonical forms and ids.

Three recognisers propose mentions and one policy combines them:

1. the **CRF tagger** (trained on ANERcorp train, :mod:`.crf`) tags every sentence;
2. the **gazetteer** (:mod:`.gazetteer`) finds known names with clitic and nisba boundaries;
3. **patterns** (:mod:`.patterns`) find persons after titles and organisations after heads.

Combination policy (see :func:`recognise`): each proposal gets a priority —
hand-curated aliases, multi-word gazetteer names and organisation/facility heads with
their complement 5 (so the longer of ``مركز الملك عبد العزيز للثقافة`` and ``عبد العزيز``
wins), tagger spans 3 (a title pattern fixes where a person's name starts), one-word
gazetteer names, given name + rare word and title patterns alone (first token a known
name part) 2, nisba adjectives 1, further mentions of names already found 0 — and
proposals are accepted greedily by priority, then length, never overlapping an accepted
one. Weak gazetteer entries (common words such as أمل or الوطن, minor cities) are used
only when the tagger marks the same span. When the tagger and the gazetteer mark the
same span, the gazetteer's GPE/LOC distinction wins (ANERcorp has LOC only).
Canonical forms and ids: :mod:`.canonical`.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import itemgetter
from typing import Final, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise, normalised_view
from khabar.arabic.tokens import text_view
from khabar.errors import ResourceError
from khabar.model import Article, Entity, with_fields
from khabar.nlp.entities.canonical import (
    FOLDED,
    FOLDED_WORDS,
    entity_id,
    make_entity,
    resolve_short_names,
)
from khabar.nlp.entities.crf import CrfTagger
from khabar.nlp.entities.gazetteer import GazetteerMatch, match
from khabar.nlp.entities.neural import EnsembleTagger, shipped_neural
from khabar.nlp.entities.patterns import (
    CONNECTORS,
    NISBA_MARK,
    STOP,
    PatternSpan,
    _forms,
    anchors,
    apply_context_rules,
    club_name,
    given_name_spans,
    org_spans,
    person_clitic,
    person_spans,
    person_start,
)
from khabar.nlp.entities.resources import (
    MODEL_PATH,
    load_clusters,
    load_gazetteer,
    load_given_names,
    load_lexicon,
    load_org_heads,
    load_word_ranks,
)
from khabar.nlp.entities.tokens import (
    Token,
    TokenArrays,
    WordCache,
    has_article,
    normalise_words,
    strip_proclitics,
    token_arrays,
)

__all__ = ["EntityStage", "Profile", "entity_at", "recognise", "recognise_many"]

Profile = Literal["khabar", "anercorp"]

_CRF_LABELS: Final = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
_SENTENCE_END: Final = frozenset(".!?؟…")
_MAX_SENTENCE: Final = 120
_NAME_CLASSES: Final = frozenset({"first", "name", "PER1", "auto-PERS"})
_COMMON_RANK: Final = 4000  # the most frequent news words are never the second half of a name
_FREQUENT: Final = 1500  # words this frequent found once as a name are not propagated alone
_RARE: Final = 1 << 30
_NOT_NAME: Final = frozenset({"GPE", "LOC", "nisba", "common", "title", "orghead"})


class _Candidate(NamedTuple):
    """A proposed mention (a tuple: cheaper to make than a frozen dataclass)."""

    start: int
    end: int
    label: str
    priority: int
    source: str
    canonical: str | None = None
    weak: bool = False


_NEW_TUPLE: Final = tuple.__new__
_START: Final = itemgetter(0)  # a _Candidate's start, as a sort key called in C (no lambda)


def _candidate(
    start: int,
    end: int,
    label: str,
    priority: int,
    source: str,
    canonical: str | None = None,
    weak: bool = False,
) -> _Candidate:
    """``_Candidate(start, end, …)``, made without the NamedTuple's ``__new__``.

    Why: that ``__new__`` is generated Python source; the compiled build calls it through
    the generic call path and runs it interpreted (~100 candidates a page). The tuple is
    the same (``tuple.__new__`` of the class with every field in order).
    """
    return _NEW_TUPLE(_Candidate, (start, end, label, priority, source, canonical, weak))


@lru_cache(maxsize=1)
def _tagger() -> CrfTagger:
    return CrfTagger(MODEL_PATH, load_lexicon(), load_clusters())


def forget_words() -> None:
    """Forget the loaded CRF's per-word-type score rows (nothing to do when it is not
    loaded): the largest per-word memory of a long run (see :mod:`khabar.run.memory`).
    Rows are recomputed identically on next use, so tags do not change."""
    if _tagger.cache_info().currsize:
        _tagger().forget_words()


TaggerName = Literal["crf", "ensemble"]
TAGGER_ENV: Final = "KHABAR_NER_TAGGER"
"""Environment variable choosing the sequence tagger of :func:`recognise` (default ``crf``)."""


def tagger_name() -> TaggerName:
    """The tagger asked for in ``KHABAR_NER_TAGGER``: ``crf`` (default) or ``ensemble``.

    The CRF is the default because it is the fast one: the CRF + neural ensemble scores
    better on ANERcorp (micro F1 0.738 vs 0.714) but makes the entity stage about twice
    as costly, and the entity stage is already most of the pipeline's time.
    """
    value = os.environ.get(TAGGER_ENV, "").strip().lower() or "crf"
    if value == "crf":
        return "crf"
    if value == "ensemble":
        return "ensemble"
    raise ResourceError(f"{TAGGER_ENV}={value!r}: expected 'crf' or 'ensemble'")


@lru_cache(maxsize=1)
def _ensemble() -> EnsembleTagger:
    return EnsembleTagger(lambda: _tagger().compiled(), shipped_neural())


def _sequence_tagger(name: TaggerName | None = None) -> CrfTagger | EnsembleTagger:
    """The tagger of :func:`recognise`: the CRF, or the CRF and the neural tagger
    (:mod:`.neural`) decoded together when ``ensemble`` is chosen (see :func:`tagger_name`)."""
    if (name or tagger_name()) == "ensemble":
        return _ensemble()
    return _tagger()


@lru_cache(maxsize=1)
def _surface_index() -> dict[str, tuple[str, str]]:
    """Normalised gazetteer surface → (label, canonical)."""
    return {normalise(e.surface): (e.label, e.canonical) for e in load_gazetteer()}


def _sentences(tokens: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Token index ranges of sentences: break after . ! ? ؟ and at line breaks."""
    return _sentence_ranges([t.text for t in tokens], [t.start for t in tokens], text)


def _sentence_ranges(words: list[str], starts: list[int], text: str) -> list[tuple[int, int]]:
    """Token index ranges of sentences: break after . ! ? ؟, at line breaks, and every
    ``_MAX_SENTENCE`` tokens.

    Only the few break points are visited (line breaks and final marks located by
    ``str.find`` in the text), not every token.
    """
    after = _final_mark_tokens(words, starts, text)
    before = _tokens_after_line_breaks(starts, text)
    out: list[tuple[int, int]] = []
    begin = 0
    for i in sorted(after | before):
        while i - begin >= _MAX_SENTENCE:  # a run of tokens with no break
            out.append((begin, begin + _MAX_SENTENCE))
            begin += _MAX_SENTENCE
        if i in before and i > begin:
            out.append((begin, i))
            begin = i
        if i in after or i - begin + 1 >= _MAX_SENTENCE:
            out.append((begin, i + 1))
            begin = i + 1
    while len(words) - begin >= _MAX_SENTENCE:
        out.append((begin, begin + _MAX_SENTENCE))
        begin += _MAX_SENTENCE
    if begin < len(words):
        out.append((begin, len(words)))
    return out


_SENTENCE_END_MARKS: Final[tuple[str, ...]] = tuple(sorted(_SENTENCE_END))


def _final_mark_tokens(words: list[str], starts: list[int], text: str) -> set[int]:
    """Indexes of the tokens that are a sentence-final mark (. ! ? ؟ …) on their own.

    Why from the text: a page has ~20 such marks among ~600 tokens, and ``str.find`` runs
    over the text in C, where a test of every token (``map`` of a set look-up) hashed every
    token string (~300 k instructions a page, compiled). A mark found in the text is a
    token when a token starts there and is that very character (a ``.`` inside ``3.5`` is
    not): the same tokens as testing each one.
    """
    found: set[int] = set()
    for mark in _SENTENCE_END_MARKS:
        at = text.find(mark)
        while at != -1:
            k = bisect_right(starts, at) - 1
            if k >= 0 and starts[k] == at and words[k] == mark:
                found.add(k)
            at = text.find(mark, at + 1)
    return found


def _tokens_after_line_breaks(starts: list[int], text: str) -> set[int]:
    """Indexes of the tokens (not the first) with a line break in the gap before them."""
    found: set[int] = set()
    at = text.find("\n")
    while at != -1:
        k = bisect_right(starts, at)  # no token holds a line break: it lies in a gap
        if 0 < k < len(starts):
            found.add(k)
        at = text.find("\n", at + 1)
    return found


@lru_cache(maxsize=200_000)
def _name_part(word: str) -> bool:
    """Whether a normalised word (or its bare form) is a known name part.

    Without its article a word counts only when rare: المجتمع is no name because مجتمع is
    in a name list, but الشاطر is (شاطر is rare in news).
    """
    if word in STOP:  # name lists carry a few function words (الذي)
        return False
    lexicon = load_lexicon()
    bare = strip_proclitics(word)
    if bare != word and has_article(word):
        definite = "\u0627\u0644" + bare  # وبالأسد، للأسد → الأسد
        found = (*lexicon.get(word, ()), *lexicon.get(definite, ()))
        if load_word_ranks().get(bare, _RARE) >= _COMMON_RANK:
            found = (*found, *lexicon.get(bare, ()))
        return _is_name_part(found)
    return _is_name_part((*lexicon.get(word, ()), *lexicon.get(bare, ())))


class _NameParts:
    """``word in NAME_PARTS``: whether a normalised word is a known name part.

    Asked lazily, only of the words a rule looks at, and answered from a per-word-type
    cache in C after the first time.
    """

    __slots__ = ()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and _name_part_cache()[word]


_NAME_PARTS: Final = _NameParts()


@lru_cache(maxsize=1)
def _name_part_cache() -> WordCache[bool]:
    return WordCache(_name_part)


class _Listed:
    """``word in _LISTED``: whether a normalised word as written (no clitic stripped) is in
    any name list, ambiguous or not."""

    __slots__ = ()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and not _NAME_CLASSES.isdisjoint(load_lexicon().get(word, ()))


_LISTED: Final = _Listed()


class _Given:
    """``word in _GIVEN``: whether a normalised word is listed as a given name (``first``)."""

    __slots__ = ()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and "first" in load_lexicon().get(word, ())


_GIVEN: Final = _Given()


def _is_name_part(classes: tuple[str, ...]) -> bool:
    """A name part that is not also a place, a nisba or a common word."""
    return bool(_NAME_CLASSES.intersection(classes)) and not _NOT_NAME.intersection(classes)


def _crf_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``[first, last]`` with their CRF label from BIO tags."""
    spans: list[tuple[int, int, str]] = []
    for i in compress(count(), map("O".__ne__, tags)):  # O tags start and extend nothing
        tag = tags[i]
        prefix, _, label = tag.partition("-")
        if prefix == "B" or (
            prefix == "I" and (not spans or spans[-1][1] != i - 1 or spans[-1][2] != label)
        ):
            spans.append((i, i, label))
        elif prefix == "I":
            first, _, lab = spans[-1]
            spans[-1] = (first, i, lab)
    return [(a, b, _CRF_LABELS.get(label, "MISC")) for a, b, label in spans]


def _tagged_spans(
    tagger: CrfTagger | EnsembleTagger, words: list[str], ranges: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Token spans ``[first, last]`` and labels of a tagger's BIO tags, sentence by sentence."""
    return _spans_of_tags(tagger.tag_many([words[begin:stop] for begin, stop in ranges]), ranges)


def _spans_of_tags(
    all_tags: list[list[str]], ranges: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Token spans ``[first, last]`` and labels of a page's BIO tags, sentence by sentence."""
    spans: list[tuple[int, int, str]] = []
    for (begin, _), tags in zip(ranges, all_tags, strict=True):
        if tags.count("O") == len(tags):
            continue  # most sentences name nobody
        for a, b, label in _crf_spans(tags):
            spans.append((begin + a, begin + b, label))
    return spans


def _label_spans(
    labels: npt.NDArray[np.intp], names: tuple[str, ...], ranges: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """:func:`_crf_spans` of every sentence, from the label indexes of all tokens at once.

    Only the few tokens not tagged O are visited; a span never runs over a sentence start.
    """
    parts = _label_parts(names)
    outside = names.index("O") if "O" in names else -1
    firsts = {begin for begin, _ in ranges}
    spans: list[tuple[int, int, str]] = []
    tagged = np.flatnonzero(labels != outside)
    for i, k in zip(tagged.tolist(), labels[tagged].tolist(), strict=True):
        prefix, label = parts[k]
        if prefix == "B" or (
            prefix == "I"
            and (not spans or spans[-1][1] != i - 1 or spans[-1][2] != label or i in firsts)
        ):
            spans.append((i, i, label))
        elif prefix == "I":
            spans[-1] = (spans[-1][0], i, label)
    return [(a, b, _CRF_LABELS.get(label, "MISC")) for a, b, label in spans]


@lru_cache(maxsize=4)
def _label_parts(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(prefix, label)`` of each BIO tag name (``B-PERS`` → ``("B", "PERS")``)."""
    return [(prefix, label) for prefix, _, label in (name.partition("-") for name in names)]


class _Known:
    """Names known for clitic decisions: this article's tokens, gazetteer surfaces, given names.

    The set of the article's tokens is made on the first question that needs it, not for
    every text (~100,000 instructions a page compiled; on news pages some clitic question
    nearly always needs it, so this saves only on texts that ask none).
    """

    __slots__ = ("_article", "norm", "surfaces")

    def __init__(self, norm: list[str], surfaces: dict[str, tuple[str, str]]) -> None:
        self.norm = norm
        self.surfaces = surfaces
        self._article: set[str] | None = None

    def _words(self) -> set[str]:
        words = self._article
        if words is None:
            words = set(self.norm)
            self._article = words
        return words

    def __contains__(self, word: object) -> bool:
        return word in self._words() or word in self.surfaces or word in load_given_names()


def _clitic_length(n: str, known: _Known | set[str]) -> int:
    """How many leading letters of a mention's first token (normalised) are clitics, not name.

    ``وال``/``بال``/``فال``/``كال`` lose their first letter(s) (the article stays with the name);
    a single و/ف/ب/ل/ك goes only when the rest is a known name and the whole word is not.
    """
    for prefix in ("وبال", "فبال", "وكال"):
        if n.startswith(prefix) and len(n) > 5:
            return 2
    for prefix in ("وال", "فال", "بال", "كال"):
        if n.startswith(prefix) and len(n) > 4:
            return 1
    whole_known = n in known.surfaces if isinstance(known, _Known) else n in known
    if whole_known:  # لبنان is a name, not ل + بنان
        return 0
    for size in (2, 1):
        head, rest = n[:size], n[size:]
        if len(rest) >= 3 and all(c in "وفبلك" for c in head) and rest in known:
            return size
    return 0


def _original_cut(text: str, start: int, end: int, letters: int) -> int:
    """Original index after skipping ``letters`` letters (diacritics/tatweel ride along)."""
    if letters <= 0:
        return start
    view = normalised_view(text[start:end])
    return start + view.original_index(min(letters, len(view.text)))


class _Page(NamedTuple):
    """A text's tokens, their normalised forms and its sentences (token index ranges):
    what the tagger needs, made before tagging so several pages can be tagged at once."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    norm: list[str]
    ranges: list[tuple[int, int]]


def _page(text: str) -> _Page:
    words, starts, ends = token_arrays(text)
    if not words:
        return _Page(text, words, starts, ends, [], [])
    return _Page(
        text, words, starts, ends, normalise_words(words), _sentence_ranges(words, starts, text)
    )


def recognise(text: str, profile: Profile = "khabar") -> list[Entity]:
    """All entity mentions of a text, combined from tagger, gazetteer and patterns.

    ``profile="anercorp"`` follows ANERcorp's annotation scheme where it differs from
    khabar's: its organisation names mostly leave the head out (``شركة`` and ``وزارة`` are
    tagged O far more often than not), so head+complement proposals are not made and the
    tagger's spans stand. Evaluation on ANERcorp-style CoNLL uses it.
    """
    page = _page(text)
    if not page.words:
        return []
    return _combine(page, _tag_pages([page])[0], profile)


def recognise_many(texts: Sequence[str], profile: Profile = "khabar") -> list[list[Entity]]:
    """:func:`recognise` of several texts, the same entities, with one tagger call for all.

    Why: the batched Viterbi's numpy cost is per position of the longest sentence, not per
    sentence, and a score-row step costs the same few numpy calls for one page's new words
    as for a batch's; so the sentences of all texts are decoded together. Everything else
    (gazetteer, patterns, combination) stays per text. Each sentence is decoded on its own
    inside the batch, so the tags are the ones page by page (bit-identical sums).
    """
    pages = [_page(text) for text in texts]
    tagged = iter(_tag_pages([page for page in pages if page.words]))
    return [_combine(page, next(tagged), profile) if page.words else [] for page in pages]


def _tag_pages(pages: Sequence[_Page]) -> list[list[tuple[int, int, str]]]:
    """Token spans ``[first, last]`` and labels of the sequence tagger, per page, from one
    tagger call over the sentences of all pages."""
    tagger = _sequence_tagger()
    if not isinstance(tagger, CrfTagger):
        sentences = [page.words[begin:stop] for page in pages for begin, stop in page.ranges]
        all_tags = iter(tagger.tag_many(sentences))
        return [
            _spans_of_tags([next(all_tags) for _ in page.ranges], page.ranges) for page in pages
        ]
    compiled = tagger.compiled()  # the sentences cover the tokens: one flat decode
    flat, lengths = flat_sentences(pages)
    return spans_per_page(pages, compiled.tag_flat(flat, lengths), compiled.labels)


def flat_sentences(pages: Sequence[_Page]) -> tuple[list[str], list[int]]:
    """The folded words of all pages in one list, and the length of every sentence in it
    (the input of a flat decode: ``CompiledCrf.tag_flat``)."""
    flat: list[str] = []
    lengths: list[int] = []
    for page in pages:  # whole lists at once (C-level copies), not word by word
        flat += page.norm
        lengths += [stop - begin for begin, stop in page.ranges]
    return flat, lengths


def spans_per_page(
    pages: Sequence[_Page], labels: npt.NDArray[np.intp], names: tuple[str, ...]
) -> list[list[tuple[int, int, str]]]:
    """A flat decode's label ids cut back into each page's token spans and labels."""
    out: list[list[tuple[int, int, str]]] = []
    offset = 0
    for page in pages:
        size = len(page.norm)
        out.append(_label_spans(labels[offset : offset + size], names, page.ranges))
        offset += size
    return out


def _combine(
    page: _Page, crf_token_spans: list[tuple[int, int, str]], profile: Profile
) -> list[Entity]:
    """The rest of :func:`recognise` once the tagger's spans are known: gazetteer,
    patterns, the combination policy, propagation, canonical forms and context rules."""
    text, words, starts, ends, norm, _ = page
    view = text_view(text)
    surfaces = _surface_index()
    gaz = match(view)

    # names known in this article: gazetteer surfaces, lexicon names, bare tokens of the text
    # (only words of three letters or more are ever looked up in it)
    known_names = _Known(norm, surfaces)
    candidates: list[_Candidate] = []

    # 3. patterns (token level)
    names = _NAME_PARTS
    gaz_tokens = [""] * len(words)  # gazetteer label per token, for head complements
    for g in gaz:  # minor names count too inside a complement, common words and clitics not
        if g.common or (g.clitic and not g.nisba):  # a nisba's clitic is its article
            continue
        first = bisect_right(starts, g.start) - 1
        last = bisect_right(starts, g.end - 1) - 1
        for k in range(max(first, 0), last + 1):
            if not gaz_tokens[k] or g.label == "ORG":
                gaz_tokens[k] = NISBA_MARK if g.nisba else g.label  # a nisba ends a name
    anchored = anchors(norm)  # the few tokens where a title, head, given name or place noun is
    per_patterns = person_spans(norm, names, anchored)
    rare = _rare
    org_patterns = org_spans(norm, gaz_tokens, names, rare, anchored)
    pattern_firsts = [p.first for p in per_patterns]

    crf_tokens = _token_cover(crf_token_spans, len(words))
    for first, last, label in crf_token_spans:
        widened = (first, last)
        source = "crf"
        p = _last_overlapping(per_patterns, pattern_firsts, first, last) if label == "PER" else None
        if p is not None:
            # the pattern knows where the name starts (after title and modifiers);
            # it extends the tagger's end only over known name parts
            end = last
            while end < p.last and norm[end + 1] in names and not _coordinated(norm[end + 1]):
                end += 1
            widened = (_pattern_start(norm, words, names, first, p.first), end)
            widened = (widened[0], max(widened))
            source = "crf+pattern"
        pieces = [widened]
        if label == "PER":
            trimmed = _trim_modifiers(norm, widened, names, words)
            trimmed = _trim_common_tail(norm, trimmed, names, rare)
            trimmed = person_start(norm, trimmed, crf_tokens, names)  # عز | الدين، آل | رشيد
            pieces = _split_person(norm, trimmed)
        for a, b in pieces:
            cut = _clitic_length(norm[a], known_names)
            if label == "PER" and not cut:
                cut = person_clitic(norm[a], names, _LISTED, _GIVEN)  # ومجدي، بمعمر
            start = _original_cut(text, starts[a], ends[a], cut)
            candidates.append(_candidate(start, ends[b], label, 3, source))
    crf_char = [(c.start, c.end) for c in candidates]
    crf_labels = {(c.start, c.end): c.label for c in candidates}
    crf_persons = [(c.start, c.end) for c in candidates if c.label == "PER"]
    # Indexes for the overlap and containment questions below: one lookup each instead of
    # a scan of every span (quadratic on long, name-dense pages).
    crf_spans_index = _Containers(crf_char)
    person_spans_index = _Containers(crf_persons)
    # a tagged organisation or place name that contains a known one of the same kind is
    # the complete name (اللجنة الدولية للصليب الأحمر ⊃ الصليب الأحمر)
    same_kind_index = {
        kind: _Containers([(c.start, c.end) for c in candidates if _KIND.get(c.label) == kind])
        for kind in ("ORG", "PLACE")
    }
    gaz_by_end: dict[int, list[GazetteerMatch]] = {}
    for g in gaz:
        gaz_by_end.setdefault(g.end, []).append(g)

    # على folds to علي (Ali): a word written with alef maksura is never a given name here
    given_view = list(norm)
    for k in _tokens_ending_with(text, starts, ends, L.ALEF_MAKSURA):
        given_view[k] = ""
    given = given_name_spans(given_view, load_given_names(), _name_like, anchored)
    for p in given:
        if crf_tokens.find(1, p.first, p.last + 1) == -1:
            candidates.append(_candidate(starts[p.first], ends[p.last], "PER", 2, "pattern"))
    given_names = load_given_names()
    for p in per_patterns:
        if crf_tokens.find(1, p.first, p.last + 1) != -1:
            continue
        if norm[p.first] in given_names:  # alone, a title needs a known given name after it
            candidates.append(_candidate(starts[p.first], ends[p.last], "PER", 2, "pattern"))
    for p in org_patterns:
        start = _original_cut(text, starts[p.first], ends[p.first], p.clitic)
        end = ends[p.last]
        canonical = None
        if p.last > p.first:
            # head + one known name (وكالة إيتار تاس): the name's canonical stands for it
            complement_start = starts[p.first + 1]
            inner = [
                g
                for g in gaz_by_end.get(end, ())
                if g.label == p.label == "ORG"
                and g.end == end
                and g.start <= complement_start + 2
                and g.start >= ends[p.first]
            ]
            if inner:
                canonical = inner[0].canonical
            elif (k := club_name(norm, gaz_tokens, p.first, p.last)) >= 0:
                canonical = " ".join(text[starts[k] : ends[k]].split())  # نادي الهلال → الهلال
        # a head with its complement outranks the names inside it (مركز الملك عبد العزيز …);
        # ANERcorp leaves heads out of most names (شركة O, وزارة O), so its profile skips them
        if profile == "khabar":
            candidates.append(_candidate(start, end, p.label, 5, "pattern", canonical))

    # 2. gazetteer
    for g in gaz:
        if g.label == "PER" and (
            _after_nasab(norm, starts, g.start)  # حمدان بن محمد بن راشد
            or person_spans_index.strictly_contains(g.start, g.end)
        ):
            continue  # a known person inside a longer person name is not this person
        kind = _KIND.get(g.label)
        multi = " " in text[g.start : g.end].strip()
        if (
            kind
            and multi
            and not g.nisba
            and same_kind_index[kind].strictly_contains(g.start, g.end)
        ):
            continue  # a one-word place inside a tagged span is often the tagger running on
        if g.weak:
            agreed = crf_spans_index.contains(g.start, g.end)
            if not agreed:
                continue
        priority = 1 if g.nisba else (5 if (multi or g.kind == "alias") else 2)
        if profile == "anercorp" and multi and _starts_with_head(norm, starts, g.start):
            priority = 2  # ANERcorp leaves heads out: قطاع [غزة]، حركة [حماس]
        source = "gazetteer-nisba" if g.nisba else "gazetteer"
        label, canonical = g.label, g.canonical
        if label in ("GPE", "LOC") and crf_labels.get((g.start, g.end)) == "ORG" and not g.nisba:
            label, canonical = "ORG", None  # «الشرق الأوسط» the newspaper, read from context
        candidates.append(_candidate(g.start, g.end, label, priority, source, canonical, g.weak))
    chosen = _select(candidates, gaz)
    chosen = _propagate(TokenArrays(words, starts, ends), norm, chosen, text)
    entities = _finish(text, chosen, surfaces)
    # context rules (clubs in match reports, quoted titles of works): patterns.py
    return apply_context_rules(text, starts, ends, norm, entities, profile, rare, anchored)


def _tokens_ending_with(text: str, starts: list[int], ends: list[int], char: str) -> list[int]:
    """Indexes of the tokens whose last character is ``char`` (``words[k].endswith(char)``).

    Why: found from the occurrences of ``char`` in the text (``str.find`` in C) and a
    binary search for the token ending right after each, instead of an ``endswith`` call
    per token (~1,000 a page; ى ends ~40 of them). Tokens are the text's slices
    ``text[starts[k]:ends[k]]``, ordered and disjoint, so each occurrence ends one token
    at most.
    """
    found: list[int] = []
    at = text.find(char)
    while at != -1:
        k = bisect_left(ends, at + 1)
        if k < len(ends) and ends[k] == at + 1 and starts[k] <= at:
            found.append(k)
        at = text.find(char, at + 1)
    return found


def _rare(word: str) -> bool:
    """A word outside the most frequent news words (its bare form's rank).

    Module-level, not a closure of :func:`_combine`: in the compiled build a nested
    function and the environment object holding it reference each other, a cycle per page
    that only the cyclic collector frees.
    """
    return load_word_ranks().get(strip_proclitics(word), _RARE) >= _COMMON_RANK


def _name_like(word: str) -> bool:
    """A known name part that is a person-name candidate (``auto-PERS``) or a rare word."""
    classes = load_lexicon().get(word, ())
    return _is_name_part(classes) and ("auto-PERS" in classes or _rare(word))


def _last_overlapping(
    spans: list[PatternSpan], firsts: list[int], first: int, last: int
) -> PatternSpan | None:
    """The last of ordered, disjoint token spans that overlaps ``[first, last]``, or None."""
    k = bisect_right(firsts, last) - 1
    return spans[k] if k >= 0 and spans[k].last >= first else None


def _starts_with_head(norm: list[str], token_starts: list[int], start: int) -> bool:
    """Whether the token at ``start`` is a one-word organisation/facility head (حركة، قطاع)
    or a compass direction (شمال أفريقيا، وسط آسيا): words ANERcorp leaves out of names."""
    k = bisect_right(token_starts, start) - 1
    return k >= 0 and any(f in _one_word_heads() for f in _forms(norm[k]))


_DIRECTIONS: Final = ("شمال", "جنوب", "شرق", "غرب", "وسط")
# generic heads of place names that ANERcorp leaves out (قطاع [غزة]، بلاد [الشام]، جمهورية [الصين]،
# دولة [الكويت]، سلطنة [عمان])
_PLACE_HEADS: Final = (
    *("قطاع", "بلاد", "جمهورية", "الأراضي", "أراضي", "إقليم", "محافظة", "ولاية"),
    *("دولة", "سلطنة", "إمارة"),
)


@lru_cache(maxsize=1)
def _one_word_heads() -> frozenset[str]:
    heads = {h for h in load_org_heads() if " " not in h}
    return frozenset(heads | {normalise(w) for w in (*_DIRECTIONS, *_PLACE_HEADS)})


_KIND: Final = {"ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE"}
_ANY_LABEL: Final = ("LOC", "GPE", "ORG", "MISC")
_NASAB: Final = frozenset(normalise(w) for w in ("بن", "ابن", "بنت"))


def _after_nasab(norm: list[str], token_starts: list[int], start: int) -> bool:
    """Whether the token before the one at ``start`` is بن/ابن/بنت (a name's lineage)."""
    k = bisect_right(token_starts, start) - 1
    return k > 0 and norm[k - 1] in _NASAB


def _pattern_start(
    norm: list[str], words: list[str], names: Container[str], tagged: int, pattern: int
) -> int:
    """Where a person name starts, from the tagger's start and a title pattern's start.

    A title pattern moves a start the tagger put on the title or its modifiers forward
    (الجنرال الفرنسي | آلان …), except over given names that only look definite once
    normalised (آلان، أليكس: no bare-alef article in the original). It moves an earlier
    start back only over known name parts (never over بأفغانستان before هانز).
    """
    if pattern > tagged:
        start = pattern
        while start > tagged and not words[start - 1].startswith("\u0627\u0644"):
            start -= 1
        return start
    start = tagged
    while start > pattern and norm[start - 1] in names and not _nisba_like(norm[start - 1]):
        start -= 1
    return start


@lru_cache(maxsize=100_000)
def _common(word: str) -> bool:
    """A stop word or one of the most frequent news words (أسد، عليه، العربي): such a word
    found once as a name is not looked for again on its own."""
    return word in STOP or load_word_ranks().get(strip_proclitics(word), _RARE) < _FREQUENT


@lru_cache(maxsize=100_000)
def _nisba_like(word: str) -> bool:
    """A definite word whose bare form is a place: المصري reads as "the Egyptian" first."""
    if not has_article(word):
        return False
    classes = load_lexicon().get(strip_proclitics(word), ())
    return any(c in ("GPE", "LOC", "nisba") for c in classes)


def _trim_common_tail(
    norm: list[str], span: tuple[int, int], names: Container[str], rare: Callable[[str], bool]
) -> tuple[int, int]:
    """Drop a frequent word the tagger ran on into (يوسف شاهين | شاء القدر).

    Only an indefinite word that is no known name part and does not follow a connector
    (عبد الله، أبو بكر) is dropped.
    """
    first, last = span
    while (
        last > first + 1
        and not norm[last].startswith("ال")
        and norm[last] not in names
        and not _in_name_lists(norm[last])  # أحمد، عمر: names that are also places
        and norm[last - 1] not in CONNECTORS
        and not rare(norm[last])
    ):
        last -= 1
    return first, last


# Words that end a person name: STOP's particles, prepositions and relatives, but not its
# definite adjectives (محمد الخامس، تشارلز الأول keep their regnal ordinals).
_FUNCTION_WORDS: Final = frozenset(w for w in STOP if not w.startswith("\u0627\u0644")) | frozenset(
    normalise(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي")
)


@lru_cache(maxsize=100_000)
def _in_name_lists(word: str) -> bool:
    """Whether a normalised word or its bare form is in any name list, ambiguous or not."""
    lexicon = load_lexicon()
    classes = {*lexicon.get(word, ()), *lexicon.get(strip_proclitics(word), ())}
    return bool(classes & _NAME_CLASSES)


def _split_person(norm: list[str], span: tuple[int, int]) -> list[tuple[int, int]]:
    """A person span cut where it cannot go on: before a function word (سمير صبري | والذي),
    and into two names at a coordinated name part (رانيا فريد شوقي | ورجاء الجداوي)."""
    first, last = span
    out: list[tuple[int, int]] = []
    for k in range(first + 1, last + 1):
        word = norm[k]
        if word in _FUNCTION_WORDS or (word[:1] == "\u0648" and word[1:] in _FUNCTION_WORDS):
            out.append((first, k - 1))
            return out
        if _coordinated(word):
            out.append((first, k - 1))
            first = k
    out.append((first, last))
    return out


def _coordinated(word: str) -> bool:
    """A normalised word with a conjunction و attached to a name (ورجاء): a new name starts."""
    return len(word) > 3 and word[0] == "\u0648" and _name_part(word[1:])


def _token_cover(spans: list[tuple[int, int, str]], size: int) -> bytearray:
    """1 at every token inside one of the inclusive ``(first, last, label)`` spans."""
    cover = bytearray(size + 1)
    for first, last, _ in spans:
        if first <= last:
            cover[first : last + 1] = b"\x01" * (last + 1 - first)
    return cover


class _Containers:
    """Whether a character span lies inside one of a set of spans, in O(log n) a question."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))  # widest end so far
        self.widest_at: dict[int, int] = {}  # start → widest end of the spans starting there
        for a, b in ordered:
            self.widest_at[a] = max(b, self.widest_at.get(a, b))

    def contains(self, start: int, end: int) -> bool:
        """Some span ``[a, b)`` has ``a <= start`` and ``end <= b``."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def strictly_contains(self, start: int, end: int) -> bool:
        """Some span contains ``[start, end)`` and is longer than it."""
        i = bisect_left(self.starts, start)  # spans starting before ``start``
        if i > 0 and self.reach[i - 1] >= end:
            return True
        return self.widest_at.get(start, end) > end


def _trim_modifiers(
    norm: list[str], span: tuple[int, int], names: Container[str], words: list[str]
) -> tuple[int, int]:
    """Drop leading definite modifiers from a person span (الأميركي جون كيري → جون كيري).

    The article is a bare alef in the original spelling: آلان and أليكس fold to ال… but
    are given names, not modifiers.
    """
    first, last = span
    while (
        first < last
        and norm[first].startswith(("ال", "وال"))
        and words[first].startswith(("\u0627\u0644", "\u0648\u0627\u0644"))
        and (norm[first] not in names or _nisba_like(norm[first]))
    ):
        first += 1
    return first, last


def _propagate(
    tokens: TokenArrays, norm: list[str], chosen: list[_Candidate], text: str
) -> list[_Candidate]:
    """Find further mentions of names already recognised in this article.

    A person's family name used alone (لافروف after سيرجي لافروف) and any mention of up
    to three tokens recognised once are looked for again at uncovered tokens,
    with an attached و/ف/ب/ل/ك allowed; they get the label of the first mention.
    """
    keys: dict[tuple[str, ...], str] = {}
    for c in chosen:
        words = FOLDED_WORDS[text[c.start : c.end]]
        if not words or len(words) > 3 or c.source == "gazetteer-nisba":
            continue
        if len(words) > 1 or c.source.startswith("gazetteer") or not _common(words[0]):
            keys.setdefault(words, c.label)
        last = words[-1]
        if c.label == "PER" and len(words) >= 2 and len(last) > 3 and not _common(last):
            keys.setdefault((last,), "PER")
        if c.label == "ORG" and c.source == "pattern" and c.canonical:
            # a head's name stands alone elsewhere (نادي الهلال … أمام الهلال)
            named = FOLDED_WORDS[c.canonical]
            if len(named) == 1 and not _common(named[0]):
                keys.setdefault(named, "ORG")
    if not keys:
        return chosen
    taken = bytearray(len(text) + 1)  # 1 where a chosen mention covers the character
    for c in chosen:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    extra: list[_Candidate] = []
    sizes: dict[str, set[int]] = {}  # first word → lengths of the keys it starts
    for key in keys:
        sizes.setdefault(key[0], set()).add(len(key))
    plans: dict[str, tuple[list[str], list[int]]] = {}  # a word's forms and key lengths
    i = 0
    _, starts, ends = tokens
    for at in _clitic_hits(norm, sizes.keys()):
        if at < i:
            continue  # inside the mention just found
        i = at
        word = norm[i]
        plan = plans.get(word)
        if plan is None:
            plan = plans[word] = _propagation_plan(word, sizes)
        forms, lengths = plan
        found = 0
        for size in lengths:
            if i + size > len(starts):
                continue
            tail = tuple(norm[i + 1 : i + size])
            for form in forms:
                label = keys.get((form, *tail))
                if label is None:
                    continue
                start = starts[i]
                if form != word:
                    start = _original_cut(text, starts[i], ends[i], len(word) - len(form))
                end = ends[i + size - 1]
                if start < end and taken.find(1, start, end) == -1:
                    extra.append(_candidate(start, end, label, 0, "propagated"))
                    taken[start:end] = b"\x01" * (end - start)
                found = size
                break
            if found:
                break
        i += found
    return sorted([*chosen, *extra], key=_START)


def _propagation_plan(word: str, sizes: dict[str, set[int]]) -> tuple[list[str], list[int]]:
    """The forms of ``word`` that start a key (fullest first) and the key lengths to try
    (longest first)."""
    forms = [f for f in _clitic_forms(word) if f in sizes]
    lengths = sorted({n for f in forms for n in sizes[f]}, reverse=True)
    return forms, lengths


def _clitic_hits(norm: list[str], words: Iterable[str]) -> Iterator[int]:
    """Indexes of the tokens that may be one of ``words`` with و/ف/ب/ل/ك attached.

    A necessary condition for :func:`_clitic_forms` to yield one of them, tested by one
    set lookup per token in C: the words themselves and their spellings with one or two
    clitic letters in front.
    """
    spelled: set[str] = set()
    for spellings in map(_spellings_cache().__getitem__, words):
        spelled.update(spellings)
    return compress(count(), map(spelled.__contains__, norm))


def _spellings(word: str) -> tuple[str, ...]:
    """A word and its spellings with one or two clitic letters in front (وسوريا، فبسوريا)."""
    return (
        word,
        *(clitic + word for clitic in "وفبلك"),
        *(first + second + word for first in "وف" for second in "بلك"),
    )


@lru_cache(maxsize=1)
def _spellings_cache() -> WordCache[tuple[str, ...]]:
    return WordCache(_spellings, limit=50_000)


@lru_cache(maxsize=100_000)
def _clitic_forms(word: str) -> tuple[str, ...]:
    forms = [word]
    if len(word) > 4 and word[0] in "وفبلك":
        forms.append(word[1:])
        if word[1] in "بلك" and word[0] in "وف":
            forms.append(word[2:])
    return tuple(forms)


def _select(candidates: list[_Candidate], gaz: list[GazetteerMatch]) -> list[_Candidate]:
    """Greedy non-overlapping choice by priority then length; gazetteer refines labels."""
    exact: dict[tuple[int, int], GazetteerMatch] = {}
    for g in gaz:
        exact.setdefault((g.start, g.end), g)
    chosen: list[_Candidate] = []
    # 1 where a chosen mention covers the character: an overlap test in the span's length,
    # not in the number of mentions chosen so far (quadratic on long pages).
    taken = bytearray(max((c.end for c in candidates), default=0) + 1)
    for c in _by_priority(candidates):
        if c.end <= c.start or taken.find(1, c.start, c.end) != -1:
            continue
        hit = exact.get((c.start, c.end))
        if hit is not None and not c.source.startswith("gazetteer"):
            label = c.label
            # the gazetteer refines places (GPE/LOC) and corrects MISC; an ORG the tagger
            # read from the context (فريق برشلونة، مضيفه ليون) stays an organisation, while
            # a head pattern's ORG (قناة السويس) yields to a known place
            refinable = ("LOC", "GPE", "MISC") if c.source.startswith("crf") else _ANY_LABEL
            if hit.label in ("GPE", "LOC") and c.label in refinable:
                label = hit.label if not hit.weak or c.label in ("LOC", "GPE") else c.label
            canonical = hit.canonical if label == hit.label else None
            c = _candidate(
                c.start, c.end, label, c.priority, c.source + "+gazetteer", canonical, c.weak
            )
        chosen.append(c)
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    return sorted(chosen, key=_START)


def _by_priority(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates by priority (highest first), then length (longest first), then start:
    ``sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start))``.

    Why: the three keys are packed into one integer per candidate, and the sort runs on
    those in C (a list's ``__getitem__`` as key) — no key tuple and no Python-level call per
    candidate. ``W`` exceeds every start and end, so ``start - end + W`` and ``start`` are
    digits in ``[0, 2W)`` and ``[0, W)`` of a number in base ``W`` below ``2W²``; equal
    integers mean equal key tuples, and the stable sort keeps their order as before.
    """
    width = max((max(c.start, c.end) for c in candidates), default=0) + 1
    span = 2 * width * width
    keys = [(-c.priority) * span + (c.start - c.end + width) * width + c.start for c in candidates]
    return [candidates[i] for i in sorted(range(len(candidates)), key=keys.__getitem__)]


def _finish(
    text: str, chosen: list[_Candidate], surfaces: dict[str, tuple[str, str]]
) -> list[Entity]:
    canonicals: list[str] = []
    for c in chosen:
        mention = text[c.start : c.end]
        canonical = c.canonical
        if canonical is None:
            hit = surfaces.get(FOLDED[mention])
            if hit is not None and hit[0] == c.label:
                canonical = hit[1]
        canonicals.append(canonical or " ".join(mention.split()))
    persons = [i for i, c in enumerate(chosen) if c.label == "PER"]
    resolved = resolve_short_names([canonicals[i] for i in persons])
    for i, value in zip(persons, resolved, strict=True):
        canonicals[i] = value
    return [
        make_entity(
            c.start,
            c.end,
            text[c.start : c.end],
            c.label,
            canonical,
            entity_id(c.label, canonical),
            c.source,
        )
        for c, canonical in zip(chosen, canonicals, strict=True)
    ]


class EntityStage:
    """Pipeline stage ``entities``: fills ``Article.entities``.

    Picklable (no state); the model, gazetteer automaton and lexicon load lazily once
    per process. A failure of a resource is recorded as a page warning, never raised.
    """

    name = "entities"

    def __call__(self, article: Article) -> Article:
        try:
            entities = recognise(article.text)
            if article.outlet:
                entities = with_outlet_mentions(article.text, article.outlet, entities)
        except Exception as error:  # a broken resource must not sink the batch
            return article.with_warning("entities-failed", f"{type(error).__name__}: {error}")
        return with_fields(article, entities=tuple(entities))

    def annotate_batch(self, articles: Sequence[Article]) -> list[Article]:
        """The stage over several articles at once (:func:`recognise_many`: one tagger call
        for all): the same articles as calling the stage on each.

        When the batch call fails, the articles are redone one by one, so only an article
        that fails alone gets the ``entities-failed`` warning.
        """
        try:
            found = recognise_many([article.text for article in articles])
        except Exception:  # find the article at fault: one by one, as the stage does
            return [self(article) for article in articles]
        out: list[Article] = []
        for article, entities in zip(articles, found, strict=True):
            if article.outlet:
                try:
                    entities = with_outlet_mentions(article.text, article.outlet, entities)
                except Exception as error:
                    message = f"{type(error).__name__}: {error}"
                    out.append(article.with_warning("entities-failed", message))
                    continue
            out.append(with_fields(article, entities=tuple(entities)))
        return out


def with_outlet_mentions(text: str, outlet: str, entities: list[Entity]) -> list[Entity]:
    """Add the page's own outlet as ORG where the body quotes it (لـ"الوطن"، «اليوم»).

    Outlet names are often common words (الوطن، اليوم، المدينة), so only a mention
    inside quotation marks counts; the outlet itself comes from the page metadata.
    """
    name = " ".join(outlet.split())
    if not name:
        return entities
    view = text_view(text)  # the one recognise() made of the same text
    quoted = list(_quoted_pattern(normalise(name)).finditer(view.text))
    if not quoted:
        return entities  # most bodies never quote their own outlet: no coverage map to build
    taken = bytearray(len(text) + 1)
    for e in entities:
        taken[e.start : e.end] = b"\x01" * (e.end - e.start)
    extra = []
    for found in quoted:
        start, end = view.to_original(found.start(1), found.end(1))
        if taken.find(1, start, end) == -1:
            extra.append(
                Entity(start, end, text[start:end], "ORG", name, entity_id("ORG", name), "outlet")
            )
    return sorted([*entities, *extra], key=lambda e: e.start) if extra else entities


@lru_cache(maxsize=256)
def _quoted_pattern(folded: str) -> re.Pattern[str]:
    """A folded outlet name between quotation marks (one pattern per outlet, made once)."""
    marks = re.escape(L.QUOTE_MARKS)
    return re.compile(rf"[{marks}]\s*({re.escape(folded)})\s*[{marks}]")


def entity_at(article: Article, start: int, end: int) -> Entity | None:
    """The entity that overlaps ``[start, end)`` most (persons first on ties), or None.

    For the quote stage: the speaker mention ``وزير الخارجية الروسي سيرجي لافروف`` gives
    the PER entity ``سيرجي لافروف``.
    """
    best: Entity | None = None
    best_key = (0, 0)
    for entity in article.entities:
        overlap = min(end, entity.end) - max(start, entity.start)
        if overlap <= 0:
            continue
        key = (1 if entity.label == "PER" else 0, overlap)
        if key > best_key:
            best, best_key = entity, key
    return best
