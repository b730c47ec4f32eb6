"""Speaker mentions: the noun phrase after a cue, titles and names, and who a mention refers to.

A mention such as ``وزير الخارجية الروسي سيرجي لافروف`` splits into a title and a personal
name (the name starts at a known given name, or right after an honorific like اللواء). Every
title + name and honorific + name in the article is registered once, so that later short names
(لافروف) and title-only mentions (الرئيس العراقي) resolve to the fullest name.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from .lexicon import Lexicon, word_list
from .tokens import (
    COMPLEMENTIZERS,
    NAME_PARTICLES,
    OPENER_HEADS,
    QUANTIFIERS,
    RELATIVES,
    Tokens,
    is_mark,
)

MAX_NP: Final = 14
MAX_CANDIDATES: Final = 50  # persons considered per lookup: the most recent ones
_COMPOUND: Final = frozenset({"عبد", "ابو"})
_ISSUED: Final = frozenset({"صادر", "صادره", "الصادر", "الصادره"})
MAX_NAME: Final = 4


# Person and Speaker are read-only by convention, not frozen: a frozen dataclass sets each
# field through object.__setattr__ (5x the cost of a plain one), and a page builds dozens.
@dataclass(slots=True)
class Person:
    """A personal name found in the article, with the title printed beside it (if any)."""

    name: tuple[str, ...]  # normalised name tokens
    first: int  # token span of the name, inclusive
    last: int
    title: tuple[str, ...] = ()  # normalised title tokens
    title_first: int | None = None

    # An explicit __init__ (the dataclass keeps it): the compiled build then constructs the
    # record natively; the generated one is interpreted, ~6x the cost (tests check the two
    # stay alike: same parameters, same defaults, in field order).
    def __init__(
        self,
        name: tuple[str, ...],
        first: int,
        last: int,
        title: tuple[str, ...] = (),
        title_first: int | None = None,
    ) -> None:
        self.name = name
        self.first = first
        self.last = last
        self.title = title
        self.title_first = title_first


@dataclass(slots=True)
class Speaker:
    """Who said it: display name, title, and the token span of the mention that names it."""

    name: str
    title: str | None
    first: int
    last: int
    person: Person | None = None
    source_like: bool = False
    # Gender/number of the source ("m", "f", "p") and, for relayed speech, of the relaying
    # outlet: "وذكرت شينخوا نقلا عن متحدث … وأضافت" still continues the spokesman.
    genders: frozenset[str] = frozenset()

    # An explicit __init__ (the dataclass keeps it): the compiled build then constructs the
    # record natively; the generated one is interpreted, ~6x the cost (tests check the two
    # stay alike: same parameters, same defaults, in field order).
    def __init__(
        self,
        name: str,
        title: str | None,
        first: int,
        last: int,
        person: Person | None = None,
        source_like: bool = False,
        genders: frozenset[str] = frozenset(),
    ) -> None:
        self.name = name
        self.title = title
        self.first = first
        self.last = last
        self.person = person
        self.source_like = source_like
        self.genders = genders


@dataclass
class Registry:
    """Persons of one article, indexed by name and title tokens (lookups stay cheap on pages
    that name thousands of people)."""

    persons: list[Person] = field(default_factory=list)
    _by_name: dict[tuple[str, ...], Person] = field(default_factory=dict)
    _by_token: dict[str, list[Person]] = field(default_factory=dict)
    _by_title_token: dict[str, list[Person]] = field(default_factory=dict)

    # An explicit __init__ (the dataclass keeps it): built natively in the compiled build
    # (see Person). A registry always starts empty.
    def __init__(self) -> None:
        self.persons = []
        self._by_name = {}
        self._by_token = {}
        self._by_title_token = {}

    def add(self, person: Person) -> None:
        if person.name in self._by_name:
            return
        self._by_name[person.name] = person
        self.persons.append(person)
        for token in {person.name[0], person.name[-1]}:
            self._by_token.setdefault(token, []).append(person)
        title = person.title
        if not title:
            return
        index = self._by_title_token
        for token in set(title):
            index.setdefault(token, []).append(person)
        head = title[0]
        if len(head) > 4 and head.startswith("ال") and head[2:] not in title:
            # the head also without its article: "الوزير" looks up "وزير الخارجية" (by_title)
            index.setdefault(head[2:], []).append(person)

    def exact(self, name: tuple[str, ...]) -> Person | None:
        return self._by_name.get(name)

    def by_short_name(self, tokens: tuple[str, ...], before: int) -> Person | None:
        """The person named before token ``before`` whose name ends with (or starts with)
        ``tokens``."""
        last_pool = self._by_token.get(tokens[-1])
        first_pool = self._by_token.get(tokens[0])
        if last_pool is None and first_pool is None:
            return None  # no person's name starts or ends with these words (most lookups)
        candidates = self._recent(last_pool or [], before)
        candidates += self._recent(first_pool or [], before)
        matches = [
            p
            for p in candidates
            if len(p.name) > len(tokens)
            and (p.name[-len(tokens) :] == tokens or p.name[: len(tokens)] == tokens)
        ]
        return _prefer_titled(matches)

    @staticmethod
    def _recent(people: list[Person], before: int) -> list[Person]:
        """Up to the last ``MAX_CANDIDATES`` persons named before ``before`` (all if none is)."""
        prior = [p for p in people[-MAX_CANDIDATES:] if p.first < before]
        return prior or people[-MAX_CANDIDATES:]

    def by_title(self, title: tuple[str, ...], before: int) -> Person | None:
        """The person registered with this title (all but at most one word in common); for
        an office named alone (الوزير، الوزير الروسي) the article does not count."""
        ordered = [t for t in dict.fromkeys(title) if t not in NAME_PARTICLES]
        if not ordered:
            return None
        wanted = set(ordered)
        # the title's own word order breaks ties between pools: output must not depend on
        # the hash seed (set order)
        pools = [self._by_title_token.get(t, []) for t in ordered]
        candidates = self._recent(min(pools, key=len), before) if all(pools) else []
        if not candidates and len(wanted) >= 3:
            # One word may be missing: any pool will do as a start.
            candidates = self._recent(max(pools, key=len), before)
        matches = []
        for person in candidates:
            missing = len(wanted - set(person.title))
            if missing <= (1 if len(wanted) >= 3 else 0):
                matches.append(person)
        if not matches and all(map(_nisba, ordered[1:])):
            return self._office_holder(ordered, before)
        # "اللاعب" is "اللاعب فلان", not "وكيل اللاعب فلان": a title with the same head first.
        headed = [p for p in matches if p.title and p.title[0] == title[0]]
        return _prefer_titled(headed or matches)

    def _office_holder(self, ordered: list[str], before: int) -> Person | None:
        """The holder of an office named by its head and nisba adjectives only: "الوزير" is
        the "وزير الخارجية" named before (same head, article aside), "الوزير الروسي" the
        Russian one; a counterpart holds the other's office, so "نظيره الروسي سيرغي لافروف"
        is "الوزير الروسي" too."""
        head = _bare_title_word(ordered[0])
        qualifiers = set(ordered[1:])
        holders = [
            person
            for person in self._recent(self._by_title_token.get(head, []), before)
            if _holds(person.title, head) and qualifiers <= set(person.title)
        ]
        # "الدكتور X وزير الثقافة المصري إطلاق مشروع …": words that another holder's title
        # runs over are no name of their own
        holders = [
            p
            for p in holders
            if not any(o is not p and set(p.name) <= set(o.title) for o in holders)
        ]
        if holders or not qualifiers:
            return _prefer_titled(holders)
        pools = [self._by_title_token.get(t, []) for t in ordered[1:]]
        if not all(pools):
            return None
        counterparts = [
            person
            for person in self._recent(min(pools, key=len), before)
            if _counterpart(person.title[0]) and qualifiers <= set(person.title)
        ]
        return _prefer_titled(counterparts)


def _holds(title: tuple[str, ...], head: str) -> bool:
    """Whether ``title`` is the office ``head`` (article aside): its first word, or its
    second after a definite honorific (الدكتور وزير الثقافة), not "نائب وزير …"."""
    if _bare_title_word(title[0]) == head:
        return True
    return len(title) > 1 and title[0].startswith("ال") and _bare_title_word(title[1]) == head


def _nisba(word: str) -> bool:
    """A definite nisba adjective (الروسي، الأمريكية): it qualifies an office, names no one."""
    return word.startswith("ال") and word.endswith(("ي", "يه"))


def _bare_title_word(word: str) -> str:
    """A title word without its article: الوزير and وزير are the same office."""
    return word[2:] if len(word) > 4 and word.startswith("ال") else word


def _prefer_titled(matches: list[Person]) -> Person | None:
    if not matches:
        return None
    names = {m.name for m in matches}
    if len(names) == 1:
        return matches[0]
    titled = [m for m in matches if m.title]
    if len({m.name for m in titled}) == 1:
        return titled[0]
    return max(titled or matches, key=lambda m: m.first)  # the most recent mention


def _is_stop(word: str, lex: Lexicon) -> bool:
    """A function word, cue form, number or punctuation: never part of a name."""
    return not word[0].isalnum() or word in lex.stops or word.isdigit() or word in _FA_QAD


# فقد / فلقد open the answer clause of a fronted phrase ("وبحسب المتحدث فقد اعتقل …"): never
# part of a name (فان stays out: it is a name particle, لويس فان غال).
_FA_QAD: Final = frozenset({"فقد", "فلقد"})


def _nisba_adjective(word: str) -> bool:
    """ال + …ية: a feminine adjective (الطبية، الخارجية) ends a name run."""
    return word.startswith("ال") and (word.endswith("يه") or word.endswith("ين"))


def is_given_name(word: str, lex: Lexicon) -> bool:
    # A given name that is no preposition; compounds written as one word: عبدالله، ابوبكر.
    return word in lex.name_words or (len(word) > 5 and word[:3] in _COMPOUND)


_AND_PRONOUNS: Final = frozenset({"وهو", "وهي", "وهم", "وهما", "وهن"})


def name_run(tokens: Tokens, start: int, stop: int, lex: Lexicon) -> int:
    """Last token index of a personal name starting at ``start`` (name tokens before ``stop``)."""
    words = tokens.words
    last = start
    j = start + 1
    if words[start] in ("عبد", "ابو", "ابي") and j < stop and words[j][0].isalnum():
        last, j = j, j + 1  # عبد الواحد، ابو بكر: a given name in two words
    surnames = 0
    particles = 0
    stops = lex.stops
    statements = statement_nouns()
    while j < stop and j - start - particles < MAX_NAME:
        word = words[j]
        if surnames >= 1 and words[j - 1] not in NAME_PARTICLES:
            # given name + one family name, longer only through بن، آل، أبو … or a chain of
            # ancestors' names closed by an ال- family name: "أحمد سيف محرم اليافعي".
            if _nisba_ahead(words, j, stop):
                tail = _family_tail(words, j, stop, lex)
                if tail is not None and tail - start < MAX_NAME:
                    last = tail
            break
        if (
            particles >= 2
            and word not in NAME_PARTICLES
            and words[j - 1] not in NAME_PARTICLES
            and not word.startswith("ال")
        ):
            break  # after a chain "بن فلان بن فلان" only a family name with ال-
        after_particle = words[j - 1] in NAME_PARTICLES and word == "علي"  # "بن علي"
        if ((not word[0].isalnum() or word in stops or word.isdigit()) and not after_particle) or (
            (word in lex.titles or word in lex.honorifics)
            and words[j - 1] != "ولد"  # "إسماعيل ولد الشيخ أحمد": a name, not a rank
        ):
            break
        if len(word) > 4 and word.endswith(("ته", "تها", "تهم")):
            break  # "لاكازيت رغبته": a noun with a possessive pronoun is no family name
        if word in _AND_PRONOUNS:
            break  # "كانت سارة وهي مقيمة سورية تقول": a clause on the named one
        if _counterpart(word):
            break  # "عادل الجبير نظيره الروسي سيرغي لافروف": the next person's title
        if word in statements:
            break  # "ألقى الأمير الوليد بن طلال كلمة": the verb's object
        if word.startswith(("وال", "لل", "بال", "ولل")) or (
            word.startswith("و") and word[1:] in lex.titles
        ):
            break  # "مركز الملك سلمان للإغاثة": a genitive, not a family name
        if word in ("الدين", "الله") and j == start + 1:
            last = j  # "بدر الدين هايتي"، "عبد الله …": the second half of a compound name
            j += 1
            continue
        if _nisba_adjective(word) and words[j - 1] not in NAME_PARTICLES:
            break  # "الحسين" after بن is a name, not an adjective
        if (
            j >= start + 2
            and word[0] in "بل"
            and word.endswith(("ه", "ها", "هم"))  # بزيارة، لمناسبة، بقوله: not بارتوميو
            and words[j - 1] not in NAME_PARTICLES
            and not is_given_name(word, lex)
        ):
            break  # "هاني بن محمد أبوراس بزيارة": a complement after a full name
        if (
            word[0] in "لب"
            and len(word) > 3
            and words[j - 1] not in NAME_PARTICLES
            and not is_given_name(word, lex)
            and _genitive_after(words, j, stop)
        ):
            break  # "ظريف لدولة الكويت"، "سالم لوسائل الإعلام": a complement, not a name
        if j >= start + 2 and words[j - 2] == "ال" and words[j - 1] not in NAME_PARTICLES:
            break  # "متعب آل ثواب": the family name after آل ends the name
        if (
            word not in NAME_PARTICLES
            and words[j - 1] not in NAME_PARTICLES
            and not (j + 1 < stop and is_given_name(word, lex))
        ):
            # "عادل بن أحمد الجبير": a name after بن does not count; nor does a father's
            # given name before the family name ("محمد جواد ظريف", "أحمد علي الصالح").
            surnames += 1
        if word in NAME_PARTICLES:
            particles += 1  # "تركي بن محمد بن فهد بن عبدالعزيز": a chain of ancestors
        last = j
        j += 1
    while last > start and words[last] in NAME_PARTICLES:
        last -= 1  # never end on بن
    return last


def _nisba_ahead(words: list[str], j: int, stop: int) -> bool:
    """A cheap first look for ``_family_tail``: an ال-…ي word at ``j`` or ``j + 1``."""
    for k in (j, j + 1):
        if k < stop and words[k].startswith("ال") and words[k].endswith("ي"):
            return True
    return False


def _family_tail(words: list[str], j: int, stop: int, lex: Lexicon) -> int | None:
    """The index of an ال- family name ending in ي (اليافعي، القحطاني) reached from ``j``
    over at most one more bare name word, or ``None``: the end of a four-part name."""
    for k in range(j, min(stop, j + 2)):
        word = words[k]
        if word.startswith("ال"):
            family = (
                word.endswith("ي")
                and len(word) > 4
                and word not in lex.titles
                and word not in lex.stops
                and word not in ("الي", "الذي", "التي")
            )
            return k if family else None
        if not _bare(word, lex) or word.startswith(("و", "ف", "ب", "ل")) or _counterpart(word):
            return None
    return None


def is_source_adjective(words: list[str], j: int, lex: Lexicon) -> bool:
    """Whether the feminine participle form at ``j`` (مؤكدة، موثوقة) is an adjective of the
    indefinite source noun before it ("مصادر مؤكدة أن …"), not a cue ("… ، مؤكدة أن")."""
    word = words[j]
    if not word.endswith("ه") or j == 0:
        return False
    cue = lex.cues.get(word)
    head = words[j - 1]
    return (
        cue is not None
        and cue.form == "participle"
        and not head.startswith("ال")
        and head in lex.source_heads
    )


def _genitive_after(words: list[str], j: int, stop: int) -> bool:
    """Whether the لـ/بـ word at ``j`` heads a genitive: an organisation noun, or a noun
    followed by an ال- word that is no adjective."""
    if words[j][1:] in ORGANISATION_HEADS:
        return True
    after = words[j + 1] if j + 1 < stop else ""
    return after.startswith("ال") and not _nisba_adjective(after) and not after.endswith("ي")


# Words that may continue a source phrase although they are function words: من after a
# quantifier, بن/باسم, علي as a name, في/من/عن in the cases noun_phrase_end lists.
_PHRASE_LINKS: Final = frozenset(
    {"من", "منهم", "منهن", "باسم", "بن", "ابن", "بنت", "علي", "في", "عن"}
)


def noun_phrase_end(
    tokens: Tokens, start: int, limit: int, lex: Lexicon, pairs: dict[int, int] | None = None
) -> int:
    """Exclusive end of the source noun phrase starting at ``start`` (``start`` if none).

    ``pairs`` (opening → closing mark token) lets a short quoted name stay inside the
    phrase: ``صحيفة "ديلي ميل" البريطانية``.
    """
    words = tokens.words
    stops = lex.stops
    j = start
    end = min(limit, start + MAX_NP)
    while j < end:
        word = words[j]
        if pairs and j in pairs and j > start and pairs[j] - j <= 5:
            j = pairs[j] + 1
            # After a quoted name only an adjective continues the phrase: "صحيفة «الحياة»
            # اللندنية" yes, "علم النفس «الإقناع القسري» وهو يجبرك" no.
            if j >= end or not words[j].startswith("ال"):
                return j
            continue
        if word in _PHRASE_LINKS:  # the words the rules below are about (most words are not)
            if word in ("من", "منهم", "منهن") and j > start and words[j - 1] in QUANTIFIERS:
                j += 1
                continue
            if word in ("باسم", "بن", "ابن", "بنت") or (
                word == "علي"
                and j > start
                and (words[j - 1] in _ALI_AFTER or words[j - 1] in lex.honorifics)
                and _ali_named(words, j)
            ):
                j += 1  # "الرقيب علي العبدالله": after a rank, علي is the name, not على
                continue
            if j == start and ali_before_name(words, j, lex):
                j += 1  # "وأكد علي محمد …": Ali and his father's name open the subject
                continue
            if word == "في" and j == start + 1 and _source_inside(words, start, j, end, lex):
                j += 1  # "مصدر في الوزارة"، "مسؤول في الحكومة": where an anonymous source works
                continue
            if word == "من" and j == start + 1 and _partitive_source(words, start, j, end, lex):
                j += 1  # "مسؤولون من وزارة الدفاع"، "متطرفون من أصول بريطانية": who they are
                continue
            if word == "في" and j > start + 1 and _posted_abroad(words, start, j, end, lex):
                j += 2  # "بعثة الاتحاد الإفريقي في الصومال": where a mission serves is its name
                continue
            if word in ("عن", "من") and j > start and words[j - 1] in _ISSUED:
                j += 1  # "بيان صادر عن وزارة الداخلية": the issuer belongs to the phrase
                continue
            if (
                word in ("علي", "عن")
                and j > start
                and _TITLE_PREPOSITIONS.get(words[j - 1].removeprefix("و")) == word
                and j + 1 < end
                and words[j + 1][0].isalnum()
                and words[j + 1] not in stops
            ):
                j += 1  # "والمشرف على فريق كرة القدم …": the complement of a title
                continue
        if not word[0].isalnum() or word in stops or word.isdigit():  # _is_stop, inlined
            if j > start and is_source_adjective(words, j, lex):
                j += 1  # "مصادر مؤكدة": an adjective, no participle of أكد (cue forms stop)
                continue
            break
        if j > start and word[0] in "بل" and word.endswith(("ها", "هم", "هما")) and len(word) > 4:
            break  # "السلطات الأمريكية بتسليمها …": a complement with a pronoun ends the phrase
        if j > start and _adverbial_masdar(words, j, end):
            break  # "وأبلغ الوزير الصحفيين ردا على سؤال …": an accusative adverbial of the verb
        if j > start and word in _PHRASE_BREAKERS:
            # "ونفت حماس فورا أنها …": an adverb of the verb follows its subject; "صاحب مكتب
            # استقدام بعدم استقدام …": a بـ-complement of the verb, no part of a name.
            break
        if (
            j > start
            and (
                word[0] == "ن"
                or word[-1] == "ن"
                or word[:3] == "الا"
                or (word[0] == "ا" and word[1:2] != "ل")  # أبارك، أشكر: not an ال- word
            )
            and _ends_subject(word, words[j - 1], lex)
        ):
            # "وقال فهد المرواني نطالب …" (his own words), "وحذر وزير الصحة المواطنين …"،
            # "وتوقع المصدر الانتهاء من …" (the verb's object): no part of the subject
            break
        if word.endswith("هم") and j > start + 1 and len(word) > 5 and word[:2] != "ال":
            break  # "مسؤولين في الوزارة استعدادهم …": a noun with "their" is the object
        if j > start and word.startswith("و") and not word.startswith("وال"):
            if (
                words[j - 1].startswith("ال")
                and not is_given_name(word[1:], lex)
                and word[1:] not in lex.titles  # "الممثل ومقدم التلفزيون"
            ):
                break  # "ورفض المتحدث التعليق واكتفى …": a coordinated verb ends the phrase
        j += 1
    return j


_ADVERBIAL_PREPOSITIONS: Final = frozenset({"علي", "عن", "الي", "مع"})


@lru_cache(maxsize=1)
def adverbial_masdars() -> frozenset[str]:
    """ردا، تعليقا، تعقيبا …: accusative verbal nouns of purpose or manner
    (``adverbial_masdars.txt``)."""
    return frozenset(word_list("adverbial_masdars.txt"))


def _adverbial_masdar(words: list[str], j: int, end: int) -> bool:
    """An accusative verbal noun followed by its preposition (ردا على، تعليقا على، استنادا
    إلى): the verb's adverbial of purpose or manner, never part of its subject nor a name.
    A listed word, not the shape (a final ا): foreign names end so too (أندريفا عن، أوباما)."""
    return (
        j + 1 < end and words[j + 1] in _ADVERBIAL_PREPOSITIONS and words[j] in adverbial_masdars()
    )


def _ends_subject(word: str, before: str, lex: Lexicon) -> bool:
    """Whether ``word`` (in ن or ا) after ``before`` starts what follows a verb's subject: a
    first-person verb, a definite plural object or a definite verbal noun object."""
    if word[0] == "ن":
        return word in first_person_verbs()
    if not word.startswith("ال"):
        return word in first_person_verbs()  # "ويقول تركي المسلم أبارك …": أ- singular
    return _plural_object(word, before) or (
        (_derived_masdar(word) or _human_plural(word, before))
        and _definite_source_head(before, lex)
    )


def _human_plural(word: str, before: str) -> bool:
    """A definite masculine sound plural in -ين (الصحفيين، المواطنين) after a definite singular
    title or source noun ("وأبلغ الوزير الصحفيين …"): it agrees with no singular and a definite
    word governs nothing, so it is the verb's object. After a plural (الوزراء الخليجيين) it may
    be an adjective: left alone."""
    return (
        len(word) > 6
        and word.endswith("ين")
        and not before.endswith(("اء", "ون", "ين", "ات", "ان"))
    )


def _plural_object(word: str, before: str) -> bool:
    """A definite plural in -ين (المواطنين، العاملين) right after a definite feminine singular
    (الصحة، الوزارة): no adjective of it (no agreement) nor its genitive (a definite word
    governs none), so the verb's object ("وحذر وزير الصحة المواطنين"); nisba plurals
    (البيطريين) are left alone."""
    return (
        len(word) > 6
        and word.startswith("ال")
        and word.endswith("ين")
        and not word.endswith("يين")
        and before.startswith("ال")
        and before.endswith("ه")
    )


def _derived_masdar(word: str) -> bool:
    """A definite verbal noun of a derived verb (الانتهاء، الاستمرار، الانسحاب): ال + ا…ا_."""
    return len(word) >= 7 and word.startswith("الا") and word[-2] == "ا"


def _definite_source_head(word: str, lex: Lexicon) -> bool:
    """المصدر، المسؤول، الوزير: a definite head cannot govern a genitive, so a definite
    verbal noun after it is no part of its phrase."""
    return word.startswith("ال") and (word in lex.source_heads or word in lex.titles)


# Titles whose complement is a preposition phrase ("المشرف على الفريق"، "المسؤول عن الملف").
_TITLE_PREPOSITIONS: Final = {
    "المشرف": "علي",
    "مشرف": "علي",
    "القائم": "علي",
    "المسؤول": "عن",
    "مسؤول": "عن",
    "المسؤوله": "عن",
}
# Words that end a subject phrase: the adverbs and the بـ-complements above.
_PHRASE_BREAKERS: Final = frozenset(
    {"فورا", "رسميا", "مجددا", "ايضا", "سابقا", "لاحقا", "مؤخرا", "حاليا", "علنا", "كذلك"}
    | {"ب" + noun for noun in ("عدم", "ضروره", "اهميه", "اعاده", "وقف", "منع", "رفع")}
)
# Heads of bodies named by where they serve: "بعثة الأمم المتحدة في ليبيا"، "سفارة … في …".
_POSTED_HEADS: Final = frozenset({"بعثه", "سفاره", "قنصليه", "ممثليه", "مكتب", "قوات", "مفوضيه"})
# Occasions after في that are adjuncts of the verb, not part of the name: "في بيان".
_OCCASIONS: Final = frozenset(
    {"بيان", "تصريح", "تصريحات", "حديث", "كلمه", "مقابله", "لقاء", "اجتماع", "مؤتمر", "جلسه"}
)


def _posted_abroad(words: list[str], start: int, j: int, end: int, lex: Lexicon) -> bool:
    """Whether ``في`` at ``j`` names the place a mission or office serves (one word)."""
    head = words[start].removeprefix("ال")
    if head not in _POSTED_HEADS or j + 1 >= end:
        return False
    place = words[j + 1]
    return (
        place[0].isalnum()
        and place.removeprefix("ال") not in _OCCASIONS
        and place not in lex.source_heads
        and not _is_stop(place, lex)
        and not (j + 2 < end and words[j + 2] in RELATIVES)
    )


def _source_inside(words: list[str], start: int, j: int, end: int, lex: Lexicon) -> bool:
    """Whether ``في`` at ``j`` tells which body an indefinite source belongs to."""
    head = words[start]
    if head.startswith("ال") or head not in lex.source_heads or j + 1 >= end:
        return False
    body = words[j + 1]
    if not body.startswith("ال"):
        # "مسؤول في خلية مكافحة الإرهاب"، "مصدر في وزارة الداخلية": a construct body, its
        # bare nouns closed by a definite one.
        if body in _OCCASIONS or body in ("هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"):
            return False  # "خبراء في هذا المشروع": a topic, not the body they belong to
        for k in range(j + 1, min(end, j + 4)):
            word = words[k]
            if word.startswith("ال"):
                return k > j + 1 and not _is_stop(word, lex)
            if _is_stop(word, lex) or word in lex.titles:
                return False
        return False
    return body.removeprefix("ال") not in _OCCASIONS and not _is_stop(body, lex)


def _partitive_source(words: list[str], start: int, j: int, end: int, lex: Lexicon) -> bool:
    """Whether ``من`` at ``j`` tells where an indefinite group of sources comes from."""
    head = words[start]
    if head.startswith("ال") or j + 1 >= end:
        return False
    group = head in lex.source_heads or (head.endswith(("ون", "ين")) and len(head) > 4)
    following = words[j + 1]
    return (
        group
        and following[0].isalnum()
        and following not in OPENER_HEADS
        and following not in ("قبل", "جهه", "جانب", "ناحيه")
        and not _is_stop(following, lex)
    )


def find_name(tokens: Tokens, first: int, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """The first personal name inside tokens ``[first, end)``: ``(name_first, name_last)``."""
    words = tokens.words
    head = words[first]
    if head in lex.titles and head not in lex.honorifics:  # _name_after_definite_title's test
        after_title = _name_after_definite_title(tokens, first, end, lex)
        if after_title is not None:
            return after_title
    honorifics = lex.honorifics
    name_words = lex.name_words
    for k in range(first, end):
        word = words[k]
        after_honorific = (
            k > first
            and words[k - 1] in honorifics
            and word[0].isalnum()
            and word not in lex.titles
            and word not in lex.honorifics  # "الفريق مهندس كامل الوزير": a chain of ranks
            and (not _is_stop(word, lex) or _ali_named(words, k))  # "الرقيب علي": a name
            and not _attached_before_name(words, k, end, lex)
        )
        if after_honorific and word in _RANK_QUALIFIERS:
            continue  # "اللواء المتقاعد محمود …"، "الملازم أول تركي …": part of the rank
        if after_honorific and word.startswith("ال"):
            return k, k  # اللواء الحذيفي: an honorific before a single family name
        if (
            not after_honorific
            and k > first
            and words[k - 1] in lex.source_heads
            and words[k - 1] not in lex.titles
            and word.endswith(("يه", "ي"))
        ):
            continue  # "مصادر أمنية": an adjective that is also a given name
        if (
            word in name_words  # is_given_name, inlined
            or (len(word) > 5 and word[:3] in _COMPOUND)
            or after_honorific
            or (word == "علي" and ali_before_name(words, k, lex))
        ):
            if k > first and words[k - 1] == "باسم":
                continue  # "المتحدث باسم جون كيري": the person spoken for is not the speaker
            last = name_run(tokens, k, end, lex)
            if _named_after(words, k, last, end):
                continue  # "مدينة الملك فهد الطبية": a place named after a person
            if not after_honorific and _foreign_first_name(words, first, k, lex):
                return k - 1, last  # "المهاجم خوسيه أنطونيو ريس": خوسيه is no title word
            return k, last
    return None


# Objects of the preposition على that follow it right after a rank or honorific.
_ALA_OBJECTS: Final = frozenset(
    {"ذلك", "هذا", "هذه", "الرغم", "الفور", "الاقل", "حد", "لسان", "هامش", "راس", "مستوي"}
)


# Words after which علي is the name Ali: "أحمد بن علي الدوسري"، "أبو علي".
_ALI_AFTER: Final = frozenset({"بن", "ابن", "بنت", "ابو", "ابي"})


def _ali_named(words: list[str], k: int) -> bool:
    """Whether علي at ``k`` (after a rank) is the name Ali, not the preposition على:
    "الرقيب علي العتيبي" yes, "وعلق الشيخ على ذلك" no."""
    if words[k] != "علي":
        return False
    after = words[k + 1] if k + 1 < len(words) else "."
    return (
        after[0].isalnum()
        and after not in _ALA_OBJECTS
        and after not in COMPLEMENTIZERS
        and not after.endswith(("ه", "ها", "هم"))
    )


def ali_before_name(words: list[str], k: int, lex: Lexicon) -> bool:
    """Whether علي at ``k`` is the name Ali because a bare given name follows it ("وأكد علي
    محمد أن …"، "وقال علي حسن"): the preposition على takes a definite noun, a pronoun or a
    full phrase, hardly a lone given name without article."""
    return (
        words[k] == "علي"
        and k + 1 < len(words)
        and not words[k + 1].startswith("ال")
        and is_given_name(words[k + 1], lex)
    )


def _attached_before_name(words: list[str], k: int, end: int, lex: Lexicon) -> bool:
    """A word with an attached و/ف/بـ/لـ right before a given name: "القاضي بمنع جون …" —
    the honorific-like head is a title with a verbal complement, the name comes after."""
    word = words[k]
    return word[0] in "وفبل" and len(word) > 3 and k + 1 < end and is_given_name(words[k + 1], lex)


def _bare(word: str, lex: Lexicon) -> bool:
    """A word that can only be part of a name here: no article, no attached preposition,
    not a title, honorific or function word."""
    return (
        word[0].isalnum()
        and not word.startswith(("ال", "لل", "بال", "وال", "كال"))
        and word not in lex.titles
        and word not in lex.honorifics
        and word not in lex.source_heads
        and word not in _RANK_QUALIFIERS
        and not _is_stop(word, lex)
    )


def _foreign_first_name(words: list[str], first: int, k: int, lex: Lexicon) -> bool:
    """Whether the bare word before the given name at ``k`` is a first name the lists do not
    know: it follows a definite title word or an ال-adjective (a construct head like رئيس
    شركة أرامكو takes a bare genitive instead)."""
    if k - 1 <= first:
        return False
    before, previous = words[k - 1], words[k - 2]
    if before[0] in "وفبل" and len(before) > 3:
        return False  # "القاضي بمنع ريتشارد …": a conjunction or preposition is attached
    return _bare(before, lex) and previous.startswith("ال") and not _is_stop(previous, lex)


# Institutions and places named after a person: "مركز الملك سلمان للإغاثة".
_NAMED_PLACES: Final = frozenset(
    {
        "مركز",
        "جامعه",
        "مدينه",
        "مستشفي",
        "مطار",
        "شارع",
        "طريق",
        "ميناء",
        "جسر",
        "قاعده",
        "مسجد",
        "معهد",
        "كليه",
        "مؤسسه",
        "جائزه",
        "برنامج",
        "مشروع",
        "مجمع",
        "حي",
        "ملعب",
    }
)


# Heads of organisation names in construct with their proper name (نادي إشبيلية، شركة
# أرامكو): after لـ/بـ inside a title, the bare word that follows is the organisation's name.
ORGANISATION_HEADS: Final = _NAMED_PLACES | frozenset(
    {
        "نادي",
        "فريق",
        "منتخب",
        "شركه",
        "حزب",
        "حركه",
        "وزاره",
        "هيئه",
        "مجلس",
        "بنك",
        "مصرف",
        "صحيفه",
        "وكاله",
        "قناه",
        "جمعيه",
        "اتحاد",
        "منظمه",
        "مجموعه",
        "جبهه",
        "تحالف",
        "ائتلاف",
        "بلديه",
        "محافظه",
        "ولايه",
        "اقليم",
        "دوله",
        "مملكه",
        "جمهوريه",
    }
)
_DASHES: Final = frozenset({"-", "\u2013", "\u2014"})
# Words between an honorific and the name that qualify the rank.
_RANK_QUALIFIERS: Final = frozenset(
    {"المتقاعد", "البحري", "الركن", "الطيار", "الجوي", "المهندس", "الدكتور", "اول", "ثاني"}
)


def _named_after(words: list[str], first: int, last: int, end: int) -> bool:
    """Whether the name at ``first..last`` is part of an institution's or place's name."""
    after = words[last + 1] if last + 1 < end else ""
    if _nisba_adjective(after) or after.startswith("لل"):
        return True
    head = words[first - 2] if first >= 2 else ""
    if head in _NAMED_PLACES or (head[:1] in ("ب", "ل") and head[1:] in _NAMED_PLACES):
        return True  # "مدينة الملك فهد": a rank between
    before = words[first - 1] if first >= 1 else ""
    # "سكان حي أبو مرخة": the place head right before
    return before in _NAMED_PLACES or (before[:1] in ("ب", "ل") and before[1:] in _NAMED_PLACES)


# Outlets a source speaks to, after لـ ("قال لرويترز"، "أوضح للصحفيين"): never a name.
OUTLET_WORDS: Final = frozenset(
    {"رويترز", "الصحيفه", "الصحافيين", "الصحفيين", "الصحافه", "الوكاله", "القناه", "التلفزيون"}
)


def is_outlet_addressee(word: str) -> bool:
    """لـ + an outlet a source speaks to (لرويترز، للصحفيين): the addressee, never a name."""
    return len(word) > 2 and word[0] == "ل" and word[1:] in OUTLET_WORDS


def _name_after_definite_title(
    tokens: Tokens, first: int, end: int, lex: Lexicon
) -> tuple[int, int] | None:
    """الرئيس الأمريكي الحالي أوباما: after a definite title and its ال- modifiers, a bare word
    starts the name (``باسم`` and ال-words attached to لـ/بـ stay in the title)."""
    words = tokens.words
    head = words[first]
    if head not in lex.titles or head in lex.honorifics:
        return None
    # An indefinite head is a construct (رئيس إقليم كردستان): its name comes only after an
    # ال- modifier (وزير الخارجية الألماني هايكو ماس).
    definite = head.startswith("ال")
    stops = lex.stops
    skip_to = first
    for k in range(first + 1, end):
        if k <= skip_to:
            continue
        word = words[k]
        if word in _DASHES and k > first + 1:
            continue  # "النائب في البرلمان - سامي حداد": a dash before the name
        if not word[0].isalnum() or word in stops or word.isdigit() or word in _FA_QAD:
            return None
        if word in lex.honorifics and words[k - 1][0] not in "لب":
            return None  # a rank further on: "مدير الإعلام الملازم أول تركي …" has its own rule
        if words[k - 1] == "باسم":
            # "متحدث باسم خفر السواحل"، "المتحدث باسم جون كيري": who is spoken for, never
            # the spokesman's own name. It may still follow a person spoken for or a definite
            # body ("… باسم الخارجية الأمريكية جون كيربي"), not an indefinite one (a construct).
            if is_given_name(word, lex):
                skip_to = name_run(tokens, k, end, lex)
                continue
            if not word.startswith("ال"):
                return None
        if word.startswith(("ال", "لل", "بال", "وال")) or word == "باسم":
            continue
        if word.startswith("و") and word[1:] in lex.titles:
            continue  # "الممثل ومقدم التلفزيون المصري سمير صبري": coordinated titles
        following = words[k + 1] if k + 1 < end else ""
        if word[0] in "لب" and following.startswith("ال") and not is_given_name(word, lex):
            continue  # "الأمين العام لمجلس التعاون": a genitive complement of the title
        if word[0] in "لب" and len(word) > 3 and is_given_name(following, lex):
            continue  # "المدرب الجديد لبرشلونة لويس …"، "القاضي بمنع جون …": not the name
        if (
            word[0] in "لب"
            and len(word) > 3
            and k + 2 < end
            and words[k + 2].startswith("ال")
            and following[0].isalnum()
            and not following.startswith("ال")
            and not is_given_name(following, lex)
            and following not in stops  # "المتحدث باسمه أن الرئيس …": أن ends the title
        ):
            skip_to = k + 1  # "وزير الدولة لشؤون مجلس الوزراء …": a construct complement
            continue
        if word[0] in "لب" and word[1:] in ORGANISATION_HEADS and k + 1 < end:
            skip_to = k + 1  # "المدير الفني لنادي إشبيلية الإسباني …": the club's own name
            continue
        if word == "في" and following.startswith("ال"):
            continue  # "الباحث في الشؤون الإيرانية …": a field or place of the title
        if word in lex.titles or word in lex.honorifics:
            return None
        if not definite and k == first + 1:
            return None
        if not is_given_name(word, lex) and (
            word.startswith("و") or word.endswith(("ه", "ها", "هم"))
        ):
            return None  # "ورفض المتحدث التعليق واكتفى"، "الوزير حديثه": a verb or a noun
        if word in statement_nouns():
            return None  # "أصدر المتحدث باسم الجيش بيانا": the verb's object, not a name
        if _adverbial_masdar(words, k, end):
            return None  # "وأبلغ الوزير الصحفيين ردا على سؤال": an adverbial, not a name
        if is_outlet_addressee(word):
            return None  # "قائد للقوات المناهضة للحوثيين لرويترز": the outlet spoken to
        last = name_run(tokens, k, end, lex)
        if _named_after(words, k, last, end):
            skip_to = last  # "المتحدث لمركز الملك سلمان للإغاثة رأفت الصباغ": look further
            continue
        return k, last
    return None


@lru_cache(maxsize=1)
def statement_nouns() -> frozenset[str]:
    """كلمة، بيانا، تصريحا …: nouns of a statement someone gives (``statement_nouns.txt``);
    never a personal name, and what a relative-clause cue ("أكد فيه") reports from."""
    return frozenset(word_list("statement_nouns.txt"))


@lru_cache(maxsize=1)
def first_person_verbs() -> frozenset[str]:
    """نطالب، نأمل، نرجو …: a speaker's own words right after his name, never part of a noun
    phrase (``first_person_verbs.txt``)."""
    return frozenset(word_list("first_person_verbs.txt"))


def _text(tokens: Tokens, first: int, last: int) -> str:
    return tokens.original[tokens.starts[first] : tokens.ends[last]]


def _title_before(tokens: Tokens, name_first: int, lex: Lexicon) -> int | None:
    """Index of the title head printed before a name (``وزير`` in ``وزير الخارجية … لافروف``)."""
    words = tokens.words
    k = name_first - 1
    if k >= 0 and words[k] == "،":  # apposition: "نائب الأمين العام …، برهم صالح،"
        k -= 1
    lowest = max(0, k - 8)
    head = None
    cues = lex.cues
    while k >= lowest:
        word = words[k]
        if not word[0].isalnum() or word in COMPLEMENTIZERS or word in RELATIVES or word in cues:
            break
        if _counterpart(word) or (word[0] == "و" and word[1:] in lex.titles):
            # "… نظيره الروسي سيرغي لافروف"، "… والمستشارة الألمانية أنغيلا ميركل": the
            # title starts here; the words before belong to another person.
            return k
        if word in lex.titles or word in lex.honorifics:
            head = k  # keep the farthest: "مدير إدارة … بمدينة الملك فهد الطبية عوض آل رشيد"
        k -= 1
    return head


# "نظيره"، "نظيرته"، "زميلها": a counterpart or colleague of someone named before (a noun
# with a pronoun), the head of the next person's title.
_COUNTERPART_STEMS: Final = frozenset({"نظير", "نظيرت", "زميل", "زميلت"})


def _counterpart(word: str) -> bool:
    if not word.startswith(("نظير", "زميل")):
        return False  # the common case, in one call
    for suffix in ("ه", "ها", "هم", "هما"):
        if word.endswith(suffix) and word[: -len(suffix)] in _COUNTERPART_STEMS:
            return True
    return False


def build_registry(
    tokens: Tokens,
    quoted: list[bool],
    lex: Lexicon,
    hits: list[int] | None = None,
    compound_words: Collection[str] | None = None,
) -> Registry:
    """Register every personal name of the article with the title printed beside it.

    ``hits`` limits the scan to those token indices; ``compound_words``, when the caller
    already knows them, are the words of the text that are one-word compound names
    (عبدالله، ابوبكر: عبد/ابو and three or more letters), so they need no second scan.
    """
    registry = Registry()
    words = tokens.words
    n = len(words)
    indices = range(n) if hits is None else hits
    heads = lex.person_heads
    # Plain comprehensions, not compress/map chains: 2x faster compiled (mypyc), same in CPython.
    candidates = [i for i in indices if words[i] in heads]
    if compound_words is not None:
        # Given names written as one word (عبدالله، ابوبكر) that the lists do not hold.
        unlisted = [w for w in compound_words if w not in heads]
        if unlisted:
            wanted = set(unlisted)
            candidates = sorted(candidates + [i for i in indices if words[i] in wanted])
    elif "عبد" in tokens.folded or "ابو" in tokens.folded:
        compounds = [
            i
            for i in indices
            if len(words[i]) > 5 and words[i][:3] in _COMPOUND and words[i] not in heads
        ]
        if compounds:
            candidates = sorted(candidates + compounds)
    done = -1
    weak = lex.weak_heads
    honorifics = lex.honorifics
    bare_honorifics = lex.bare_honorifics
    for k in candidates:
        if k <= done:
            continue
        word = words[k]
        if word in weak and (k == 0 or words[k - 1] not in honorifics):
            continue  # "على" (علي): a name only after a rank; _register_at would take nothing
        if word in bare_honorifics:
            done = k  # a rank names nobody itself (_register_at returns k); its name follows
        else:
            done = _register_at(tokens, quoted, lex, registry, k)
        if k + 1 < n and words[k] in lex.honorifics and k + 1 > done:
            done = _register_at(tokens, quoted, lex, registry, k + 1)
    return registry


def _register_at(
    tokens: Tokens, quoted: list[bool], lex: Lexicon, registry: Registry, k: int
) -> int:
    """Register the person named at token ``k`` (if any); the last token index consumed."""
    words = tokens.words
    n = len(words)
    word = words[k]
    if quoted[k]:
        return k
    if word in lex.titles:
        found = _name_after_definite_title(tokens, k, min(n, k + MAX_NP), lex)
        if found is not None:
            name_first, last = found
            name = tuple(words[name_first : last + 1])
            start = k
            if k > 0 and words[k - 1] in lex.titles and not quoted[k - 1]:
                start = k - 1  # "نائب وزير الخارجية X": the deputy, not the minister
            title = _title_tokens(words, start, name_first, lex) + _apposed_title(tokens, last, lex)
            registry.add(Person(name, name_first, last, title, start))
            return last
    candidate = is_given_name(word, lex) or (
        k > 0
        and words[k - 1] in lex.honorifics
        and word[0].isalnum()
        and (not _is_stop(word, lex) or _ali_named(words, k))
        and not _attached_before_name(words, k, n, lex)
    )
    if not candidate or word in lex.titles or word in lex.honorifics:
        return k
    if word in _RANK_QUALIFIERS:
        return k  # "اللواء المتقاعد محمود …": part of the rank; the name follows
    last = name_run(tokens, k, n, lex)
    name = tuple(words[k : last + 1])
    head = _title_before(tokens, k, lex)
    person_title: tuple[str, ...] = ()
    if head is not None:
        person_title = _title_tokens(words, head, k, lex)
    if len(name) >= 2 or person_title:
        person_title += _apposed_title(tokens, last, lex)
        registry.add(Person(name, k, last, person_title, head))
    return last


MAX_APPOSED_TITLE: Final = 14  # words of a title set after a name between commas


def _apposed_title(tokens: Tokens, last: int, lex: Lexicon) -> tuple[str, ...]:
    """The title words set after a name ("أحمد قطان، سفير المملكة في القاهرة والمندوب
    الدائم …"), so that a later mention by that title alone ("ونفى المندوب الدائم") resolves
    to the name. Coordinated titles lose their و; empty when no title follows the comma."""
    words = tokens.words
    n = len(words)
    comma = last + 1 < n and words[last + 1] == "\u060c"
    first = last + 2 if comma else last + 1
    if first >= n or words[first] not in lex.titles:
        return ()
    found: list[str] = []
    stops = lex.stops
    for k in range(first, min(n, first + MAX_APPOSED_TITLE)):
        word = words[k]
        if not word[0].isalnum() or (word in stops and word not in ("في", "لدي")):
            break
        if word.startswith("و") and word[1:] in lex.titles:
            word = word[1:]  # "والمندوب الدائم …": a second title of the same person
        found.append(word)
    if not comma:
        # "أحمد سالم رئيس الجمعية أن …": a title of two words or more is his (a lone
        # الأمين may be the family name); in "استقبل أحمد سالم وزير الخارجية جون
        # كيري" the title is the next person's: a name in or right after it rules it out.
        after = first + len(found)
        if (
            len(found) < 2
            or any(is_given_name(w, lex) for w in found)
            or (after < n and is_given_name(words[after], lex))
        ):
            return ()
    return tuple(found)


def _title_tokens(words: list[str], head: int, name_first: int, lex: Lexicon) -> tuple[str, ...]:
    """Normalised title tokens; a dual head shared by coordinated titles is made singular."""
    raw = [w for w in words[head:name_first] if w[0].isalnum()]
    if not raw:
        return ()
    if raw[0][0] == "و" and raw[0][1:] in lex.titles:
        raw[0] = raw[0][1:]  # "والمستشارة الألمانية أنغيلا ميركل": a coordinated title
    # "الرئيسان الفرنسي فرنسوا هولاند والعراقي فؤاد معصوم": the second person is "الرئيس العراقي".
    if name_first - 1 > head and words[name_first - 1].startswith("وال"):
        single = raw[0][:-2] if raw[0].endswith("ان") else raw[0]
        return (single, words[name_first - 1][1:])
    if raw[0].endswith("ان") and raw[0][:-2] in lex.titles:
        raw[0] = raw[0][:-2]
    return tuple(raw)


def speaker_from_phrase(
    tokens: Tokens, first: int, end: int, registry: Registry, lex: Lexicon
) -> Speaker | None:
    """Resolve the mention in tokens ``[first, end)`` to a speaker (fullest name known)."""
    if end <= first:
        return None
    words = tokens.words
    mention = tuple([w for w in words[first:end] if w[0].isalnum()])  # the words, no marks
    if not mention:
        return None
    head = mention[0]
    if head.endswith("ا") and len(head) > 3 and head[:-1] in lex.source_heads:
        head = head[:-1]  # "مسؤولاً محلياً": the accusative of a source noun
    source_like = (
        head in lex.titles
        or head in lex.honorifics
        or head in lex.source_heads
        or head in lex.places  # "اعتبرت إيران"، "أكدت موسكو": a government by its seat
    )
    head = words[first]
    run = first if is_given_name(head, lex) else _bare_run(words, first, end, lex)
    if run == first and head.startswith("ال") and head not in lex.titles:
        run = first + 1  # "أشاد البياوي بأداء …": a family name with ال- may open it too
    known = _known_name_first(tokens, first, end, run, registry, lex)
    if known is not None:
        return Speaker(
            _text(tokens, known[0].first, known[0].last),
            _title_text(tokens, known[0]),
            first,
            known[1] - 1,
            known[0],
            True,
        )
    if first < run < end and words[run].startswith("بال"):
        end = run  # "وأشاد سانشيز بالمدرب الجديد": the complement is not in the subject
    found = find_name(tokens, first, end, lex)
    if found is not None and _named_in_complement(words, first, found[0], lex):
        found = None  # "سكان ومصادر موالية للرئيس اليمني هادي": the sources, not هادي
    if found is not None:
        name_first, name_last = found
        name = tuple(words[name_first : name_last + 1])
        title_last = name_first - 1
        while title_last >= first and not words[title_last][0].isalnum():
            title_last -= 1
        title = _text(tokens, first, title_last) if title_last >= first else None
        person = None
        if len(name) == 1 or (len(name) == 2 and name[0] == "ال"):
            person = registry.by_short_name(name, first)
        if person is None:
            person = registry.exact(name)
        if person is not None and person.name != name:
            return Speaker(
                _text(tokens, person.first, person.last),
                title or _title_text(tokens, person),
                first,
                end - 1,
                person,
                True,
            )
        return Speaker(_text(tokens, name_first, name_last), title, first, end - 1, person, True)
    if mention[0] in lex.titles or mention[0] in lex.honorifics:
        person = registry.by_title(mention, first)
        if person is not None:
            return Speaker(
                _text(tokens, person.first, person.last),
                _text(tokens, first, end - 1),
                first,
                end - 1,
                person,
                True,
            )
        return Speaker(_text(tokens, first, end - 1), None, first, end - 1, None, True)
    if len(mention) <= 2:
        person = registry.by_short_name(mention, first)
        if person is not None:
            return Speaker(
                _text(tokens, person.first, person.last),
                _title_text(tokens, person),
                first,
                end - 1,
                person,
                True,
            )
    last = end - 1
    if words[first] in lex.places and last > first and _object_after(words[first + 1], lex):
        last = first  # "أقرت إيران رسميا بتنفيذ …": the country, not what follows it
    while last > first and _accusative_object(words[last - 1], words[last], lex):
        last -= 1  # "وأصدرت الجمعية الخيرية بيانا": the verb's object follows its subject
    return Speaker(_text(tokens, first, last), None, first, last, None, source_like)


_COMPLEMENT_WORDS: Final = frozenset({"من", "عن", "الي"})


def _named_in_complement(words: list[str], first: int, name_first: int, lex: Lexicon) -> bool:
    """Whether a name inside an anonymous source's phrase stands in its complement ("مصادر
    موالية للرئيس X"، "مصدر مقرب من الوزير X"): the source is not that person."""
    head = words[first]
    if head not in lex.source_heads or head in lex.titles:
        return False
    return any(w.startswith("لل") or w in _COMPLEMENT_WORDS for w in words[first + 1 : name_first])


def _object_after(word: str, lex: Lexicon) -> bool:
    """An indefinite accusative (رسميا) or a بـ-complement (بتنفيذ) right after a subject: no
    part of the subject's name ("سول كامبل" keeps its second word)."""
    return (
        len(word) > 3
        and (word.endswith("ا") or (word[0] == "ب" and not word.startswith("بال")))
        and not is_given_name(word, lex)
    )


def _accusative_object(before: str, word: str, lex: Lexicon) -> bool:
    """An indefinite accusative (…ًا) right after a definite word cannot be its adjective."""
    return (
        before.startswith("ال")
        and not (before.startswith("الا") and len(before) == 6)  # "الأوسع انتشارا": tamyiz
        and word.endswith("ا")
        and not word.startswith("ال")
        and not is_given_name(word, lex)
        and len(word) > 3
    )


def _bare_run(words: list[str], first: int, end: int, lex: Lexicon) -> int:
    """Exclusive end of the run of bare (name-like) words starting at ``first``."""
    j = first
    while j < end and j - first < MAX_NAME and _bare(words[j], lex):
        j += 1
    return j


def _known_name_first(
    tokens: Tokens, first: int, end: int, run: int, registry: Registry, lex: Lexicon
) -> tuple[Person, int] | None:
    """A subject that starts with a person's short name and runs on into the verb's object:
    "دعا جونسون البرلمان لدعم الخطة" — جونسون, already named in full, is the subject.
    ``run`` ends the bare words at ``first`` (``first`` itself for a given name)."""
    words = tokens.words
    for stop in (first + 2, first + 1):
        if stop > run or stop >= end:
            continue  # the whole mention is handled as a short name further on
        name = tuple(words[first:stop])
        person = registry.by_short_name(name, first) or registry.exact(name)
        if person is not None and (person.title or any(is_given_name(w, lex) for w in person.name)):
            return person, stop  # a person surely named: a title or a given name with it
    return None


def _title_text(tokens: Tokens, person: Person) -> str | None:
    if person.title_first is None:
        return None
    if tokens.words[person.first - 1].startswith("وال") or (
        person.title and person.title[0] != tokens.words[person.title_first]
    ):
        return " ".join(person.title)  # a title shared by coordinated names, rebuilt
    last = person.first - 1
    while last > person.title_first and not tokens.words[last][0].isalnum():
        last -= 1
    return _text(tokens, person.title_first, last)


def is_mark_token(tokens: Tokens, i: int) -> bool:
    return is_mark(tokens.words[i])


# Human plurals written as broken plurals take plural verbs (قال الشهود / قالوا); non-human
# plurals (مصادر) take the feminine singular (قالت المصادر).
_HUMAN_PLURALS: Final = frozenset({"خبراء", "الخبراء", "شهود", "الشهود", "سكان", "السكان", "نشطاء"})
_NONHUMAN_PLURALS: Final = frozenset({"مصادر", "المصادر", "تقارير", "التقارير", "وسائل"})


def phrase_genders(tokens: Tokens, first: int, last: int, lex: Lexicon) -> frozenset[str]:
    """Verb agreements a mention allows: {"m"}, {"f"}, {"p"}, several, or none if unknown.

    >>> from khabar.nlp.quotes.lexicon import lexicon
    >>> from khabar.nlp.quotes.tokens import tokenize
    >>> t = tokenize("الوزيرة سلمى العلي")
    >>> sorted(phrase_genders(t, 0, 2, lexicon()))
    ['f']
    """
    words = [w for w in tokens.words[first : last + 1] if w[0].isalnum()]
    if not words:
        return frozenset()
    for word in words:
        if word in lex.female_names:
            return frozenset({"f"})
    # "بروين بولدان وهي نائبة …"، "أدهم باشو وهو سياسي …": the pronoun of the apposition.
    if "وهي" in words and words[0] != "وهي":
        return frozenset({"f"})
    if "وهو" in words and words[0] != "وهو":
        return frozenset({"m"})
    head = words[0]
    if head in _HUMAN_PLURALS:
        return frozenset({"p"})
    if any(w in lex.given_names for w in words):
        return frozenset({"m"})
    if head.endswith(("ون", "ين")) and len(head) > 4:
        return frozenset({"p"})  # المشاركون، مسؤولين
    if head in _NONHUMAN_PLURALS:
        return frozenset({"f", "p"})
    if head.endswith("ه") or head in lex.places:
        return frozenset({"f"})  # الوزيرة، وزارة، الحكومة، الشرطة; قالت موسكو
    if head in lex.titles or head in lex.honorifics or head in lex.source_heads:
        return frozenset({"m"})
    return frozenset()
