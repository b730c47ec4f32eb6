"""Evidence for the quote finder: one pass over an article's tokens.

Builds everything the walk in :mod:`finder` looks at: normalised tokens with offsets, paired
quotation marks (and openers left open after a colon), usable cue words, sentence starts, the
persons named in the text, and the attribution phrases of the word lists.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import FunctionType
from typing import Final

from khabar.model import Entity

from .lexicon import Cue, Lexicon, lexicon
from .marks import ALL_MARKS, pair_quote_marks
from .speakers import Registry, build_registry
from .tokens import COMPLEMENTIZERS, RELATIVES, SENTENCE_END, Tokens, is_word, tokenize

MIN_QUOTED_WORDS: Final = 3  # shorter quoted spans are names, titles or scare quotes


@dataclass(slots=True)
class Evidence:
    """Everything known about one text before the walk."""

    tokens: Tokens
    lex: Lexicon
    pair_close: dict[int, int]  # opening-mark token → closing-mark token (outermost pairs)
    quoted: list[bool]  # token lies inside a quotation (marks included)
    cues: dict[int, Cue]  # token index → cue, outside quotations
    sentence_start: SentenceStarts
    registry: Registry
    entities: Sequence[Entity]
    hits: list[int]  # indices of tokens any rule looks at, ascending
    hit_words: list[str]  # their words

    # An explicit __init__ (the dataclass keeps it): the compiled build then constructs the
    # record natively; the generated one is interpreted, ~6x the cost (tests check the two
    # stay alike: same parameters, same defaults, in field order).
    def __init__(
        self,
        tokens: Tokens,
        lex: Lexicon,
        pair_close: dict[int, int],
        quoted: list[bool],
        cues: dict[int, Cue],
        sentence_start: SentenceStarts,
        registry: Registry,
        entities: Sequence[Entity],
        hits: list[int],
        hit_words: list[str],
    ) -> None:
        self.tokens = tokens
        self.lex = lex
        self.pair_close = pair_close
        self.quoted = quoted
        self.cues = cues
        self.sentence_start = sentence_start
        self.registry = registry
        self.entities = entities
        self.hits = hits
        self.hit_words = hit_words

    def hits_in(self, words: frozenset[str]) -> list[int]:
        """The hits whose word is one of ``words``."""
        # A plain loop: as fast as compress/map in CPython, twice as fast compiled (mypyc).
        hits = self.hits
        hit_words = self.hit_words
        return [hits[k] for k in range(len(hit_words)) if hit_words[k] in words]


def gather(text: str, entities: Sequence[Entity]) -> Evidence:
    lex = lexicon()
    tokens = tokenize(text)
    words = tokens.words
    n = len(words)
    # One pass over the tokens picks every token any rule looks at (the rest is skipped) and
    # sorts the hits by what they are, so no later step probes a word set per hit again.
    kinds = _hit_kinds()
    folded = tokens.folded
    compounds, compound_tokens = _compound_names(folded)
    # Plain comprehensions and loops, not compress/map chains: no slower in CPython, 2x faster
    # compiled (mypyc). The hits first (a comprehension: CPython's fastest loop), then they
    # are sorted by kind.
    hits = [i for i, word in enumerate(words) if word in kinds]
    mark_tokens, end_tokens, cue_tokens, head_tokens = _by_kind(words, hits, kinds, lex)
    if compound_tokens:
        # Merged in, not added to the word set: a union copies its 3,000 words on every page.
        extra = [i for i in compound_tokens if words[i] not in kinds]
        if extra:
            hits = sorted(hits + extra)
        # The registry scans person heads and the one-word compound names (see build_registry).
        head_tokens = sorted(set(head_tokens).union(compound_tokens))
    hit_words = [words[i] for i in hits]
    view_text = tokens.original
    by_position = {tokens.starts[i]: i for i in mark_tokens}
    unclosed: list[int] = []
    pairs = pair_quote_marks(view_text, [tokens.starts[i] for i in mark_tokens], unclosed)
    pairs.extend(_open_to_paragraph_end(tokens, by_position, unclosed, lex))
    pair_close: dict[int, int] = {}
    quoted = [False] * n
    for open_pos, close_pos in pairs:
        first, last = by_position[open_pos], by_position[close_pos]
        pair_close[first] = last
        quoted[first : last + 1] = [True] * (last + 1 - first)
    cue_table = lex.cues
    cues: dict[int, Cue] = {}
    for i in cue_tokens:
        if not quoted[i]:
            cue = cue_table[words[i]]
            if _usable_cue(words, i, cue, lex):
                cues[i] = cue
    sentence_start = SentenceStarts(end_tokens)
    registry = build_registry(tokens, quoted, lex, head_tokens, compounds)
    return Evidence(
        tokens, lex, pair_close, quoted, cues, sentence_start, registry, entities, hits, hit_words
    )


def _open_to_paragraph_end(
    tokens: Tokens, by_position: dict[int, int], unclosed: list[int], lex: Lexicon
) -> list[tuple[int, int]]:
    """قال: «… (never closed): after a colon, a complementizer or a cue, an opener left open
    quotes to the end of its paragraph (the newline stands in for the closing mark)."""
    words = tokens.words
    found = []
    for position in unclosed:
        i = by_position[position]
        before = words[i - 1] if i > 0 else ""
        if not (before == ":" or before in COMPLEMENTIZERS or before in lex.cues):
            continue
        end = i + 1
        while end < len(words) and words[end] != "\n":
            end += 1
        if end < len(words) and end - i > MIN_QUOTED_WORDS:
            found.append((position, tokens.starts[end]))
            by_position[tokens.starts[end]] = end
    return found


@lru_cache(maxsize=1)
def _interesting_words() -> frozenset[str]:
    lex = lexicon()
    return (
        frozenset(lex.cues)
        | SENTENCE_END
        | ALL_MARKS
        | lex.given_names
        | lex.titles
        | lex.honorifics
        | NARRATOR_TURNS
        | attribution_heads()
        | frozenset("و" + head for head in attribution_heads())
        | {"علي"}
    )


# What a hit is, as bits (a word may be several: a given name that is also a cue form).
_MARK: Final = 1  # a quotation mark
_END: Final = 2  # a sentence end (never a mark)
_CUE: Final = 4  # a cue form of the lexicon
_HEAD: Final = 8  # a word a person's mention may start with (registry)
_OTHER: Final = 16  # any other word rules look at


@lru_cache(maxsize=1)
def _hit_kinds() -> dict[str, int]:
    """Every word of ``_interesting_words`` with its kind bits."""
    lex = lexicon()
    kinds: dict[str, int] = {}
    for word in _interesting_words():
        kind = _OTHER
        if word in ALL_MARKS:
            kind |= _MARK
        elif word in SENTENCE_END:
            kind |= _END
        if word in lex.cues:
            kind |= _CUE
        if word in lex.person_heads:
            kind |= _HEAD
        kinds[word] = kind
    return kinds


def _by_kind(
    words: list[str], hits: list[int], kinds: dict[str, int], lex: Lexicon
) -> tuple[list[int], list[int], list[int], list[int]]:
    """The hits that are quotation marks, sentence ends, cues and person heads.

    Compiled, one loop reads each hit's kind bits; in CPython four comprehensions probing the
    word sets are faster than that loop's bit tests and appends (global loads per hit)."""
    if not COMPILED:
        return (
            [i for i in hits if words[i] in ALL_MARKS],
            [i for i in hits if words[i] in SENTENCE_END],
            [i for i in hits if words[i] in lex.cues],
            [i for i in hits if words[i] in lex.person_heads],
        )
    marks: list[int] = []
    ends: list[int] = []
    cues: list[int] = []
    heads: list[int] = []
    for i in hits:
        kind = kinds[words[i]]
        if kind & _MARK:
            marks.append(i)
        elif kind & _END:
            ends.append(i)
        if kind & _CUE:
            cues.append(i)
        if kind & _HEAD:
            heads.append(i)
    return marks, ends, cues, heads


class SentenceStarts:
    """Token index → index of the first token of its sentence (bisect over sentence ends)."""

    def __init__(self, ends: list[int]) -> None:
        self.ends = ends

    def __getitem__(self, index: int) -> int:
        ends = self.ends
        # Native code searches itself: the C bisect compares boxed ints through the generic
        # object protocol (2 % of a quote-dense page in the compiled build).
        k = ends_before(ends, index) if COMPILED else bisect_right(ends, index - 1)
        return ends[k - 1] + 1 if k else 0


def ends_before(ends: list[int], index: int) -> int:
    """How many of the ascending ``ends`` lie before ``index``: ``bisect_right(ends, index - 1)``
    as a plain binary search (typed, for the compiled build).

    >>> ends_before([3, 9, 9, 20], 9), ends_before([3, 9, 9, 20], 10), ends_before([], 4)
    (1, 3, 0)
    """
    low, high = 0, len(ends)
    while low < high:
        middle = (low + high) >> 1
        if ends[middle] < index:
            low = middle + 1
        else:
            high = middle
    return low


def _probe() -> None:
    """Only here to be looked at: see ``COMPILED``."""


# Whether this module runs as native code (the mypyc build): its functions are then builtins,
# not Python functions. Picks the search that is fastest in each (same result).
COMPILED: Final = not isinstance(_probe, FunctionType)


_NEGATIONS: Final = frozenset({"لم", "لن", "لا"})
# Given names written as one word (عبدالله، ابوبكر): a literal prefix found by ``str.find``
# (cheaper than a regex search over the page), the pattern matched only where it starts a token.
_COMPOUND_NAME_RES: Final = (("عبد", re.compile(r"عبد\w{3,}")), ("ابو", re.compile(r"ابو\w{3,}")))


def _compound_names(folded: str) -> tuple[set[str], list[int]]:
    """Words of ``folded`` (tokens joined by spaces) that start with عبد or ابو and go on
    for three or more word characters: the matches of ``\\b(?:عبد|ابو)\\w{3,}``, and the
    indices of the tokens that are such a word whole (ascending, no repeats)."""
    found: set[str] = set()
    indices: list[int] = []
    size = len(folded)
    for prefix, pattern in _COMPOUND_NAME_RES:
        index = 0  # token index at ``counted`` (spaces before it)
        counted = 0
        # Token starts only (tokens are space-joined): the first token, then " " + prefix.
        needle = " " + prefix
        at = 0 if folded.startswith(prefix) else _token_find(folded, needle, 0)
        while at != -1:
            match = pattern.match(folded, at)
            if match is not None:
                found.add(match.group())
                end = match.end()
                if end == size or folded[end] == " ":  # the whole token
                    index += folded.count(" ", counted, at)
                    counted = at
                    indices.append(index)
            at = _token_find(folded, needle, at + 3)
    if len(indices) > 1:
        indices = sorted(set(indices))
    return found, indices


def _token_find(folded: str, needle: str, start: int) -> int:
    """Where the next token starting with a prefix starts at or after ``start + 1``, or -1;
    ``needle`` is space + prefix (longer needles skip further on Arabic text)."""
    at = folded.find(needle, start)
    return at if at == -1 else at + 1


NARRATOR_TURNS: Final = frozenset({"فيما", "في"})


@lru_cache(maxsize=1)
def attribution_heads() -> frozenset[str]:
    """First words of the attribution phrases (بحسب، وفقا …) from the word list."""
    return frozenset(
        phrase[0] for phrase, (_, role) in lexicon().attributions.items() if role == "attribution"
    )


def attribution_head(word: str) -> str | None:
    """The attribution head a word is, with or without the conjunction و (ووفقا، وبحسب)."""
    heads = attribution_heads()
    if word in heads:
        return word
    if word.startswith("و") and word[1:] in heads:
        return word[1:]
    return None


def attribution_lemma(word: str) -> str | None:
    word = attribution_head(word) or word
    for phrase, (lemma, role) in lexicon().attributions.items():
        if phrase[0] == word and role in ("attribution", "own"):
            return lemma
    return None


# أنه، أنها، بأنه … → أن: narration phrases are listed with the bare complementizer.
_BARE_COMPLEMENTIZER: Final = {form: "ان" for form in COMPLEMENTIZERS if form.startswith("ان")}
# "بما قال إنه"، "لما قال إنها": a preposition with ما before قال names a thing.
_WHAT: Final = frozenset({"بما", "لما", "مما", "عما"})
_AMBIGUOUS_CUES: Final = frozenset({"بين", "وبين", "فبين"})
_PARTICIPLE_FOLLOWERS: Final = (
    frozenset({"الي", "علي", ":", "ب", "اياه", "اياها", "اياهم", "اياهما"})
    | COMPLEMENTIZERS
    | ALL_MARKS
)


def _usable_cue(words: list[str], i: int, cue: Cue, lex: Lexicon) -> bool:
    """Whether a cue word here really reports speech (not narration, negation or a noun)."""
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[i - 1] if i > 0 else ""
    if word in lex.narration_heads and (
        (word, after) in lex.narration
        or (
            after in COMPLEMENTIZERS
            and (word, _BARE_COMPLEMENTIZER.get(after, after)) in lex.narration
        )
    ):
        return False  # يذكر أن، يذكر أنه: the journalist's narration
    if before in _WHAT and cue.lemma == "قال" and after in COMPLEMENTIZERS:
        return False  # "ندد بما قال إنها «اعتداءات»": what he called so, a naming
    if before in _NEGATIONS:
        return False  # لم تذكر اسمه، لم يكشف عن تفاصيل
    if word == "نقلا" and after == "عن":
        return False  # an attribution (نقلا عن), not the dual verb
    if cue.lemma in ("جاء", "ورد") and after != "في":
        return False  # جاء ذلك خلال …: only "جاء في البيان" reports a document
    if cue.form == "finite" and before in RELATIVES and word.lstrip("وف")[:1] in ("ي", "ت"):
        return False  # التي تعتبر …: a relative clause, usually passive
    if word in _AMBIGUOUS_CUES:
        # بيّن / بين ("between"): a cue only when أن follows closely, with no punctuation.
        if before in ("ما", "وما", "من", "فيما"):
            return False
        if word == "بين" and not (before in ("،", ",", "كما", "ثم") or before in SENTENCE_END):
            return False  # "الاتفاق بين إيران والدول …": mid-sentence بين is a preposition
        for k in range(i + 1, min(len(words), i + 1 + _BAYYANA_FAR)):
            if words[k] in COMPLEMENTIZERS:
                if words[k].startswith("و"):
                    return False  # "… وأنه": a coordinated clause
                return k - i <= _BAYYANA_NEAR or subject_chain(words[i + 1 : k], lex)
            if not is_word(words[k]):
                return False
        return False
    if cue.form == "participle":
        # مشيرا إلى أن، مؤكدا أن، قائلا: … — a participle followed by a noun is a noun (متابعة خطة).
        return (
            before in ("،", ",")
            or after in _PARTICIPLE_FOLLOWERS
            or b_prefixed(after)
            or addressee_then_clause(words, i + 1)
        )
    return True


# بيّن أن: up to five words between the cue and أن are taken as they come; up to eleven only
# when they are a subject chain (وبين مدير عام الشؤون الصحية بمنطقة الرياض الدكتور … أن).
_BAYYANA_NEAR: Final = 6
_BAYYANA_FAR: Final = 12


def subject_chain(between: list[str], lex: Lexicon) -> bool:
    """Whether the words between بيّن and a far أن read as its subject: a title, honorific or
    given name among them (a person), no relative pronoun (a clause of its own) and no word
    with the conjunction و unless a given name (وبين الرئيس … والرئيس …: "between X and Y")."""
    person = False
    for word in between:
        if word in RELATIVES:
            return False
        if word in lex.given_names or word in lex.titles or word in lex.honorifics:
            person = True
        elif word.startswith("و"):
            return False
    return person


_L_PRONOUNS: Final = frozenset({"له", "لها", "لهم", "لهما", "لهن", "لي", "لنا", "لك", "لكم"})


def addressee_then_clause(words: list[str], j: int) -> bool:
    """Whether ``words[j:]`` is whom a participle cue speaks to, then its clause: لـ + a word
    or a quoted outlet name (مؤكدا لـ«المدينة» أن، مؤكدا لـ"عكاظ" أن), or one word with لـ
    attached, at most one more word after it (مشيرا للصحيفة أن، مشيرا لصحيفة الحياة أن)."""
    n = len(words)
    if j + 1 >= n:
        return False
    word = words[j]
    ends: tuple[int, ...]
    if word == "ل" and words[j + 1] in ALL_MARKS:
        close = next((k for k in range(j + 2, min(n, j + 6)) if words[k] in ALL_MARKS), -1)
        if close == -1:
            return False
        ends = (close + 1,)
    elif word == "ل":
        ends = (j + 2,) if is_word(words[j + 1]) else ()
    elif len(word) > 2 and word.startswith("ل") and word[1:3] != "ان" and is_word(word):
        # لصحيفة الوطن: a noun in construct with a definite noun; never after له، لها
        # (مقرا لها منذ أن: a noun, then a time clause).
        construct = word not in _L_PRONOUNS and words[j + 1].startswith("ال")
        ends = (j + 1, j + 2) if construct else (j + 1,)
    else:
        return False
    return any(
        end < n and words[end] in COMPLEMENTIZERS and not words[end].startswith("و") for end in ends
    )


def b_prefixed(word: str) -> bool:
    """A noun with the preposition بـ attached (بدعم، بزيادة), not بأن."""
    return (
        len(word) > 3 and word.startswith("ب") and word not in COMPLEMENTIZERS and word[1:3] != "ان"
    )
