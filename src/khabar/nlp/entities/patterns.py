"""Rule patterns: titles before person names, organisation heads with their complement.

Both work on tokens (with original offsets) and their normalised forms:

- **PER**: a title (الرئيس، وزير الخارجية، الأمين العام، الشيخ، اللواء …, with an
  attached و/ف/ب/ل/ك allowed), then up to three definite modifiers (الروسي، السابق),
  then one to three name tokens (plus connectors بن، أبو، عبد، آل). Name tokens are not
  stopwords, punctuation, digits or definite words (except after a connector);
- **ORG**: an organisation head (وزارة، مجلس، حركة، تنظيم، وكالة …) followed by its
  complement: definite words (الخارجية الفرنسية) or a known name (حماس، داعش), up to
  four tokens, stopping at stopwords, time words and punctuation.

The patterns propose spans; :mod:`khabar.nlp.entities.combine` decides with the
tagger and the gazetteer what is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count

from khabar.arabic.normalise import normalise
from khabar.nlp.entities.resources import load_org_heads, load_titles

CONNECTORS = frozenset(normalise(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "عبد", "آل", "ولد"))
# Words that end a name or a complement even though they look like content words.
STOP = frozenset(
    normalise(w)
    for w in (
        "في من إلى الى على عن مع أن إن أنه إنه بأن وأن التي الذي الذين اللذين هو هي هم"
        " قد لقد كان كانت يكون خلال بعد قبل حول عند لدى منذ حتى أمس اليوم غدا الأمس"
        " الماضي المقبل الجاري الحالي الأسبوع الشهر العام السنة الليلة صباح مساء"
        " أيضا كما لكن بين ضد عبر وقال قال وأضاف أضاف وأكد أكد وأعلن أعلن وأوضح أوضح"
        " ذلك هذا هذه تلك يوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
        " بشأن إزاء تجاه لا لم لن ما ماذا إذا وإذا أو أم ثم كل بعض غير سوى عدة"
        " السابق الأسبق الراحل"
        " المسؤول المسؤولة المعني المعنية المختص المختصة المحلي المحلية المذكور المذكورة"
        " التابع التابعة نفسه نفسها ذاته ذاتها المعنيون المعنيين المشترك المشتركة"
        " الأول الأولى الثاني الثانية الثالث الثالثة الرابع الخامس العاشر الأخير الأخيرة"
        " الأفضل الأكبر الأكثر الأقل الأهم الأعلى الأسوأ الوحيد الوحيدة الصادر الصادرة"
    ).split()
)
_CLITIC_LETTERS = "وفبلك"


@dataclass(frozen=True, slots=True)
class PatternSpan:
    """A proposed mention over tokens ``[first, last]`` (inclusive)."""

    first: int
    last: int
    label: str
    rule: str
    clitic: int = 0  # letters of attached clitics before the head (لوكالة → 1)


@lru_cache(maxsize=100_000)
def _forms(word: str) -> tuple[str, ...]:
    """The normalised word and its forms without one attached clitic letter (cached)."""
    forms = [word]
    if len(word) > 3 and word[0] in _CLITIC_LETTERS:
        forms.append(word[1:])
        if word.startswith("لل"):
            forms.append("ا" + word[1:])
        if len(word) > 4 and word[0] in "وف" and word[1] in "بلك":
            forms.append(word[2:])
    return tuple(forms)


def _is_word(word: str) -> bool:
    return bool(word) and word[0].isalpha() and not word.isascii()


PhraseIndex = dict[str, tuple[tuple[str, ...], ...]]


def phrase_index(phrases: Sequence[str]) -> PhraseIndex:
    """First word → the phrases (as token tuples) starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        parts = tuple(phrase.split())
        index.setdefault(parts[0], []).append(parts)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


class _Phrases:
    """A phrase index and the set of words at which some phrase can start.

    Most tokens start no title or head: one C-level set lookup per token (``starts``)
    leaves :meth:`match` for the few that can. ``starters`` holds every spelling whose
    :func:`_forms` meet the index (the first words with و/ف/ب/ل/ك attached, ل + ال → لل).
    """

    __slots__ = ("index", "starters")

    def __init__(self, index: PhraseIndex) -> None:
        self.index = index
        spelled = set(index)
        for word in index:
            spelled.update(c + word for c in _CLITIC_LETTERS)
            spelled.update(c + d + word for c in "وف" for d in "بلك")
            if word.startswith("ال"):
                spelled.add("ل" + word[1:])  # للجنة: form "اللجنة"
        self.starters = frozenset(w for w in spelled if self._starts(w))

    def _starts(self, word: str) -> bool:
        return any(form in self.index for form in _forms(word))

    def starts(self, norm: Sequence[str]) -> Iterator[int]:
        """Token indexes where some phrase may start (a necessary condition)."""
        return compress(count(), map(self.starters.__contains__, norm))

    def match(self, norm: Sequence[str], i: int) -> int:
        """Tokens of the longest phrase starting at token ``i`` (0 when none)."""
        return _match_phrase(norm, i, self.index) if norm[i] in self.starters else 0


@lru_cache(maxsize=1)
def _titles() -> _Phrases:
    return _Phrases(phrase_index(load_titles()))


@lru_cache(maxsize=1)
def _heads() -> _Phrases:
    return _Phrases(phrase_index(list(load_org_heads())))


def _match_phrase(norm: Sequence[str], i: int, index: PhraseIndex) -> int:
    """Number of tokens of the longest phrase that starts at token ``i`` (0 when none)."""
    best = 0
    for form in _forms(norm[i]):
        for parts in index.get(form, ()):
            size = len(parts)
            if (
                size > best
                and i + size <= len(norm)
                and all(norm[i + k] == parts[k] for k in range(1, size))
            ):
                best = size
                break
    return best


def person_spans(norm: Sequence[str], names: Container[str] = frozenset()) -> list[PatternSpan]:
    """PER proposals after titles. ``names`` are known name parts (normalised)."""
    out: list[PatternSpan] = []
    titles = _titles()
    i = 0
    n = len(norm)
    for start in titles.starts(norm):
        if start < i:
            continue  # inside the span just proposed
        i = start
        size = titles.match(norm, i)
        if not size:
            continue
        j = i + size
        skipped = 0
        while j < n and skipped < 3 and norm[j].startswith("ال") and norm[j] not in names:
            if norm[j] in STOP:
                break
            j += 1
            skipped += 1
        first = j
        taken = 0
        while j < n and taken < 4 and _is_word(norm[j]) and norm[j] not in STOP:
            word = norm[j]
            after_connector = j > first and norm[j - 1] in CONNECTORS
            if word.startswith("ال") and not after_connector and word not in names:
                break
            if j > first and not after_connector and word not in names and word not in CONNECTORS:
                break  # after the first name token only name parts continue the name
            if titles.match(norm, j):
                break
            j += 1
            taken += 1 if word not in CONNECTORS else 0
        while j > first and norm[j - 1] in CONNECTORS:
            j -= 1
        if j > first:
            out.append(PatternSpan(first, j - 1, "PER", "title"))
            i = j
        else:
            i += size
    return out


_COMPLEMENT_TITLES = frozenset(
    normalise(w) for w in ("الملك", "الأمير", "الشيخ", "الإمام", "المشير", "الرئيس", "السلطان")
)
_MAX_COMPLEMENT = 6
_VERBAL_HEADS = frozenset(
    normalise(w) for w in ("تنظيم", "إدارة", "حركة", "مجموعة", "تحالف", "قاعدة")
)
# Heads that name an institution only when a title follows (مدينة الملك فهد الطبية);
# otherwise مدينة الرياض is a place.
_TITLED_HEADS = frozenset(normalise(w) for w in ("مدينة",))


def _complement_ok(
    norm: Sequence[str],
    j: int,
    known: Sequence[str],
    names: Container[str],
    previous: str,
    rare: Callable[[str], bool],
) -> bool:
    """Whether token ``j`` continues an organisation or facility name."""
    word = norm[j]
    if known[j] or word.startswith(("ال", "لل")):
        return True
    if word.startswith("وال") and previous.startswith(("لل", "وال")):
        return True  # للصحافة والنشر والإذاعة
    if previous in _COMPLEMENT_TITLES or (previous in names and not previous.startswith("ال")):
        return word in names or rare(word)  # الملك فهد، المشير طنطاوي
    nxt = norm[j + 1] if j + 1 < len(norm) else ""
    return word.startswith("ل") and len(word) > 3 and nxt.startswith("ال")  # لكرة القدم


def given_name_spans(
    norm: Sequence[str], given: frozenset[str], name_like: Callable[[str], bool]
) -> list[PatternSpan]:
    """PER proposals: a known given name followed by a known name part (وائل كفوري).

    ``name_like`` accepts a word written as a known name part (no clitic stripping, not
    among the most frequent words); connectors (بن، عبد، أبو) extend the name by one token.
    """
    out: list[PatternSpan] = []
    n = len(norm)
    i = 0
    for start in compress(count(), map(given.__contains__, norm)):
        if start < i:
            continue  # inside the name just proposed
        if start >= n - 1:
            break
        i = start
        j = i + 1
        while j < n - 1 and norm[j] in CONNECTORS:
            j += 1
        word = norm[j]
        if _is_word(word) and word not in STOP and name_like(word) and word not in given:
            out.append(PatternSpan(i, j, "PER", "given-name"))
            i = j + 1
    return out


def org_spans(
    norm: Sequence[str],
    known: Sequence[str],
    names: Container[str] = frozenset(),
    rare: Callable[[str], bool] = lambda word: False,
) -> list[PatternSpan]:
    """ORG (or facility LOC) proposals: head + complement.

    ``known[k]`` is the gazetteer label of token ``k`` ("" when none); ``names`` are known
    name parts. A known organisation name ends the complement.
    """
    out: list[PatternSpan] = []
    heads = _heads()
    labels = load_org_heads()
    i = 0
    n = len(norm)
    for start in heads.starts(norm):
        if start < i:
            continue  # inside the span just proposed
        i = start
        size = heads.match(norm, i)
        if not size:
            continue
        j = i + size
        while (
            j < n
            and j - (i + size) < _MAX_COMPLEMENT
            and _is_word(norm[j])
            and norm[j] not in STOP
            and _complement_ok(norm, j, known, names, norm[j - 1], rare)
            and not (known[j - 1] == "ORG" and j - 1 >= i + size and known[j] != "ORG")
        ):
            j += 1  # a known organisation name ends the complement: وكالة إيتار تاس | الروسية
        head_word = _forms(norm[i])[-1]
        if size == 1 and head_word in _VERBAL_HEADS:
            # تنظيم، إدارة، حركة are also verbal nouns: a name must follow (حركة حماس)
            if not any(known[k] or rare(norm[k]) for k in range(i + 1, j)):
                j = i + size
        if (
            size == 1
            and head_word in _TITLED_HEADS
            and norm[i + 1 : i + 2]
            and (norm[i + 1] not in _COMPLEMENT_TITLES)
        ):
            j = i + size
        if j > i + size or size > 1:
            rest = norm[i + 1 : i + size]
            head, label = next(
                ((f, labels[h]) for f in _forms(norm[i]) if (h := " ".join([f, *rest])) in labels),
                (norm[i], "ORG"),
            )
            out.append(PatternSpan(i, j - 1, label, "org-head", len(norm[i]) - len(head)))
            i = j
    return out
