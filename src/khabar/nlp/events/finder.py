"""Find CAMEO event cues in a body text and attach an actor and a target to each.

One Aho-Corasick pass over the normalised view finds every cue form (verbs with و/ف, nouns with
their article and prepositions, fixed phrases); a match must sit on word boundaries, and the
leftmost-longest match wins (``وقف إطلاق النار`` is a blocker, so ``إطلاق النار`` inside it is
no shooting). Only around the few matches is the text tokenised, to decide:

- negation: ``لم يهاجم``، ``عدم اعتقال``، ``نفى ... الهجوم`` → no event;
- the actor: Arabic news is mostly verb-first. A singular verb (``هاجم مسلحون``) takes the
  entity or agent noun right after it as subject; a plural verb (``المتظاهرون تظاهروا``) or a
  subject right before the verb (``الشرطة اعتقلت``) takes the nearest one before it in the same
  clause, never one governed by a preposition (``في بغداد قتل`` has no actor);
- the target: the next entity or agent noun after the verb (and its subject), possibly after
  a preposition (``على``، ``ضد``، ``مع``).

Violent verbs share their spelling with the passive (``قتل`` "killed / was killed"), so a person
right after one of them is taken as the target, not the actor. Unsure → ``None``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import partial
from typing import Final, NamedTuple

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import text_view
from khabar.model import Entity, Event, Quote
from khabar.nlp.quotes.tokens import COMPLEMENTIZERS, PREPOSITIONS, RELATIVES, TIME_WORDS

from .incident import incident_decisions
from .lexicon import ARTICLE, LAM, Cue, EventLexicon, event_lexicon

ACTOR_LABELS = frozenset({"PER", "ORG", "GPE"})
# Roots whose perfect is spelled like the passive (قتل، اعتقل، استهدف): a person after the verb
# is more often the victim than the agent.
PROTEST_ROOT = "14"
PATIENT_PRONE_ROOTS = frozenset({"17", "18", "19", "20"})

# Negators right before a cue, and denial verbs a few words before it (normalised spelling).
NEGATORS = frozenset({"لم", "لن", "لا", "ما", "ليس", "عدم", "دون", "بدون", "بلا", "غير"})
_AUXILIARIES = frozenset({"يتم", "تتم", "يكن", "تكن", "يعد", "تعد", "يجر", "تجر"})
DENIALS = frozenset(
    {
        "نفي",
        "نفت",
        "نفوا",
        "ينفي",
        "تنفي",
        "ينفون",
        "نافيا",
        "نافيه",
        "انكر",
        "انكرت",
        "ينكر",
        "تنكر",
        "كذب",
        "كذبت",
        "يكذب",
        "تكذب",
        "ينفيان",
    }
)
# Roots whose complement is not an event that happened: هدد بفرض عقوبات، طالب بوقف الهجمات،
# رفض التظاهر. A nominal cue in the next words after one of them gives no event.
GOVERNING_ROOTS = frozenset({"10", "12", "13"})
GOVERNED_WORDS = 3  # how far the complement of such a cue reaches (هدد بشن هجمات)
# Words before a cue that make it an intention, an attempt or a plan, not a fact.
IRREALIS_BEFORE = frozenset(
    {
        "محاوله",
        "محاولات",
        "لمحاوله",
        "بمحاوله",
        "خطه",
        "مخطط",
        "منع",
        "لمنع",
        "بمنع",
        "لتجنب",
        "تجنب",
        "يعتزم",
        "تعتزم",
        "ينوي",
        "تنوي",
        "يخطط",
        "تخطط",
        "اعتزام",
        "عزم",
        "عزمه",
        "عزمها",
        "اعتزامه",
        "اعتزامها",
        "بهدف",
        "لاجراء",
        "احتمال",
        "احتماليه",
        "امكانيه",
        "مخاوف",
        "خشيه",
        "وقوع",
    }
)
# Particles that put an imperfect verb in the subjunctive or make it a possibility.
SUBJUNCTIVE_BEFORE = frozenset({"ان", "كي", "لكي", "قد", "سوف", "حتي", "لان", "ربما"})
_DENIAL_STEMS = ("\u0646\u0641", "\u0646\u0643\u0631", "\u0643\u0630\u0628")  # نف، نكر، كذب
_DENIAL_RE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:" + "|".join(sorted(DENIALS, key=len, reverse=True)) + ")(?!\\w)"
)
# Light verbs whose subject is the agent of the nominal cue after them (نفذ X هجوما), or its
# target (تعرض X لهجوم).
AGENTIVE_LIGHT_VERBS = frozenset(
    {"شن", "شنت", "شنوا", "نفذ", "نفذت", "نفذوا", "نظم", "نظمت", "نظموا", "قام", "قامت", "قاموا"}
)
SUFFERING_LIGHT_VERBS = frozenset({"تعرض", "تعرضت", "تعرضوا"})
_LIGHT_VERB_RE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:"
    + "|".join(sorted(AGENTIVE_LIGHT_VERBS | SUFFERING_LIGHT_VERBS, key=len, reverse=True))
    + ")(?!\\w)"
)
_NOMINAL_REACH = 60  # characters before a nominal cue searched for a light verb
_NOMINAL_WORDS = 5  # … and words: the verb and a subject of up to four words
# Verbs of occurrence around a nominal cue: the incident is reported, not referred to.
OCCURRENCE_VERBS = frozenset(
    {
        "شن",
        "شنت",
        "نفذ",
        "نفذت",
        "نفذوا",
        "نظم",
        "نظمت",
        "نظموا",
        "وقع",
        "وقعت",
        "ادي",
        "اسفر",
        "اسفرت",
        "تعرض",
        "تعرضت",
        "تعرضوا",
        "شهد",
        "شهدت",
        "جري",
        "جرت",
        "اندلع",
        "اندلعت",
        "استهدف",
        "استهدفت",
        "قام",
        "قامت",
        "قاموا",
        "خرج",
        "خرجت",
        "خرجوا",
    }
)
# Counted groups after a violent verb are victims (قتل 18 شخصا، اعتقل عشرات الشبان).
NUMBER_WORDS = frozenset(
    {
        "عشرات",
        "مئات",
        "الاف",
        "العشرات",
        "المئات",
        "ثلاثه",
        "اربعه",
        "خمسه",
        "سته",
        "سبعه",
        "ثمانيه",
        "تسعه",
        "عشره",
        "اثنين",
        "اثنان",
        "ثلاث",
        "اربع",
        "خمس",
        "ست",
        "سبع",
        "ثماني",
        "تسع",
        "عشر",
        "نحو",
        "قرابه",
        "حوالي",
        "اكثر",
        "اقل",
    }
)
# Words that glue a date to a time word (اول من امس، قبل ظهر امس).
_TIME_GLUE = frozenset(
    {
        "اول",
        "قبل",
        "بعد",
        "ظهر",
        "منتصف",
        "ليل",
        "ليله",
        "الماضي",
        "الماضيه",
        "الاسبوع",
        "الليله",
        "فجر",
    }
)
# Words right after a verb that are not its object (adverbs, auxiliaries, pronouns).
NON_OBJECT_WORDS = frozenset(
    {
        "ما",
        "كل",
        "بعض",
        "ذلك",
        "هذا",
        "هذه",
        "نفسه",
        "نفسها",
        "انفسهم",
        "ايضا",
        "كذلك",
        "مجددا",
        "خلال",
        "اثناء",
        "وسط",
        "داخل",
        "قرب",
        "امام",
        "بالقرب",
        "حيث",
        "عندما",
        "بينما",
        "فيما",
        "اكثر",
        "اقل",
        "الا",
        "او",
        "ثم",
        "لدي",
        "عند",
    }
)
_CONNECTOR_PREPOSITIONS = frozenset({"علي", "ضد", "مع", "الي", "بحق", "تجاه", "نحو", "عن"})
CLAUSE_BREAKS = frozenset('.!?\u061f\u06d4\u061b\u060c,;:\n()"\u00ab\u00bb\u201c\u201d')
CONTEXT_WORDS_BEFORE = 10
CONTEXT_WORDS_AFTER = 7
DENIAL_WINDOW = 8
OBJECT_WINDOW = 3  # أطلقت قوات الأمن النار: the subject may sit between verb and object
_RIDING_MARKS = frozenset(L.DIACRITICS + L.TATWEEL)
_TOKEN_RE = re.compile(r"\w+|[^\w\s]|\n")
# Characters looked at before a cue: about 15 words of news Arabic, enough for the clause
# (CONTEXT_WORDS_BEFORE) and the denial window; after it, tokens stop at CONTEXT_WORDS_AFTER.
_CHARS_BEFORE = 100
_CHARS_AFTER = 160
_QUOTE_TOKENS = frozenset('"\u00ab\u201c')
_NEAR_CHARS = 32
_SHORT_CLAUSE_CHARS = 48  # the two or three words a negator, auxiliary or article check needs


class _Token(NamedTuple):
    start: int  # view offsets
    end: int
    text: str


# ``_Token(start, end, text)`` without the named tuple's ``__new__`` (interpreted Python, a
# frame per token; the compiled cue rules make a few dozen tokens a page): ``tuple.__new__``
# on the class, given the fields as one tuple, makes the same object in C.
_new_token: Final[Callable[[tuple[int, int, str]], _Token]] = partial(tuple.__new__, _Token)


class _Mention(NamedTuple):
    """A possible actor or target, in view offsets, with the value reported on the event."""

    start: int
    end: int
    value: str
    label: str  # PER | ORG | GPE | AGENT | SPEAKER | OBJECT


class _View:
    """The normalised text and its map back to the original.

    The map is :func:`khabar.arabic.tokens.text_view` of the text, remembered per text: in
    the pipeline the entity stage has built it for the same body already, so the events stage
    neither folds the text again nor maps its dropped marks a second time (both cost more than
    most pages' cue rules).
    """

    __slots__ = ("_full", "original", "text")

    def __init__(self, original: str) -> None:
        full = text_view(original)
        self.original = original
        self.text = full.text
        self._full = full

    def original_index(self, i: int) -> int:
        """Original index of view position ``i``."""
        return self._full.original_index(i)

    def to_view(self, o: int) -> int:
        """First view position at or after original index ``o``."""
        return self._full.to_view(o)

    def original_end(self, end: int) -> int:
        """Original end of a view span, with the marks riding on its last letter (هاجمَ)."""
        stop = self._full.original_index(end - 1) + 1
        original = self.original
        while stop < len(original) and original[stop] in _RIDING_MARKS:
            stop += 1
        return stop


class _Mentions:
    """Entities (PER/ORG/GPE) and quote speakers, looked up by view position on demand."""

    __slots__ = ("_entities", "_items", "_quotes", "_starts", "_view")

    def __init__(self, view: _View, entities: Sequence[Entity], quotes: Sequence[Quote]) -> None:
        self._view = view
        self._entities = entities
        self._quotes = quotes
        self._items: list[tuple[int, int, str, str]] | None = None  # built on first use
        self._starts: list[int] = []

    def _build(self) -> list[tuple[int, int, str, str]]:
        items = [
            (e.start, -e.end, e.canonical or e.text, e.label)
            for e in self._entities
            if e.label in ACTOR_LABELS
        ]
        items += [
            (q.speaker_start, -q.speaker_end, q.speaker, "SPEAKER")
            for q in self._quotes
            if q.speaker and q.speaker_start is not None and q.speaker_end is not None
        ]
        items.sort()
        self._items = items
        self._starts = [item[0] for item in items]
        return items

    def window(self, low: int, high: int) -> _Nearby:
        """The mentions starting in the view range ``[low, high)``, in view offsets."""
        items = self._items if self._items is not None else self._build()
        if not items:
            return _NOTHING_NEARBY
        view = self._view
        i = bisect_left(self._starts, view.original_index(low))
        stop = bisect_left(self._starts, view.original_index(high - 1) + 1 if high > low else 0)
        return _Nearby(
            tuple(
                _Mention(view.to_view(start), view.to_view(-negative_end), value, label)
                for start, negative_end, value, label in items[i:stop]
            )
        )


class _Nearby:
    """The few mentions around one cue; ``at`` is a scan of a handful of items."""

    __slots__ = ("_items",)

    def __init__(self, items: tuple[_Mention, ...]) -> None:
        self._items = items

    def at(self, token: _Token) -> _Mention | None:
        """The longest mention starting inside ``token`` (entities may start after a clitic)."""
        for mention in self._items:  # sorted by start, longest first
            if token.start <= mention.start < token.end:
                return mention
        return None


_NOTHING_NEARBY = _Nearby(())


def find_events(
    text: str,
    entities: Sequence[Entity] = (),
    quotes: Sequence[Quote] = (),
    *,
    incidents_only: bool = True,
) -> list[Event]:
    """Events in ``text``: ``Event.start/end`` is the cue, ``type`` its CAMEO root name.

    ``incidents_only`` (default) drops PROTEST and ASSAULT/FIGHT/MASS VIOLENCE cues whose
    sentence the learned filter of :mod:`.incident` reads as background, not a new incident;
    ``False`` gives the rules alone.

    >>> [(e.type, e.code, e.text) for e in find_events("تظاهر آلاف الطلاب أمس في العاصمة.")]
    [('PROTEST', '141', 'تظاهر')]
    >>> find_events("لم يهاجم أحد القافلة.")
    []
    """
    events, spots, folded = event_candidates(text, entities, quotes)
    if incidents_only and events:
        keep = incident_decisions(folded, spots)
        events = [event for event, kept in zip(events, keep, strict=True) if kept]
    return events


def event_candidates(
    text: str, entities: Sequence[Entity] = (), quotes: Sequence[Quote] = ()
) -> tuple[list[Event], list[tuple[int, int, Cue]], str]:
    """What the cue rules find, before the incident filter: the events, each one's cue as
    ``(start, end, Cue)`` in the normalised view, and that view (for the filter's sentences)."""
    lexicon = event_lexicon()
    view = _View(text)
    matches = _cue_matches(view.text, lexicon)
    if not matches:
        return [], [], view.text
    mentions = _Mentions(view, entities, quotes)
    events: list[Event] = []
    spots: list[tuple[int, int, Cue]] = []  # view offsets of each event's cue
    governed_until = -1  # nominal cues up to here are the content of a threat or demand
    folded = view.text
    for start, end, cue in matches:
        # The two or three words before the cue decide most filters, read as plain strings;
        # tokens with offsets are made only for a cue that survives them (that is what costs).
        low = max(0, start - _NEAR_CHARS)
        near = _TOKEN_RE.findall(folded, low, start)
        if near and low > 0 and _is_word_char(folded[low - 1]) and _is_word_char(folded[low]):
            near = near[1:]  # a word cut by the window
        governed = start < governed_until and cue.agreement not in ("s", "p")
        if cue.root in GOVERNING_ROOTS:
            governed_until = _end_of_words(folded, end, GOVERNED_WORDS)
        if governed or _negated(near) or _irrealis(near, cue):
            continue
        after = _tokens_after(folded, end)
        if _may_deny(folded, start) and _denied(_tokens_before(folded, start, _CHARS_BEFORE)):
            continue
        if cue.kind == "noun" and not _anchored(folded[start:end], near, after, mentions):
            continue
        verbal = cue.agreement in ("s", "p")
        if verbal or _LIGHT_VERB_RE.search(folded, max(0, start - _NOMINAL_REACH), start):
            before = _clause_tokens(folded, start)
        else:
            before = []
        window_start = before[0].start if before else start
        nearby = mentions.window(window_start, after[-1].end if after else end)
        actor, target = _roles(cue, before, after, nearby, lexicon)
        o_start, o_end = view.original_index(start), view.original_end(end)
        actor = _with_value(actor, view, text)
        target = _with_value(target, view, text)
        events.append(
            Event(
                start=o_start,
                end=o_end,
                text=text[o_start:o_end],
                type=cue.type_name,
                actor=actor.value if actor else None,
                target=target.value if target else None,
                code=cue.code,
                actor_start=view.original_index(actor.start) if actor else None,
                actor_end=view.original_end(actor.end) if actor else None,
                target_start=view.original_index(target.start) if target else None,
                target_end=view.original_end(target.end) if target else None,
            )
        )
        spots.append((start, end, cue))
    return events, spots, folded


def _with_value(mention: _Mention | None, view: _View, text: str) -> _Mention | None:
    """Agent noun phrases are reported as written; entities and speakers by their name."""
    if mention is None or mention.value:
        return mention
    start = view.original_index(mention.start)
    return mention._replace(value=text[start : view.original_end(mention.end)])


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _cue_matches(folded: str, lexicon: EventLexicon) -> list[tuple[int, int, Cue]]:
    """Leftmost-longest cue matches on word boundaries; blockers consume their words."""
    found: list[tuple[int, int, Cue]] = []
    size = len(folded)
    for last, (length, cue) in lexicon.automaton.iter(folded):
        start = last - length + 1
        end = last + 1
        if start > 0 and _is_word_char(folded[start - 1]):
            continue
        if end < size and _is_word_char(folded[end]):
            continue
        found.append((start, end, cue))
    if not found:
        return []
    found.sort(key=lambda m: (m[0], m[0] - m[1]))
    chosen: list[tuple[int, int, Cue]] = []
    reach = -1
    for start, end, cue in found:
        if start < reach:
            continue
        if cue.objects:
            object_end = _object_end(folded, end, cue.objects)
            if object_end < 0:
                continue  # وقع "happened", أطلق "launched" a product: not the event
            reach = object_end  # the object noun (هجوما، النار) is part of this event
        else:
            reach = end
        if cue.code:
            chosen.append((start, end, cue))
    return chosen


def _object_end(folded: str, end: int, objects: frozenset[str]) -> int:
    """End of the first of ``objects`` within ``OBJECT_WINDOW`` words after ``end``, or -1."""
    for count, match in enumerate(_TOKEN_RE.finditer(folded, end, end + 80)):
        word = match.group()
        if word in objects:
            return match.end()
        if count >= OBJECT_WINDOW or word in CLAUSE_BREAKS:
            break
    return -1


def _clause_tokens(folded: str, start: int) -> list[_Token]:
    """Tokens before a verb, enough for its clause: a short window first (a verb-first clause
    usually starts within it), the long one only when no clause boundary showed up."""
    tokens = _tokens_before(folded, start, _SHORT_CLAUSE_CHARS)
    if start <= _SHORT_CLAUSE_CHARS or len(tokens) >= CONTEXT_WORDS_BEFORE:
        return tokens
    if any(t.text in CLAUSE_BREAKS or t.text in COMPLEMENTIZERS for t in tokens):
        return tokens
    return _tokens_before(folded, start, _CHARS_BEFORE)


def _tokens_before(folded: str, start: int, chars: int) -> list[_Token]:
    """The tokens in ``chars`` characters before ``start`` (a word cut by the window dropped)."""
    low = max(0, start - chars)
    tokens = [
        _new_token((m.start(), m.end(), m.group())) for m in _TOKEN_RE.finditer(folded, low, start)
    ]
    if low > 0 and tokens and tokens[0].start == low and _is_word_char(folded[low - 1]):
        tokens = tokens[1:]  # a word cut by the window
    return tokens[-CONTEXT_WORDS_BEFORE - DENIAL_WINDOW :]


def _end_of_words(folded: str, end: int, count: int) -> int:
    """End of the ``count``-th token after ``end`` (or of the last one there is)."""
    stop = end
    for number, match in enumerate(_TOKEN_RE.finditer(folded, end, end + 80)):
        stop = match.end()
        if number + 1 >= count:
            break
    return stop


def _tokens_after(folded: str, end: int) -> list[_Token]:
    high = min(len(folded), end + _CHARS_AFTER)
    tokens: list[_Token] = []
    for m in _TOKEN_RE.finditer(folded, end, high):
        tokens.append(_new_token((m.start(), m.end(), m.group())))
        if len(tokens) >= CONTEXT_WORDS_AFTER:
            break
    return tokens


def _strip_conjunction(word: str) -> str:
    return word[1:] if len(word) > 2 and word[0] in "\u0648\u0641" else word


def _clause_before(tokens: list[_Token]) -> list[_Token]:
    """The tokens of the cue's own clause: back to punctuation, a complementizer or a relative."""
    clause: list[_Token] = []
    for token in reversed(tokens):
        word = token.text
        if word in CLAUSE_BREAKS or word in COMPLEMENTIZERS or word in RELATIVES:
            break
        clause.append(token)
        if len(clause) >= CONTEXT_WORDS_BEFORE:
            break
    clause.reverse()
    return clause


def _negated(near: list[str]) -> bool:
    """``لم يهاجم``، ``لم يتم اعتقال``، ``عدم الاعتداء``."""
    if near:
        last = _strip_conjunction(near[-1])
        if last in NEGATORS:
            return True
        if last in _AUXILIARIES and len(near) > 1 and _strip_conjunction(near[-2]) in NEGATORS:
            return True
    return False


def _may_deny(folded: str, start: int) -> bool:
    """A cheap substring test before the denial window is tokenised (نفى، أنكر، كذّب)."""
    window = folded[max(0, start - _CHARS_BEFORE) : start]
    if any(stem in window for stem in _DENIAL_STEMS):
        return _DENIAL_RE.search(window) is not None
    return False


def _denied(before: list[_Token]) -> bool:
    """A denial verb a few words before the cue, in the same sentence (نفى الجيش أنه قصف)."""
    for token in reversed(before[-DENIAL_WINDOW:]):
        if token.text in CLAUSE_BREAKS and token.text not in "\u060c,":
            break
        if _strip_conjunction(token.text) in DENIALS:
            return True
    return False


def _anchored(matched: str, near: list[str], after: list[_Token], mentions: _Mentions) -> bool:
    """Whether a one-word nominal cue reports an incident rather than refers back to one.

    Kept: an indefinite noun not in construct (``في هجوم انتحاري``، ``مظاهرات حاشدة``، ``مقتل 4``),
    and any noun next to a verb of occurrence (``شن هجوما``، ``ووقع الهجوم``، ``الانفجار وقع``).
    Dropped: a definite or construct noun alone (``الهجوم``، ``منذ اغتيال الحريري``), which names
    an event the article has already introduced, or a background one.
    """
    for word in reversed(near):  # وقع الهجوم، تعرضت قوات الأمن لهجوم: within the clause
        if word in CLAUSE_BREAKS:
            break
        if _strip_conjunction(word) in OCCURRENCE_VERBS:
            return True
    if after and after[0].text in OCCURRENCE_VERBS:
        return True
    word = _strip_conjunction(matched)
    if word[:1] in "\u0628\u0644\u0643" and not word.startswith(ARTICLE):
        word = word[1:]
    if word.startswith(ARTICLE) or word.startswith("\u0644"):  # الهجوم، للهجوم (لل)
        return False
    if _strip_conjunction(matched).startswith("\u0644"):  # لزيارة، لهجوم: a purpose
        return False
    if not after or after[0].text in CLAUSE_BREAKS:
        return True
    following = after[0]
    in_construct = following.text.startswith(ARTICLE) and not _is_nisba(following.text)
    return (
        not in_construct and mentions.window(following.start, following.end).at(following) is None
    )


def _irrealis(near: list[str], cue: Cue) -> bool:
    """``محاولة اغتيال``، ``لمنع الهجوم``، ``أن ينفجر الوضع``، ``قد يهاجم``: not a fact."""
    if not near:
        return False
    last = _strip_conjunction(near[-1])
    if last in IRREALIS_BEFORE:
        return True
    if last in RELATIVES and cue.agreement in ("s", "p"):
        return True  # الهجوم الذي استهدف السفارة، المتظاهرين الذين هتفوا: background
    return cue.tense == "present" and last in SUBJUNCTIVE_BEFORE


def _agent_phrase(
    tokens: list[_Token],
    i: int,
    lexicon: EventLexicon,
    mentions: _Nearby,
) -> _Mention | None:
    """An agent noun phrase starting at ``tokens[i]``: ``مسلحون``، ``قوات الأمن``،
    ``آلاف المتظاهرين``، ``الشرطة الإسرائيلية`` (a nisba adjective is taken, an object is not)."""
    word = tokens[i].text
    bare = word[1:] if word[:1] in "\u0628\u0644" and word[1:] in lexicon.agents else word
    if bare not in lexicon.agents and bare not in lexicon.construct_heads:
        return None
    last = i
    if (
        bare in lexicon.construct_heads
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "من"
        and tokens[i + 2].text not in CLAUSE_BREAKS
    ):
        # عدد من الشبان، عشرات من أعضاء الحزب: the partitive is the group.
        inner = _candidate(tokens, i + 2, lexicon, mentions)
        end = inner.end if inner is not None else tokens[i + 2].end
        return _Mention(tokens[i].start, end, "", "AGENT")
    if bare in lexicon.construct_heads and i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if nxt.text in _QUOTE_TOKENS and i + 2 < len(tokens):
            quoted = mentions.at(tokens[i + 2])  # منظمة «هيومن رايتس ووتش»: the quoted name
            if quoted is not None:
                return _Mention(tokens[i].start, quoted.end, "", "AGENT")
        if nxt.text not in CLAUSE_BREAKS and not nxt.text.isdigit():
            last = i + 1
            mention = mentions.at(nxt)
            if mention is not None:  # قوات النظام السوري، جيش الاحتلال الإسرائيلي
                return _Mention(tokens[i].start, max(mention.end, nxt.end), "", "AGENT")
    if last == i and bare not in lexicon.agents:
        return None  # a construct head without its complement (منظمة «…») names no one
    if last + 1 < len(tokens):
        word_after = tokens[last + 1].text
        same_definiteness = word_after.startswith(ARTICLE) == tokens[last].text.startswith(ARTICLE)
        if _is_nisba(word_after) or (word_after in lexicon.agents and same_definiteness):
            last += 1  # الشرطة الإسرائيلية، مسلحون مجهولون
    return _Mention(tokens[i].start, tokens[last].end, "", "AGENT")


def _is_nisba(word: str) -> bool:
    """A definite relational adjective (الإسرائيلية، السوري، الأمريكيين)."""
    return word.startswith(ARTICLE) and len(word) > 4 and word.endswith(("ي", "يه", "يين", "يون"))


def _candidate(
    tokens: list[_Token],
    i: int,
    lexicon: EventLexicon,
    mentions: _Nearby,
) -> _Mention | None:
    mention = mentions.at(tokens[i])
    agent = _agent_phrase(tokens, i, lexicon, mentions)
    if agent is not None and (mention is None or agent.end > mention.end):
        # A title before a name (وزير الخارجية سيرغي لافروف): the name is the actor.
        following = [t for t in tokens[i + 1 :] if t.start >= agent.end][:1]
        named = mentions.at(following[0]) if following else None
        if named is not None and named.label in ("PER", "SPEAKER"):
            return named
        return agent
    return mention


def _roles(
    cue: Cue,
    before: list[_Token],
    after: list[_Token],
    mentions: _Nearby,
    lexicon: EventLexicon,
) -> tuple[_Mention | None, _Mention | None]:
    """Actor and target of one cue (see the module docstring for the rules)."""
    if cue.agreement not in ("s", "p"):
        # A nominal cue: the genitive after it may be the agent or the patient; a target only
        # after على/ضد/بحق, an actor or a target only from a light verb before it.
        found, index = _first_after(after, lexicon, mentions)
        target = None
        if found is not None and index > 0 and after[index - 1].text in {"علي", "ضد", "بحق"}:
            target = found
        agent, sufferer = _light_verb_roles(_clause_before(before), lexicon, mentions)
        return agent, sufferer or target
    clause = _clause_before(before)
    prior = _subject_before(clause, lexicon, mentions)
    subject, subject_index = _subject_after(after, lexicon, mentions)
    violent = cue.root in PATIENT_PRONE_ROOTS
    if subject is not None and violent and _victim_like(subject, after, subject_index):
        subject = None  # قتل 4 جنود، قتل محمد الضيف: the passive reading (a victim)
    actor: _Mention | None
    if cue.agreement == "p" or (prior is not None and prior[1]) or subject is None:
        actor = prior[0] if prior else None
        rest = after
    else:
        actor = subject
        rest = [t for t in after if t.start >= subject.end]
    if cue.root == PROTEST_ROOT:
        return actor, _protest_target(rest, lexicon, mentions)
    target, _ = _first_after(rest, lexicon, mentions)
    if target is None and violent and not cue.objects:
        target = _object_phrase(rest)
    if actor is not None and target is not None and actor.start == target.start:
        target = None
    return actor, target


def _protest_target(
    after: list[_Token], lexicon: EventLexicon, mentions: _Nearby
) -> _Mention | None:
    """Protest verbs are intransitive: a target only after ``ضد`` (تظاهروا ضد الحكومة)."""
    for i, token in enumerate(after[:-1]):
        if token.text in CLAUSE_BREAKS:
            return None
        if token.text == "ضد":
            return _candidate(after, i + 1, lexicon, mentions)
    return None


def _is_number(word: str) -> bool:
    return word.isdigit() or word in NUMBER_WORDS


def _light_verb_roles(
    clause: list[_Token], lexicon: EventLexicon, mentions: _Nearby
) -> tuple[_Mention | None, _Mention | None]:
    """``نفذ جيش المهدي هجوما``، ``نظم المتظاهرون اعتصاما``: the light verb's subject is the
    actor; ``تعرضت القافلة لهجوم``: it is the target. Only a subject filling the words between
    the verb and the noun counts."""
    for k in range(len(clause) - 1, max(-1, len(clause) - 1 - _NOMINAL_WORDS), -1):
        word = _strip_conjunction(clause[k].text)
        agentive = word in AGENTIVE_LIGHT_VERBS
        if not agentive and word not in SUFFERING_LIGHT_VERBS:
            continue
        rest = [t for t in clause[k + 1 :] if t.text not in TIME_WORDS and t.text not in _TIME_GLUE]
        if not rest:
            return None, None
        candidate = _candidate(rest, 0, lexicon, mentions)
        if candidate is None or candidate.end < rest[-1].end:
            return None, None
        return (candidate, None) if agentive else (None, candidate)
    return None, None


def _victim_like(subject: _Mention, after: list[_Token], index: int) -> bool:
    """A person, or a counted group (4 جنود، عشرات الفلسطينيين), right after a violent verb."""
    if subject.label == "PER":
        return True
    return index > 0 and (after[index - 1].text.isdigit() or after[index - 1].text in NUMBER_WORDS)


def _governed(clause: list[_Token], i: int, candidate: _Mention, lexicon: EventLexicon) -> bool:
    """Whether the candidate at ``clause[i]`` sits after a preposition (``في بغداد``) or carries
    a ب/ل proclitic (``بالتنظيم``، ``للعراق``), so it cannot be a subject. A name spelled with
    that letter (``لبنان``، ``بغداد``، ``لجنة``) is not a proclitic."""
    if i > 0 and clause[i - 1].text in PREPOSITIONS:
        return True
    word = clause[i].text
    if word[:1] not in "\u0628\u0644":
        return False
    if candidate.label == "AGENT":
        rest = ARTICLE + word[2:] if word.startswith(LAM + LAM) else word[1:]  # لل → ال
        return rest in lexicon.agents or rest in lexicon.construct_heads
    if candidate.start > clause[i].start:
        return True  # the entity starts after the clitic
    return not normalise(candidate.value).startswith(word[0])


def _subject_before(
    clause: list[_Token], lexicon: EventLexicon, mentions: _Nearby
) -> tuple[_Mention, bool] | None:
    """The nearest candidate before the cue in its clause not governed by a preposition, and
    whether it is adjacent to the cue (``الشرطة اعتقلت``، ``روسيا قد هاجمت``)."""
    best: tuple[_Mention, int] | None = None
    i = 0
    while i < len(clause):
        candidate = _candidate(clause, i, lexicon, mentions)
        if candidate is None:
            i += 1
            continue
        last = i
        while last + 1 < len(clause) and clause[last + 1].start < candidate.end:
            last += 1
        if not _governed(clause, i, candidate, lexicon):
            best = (candidate, last)
        i = last + 1  # مسلحين مجهولين is one phrase, not two candidates
    if best is None:
        return None
    candidate, last = best
    gap = len(clause) - 1 - last
    return candidate, gap <= 1


def _subject_after(
    after: list[_Token], lexicon: EventLexicon, mentions: _Nearby
) -> tuple[_Mention | None, int]:
    """A subject right after a verb (VSO), past time words and numbers only."""
    for i, token in enumerate(after):
        word = token.text
        candidate = _candidate(after, i, lexicon, mentions)
        if candidate is not None:
            return candidate, i
        if word in TIME_WORDS or word in NUMBER_WORDS or word.isdigit() or word in _TIME_GLUE:
            continue
        if word == "من" and i + 1 < len(after) and after[i + 1].text == "امس":
            continue  # اول من امس
        return None, i
    return None, len(after)


def _first_after(
    after: list[_Token],
    lexicon: EventLexicon,
    mentions: _Nearby,
) -> tuple[_Mention | None, int]:
    """The first candidate after the cue in its clause (past time words, numbers and
    connecting prepositions, at most two other words)."""
    others = 0
    for i, token in enumerate(after):
        word = token.text
        if word in CLAUSE_BREAKS or word in COMPLEMENTIZERS or word in RELATIVES:
            return None, i
        candidate = _candidate(after, i, lexicon, mentions)
        if candidate is not None:
            if candidate.label == "AGENT" and i > 0 and _is_number(after[i - 1].text):
                candidate = _Mention(after[i - 1].start, candidate.end, "", "AGENT")  # ثلاثة شبان
            return candidate, i
        if word in TIME_WORDS or word in _CONNECTOR_PREPOSITIONS or word.isdigit():
            continue
        others += 1
        if others > 2:
            return None, i
    return None, len(after)


def _object_phrase(after: list[_Token]) -> _Mention | None:
    """The direct object after a violent verb (and its subject): ``مصورا فرنسيا``،
    ``18 شخصا``، ``نقيب الصيادلة``; ``None`` when a preposition or a break comes first."""
    i = 0
    while i < len(after) and (after[i].text in TIME_WORDS or after[i].text in _TIME_GLUE):
        i += 1
    if i >= len(after):
        return None
    first = after[i]
    if (
        first.text in CLAUSE_BREAKS
        or first.text in PREPOSITIONS
        or first.text in COMPLEMENTIZERS
        or first.text in RELATIVES
        or first.text in NON_OBJECT_WORDS
        or not first.text[:1].isalnum()
    ):
        return None
    last = i
    if (first.text.isdigit() or first.text in NUMBER_WORDS) and i + 1 < len(after):
        last = i + 1  # 18 شخصا، عشرات الفلسطينيين
    if last + 1 < len(after):
        nxt = after[last + 1].text
        head = after[last].text
        construct = not head.startswith(ARTICLE) and nxt.startswith(ARTICLE)
        if (construct or _is_nisba(nxt) or _indefinite_adjective(head, nxt)) and nxt[:1].isalpha():
            last += 1
    if not after[last].text[:1].isalnum():
        return None
    return _Mention(first.start, after[last].end, "", "OBJECT")


def _indefinite_adjective(head: str, word: str) -> bool:
    """``مصورا فرنسيا``، ``مدنيين أفغانيين``: an indefinite nisba after an indefinite noun."""
    if head.startswith(ARTICLE) or word.startswith(ARTICLE):
        return False
    return word.endswith(("يا", "يه", "يين", "يون", "ي")) and len(word) > 3
