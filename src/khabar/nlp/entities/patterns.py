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

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress, count, repeat
from operator import attrgetter
from typing import Final

from khabar.arabic.normalise import normalise, normalised_view
from khabar.errors import ResourceError
from khabar.model import Entity
from khabar.nlp.entities.canonical import entity_id, make_entity
from khabar.nlp.entities.features import load_word_stats
from khabar.nlp.entities.resources import (
    RESOURCES,
    load_gazetteer,
    load_given_names,
    load_lexicon,
    load_org_heads,
    load_titles,
    load_word_ranks,
)
from khabar.nlp.entities.tokens import strip_proclitics

CONNECTORS: Final = frozenset(
    normalise(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "عبد", "آل", "ولد")
)
# Words that end a name or a complement even though they look like content words.
STOP: Final = frozenset(
    normalise(w)
    for w in (
        "في من إلى الى على عن مع أن إن أنه إنه بأن وأن التي الذي الذين اللذين هو هي هم"
        " قد لقد كان كانت يكون خلال بعد قبل حول عند لدى منذ حتى أمس اليوم غدا الأمس"
        " الماضي المقبل الجاري الحالي الأسبوع الشهر العام السنة الليلة صباح مساء الموسم"
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
_CLITIC_LETTERS: Final = "وفبلك"


@dataclass(frozen=True, slots=True)
class PatternSpan:
    """A proposed mention over tokens ``[first, last]`` (inclusive)."""

    first: int
    last: int
    label: str
    rule: str
    clitic: int = 0  # letters of attached clitics before the head (لوكالة → 1)


# Sort keys in C (no Python-level call per item, unlike a lambda): the same key values.
_FIRST: Final = attrgetter("first")  # of a PatternSpan
_START: Final = attrgetter("start")  # of an Entity


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

    def starts(self, norm: Sequence[str], candidates: Iterable[int] | None = None) -> Iterator[int]:
        """Token indexes where some phrase may start (a necessary condition).

        ``candidates``: ascending token indexes that include every token in
        :attr:`starters` (see :func:`anchors`); only they are looked at.
        """
        if candidates is None:
            return compress(count(), map(self.starters.__contains__, norm))
        starters = self.starters
        return iter([k for k in candidates if norm[k] in starters])

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


def person_spans(
    norm: Sequence[str],
    names: Container[str] = frozenset(),
    candidates: Iterable[int] | None = None,
) -> list[PatternSpan]:
    """PER proposals after titles. ``names`` are known name parts (normalised);
    ``candidates`` as in :meth:`_Phrases.starts` (:func:`anchors` of ``norm``)."""
    out: list[PatternSpan] = []
    titles = _titles()
    i = 0
    n = len(norm)
    for start in titles.starts(norm, candidates):
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


def club_name(norm: Sequence[str], known: Sequence[str], first: int, last: int) -> int:
    """The token of a club's own name in a head span ``[first, last]`` (نادي الهلال،
    لنادي برشلونة، نادي النصر السعودي → the token after the club noun), or -1.

    The club is named by that word; نادي is a generic noun before it (news writes الهلال
    alone as often), so the name is the mention's canonical form. Only a one-word name,
    optionally followed by country nisbas, qualifies.
    """
    if last <= first or not _in(norm[first], _org_words().club):
        return -1
    if any(known[k] != NISBA_MARK for k in range(first + 2, last + 1)):
        return -1
    return first + 1


# --- person spans from the tagger: their edges ------------------------------------------------

_PREPOSITION_CLITICS: Final = "\u0628\u0644\u0643"  # ب ل ك
_PERSON_CLITICS: Final = "\u0648\u0628\u0644"  # و ب ل
# connectors a name may not start after (not ولد: also "was born", ولد رمضان قاديروف)
_LINEAGE: Final = CONNECTORS - {normalise("ولد")}
_COMPOUND_SECOND: Final = normalise("الدين")  # عز الدين، نور الدين (not الله: رحمه الله)


def person_clitic(
    word: str, names: Container[str], listed: Container[str], given: Container[str]
) -> int:
    """Letters of و/ب/ل attached to the first word of a person name (ومجدي، بمعمر): the
    whole word is in no name list (وليد، بندر، بشار stay whole) and the rest is a listed
    given name (بلاتيني is no ب + لاتيني), after و also a longer known name part. Not ف or
    ك: foreign names start with them (فيرساتشي، فولر، كولن)."""
    if len(word) < 4 or word[0] not in _PERSON_CLITICS or word in listed:
        return 0
    if word[0] == "\u0648" and len(word) > 4 and word[1] in _PREPOSITION_CLITICS:
        if word[2:] in given and word[2:] in names:
            return 2  # وبمعمر
    rest = word[1:]
    if rest not in names:
        return 0
    return 1 if rest in given or (word[0] == "\u0648" and len(rest) > 3) else 0


def person_start(
    norm: Sequence[str],
    span: tuple[int, int],
    covered: bytes | bytearray,
    names: Container[str] = frozenset(),
) -> tuple[int, int]:
    """A tagged person span (token indexes, inclusive) moved back over what the tagger left
    out of the name's start:

    - the first part of a compound given name (عز | الدين الأصبحي، نور | الدين): a name
      never starts with الدين;
    - a lineage connector (بن، آل، أبو، عبد; not ولد "was born") and the name part
      before it (عوض آل | رشيد، محمد بن | سلمان، قال أبو | بكر): a name never starts with
      the word after one.

    Never over a stop word or a token another mention covers.
    """
    first, last = span

    def free(k: int) -> bool:
        return k >= 0 and not covered[k] and _is_word(norm[k]) and norm[k] not in STOP

    if first > 0 and norm[first] == _COMPOUND_SECOND and free(first - 1):
        if len(norm[first - 1]) <= 5:
            return first - 1, last
    if free(first - 1) and norm[first - 1] in _LINEAGE:
        first -= 1
        if free(first - 1) and norm[first - 1] in names and norm[first - 1] not in _LINEAGE:
            first -= 1
    return first, last


_COMPLEMENT_TITLES: Final = frozenset(
    normalise(w) for w in ("الملك", "الأمير", "الشيخ", "الإمام", "المشير", "الرئيس", "السلطان")
)
_MAX_COMPLEMENT: Final = 6
_VERBAL_HEADS: Final = frozenset(
    normalise(w) for w in ("تنظيم", "إدارة", "حركة", "مجموعة", "تحالف", "قاعدة")
)
# Heads that name an institution only when a title follows (مدينة الملك فهد الطبية);
# otherwise مدينة الرياض is a place.
_TITLED_HEADS: Final = frozenset(normalise(w) for w in ("مدينة",))
NISBA_MARK: Final = "nisba"
"""``known[k]`` of :func:`org_spans` for a token that is a country nisba (الصومالي)."""


class _OrgWords:
    """The word lists of the organisation-name rules (``context_rules.tsv``), looked up once."""

    __slots__ = ("club", "describing", "describing_after", "feminine", "masculine", "naming")

    def __init__(self, words: Mapping[str, frozenset[str]]) -> None:
        empty: frozenset[str] = frozenset()
        self.describing = words.get("describing", empty)
        self.describing_after = words.get("describing-after", empty)
        self.naming = words.get("name-adjective", empty)
        self.feminine = words.get("institution-f", empty)
        self.masculine = words.get("institution-m", empty)
        self.club = words.get("club", empty)


@lru_cache(maxsize=1)
def _org_words() -> _OrgWords:
    return _OrgWords(context_words())


def _complement_ok(
    norm: Sequence[str],
    j: int,
    known: Sequence[str],
    names: Container[str],
    first: int,
    rare: Callable[[str], bool],
    coordinate: bool = True,
    lists: _OrgWords | None = None,
) -> bool:
    """Whether token ``j`` continues an organisation or facility name whose complement
    starts at token ``first`` (the token after the head). ``coordinate``: a وال word may
    join the complement (organisation names; not facilities: المسجد الحرام | والساحات).
    ``lists``: the rules' word lists (looked up when not given)."""
    word = norm[j]
    previous = norm[j - 1]
    words = _org_words() if lists is None else lists
    if word in words.describing or (j > first and word in words.describing_after):
        return False  # حركة الشباب | الأصولية المتشددة: a description, not the name
    if known[j - 1] == NISBA_MARK and not (
        known[j] or word.startswith("\u0644") or _adjective_shaped(word) or word in words.naming
    ):
        # a country nisba ends the name (البرلمان الصومالي | الحادثة، الجيش الليبي |
        # المتمركز) unless a ل complement (الهيئة السعودية للحياة الفطرية) or an adjective
        # of the name (الحزب السوري القومي، الجيش السوري الحر) follows
        return False
    if _titles().match(norm, j) and (
        j > first or word not in _COMPLEMENT_TITLES or previous.startswith("\u0627\u0644")
    ):
        # مجلس الوزراء | المستشار …، المسجد النبوي | الشيخ …، اللجنة | الشيخ أحمد: a title
        # starts the next mention; only right after an indefinite head is it part of the
        # name (جامعة الملك سعود)
        return False
    if known[j] or word.startswith(("ال", "لل")):
        return True
    if word.startswith("وال") and (
        previous.startswith(("لل", "وال"))
        or (coordinate and _coordinated_complement(norm, j, known, first))
    ):
        # للصحافة والنشر والإذاعة، وزارة النفط والغاز، هيئة التحقيق والادعاء
        return not _heads().match(norm, j)
    if (
        j == first
        and _is_word(word)
        and word not in STOP
        and not previous.startswith("\u0627\u0644")  # a definite head takes no construct
        and word not in names
        and "first" not in load_lexicon().get(word, ())  # رئيس اللجنة | عمر الشقير
        and not _heads().match(norm, j)
        and _named_after_head(norm, j, coordinate, rare)
    ):
        return True
    if previous in _COMPLEMENT_TITLES or (previous in names and not previous.startswith("ال")):
        return word in names or rare(word)  # الملك فهد، المشير طنطاوي
    nxt = norm[j + 1] if j + 1 < len(norm) else ""
    # لكرة القدم: an organisation's field (not a facility's: متنزه | للأسر والمصطافين)
    return coordinate and word.startswith("ل") and len(word) > 3 and nxt.startswith("ال")


def _describing(word: str) -> bool:
    """A word that describes an organisation after its name (المتشددة، الرسمية)."""
    words = _org_words()
    return word in words.describing or word in words.describing_after


_NOUN_BUCKETS: Final = frozenset({"1", "2", "3"})  # article shares of words used as nouns
_NOT_NAME_START: Final = "\u064a\u062a\u0646\u0644\u0648\u0641"  # ي ت ن (verbs), ل و ف


def _named_after_head(
    norm: Sequence[str], j: int, organisation: bool, rare: Callable[[str], bool]
) -> bool:
    """Whether the indefinite word right after an indefinite head goes on naming it.

    After an organisation head, a noun in construct before a definite word (هيئة شؤون
    الأسرى، جهاز حماية المستهلك): a noun takes the article elsewhere in news, a verb never
    (وزارة تعلن …). After a facility head, a rare word that never takes the article and
    reads as no verb or clitic + word (سجن نفحة، مطار هيثرو; not قاعدة تبعد، مسجد ببلدة).
    """
    word = norm[j]
    article = load_word_stats().get(word, ("", ""))[1]
    if organisation:
        nxt = norm[j + 1] if j + 1 < len(norm) else ""
        return nxt.startswith("\u0627\u0644") and article in _NOUN_BUCKETS
    if word[0] in _NOT_NAME_START or (word[0] in "\u0628\u0643" and not rare(word[1:])):
        return False
    return article in ("", "0") and rare(word)


def _adjective_shaped(word: str) -> bool:
    """A definite nisba-shaped word (القومي، الاجتماعية): the adjectives that go on naming."""
    return len(word) > 5 and word.startswith("ال") and word.endswith(("\u064a", "\u064a\u0647"))


def _coordinated_complement(norm: Sequence[str], j: int, known: Sequence[str], first: int) -> bool:
    """A وال word that joins the complement's previous word within one name (وزارة التربية
    والتعليم) rather than a second body (الجيش | والشرطة، المسجد الحرام | والمسجد النبوي):
    a complement word precedes it, plain (no known name, no nisba, no masculine adjective:
    after الحرس الجمهوري or النادي الأهلي a وال word starts another body), and the word
    itself is no function word (nor, see :func:`_complement_ok`, a head)."""
    bare = norm[j][1:]
    return (
        j > first
        and norm[j - 1].startswith("ال")
        and not norm[j - 1].endswith("\u064a")  # الحرس الجمهوري | والأمن المركزي
        and known[j - 1] == ""
        and not known[j]
        and bare not in STOP
        and bare not in _RELATIVES
    )


_RELATIVES: Final = frozenset(normalise(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين"))


def given_name_spans(
    norm: Sequence[str],
    given: frozenset[str],
    name_like: Callable[[str], bool],
    candidates: Iterable[int] | None = None,
) -> list[PatternSpan]:
    """PER proposals: a known given name followed by a known name part (وائل كفوري).

    ``name_like`` accepts a word written as a known name part (no clitic stripping, not
    among the most frequent words); connectors (بن، عبد، أبو) extend the name by one token.
    ``candidates``: ascending token indexes that include every token in ``given`` (see
    :func:`anchors`); only they are looked at.
    """
    out: list[PatternSpan] = []
    n = len(norm)
    i = 0
    if candidates is None:
        starts: Iterable[int] = compress(count(), map(given.__contains__, norm))
    else:
        starts = [k for k in candidates if norm[k] in given]
    for start in starts:
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
    candidates: Iterable[int] | None = None,
) -> list[PatternSpan]:
    """ORG (or facility LOC) proposals: head + complement.

    ``known[k]`` is the gazetteer label of token ``k`` ("" when none); ``names`` are known
    name parts. A known organisation name ends the complement. ``candidates`` as in
    :meth:`_Phrases.starts` (:func:`anchors` of ``norm``).
    """
    out: list[PatternSpan] = []
    heads = _heads()
    labels = load_org_heads()
    lists = _org_words()
    i = 0
    n = len(norm)
    for start in heads.starts(norm, candidates):
        if start < i:
            continue  # inside the span just proposed
        i = start
        size = heads.match(norm, i)
        if not size:
            continue
        j = i + size
        rest = norm[i + 1 : i + size]
        head, label = next(
            ((f, labels[h]) for f in _forms(norm[i]) if (h := " ".join([f, *rest])) in labels),
            (norm[i], "ORG"),
        )
        while (
            j < n
            and j - (i + size) < _MAX_COMPLEMENT
            and _is_word(norm[j])
            and norm[j] not in STOP
            and _complement_ok(norm, j, known, names, i + size, rare, label == "ORG", lists)
            and not (known[j - 1] == "ORG" and j - 1 >= i + size and known[j] != "ORG")
        ):
            j += 1  # a known organisation name ends the complement: وكالة إيتار تاس | الروسية
        head_word = _forms(norm[i])[-1]
        if size == 1 and head_word in _VERBAL_HEADS:
            # تنظيم، إدارة، حركة are also verbal nouns: a name must follow (حركة حماس)
            # (a country nisba is no name: حركة الصادرات | المصرية); and before another
            # head it is "the management of" (إدارة | النادي الأهلي)
            named = any(known[k] not in ("", NISBA_MARK) or rare(norm[k]) for k in range(i + 1, j))
            # … or a description follows a one-word complement (حركة الشباب | المتشددة)
            described = j == i + size + 1 and j < n and _describing(norm[j])
            named = named or (described and norm[j - 1].startswith("\u0627\u0644"))
            if not named or heads.match(norm, i + 1):
                j = i + size
        if (
            size == 1
            and head_word in _TITLED_HEADS
            and norm[i + 1 : i + 2]
            and (norm[i + 1] not in _COMPLEMENT_TITLES)
        ):
            j = i + size
        if j > i + size or size > 1:
            out.append(PatternSpan(i, j - 1, label, "org-head", len(norm[i]) - len(head)))
            i = j
    return _with_institutions(out, institution_spans(norm, known))


def _with_institutions(
    spans: list[PatternSpan], institutions: list[PatternSpan]
) -> list[PatternSpan]:
    """Head spans plus the institution spans that overlap none of them, in text order."""
    if not institutions:
        return spans
    taken = {k for p in spans for k in range(p.first, p.last + 1)}
    extra = [p for p in institutions if p.first not in taken and p.last not in taken]
    return sorted([*spans, *extra], key=_FIRST) if extra else spans


_FEMININE_NISBA: Final = "\u064a\u0647"  # يه: ية once normalised


def institution_spans(norm: Sequence[str], known: Sequence[str]) -> list[PatternSpan]:
    """ORG proposals: a state institution named by a definite noun and a country nisba that
    agrees with it (الرئاسة المصرية، الجمارك السعودية، التلفزيون المصري، الشرطة البريطانية).

    The nouns are data (``context_rules.tsv``, kinds ``institution-f`` / ``institution-m``,
    by the gender an adjective takes after them); the nisba is a gazetteer country nisba
    (``known[k]`` is :data:`NISBA_MARK`). Agreement keeps a nisba that describes a person
    out: in وزير الخارجية الأمريكي the masculine nisba goes with وزير, not with الخارجية.
    After a title that ends right before the noun or takes it in (وزيرة الخارجية
    السويدية) the nisba may describe the person: no proposal, except after باسم (the
    spokesman of an institution names it: المتحدث باسم الخارجية الأمريكية).
    """
    out: list[PatternSpan] = []
    if NISBA_MARK not in known:
        return out
    words = _org_words()
    feminine, masculine = words.feminine, words.masculine
    k = 0
    while True:
        try:  # the few nisbas of a page, found by list.index in C
            k = known.index(NISBA_MARK, k + 1)
        except ValueError:
            break
        nisba = norm[k]
        wanted = feminine if nisba.endswith(_FEMININE_NISBA) else masculine
        if not nisba.endswith("\u064a") and wanted is masculine:
            continue  # a plural nisba (المصريين): people, not an institution
        noun = next((f for f in _forms(norm[k - 1]) if f in wanted), None)
        if noun is None or _after_person_title(norm, k - 1):
            continue
        clitic = len(norm[k - 1]) - len(noun)
        out.append(PatternSpan(k - 1, k, "ORG", "institution", clitic))
    return out


_SPOKESMAN_LINK: Final = normalise("باسم")


def _after_person_title(norm: Sequence[str], i: int) -> bool:
    """Whether a title (not one ending in باسم) ends right before token ``i`` or takes
    token ``i`` in (وزيرة | الخارجية)."""
    titles = _titles()
    for k in range(max(i - 3, 0), i):
        size = titles.match(norm, k)
        if size and k + size >= i and norm[k + size - 1] != _SPOKESMAN_LINK:
            return True
    return False


# --- context rules: clubs in match reports, titles of works, venues -------------------------
#
# The tagger and the gazetteer read a club named like its city (ليون، بورتو، هامبورغ) as the
# city, and a programme's title («الناس وأنا») as ordinary words. These rules read the
# context instead — a sport text, a club noun or a match verb before the name, a masculine
# nisba after it (ليون الفرنسي: the city would take الفرنسية), a score, a results-table row;
# a work noun before a quoted title — and override what they contradict. They run on the
# combined mentions (:func:`apply_context_rules`); the words are data (``context_rules.tsv``).

_CONTEXT_FILE: Final = "context_rules.tsv"
_SPORT_MIN: Final = 3  # sport words (tokens) that make a text a sport report
_PLACE_LABELS: Final = frozenset({"GPE", "LOC"})
# a club is named after a city (LOC), a national team after its country (GPE): Italy playing
# is a country in ANERcorp and khabar alike, Lyon playing a club
_CITY_LABELS: Final = frozenset({"LOC"})
_RELABEL: Final = frozenset({"GPE", "LOC", "PER"})  # what a club's other mentions were taken for
_QUOTE_TOKENS: Final = frozenset({"«", "»", '"', "'", "“", "”", "‘", "’", "''", "``"})
_DASHES: Final = frozenset({"-", "–", "—"})
_SCORE_WORDS: Final = frozenset({normalise("صفر")})
_MAX_TITLE: Final = 6  # tokens of a quoted title (a longer quotation is a quote)
_MAX_VENUE: Final = 3  # tokens of an unquoted stadium name
_TITLE_FILLERS: Final = frozenset(
    normalise(w)
    for w in (
        "جديد",
        "جديدا",
        "الجديد",
        "جديدة",
        "تلفزيوني",
        "تليفزيوني",
        "تلفزيونيا",
        "تليفزيونيا",
        "إذاعي",
        "إذاعيا",
        "وثائقي",
        "وثائقيا",
        "بعنوان",
        "اسمه",
        "اسمها",
    )
)


@lru_cache(maxsize=1)
def context_words() -> dict[str, frozenset[str]]:
    """The rule words by kind — ``sport``, ``club``, ``rival``, ``member``, ``verb``,
    ``prefix``, ``suffix``, ``work``, ``venue`` — normalised."""
    path = RESOURCES / _CONTEXT_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ResourceError(f"entity resource missing: {path}") from error
    kinds: dict[str, set[str]] = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            kind, _, word = line.partition("\t")
            kinds.setdefault(kind.strip(), set()).add(normalise(word.strip()))
    return {kind: frozenset(words) for kind, words in kinds.items()}


def _in(word: str, kind: frozenset[str]) -> bool:
    """The word, or the word without one attached clitic, is one of ``kind``."""
    return any(form in kind for form in _forms(word))


def is_sport_text(norm: Sequence[str]) -> bool:
    """Whether a text (normalised tokens) reads as a match report: at least three different
    sport words (مباراة، الدوري، الشوط، مرمى …) occur in it."""
    return len(context_words()["sport"].intersection(norm)) >= _SPORT_MIN


def _is_score(norm: Sequence[str], k: int) -> bool:
    """A score starts at token ``k``: ``2 - 1``، ``1 - صفر``."""
    if k + 2 >= len(norm):
        return False
    return (
        (norm[k].isdigit() or norm[k] in _SCORE_WORDS)
        and norm[k + 1] in _DASHES
        and (norm[k + 2].isdigit() or norm[k + 2] in _SCORE_WORDS)
    )


NISBA: Final = "nisba"
"""The label :class:`MentionMap` gives a nisba adjective the gazetteer found (الفرنسي)."""


def _masculine_nisba(norm: Sequence[str], mentions: MentionMap, k: int) -> bool:
    """A definite masculine nisba adjective at token ``k`` (الفرنسي، الإنجليزي), not الفرنسية."""
    if k >= len(norm):
        return False
    word = norm[k]
    return word.startswith("ال") and word.endswith("ي") and mentions.cover[k] == NISBA


class MentionMap:
    """The mentions of a text over its tokens: where each starts, and what covers a token.

    ``starting[k]`` is ``(last, label)`` of the mention whose first token is ``k``;
    ``cover[k]`` the label of the mention covering token ``k`` ("" when none).
    """

    __slots__ = ("cover", "starting")

    def __init__(self, size: int, spans: Sequence[tuple[int, int, str]]) -> None:
        self.cover = [""] * size
        self.starting: dict[int, tuple[int, str]] = {}
        for first, last, label in reversed(spans):  # the first of overlapping mentions wins
            self.starting[first] = (last, label)
            self.cover[first : last + 1] = repeat(label, last + 1 - first)


def _name_unit(norm: Sequence[str], mentions: MentionMap, k: int) -> tuple[int, str] | None:
    """The name at token ``k``: ``(last token, label)`` of the mention starting there, or
    ``(k, "")`` for one uncovered content word; None inside a mention or for other words."""
    if k >= len(norm):
        return None
    if k in mentions.starting:
        return mentions.starting[k]
    word = norm[k]
    if mentions.cover[k] or not _is_word(word) or word in STOP:
        return None
    return k, ""  # (a nisba mention counts as a name unit labelled NISBA: no rule takes it)


def club_spans(
    norm: Sequence[str],
    mentions: MentionMap,
    lexicon: Mapping[str, tuple[str, ...]],
    rare: Callable[[str], bool] = lambda word: False,
) -> list[PatternSpan]:
    """Club (ORG) spans of a sport text.

    - a club prefix + a place (ريال مدريد، دينامو كييف، ستيوا بوخارست), a name + a club
      suffix (مانشستر يونايتد);
    - a club or rival noun + a name (فريق العربي، نادي الغرافة، ضيفه بورتو): a place or
      organisation mention, or one uncovered word that is a known name or rare — not a
      nisba adjective (فريق الأوكراني) nor a person (اداري الفريق سعيد أحمد);
    - a place mention followed by a masculine nisba (ليون الفرنسي) or a score (كوبنهاغن
      1 - صفر), after a match verb or a member noun (تعادل ليل، حارس العربي), or in a
      results row (هامبورغ ( ألمانيا ) - …).
    """
    words = context_words()
    n = len(norm)
    out: list[PatternSpan] = []
    done = 0  # tokens before this are decided
    for k in _club_candidates(norm, mentions):
        if k < done:
            continue
        unit = _name_unit(norm, mentions, k)
        if unit is None:
            continue
        last, label = unit
        prev = norm[k - 1] if k else ""
        nxt = norm[last + 1] if last + 1 < n else ""
        rule = ""
        if (
            last == k
            and _in(norm[k], words["prefix"])
            and _place_at(norm, mentions, lexicon, k + 1)
        ):
            rule = "prefix"
            last = mentions.starting.get(last + 1, (last + 1, ""))[0]
        elif nxt in words["suffix"] and (
            label in ("LOC", "GPE", "PER") or (not label and _place_at(norm, mentions, lexicon, k))
        ):
            rule, last = "suffix", last + 1  # a city (or what the tagger took for a name)
        elif prev and (_in(prev, words["club"]) or _in(prev, words["rival"])):
            if (
                label in _CITY_LABELS
                or label == "ORG"
                or (not label and _club_word(norm[k], lexicon, rare))
            ):
                rule = "noun"
        elif label not in ("PER", "GPE", NISBA) and _results_row(norm, mentions, k, last):
            rule = "table"
        elif label in _CITY_LABELS:
            if _masculine_nisba(norm, mentions, last + 1):
                rule = "nisba"
            elif _is_score(norm, last + 1):
                rule = "score"
            elif prev and (_in(prev, words["verb"]) or _in(prev, words["member"])):
                rule = "verb"
        if rule:
            clitic = 0 if label else _article_clitic(norm[k])
            out.append(PatternSpan(k, last, "ORG", "club-" + rule, clitic))
        done = last + 1
    return out


@lru_cache(maxsize=16)
def _spelled(kind: str) -> frozenset[str]:
    """The words of a rule kind as written: with و/ف/ب/ل/ك in front (وفريق، لنادي، للفريق)."""
    spelled: set[str] = set()
    for word in context_words()[kind]:
        spelled.update((word, *(c + word for c in _CLITIC_LETTERS)))
        spelled.update(c + d + word for c in "وف" for d in "بلك")
        if word.startswith("ال"):
            spelled.add("ل" + word[1:])
    return frozenset(spelled)


def _club_candidates(norm: Sequence[str], mentions: MentionMap) -> list[int]:
    """The tokens where a club rule may start (a necessary condition, found by set lookups
    in C): mention starts, words after a club or rival noun, club prefixes, words before a
    club suffix or an opening parenthesis."""
    at = set(mentions.starting)
    after = _spelled("club") | _spelled("rival")
    at.update(compress(count(1), map(after.__contains__, norm)))
    at.update(compress(count(), map(_spelled("prefix").__contains__, norm)))
    before = context_words()["suffix"] | {"("}
    at.update(compress(count(-1), map(before.__contains__, norm)))
    return sorted(k for k in at if 0 <= k < len(norm))


def _place_at(
    norm: Sequence[str], mentions: MentionMap, lexicon: Mapping[str, tuple[str, ...]], k: int
) -> bool:
    """A place mention starts at token ``k``, or an uncovered word the lexicon knows as one."""
    if k >= len(norm):
        return False
    if norm[k].startswith("ال"):
        return False  # ريال مدريد | الإسباني
    if k in mentions.starting:
        return mentions.starting[k][1] in _PLACE_LABELS
    classes = lexicon.get(norm[k], ())
    return not mentions.cover[k] and ("GPE" in classes or "LOC" in classes)


_CLUB_CLASSES: Final = frozenset(
    {"ORG", "ORG1", "auto-ORG", "GPE", "GPE1", "LOC", "LOC1", "auto-LOC"}
)


def _club_word(
    word: str, lexicon: Mapping[str, tuple[str, ...]], rare: Callable[[str], bool]
) -> bool:
    """An uncovered word that can name a club after فريق/نادي: an organisation or place the
    lexicon knows, or a definite name or rare definite word (العربي، الوكرة); not a nisba
    adjective (الأوكراني), a plural, an indefinite word (فريق عمل، فريق محترم) nor a stop word."""
    if word in STOP or word.isascii() or not _is_word(word):
        return False
    classes = lexicon.get(word, ())
    definite = word.startswith("ال")
    if "nisba" in classes or "common" in classes:
        return False
    if not classes and definite and word.endswith("ي"):
        return False  # an unknown nisba adjective (ضيفه البوروندي: the Burundian side)
    if not classes and word.endswith(("ين", "ون")):
        return False  # a plural (فريق المستشارين)
    if not _CLUB_CLASSES.isdisjoint(classes):
        return True
    return definite and (bool(classes) or rare(word))  # العربي، الوكرة; not فريق عمل


def _results_row(norm: Sequence[str], mentions: MentionMap, k: int, last: int) -> bool:
    """``X ( country )`` next to a dash: a row of a results table (ليل ( فرنسا ) - ميلان)."""
    n = len(norm)
    if last + 3 >= n or norm[last + 1] != "(" or norm[last + 3] != ")":
        return False
    if mentions.cover[last + 2] not in _PLACE_LABELS:
        return False
    before = norm[k - 1] if k else ""
    after = norm[last + 4] if last + 4 < n else ""
    return before in _DASHES or after in _DASHES or _is_score(norm, last + 4)


def _article_clitic(word: str) -> int:
    """Letters of a preposition fused with the article before a name: للأهلي → 1 (ل)."""
    if word.startswith(("لل", "وال", "بال", "فال", "كال")) and len(word) > 4:
        return 1
    return 0


@lru_cache(maxsize=1)
def _work_spellings() -> frozenset[str]:
    """Work nouns as they are written: with و/ف/ب/ل/ك in front and a possessive pronoun
    after (وفيلم، لفيلم، فيلمك، برنامجها)."""
    spelled: set[str] = set()
    for word in context_words()["work"]:
        if word.startswith("ال"):  # والفيلم، بالبرنامج، للفيلم
            spelled.update(f + word for f in ("", "و", "ف", "ب", "ك", "وب", "فب"))
            spelled.update(f + word[1:] for f in ("ل", "ول", "فل"))
            continue
        for front in ("", *_CLITIC_LETTERS, "وب", "ول", "فب", "فل"):
            spelled.update(front + word + back for back in ("", *_POSSESSIVES, "ك", "كم", "ي"))
    return frozenset(spelled)


def _quoted(norm: Sequence[str], j: int) -> tuple[int, int] | None:
    """The tokens ``(first, last)`` between the quotation marks opening at token ``j``: one
    to six words, no other punctuation inside; None when there is no such title there."""
    n = len(norm)
    if j >= n or norm[j] not in _QUOTE_TOKENS or norm[j] in _CLOSING_ONLY:
        return None  # «مسارات مسرحية» معالجة: the mark after the work noun closes a quotation
    while j < n and norm[j] in _QUOTE_TOKENS:
        j += 1
    first = j
    while j < n and j - first < _MAX_TITLE and norm[j] not in _QUOTE_TOKENS:
        if not any(c.isalnum() for c in norm[j]):
            return None  # a title holds no punctuation
        j += 1
    if j < n and j > first and norm[j] in _QUOTE_TOKENS:
        return first, j - 1
    return None


_CLOSING_ONLY: Final = frozenset({"»", "”"})
_LIST_LINKS: Final = frozenset({"،", ",", "و", "أو", "او"})


def title_spans(norm: Sequence[str]) -> list[PatternSpan]:
    """MISC spans: the quoted title after a work noun (برنامج «الناس وأنا»، كتاب جديد
    بعنوان "مبدأ حواء"، فيلمك «طرب فاشن»), one to six tokens between quotation marks,
    and the quoted titles listed after it (« الدنيا لحظة » ، « حكم البشر » و « …)."""
    works = _work_spellings()
    n = len(norm)
    out: list[PatternSpan] = []
    for k in compress(count(), map(works.__contains__, norm)):
        if out and k <= out[-1].last:
            continue
        j = k + 1
        while j < n and norm[j] in _TITLE_FILLERS:
            j += 1
        found = _quoted(norm, j)
        while found is not None:
            first, last = found
            out.append(PatternSpan(first, last, "MISC", "title"))
            j = last + 1
            while j < n and norm[j] in _QUOTE_TOKENS:
                j += 1
            if j < n and norm[j] in _LIST_LINKS:
                j += 1
                if j < n and norm[j] == "و":
                    j += 1
                found = _quoted(norm, j)
            else:
                found = None
    return out


def _quoted_again(norm: Sequence[str], titles: list[PatternSpan]) -> list[PatternSpan]:
    """Other quoted occurrences of the titles found (بعد عرض « طرب فاشن » في بيروت)."""
    wanted = {tuple(norm[t.first : t.last + 1]) for t in titles}
    taken = {t.first for t in titles}
    out: list[PatternSpan] = []
    for k in compress(count(), map(_QUOTE_TOKENS.__contains__, norm)):
        found = _quoted(norm, k)
        if found is not None and found[0] not in taken:
            first, last = found
            if tuple(norm[first : last + 1]) in wanted:
                out.append(PatternSpan(first, last, "MISC", "title"))
                taken.add(first)
    return out


def venue_spans(norm: Sequence[str], mentions: MentionMap) -> list[PatternSpan]:
    """MISC spans (ANERcorp's stadiums): the name after ملعب/استاد, quoted or a mention
    (ملعب "الإمارات"، استاد سانتياغو برنابيو); an unquoted word that no recogniser took is
    left alone (ملعب جديد), and so is a place (ملعب برشلونة: Barcelona's ground)."""
    venues = context_words()["venue"]
    n = len(norm)
    out: list[PatternSpan] = []
    for k in compress(count(), map(venues.__contains__, norm)):
        j = k + 1
        quoted = j < n and norm[j] in _QUOTE_TOKENS
        if quoted:
            j += 1
        first = j
        if quoted:
            while j < n and j - first < _MAX_TITLE and norm[j] not in _QUOTE_TOKENS:
                j += 1
            if j < n and j > first and norm[j] in _QUOTE_TOKENS:
                out.append(PatternSpan(first, j - 1, "MISC", "venue"))
        elif first in mentions.starting and mentions.starting[first][1] in ("PER", "MISC"):
            # named after a person (استاد سانتياغو برنابيو); a place or a club after ملعب is
            # whose ground it is (ملعب برشلونة)
            out.append(PatternSpan(first, mentions.starting[first][0], "MISC", "venue"))
    return out


_AMOUNT_WORDS: Final = frozenset(
    normalise(w) for w in ("مليون", "مليار", "ألف", "آلاف", "ملايين", "مليارات", "بليون")
)
_VERY_FREQUENT: Final = (
    1_500  # the most frequent news words: a place name among them is a word first
)
_UNKNOWN_RANK: Final = 20_000  # a word rarer than this (or unseen) can be a name the lists miss


def _amount(word: str) -> bool:
    """A number (3، 2.5، ١٠٠، 11 attached: و11) or an amount word (مليون، ألف)."""
    bare = word[1:] if word[:1] in "وب" else word
    return (bare[:1].isdigit() and bare.replace(".", "").replace(",", "").isdigit()) or (
        word in _AMOUNT_WORDS
    )


def currency_spans(norm: Sequence[str]) -> list[PatternSpan]:
    """MISC spans: currencies after an amount (225 مليون دولار، نصف مليار شيكل) — as
    ANERcorp tags them and the tagger mostly does; never a place (درهم is also a town)."""
    currencies = context_words()["currency"]
    return [
        PatternSpan(k, k, "MISC", "currency")
        for k in compress(count(), map(currencies.__contains__, norm))
        if k and _amount(norm[k - 1])
    ]


def _unknown_name(
    word: str,
    covered: str,
    lexicon: Mapping[str, tuple[str, ...]],
    ranks: Mapping[str, int],
) -> bool:
    """An uncovered word (``covered`` is the label of a mention over it, "" when none) no
    list knows as an ordinary word: rare or unseen (its article and clitics aside), not a
    nisba or common word; or a place the lexicon knows."""
    if covered or not _is_word(word) or word in STOP or len(word) < 3:
        return False
    classes = lexicon.get(word, ())
    if "common" in classes and ranks.get(word, _UNKNOWN_RANK) < _VERY_FREQUENT:
        return False  # a frequent word first (ولاية جديدة: a new term), not أبين
    if "GPE" in classes or "LOC" in classes:
        return True
    if "nisba" in classes or ordinary_tail(word, lexicon, ranks):
        return False  # (منطقة قطرها ستة كيلومترات: its diameter)
    if word.endswith("يه") or (word.startswith("ال") and word.endswith("ي")):
        return False  # an unknown nisba adjective (كولاية عثمانية)
    return ranks.get(strip_proclitics(word), _UNKNOWN_RANK) >= _UNKNOWN_RANK


@lru_cache(maxsize=1)
def _place_spellings() -> frozenset[str]:
    """Place nouns with و/ف/ب/ل/ك in front (بمحافظة، وقرية، فبمدينة)."""
    heads = context_words()["place"]
    fronts = ("", *_CLITIC_LETTERS, *(c + d for c in "وف" for d in "بلك"))
    return frozenset(f + h for h in heads for f in fronts)


@lru_cache(maxsize=1)
def anchor_words() -> frozenset[str]:
    """Every word at which a title (:func:`person_spans`), an organisation head
    (:func:`org_spans`), a given name (:func:`given_name_spans`) or a place noun
    (:func:`place_spans`) may start, in one set."""
    return _titles().starters | _heads().starters | load_given_names() | _place_spellings()


def anchors(norm: Sequence[str]) -> list[int]:
    """Indexes of the tokens in :func:`anchor_words`, ascending: the ``candidates`` of the
    four rules above.

    Why: each rule found its few starting tokens (~24 a page in all) by its own scan of
    every token (``compress`` over a ``map`` of a set lookup, ~200 instructions a token
    compiled); one scan for all four, then a look at the few candidates each, does the
    same work once.
    """
    return list(compress(count(), map(anchor_words().__contains__, norm)))


def place_spans(
    norm: Sequence[str],
    cover: Callable[[int], str],
    lexicon: Mapping[str, tuple[str, ...]],
    ranks: Mapping[str, int],
    candidates: Iterable[int] | None = None,
) -> list[PatternSpan]:
    """LOC spans: the unknown name after a place noun (بمحافظة أبين، قرية المخدرة، منطقة
    «عكد»، مدينتي الهرمل وبعلبك), one or two words; a name the recognisers found stays.
    ``cover(k)`` is the label of the mention over token ``k`` ("" when none).
    ``candidates``: ascending token indexes that include every place noun (see
    :func:`anchors`); only they are looked at."""
    n = len(norm)
    out: list[PatternSpan] = []
    spellings = _place_spellings()
    if candidates is None:
        nouns: Iterable[int] = compress(count(), map(spellings.__contains__, norm))
    else:
        nouns = [k for k in candidates if norm[k] in spellings]
    for k in nouns:
        if out and k <= out[-1].last:
            continue
        j = k + 1
        if j < n and norm[j] in _QUOTE_TOKENS:
            j += 1
        if j >= n or not _unknown_name(norm[j], cover(j), lexicon, ranks):
            continue
        last = j
        second = norm[last + 1] if last + 1 < n else ""
        if (
            second
            and not second.startswith("و")
            and strip_proclitics(second) not in ranks  # never seen in the corpus (معرة مصرين)
            and not second.endswith(("ين", "ان", "ون"))  # not a dual or plural (مصابتين)
            and _unknown_name(second, cover(last + 1), lexicon, ranks)
        ):
            last += 1
        out.append(PatternSpan(j, last, "LOC", "place"))
        nxt = last + 1  # a second place after و (مدينتي الهرمل وبعلبك)
        if nxt < n and len(norm[nxt]) > 3 and norm[nxt][0] == "و":
            if _unknown_name(norm[nxt][1:], cover(nxt), lexicon, ranks):
                out.append(PatternSpan(nxt, nxt, "LOC", "place", 1))
    return out


def apply_context_rules(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    norm: Sequence[str],
    entities: list[Entity],
    profile: str = "khabar",
    rare: Callable[[str], bool] = lambda word: False,
    candidates: Iterable[int] | None = None,
) -> list[Entity]:
    """The mentions with the context rules applied (see :func:`club_spans`,
    :func:`title_spans`, :func:`venue_spans`): a rule's span replaces the mentions it
    overlaps; in a sport text a club found once relabels its other mentions (and its
    uncovered occurrences) as ORG. Venues (MISC) follow ANERcorp and run in its profile only.
    ``candidates``: :func:`anchors` of ``norm`` when the caller has them (for
    :func:`place_spans`).
    """
    index = TokenIndex(starts, ends)
    entities = person_fixes(text, index, norm, entities)
    entities = person_edges(text, index, norm, entities)
    entities = headed_misc(index, norm, entities)
    entities = misspelt_countries(entities)
    found = _triggers().intersection(norm)  # the rule words present, in one pass in C
    if not found:
        return entities  # no rule can fire
    has_work = not found.isdisjoint(_work_spellings())
    sport = not found.isdisjoint(context_words()["sport"]) and is_sport_text(norm)
    rules: list[PatternSpan] = []
    cover: Callable[[int], str] = _MentionCover(index, entities).label
    titles = title_spans(norm) if has_work else []
    if titles or sport:
        token_spans = index.spans(entities)
        mentions = MentionMap(
            len(norm),
            [
                (a, b, NISBA if e.source == "gazetteer-nisba" else e.label)
                for (a, b), e in zip(token_spans, entities, strict=True)
            ],
        )
        cover = mentions.cover.__getitem__
        if titles:
            titles.extend(_quoted_again(norm, titles))
            if profile != "anercorp":  # a place or person named in a title stays one
                titles = [t for t in titles if not any(mentions.cover[t.first : t.last + 1])]
            rules.extend(titles)
        if sport:
            if profile == "anercorp":
                rules.extend(venue_spans(norm, mentions))
            rules.extend(club_spans(norm, mentions, load_lexicon(), rare))
    if not found.isdisjoint(context_words()["currency"]):
        rules.extend(currency_spans(norm))
    if not found.isdisjoint(_place_spellings()):
        rules.extend(place_spans(norm, cover, load_lexicon(), load_word_ranks(), candidates))
    if not rules:
        return entities
    taken = bytearray(len(norm) + 1)
    accepted: list[PatternSpan] = []
    for rule in rules:  # titles first: a club word inside a title stays in the title
        if taken.find(1, rule.first, rule.last + 1) == -1:
            accepted.append(rule)
            taken[rule.first : rule.last + 1] = b"\x01" * (rule.last + 1 - rule.first)
    replaced = bytearray(len(text) + 1)  # the characters of the accepted rules' tokens
    for rule in accepted:
        start, end = starts[rule.first], ends[rule.last]
        replaced[start:end] = b"\x01" * (end - start)
    kept = [e for e in entities if replaced.find(1, e.start, e.end) == -1]
    added = [_rule_entity(text, starts, ends, r) for r in accepted]
    out = sorted([*kept, *added], key=_START)
    if sport:
        clubs = [e for e in added if e.label == "ORG"]
        out = _propagate_clubs(text, index, norm, out, clubs)
    return out


@lru_cache(maxsize=1)
def _triggers() -> frozenset[str]:
    """Every word whose presence lets some context rule run."""
    words = context_words()
    return _work_spellings() | _place_spellings() | words["currency"] | words["sport"]


class _MentionCover:
    """The label of the mention over a token, by binary search over the mentions (ordered,
    disjoint): for rules that ask about a few tokens only, without a map of all of them."""

    __slots__ = ("ends", "labels", "mention_ends", "mention_starts", "starts")

    def __init__(self, index: TokenIndex, entities: Sequence[Entity]) -> None:
        self.starts = index.starts
        self.ends = index.ends
        self.mention_starts = [e.start for e in entities]
        self.mention_ends = [e.end for e in entities]
        self.labels = [NISBA if e.source == "gazetteer-nisba" else e.label for e in entities]

    def label(self, k: int) -> str:
        start, end = self.starts[k], self.ends[k]
        i = bisect_right(self.mention_starts, start) - 1  # the last mention starting by it
        if i >= 0 and self.mention_ends[i] > start:
            return self.labels[i]
        i += 1
        if i < len(self.mention_starts) and self.mention_starts[i] < end:
            return self.labels[i]
        return ""


class TokenIndex:
    """Tokens of character spans, by binary search over token starts and ends."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self.starts = starts
        self.ends = ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """First and last token of ``[start, end)``."""
        return _token_span(self.starts, self.ends, start, end)

    def spans(self, entities: Sequence[Entity]) -> list[tuple[int, int]]:
        """First and last token of every mention (the searches run in C, not per call)."""
        firsts = map(bisect_right, repeat(self.starts), [e.start for e in entities])
        lasts = map(bisect_left, repeat(self.ends), [e.end for e in entities])
        top = len(self.ends) - 1
        return [
            (max(a - 1, 0), min(max(b, a - 1, 0), top)) for a, b in zip(firsts, lasts, strict=True)
        ]


def _token_span(
    starts: Sequence[int], ends: Sequence[int], start: int, end: int
) -> tuple[int, int]:
    """First and last token of a character span."""
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_left(ends, end), first)
    return first, min(last, len(ends) - 1)


def _skip_letters(text: str, start: int, end: int, letters: int) -> int:
    """Original index after ``letters`` letters of ``text[start:end]`` (marks ride along)."""
    if letters <= 0:
        return start
    view = normalised_view(text[start:end])
    return start + view.original_index(min(letters, len(view.text)))


def _entity(text: str, start: int, end: int, label: str, source: str) -> Entity:
    mention = text[start:end]
    canonical = " ".join(mention.split())
    return make_entity(start, end, mention, label, canonical, entity_id(label, canonical), source)


def _rule_entity(
    text: str, starts: Sequence[int], ends: Sequence[int], rule: PatternSpan
) -> Entity:
    start = _skip_letters(text, starts[rule.first], ends[rule.first], rule.clitic)
    return _entity(text, start, ends[rule.last], rule.label, "rule-" + rule.rule)


def _folded(mention: str) -> str:
    return normalise(" ".join(mention.split()))


def _propagate_clubs(
    text: str,
    index: TokenIndex,
    norm: Sequence[str],
    entities: list[Entity],
    clubs: list[Entity],
) -> list[Entity]:
    """In a sport text, every other mention of a club a rule found is that club (ORG), and
    so are its uncovered one-word occurrences (with an attached clitic: وليون، للأهلي)."""
    names = {_folded(e.text) for e in clubs}
    if not names:
        return entities
    out: list[Entity] = []
    taken = bytearray(len(text) + 1)  # 1 where a mention covers the character
    for e in entities:
        taken[e.start : e.end] = b"\x01" * (e.end - e.start)
        if e.label in _RELABEL and e.source != "gazetteer-nisba" and _folded(e.text) in names:
            e = replace(e, label="ORG", entity_id=entity_id("ORG", e.canonical))
            e = replace(e, source=(e.source or "") + "+club")
        out.append(e)
    single = {name for name in names if " " not in name}
    spelled = {c + name for name in single for c in ("", *_CLITIC_LETTERS, "وب", "ول", "فب", "فل")}
    spelled.update("ل" + name[1:] for name in single if name.startswith("ال"))
    for k in compress(count(), map(spelled.__contains__, norm)):  # a necessary condition
        word = norm[k]
        if taken.find(1, index.starts[k], index.ends[k]) != -1:
            continue
        form = next((f for f in _forms(word) if f in single), None)
        if form is not None:
            cut = 1 if word.startswith("لل") and form.startswith("ا") else len(word) - len(form)
            start = _skip_letters(text, index.starts[k], index.ends[k], cut)
            out.append(_entity(text, start, index.ends[k], "ORG", "rule-club"))
    return sorted(out, key=_START)


# --- countries spelt without a long vowel (كلومبيا for كولومبيا) ---------------------------------

_LONG_VOWELS: Final = str.maketrans("", "", "اوي")
_MIN_SKELETON: Final = 4  # shorter skeletons collide (ليبيا → لب)


def _skeleton(word: str) -> str:
    """A normalised word without its long vowels after the first letter (كولومبيا → كلمب)."""
    return word[:1] + word[1:].translate(_LONG_VOWELS)


@lru_cache(maxsize=1)
def _country_skeletons() -> dict[str, tuple[str, str] | None]:
    """Skeleton → (normalised spelling, canonical) of the one-word countries of the
    gazetteer; None where two countries share a skeleton."""
    out: dict[str, tuple[str, str] | None] = {}
    for entry in load_gazetteer():
        if entry.label != "GPE" or entry.kind != "country" or " " in entry.surface.strip():
            continue
        spelled = normalise(entry.surface)
        key = _skeleton(spelled)
        if len(key) < _MIN_SKELETON:
            continue
        known = out.get(key, (spelled, entry.canonical))
        out[key] = None if known is None or known[1] != entry.canonical else known
    return out


def misspelt_countries(entities: list[Entity]) -> list[Entity]:
    """A one-word place the tagger found and the gazetteer did not, spelt like a country but
    for a long vowel (من كلومبيا), is that country (GPE, its canonical)."""
    out = entities
    for i, e in enumerate(entities):
        if e.label != "LOC" or e.source != "crf" or " " in e.text:
            continue
        spelled = normalise(e.text)
        hit = _country_skeletons().get(_skeleton(spelled))
        if hit is not None and hit[0] != spelled:
            if out is entities:
                out = list(entities)
            out[i] = replace(
                e,
                label="GPE",
                canonical=hit[1],
                entity_id=entity_id("GPE", hit[1]),
                source="crf+spelling",
            )
    return out


# --- person names: where the tagger stops too late, too early, or names the wrong kind --------

_NAME_CLASSES: Final = frozenset({"first", "name", "given", "PER1", "auto-PERS"})
_PLACE_CLASSES: Final = frozenset({"GPE", "LOC", "nisba", "common"})
_POSSESSIVES: Final = ("هما", "هم", "ها", "ه")
_KNOWN_WORD_RANK: Final = (
    20_000  # a stem this frequent is an ordinary word, not a foreign name part
)
_DASH_TOKENS: Final = frozenset({"-", "–", "—", "ـ"})
_FREQUENT_WHOLE: Final = 5_000
_MAX_MODIFIERS: Final = 5
# mentions the tagger made, or found again from one it made (a family name used alone)
_TAGGED: Final = ("crf", "propagated")


def _in_name_lists(word: str, lexicon: Mapping[str, tuple[str, ...]]) -> bool:
    return not _NAME_CLASSES.isdisjoint(lexicon.get(word, ()))


def ordinary_tail(
    word: str, lexicon: Mapping[str, tuple[str, ...]], ranks: Mapping[str, int]
) -> bool:
    """Whether a normalised word ending a person span is an ordinary word the tagger ran on
    into: an indefinite accusative (برنامجا، قابعا) or a noun with a possessive pronoun
    (حلمه، مرماه) whose stem is a known word — never a word of the name lists, nor a definite
    word: the article takes neither tanween nor a pronoun (البابا is no الباب + ا)."""
    if (
        word.startswith("ال")
        or len(word) < 4
        or _in_name_lists(word, lexicon)
        or not _PLACE_CLASSES.isdisjoint(lexicon.get(word, ()))
    ):
        return False
    if ranks.get(word, _KNOWN_WORD_RANK) < _FREQUENT_WHOLE:
        return False  # a frequent word as it stands (كوريا), not a stem with an ending
    stems: list[str] = []
    if word.endswith("ا") and not word.endswith("اا"):
        if ranks.get(word[:-1], _KNOWN_WORD_RANK) < _FREQUENT_WHOLE:
            return True  # برنامجا; a rarer stem may be a foreign name's end (رينا، دوريا)
    for suffix in _POSSESSIVES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            stems.append(stem)
            if stem.endswith("ت"):
                stems.append(stem[:-1] + "ه")  # رسالته → رساله
            if stem.endswith("ا"):
                stems.append(stem[:-1] + "ي")  # مرماه → مرمي
            break
    return any(ranks.get(s, _KNOWN_WORD_RANK) < _KNOWN_WORD_RANK for s in stems)


def _title_ending_at(norm: Sequence[str], j: int) -> bool:
    """Some person title (of up to four words) ends at token ``j``."""
    titles = _titles()
    for start in range(max(j - 3, 0), j + 1):
        size = titles.match(norm, start)
        if size and start + size - 1 == j:
            return True
    return False


def _after_title(norm: Sequence[str], k: int) -> bool:
    """A person title ends before token ``k``, with at most five definite words (the rest of
    a title, modifiers) and a dash between (وزير الأمن الداخلي الإسرائيلي المتطرف - غلعاد إردان)."""
    j = k - 1
    if j >= 0 and norm[j] in _DASH_TOKENS:
        j -= 1
    for _ in range(_MAX_MODIFIERS + 1):
        if j < 0:
            return False
        if _title_ending_at(norm, j):
            return True
        if not norm[j].startswith("ال") or norm[j] in STOP:
            return False
        j -= 1
    return False


def _initial_at(norm: Sequence[str], k: int) -> bool:
    """An initial starts at token ``k``: one Arabic letter and a full stop (محمد ب.)."""
    return (
        k + 1 < len(norm)
        and len(norm[k]) == 1
        and _is_word(norm[k])
        and norm[k + 1] == "."
        and (k + 2 == len(norm) or not norm[k + 2][:1].isdigit())
    )


def person_fixes(
    text: str, index: TokenIndex, norm: Sequence[str], entities: list[Entity]
) -> list[Entity]:
    """Person mentions corrected where the tagger ran on or named the wrong kind:

    - a person span takes the initial after it (محمد ب. — names withheld in court news);
    - a person span loses a last word that is an ordinary word (الفنانة مها أحمد | برنامجا),
      and a span of that word alone goes;
    - an organisation the tagger proposed right after a person title, with no article nor
      organisation head in it and no ل/ب in front (المدرب الجديد ليوفنتوس: of Juventus), is a
      person (الوزير المتطرف - غلعاد إردان).
    """
    picked = [
        i
        for i, e in enumerate(entities)
        if e.label == "PER" or (e.label == "ORG" and e.source == "crf")
    ]
    if not picked:
        return entities
    out: list[Entity | None] = list(entities)
    for i, (first, last) in zip(picked, index.spans([entities[i] for i in picked]), strict=True):
        e = entities[i]
        source = e.source or ""
        if e.label == "PER":
            if _initial_at(norm, last + 1):  # هشام ل. : the family name's initial
                out[i] = _entity(text, e.start, index.ends[last + 2], "PER", source + "+initial")
            elif (
                source.startswith(_TAGGED)
                and _ordinary(norm[last])
                and not _ends_with_ta_marbuta(text[index.starts[last] : index.ends[last]])
            ):
                if last == first:
                    out[i] = None  # a lone ordinary word (قدم برنامجا) names nobody
                else:
                    end = index.ends[last - 1]
                    out[i] = _entity(text, e.start, end, "PER", source + "+trim")
        elif (
            last - first < 3
            and norm[first][:1] not in "لب"
            and not any(
                norm[k].startswith("ال") or _heads().match(norm, k) for k in range(first, last + 1)
            )
        ):
            if _after_title(norm, first):
                out[i] = _entity(text, e.start, e.end, "PER", "crf+title")
    return [e for e in out if e is not None]


def _ends_with_ta_marbuta(word: str) -> bool:
    """The original spelling ends with ة (marks aside): صوفة is no صوف + ه (normalised alike)."""
    return word.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652").endswith("\u0629")


@lru_cache(maxsize=100_000)
def _ordinary(word: str) -> bool:
    """:func:`ordinary_tail` with the shipped lexicon and word ranks (cached per word)."""
    return ordinary_tail(word, load_lexicon(), load_word_ranks())


# --- person spans: where a name starts and ends --------------------------------------------

_PREPOSITION_ARTICLE: Final = ("\u0644\u0644", "\u0628\u0627\u0644")  # لل، بال
_NISBA_FAMILY_RANK: Final = 10_000  # النعيمي: bare نعيمي rarer than this
_RARE_FAMILY_RANK: Final = 30_000  # النواجعة: bare نواجعة (almost) never written
_UNSEEN_RANK: Final = 1 << 30
_ARTICLE_NOUN: Final = frozenset({"2", "3"})  # article-share buckets of nouns (word_stats.tsv)
_NOT_A_NAME: Final = frozenset(normalise(w) for w in ("أمام",))  # a preposition, folds as إمام
_STEM_RANK: Final = 20_000  # a stem this frequent is an ordinary word (مسدس in بمسدس)


def _apposition_at(norm: Sequence[str], k: int) -> bool:
    """An apposition starts at token ``k``: an indefinite title (أستاذ كرسي، رئيس قسم،
    مدير عام) or a word of ``context_rules.tsv`` kind ``apposition``."""
    word = norm[k]
    if norm[k - 1] in CONNECTORS:
        return False  # بن مساعد: a name after a lineage connector
    if word in context_words().get("apposition", frozenset()):
        return True
    # the title as written (no clitic: بالحاج is "with the pilgrim", not a title)
    return (
        word in _titles().index
        and not word.startswith("\u0627\u0644")
        and bool(_titles().match(norm, k))
    )


def _plain_gap(text: str, index: TokenIndex, left: int, right: int) -> bool:
    """Only white space (no line break, no mark) between tokens ``left`` and ``right``."""
    gap = text[index.ends[left] : index.starts[right]]
    return gap.isspace() and "\n" not in gap


def _family_name(
    word: str, lexicon: Mapping[str, tuple[str, ...]], ranks: Mapping[str, int]
) -> bool:
    """A definite word that reads as a family name after a given name: no stop word, place,
    nisba of a place, common word or title; and either a nisba-shaped word whose bare form
    is uncommon (النعيمي) or a word news hardly ever writes without the article
    (النواجعة، الطلحة) that has no participle prefix (المتنقلة) or plural ending."""
    if not word.startswith("\u0627\u0644") or len(word) < 5 or word in STOP:
        return False
    bare = word[2:]
    classes = (*lexicon.get(word, ()), *lexicon.get(bare, ()))
    if not _PLACE_CLASSES.isdisjoint(classes) or "title" in classes or "orghead" in classes:
        return False
    rank = ranks.get(bare, _UNSEEN_RANK)
    if word.endswith("\u064a"):
        return rank >= _NISBA_FAMILY_RANK
    return (
        rank >= _RARE_FAMILY_RANK
        and not bare.startswith("\u0645")
        and not word.endswith(("\u064a\u0646", "\u0648\u0646", "\u0627\u062a"))
    )


def _prepositional_tail(
    word: str, lexicon: Mapping[str, tuple[str, ...]], ranks: Mapping[str, int]
) -> bool:
    """A word the tagger ran on into after a name: ب/ل + a frequent indefinite word
    (جون هاوسر | بمسدس) — never a word of the name lists (بلال، لبيب) or a frequent word
    as it stands."""
    if len(word) < 4 or word[0] not in "\u0628\u0644" or word[1:].startswith("\u0627\u0644"):
        return False
    if _in_name_lists(word, lexicon) or ranks.get(word, _KNOWN_WORD_RANK) < _FREQUENT_WHOLE:
        return False
    stem = word[1:]
    if _in_name_lists(stem, lexicon) or not _PLACE_CLASSES.isdisjoint(lexicon.get(stem, ())):
        return False
    # a known noun — one news often writes with the article (not the stem of a foreign name:
    # بورتو، بينج) — and not an adjective-shaped stem (بلاتيني، بترجي are names)
    return (
        not stem.endswith("\u064a")
        and ranks.get(stem, _KNOWN_WORD_RANK) < _STEM_RANK
        and load_word_stats().get(stem, ("", ""))[1] in _ARTICLE_NOUN
    )


_NOT_GIVEN: Final = frozenset({"GPE", "LOC", "nisba", "common", "title", "orghead", "ORG"})
# علي: the commonest given name, out of the clean given-name list because على folds to it
# (the rule that uses it reads the original spelling: علي with ي, never على)
_ALI: Final = normalise("علي")


def _given_like(word: str, lexicon: Mapping[str, tuple[str, ...]]) -> bool:
    """A listed given name (class ``first``) that is no place, nisba, common word or title
    (for a word the tagger marked as a person)."""
    classes = lexicon.get(word, ())
    return "first" in classes and _NOT_GIVEN.isdisjoint(classes)


def person_edges(
    text: str, index: TokenIndex, norm: Sequence[str], entities: list[Entity]
) -> list[Entity]:
    """Person mentions whose edges the tagger put one word off:

    - a person span ends before an apposition (طلال الطريفي | أستاذ كرسي) or a ب/ل +
      ordinary word (جون هاوسر | بمسدس), keeping two words at least;
    - a person span that starts with a preposition + article word before a given name
      (للعبادي | سعد الحديثي: the spokesman *of* al-Abadi) starts at the given name;
    - a given name tagged alone takes a rare definite word right after it that no other
      mention covers (نصر | النواجعة);
    - a person span that starts with a family name (definite) or a given name takes a given
      name right before it that no other mention covers (علي | السيستاني، علي | عبدالله
      صالح); never a word written with alef maksura (على).
    """
    persons = [i for i, e in enumerate(entities) if e.label == "PER"]
    if not persons:
        return entities
    lexicon = load_lexicon()
    ranks = load_word_ranks()
    given = load_given_names()
    cover = _MentionCover(index, entities)
    out = list(entities)
    n = len(norm)
    for i, (first, last) in zip(persons, index.spans([entities[i] for i in persons]), strict=True):
        e = entities[i]
        a, b = first, last
        for k in range(a + 2, b + 1):
            if _apposition_at(norm, k):
                b = k - 1
                break
        if b - a >= 2 and _prepositional_tail(norm[b], lexicon, ranks):
            b -= 1
        if (
            b > a
            and norm[a].startswith(_PREPOSITION_ARTICLE)
            and norm[a + 1] not in CONNECTORS  # للوليد بن طلال: الوليد is the name
            and _given_like(norm[a + 1], lexicon)
        ):
            a += 1
        if (
            a == b
            and _given_like(norm[a], lexicon)
            and b + 1 < n
            and not cover.label(b + 1)
            and _plain_gap(text, index, b, b + 1)
            and _family_name(norm[b + 1], lexicon, ranks)
        ):
            b += 1
        if (
            a > 0
            and a == first
            and (norm[a].startswith("\u0627\u0644") or _given_like(norm[a], lexicon))
            and (norm[a - 1] in given or norm[a - 1] == _ALI)
            and text[index.starts[a - 1] : index.ends[a - 1]] not in _NOT_A_NAME
            and not cover.label(a - 1)
            and _plain_gap(text, index, a - 1, a)
            and not text[index.starts[a - 1] : index.ends[a - 1]].endswith("\u0649")
        ):
            a -= 1
        if (a, b) == (first, last):
            continue
        start = index.starts[a] if a != first else e.start
        end = index.ends[b] if b != last else e.end
        out[i] = _entity(text, start, end, "PER", (e.source or "") + "+edge")
    return out


def headed_misc(index: TokenIndex, norm: Sequence[str], entities: list[Entity]) -> list[Entity]:
    """A MISC mention the tagger made that is an organisation or facility head and a definite
    name takes the head's label (حركة الشباب → ORG، قاعدة العند → LOC): the head says what it
    is."""
    misc = [i for i, e in enumerate(entities) if e.label == "MISC"]
    if not misc:
        return entities
    heads = _heads()
    labels = load_org_heads()
    out = list(entities)
    for i, (first, last) in zip(misc, index.spans([entities[i] for i in misc]), strict=True):
        size = heads.match(norm, first)
        if not size or last < first + size or not norm[first + size].startswith("\u0627\u0644"):
            continue  # no head, the head alone, or no definite name after it (جامع أفلام)
        rest = list(norm[first + 1 : first + size])
        label = next(
            (labels[h] for f in _forms(norm[first]) if (h := " ".join([f, *rest])) in labels),
            "",
        )
        if label:
            e = entities[i]
            out[i] = replace(
                e,
                label=label,
                entity_id=entity_id(label, e.canonical),
                source=(e.source or "") + "+head",
            )
    return out
