"""Find reported speech in an article body: direct, mixed and indirect quotations.

One pass builds the evidence (:mod:`evidence`: normalised tokens with original offsets, paired
quotation marks, cue words, persons named in the text); a second pass, here, walks the cues and
quoted spans in text order, keeping the current speaker so that ``وأضاف`` (a cue without a
subject) and quotes without a cue continue the last source. Rules are those of Arabic news
reporting in general:

- cue (+ subject) + أن/إن + clause → indirect, to the clause end (sentence end, or the next
  reported-speech construction: a participle مشيرا, a new cue, ``، فيما``);
- cue (+ subject) [+ أن] + “…” → direct; أن + words + “…” → mixed;
- cue (+ subject) + ``:`` + words → direct speech to the clause end;
- ``بحسب X، …`` / ``وبحسب X فإن …`` → indirect attributed to X; ``نقل X عن Y`` → Y speaks;
- “…” (≥ 5 words) without a cue continues the current speaker; “…”، هذا ما قاله X → X;
- ``…، بحسب مصادر`` / ``…، على حد قوله`` → a trailing attribution of the clause before it.

Speakers (:mod:`speakers`) resolve to the fullest name printed in the article; a cue without a
subject continues the sentence's subject, then the current speaker, unless the verb's gender or
number rules that speaker out (``وقالت … وأضاف``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise
from khabar.model import Entity, Quote, QuoteKind

from .entity_spans import EntitySpans
from .evidence import (
    MIN_QUOTED_WORDS,
    NARRATOR_TURNS,
    Evidence,
    attribution_head,
    attribution_heads,
    attribution_lemma,
    b_prefixed,
    gather,
)
from .lexicon import Cue, Lexicon, lexicon, word_list
from .records import new_quote
from .speakers import (
    ORGANISATION_HEADS,
    Speaker,
    ali_before_name,
    find_name,
    first_person_verbs,
    is_given_name,
    is_outlet_addressee,
    is_source_adjective,
    name_run,
    noun_phrase_end,
    phrase_genders,
    speaker_from_phrase,
    statement_nouns,
)
from .tokens import (
    ARGUMENT_PREPOSITIONS,
    COMPLEMENTIZERS,
    OPENER_HEADS,
    PREPOSITIONS,
    RELATIVES,
    SENTENCE_END,
    TIME_WORDS,
)
from .tokens import count_words as _count_words  # words among tokens: no punctuation, marks,
from .tokens import has_words as _has_words  # newlines (compiled: a code-point table test)

MAX_ZONE: Final = 40  # tokens between a finite cue and the start of what was said
MAX_PARTICIPLE_ZONE: Final = 6
ADJUNCT_WORDS: Final = 16  # words of adjuncts allowed after the subject (more after each comma)
MIN_UNCUED_WORDS: Final = 5  # a quoted span with no cue must look like a statement
MAX_TITLE_WORDS: Final = 7  # longer quoted spans are not names of works or events
MAX_NAME_WORDS: Final = (
    8  # a quotation after نادي، بعنوان … longer than this, with clauses, is speech
)
OVERLAP_NEIGHBOURS: Final = 8  # kept quotes checked for overlap (quotes rarely nest deeper)
RECENT_SPEAKERS: Final = 4  # how far back a gender/number mismatch looks for the speaker
MIN_CLAUSE_WORDS: Final = 2
NARRATOR_WORDS: Final = 4  # words before a cue where a hadith's narrator may stand
CITATION_WORDS: Final = 6  # words after a cue where its formula stands (يقول رسول الله صلى …)
DESCRIPTION_WORDS: Final = 3  # "واصفا الوضع بأنه خطير جدا": at most this many, a description
POST_CUE_WINDOW: Final = 4
APPOSITION_WINDOW: Final = 6  # tokens from a title to the dash/comma before its apposed name
SUFFIXED_ZONE: Final = 8  # tokens from "واعتبره" to the "، وأن" clause it coordinates
# "، وإن كان …" is concessive ("even if"), not a reported clause (normalised).
_CONCESSIVE_NEXT: Final = frozenset({"كان", "كانت", "كانوا", "لم", "بدا"})
LATE_ZONE: Final = 30  # tokens past the adjunct room still searched for the cue's أن-complement
# Clause links that end the subject's sentence part: a new statement follows them.
# The noun of "حسب قوله"، "على حد تعبيره": the speaker's own words, said of a clause.
_OWN_WORDS: Final = frozenset(
    {"قوله", "قولها", "قولهم", "تعبيره", "تعبيرها", "تعبيرهم", "وصفه", "وصفها", "وصفهم"}
)
_ANNA_SUFFIXED: Final = frozenset({"انه", "انها", "انهم", "انهما"})
_LATE_STOPS: Final = frozenset({"فيما", "بينما", "وبينما", "حيث", "كما", "لكن", "ولكن", "الا"})
# "إلا أن"، "غير أن" (normalised): "however", a main clause after a concession, no complement.
_CONTRASTIVE_BEFORE_ANNA: Final = frozenset({"الا", "غير"})


@dataclass(slots=True)
class _Content:
    """What a cue introduces: token span [first, last] of the reported content and its form."""

    kind: QuoteKind
    first: int
    last: int
    char_start: int | None = None  # a content start inside a token (بالخطوة → الخطوة)
    late: bool = False  # found past a long adjunct: names inside that adjunct are not the source

    # An explicit __init__ (the dataclass keeps it): the compiled build then constructs the
    # record natively; the generated one is interpreted, ~6x the cost (tests check the two
    # stay alike: same parameters, same defaults, in field order).
    def __init__(
        self,
        kind: QuoteKind,
        first: int,
        last: int,
        char_start: int | None = None,
        late: bool = False,
    ) -> None:
        self.kind = kind
        self.first = first
        self.last = last
        self.char_start = char_start
        self.late = late


def find_quotes(text: str, entities: Sequence[Entity] = ()) -> list[Quote]:
    """All quotations in ``text``, in text order; ``text[q.start:q.end] == q.text``.

    >>> quotes = find_quotes("وقال الوزير أحمد سالم إن الخطة ناجحة.")
    >>> [(q.text, q.kind, q.cue, q.speaker) for q in quotes]
    [('الخطة ناجحة', 'indirect', 'قال', 'أحمد سالم')]
    """
    if not text.strip():
        return []
    evidence = gather(text, entities)
    return _Walker(evidence).run()


class _Walker:
    """Walks cues and quotations in text order, carrying the current speaker."""

    def __init__(self, evidence: Evidence) -> None:
        self.ev = evidence
        self.words = evidence.tokens.words
        self.n = len(self.words)
        self.current: Speaker | None = None
        self.consumed_pairs: set[int] = set()
        self.consumed_cues: set[int] = set()
        self.sentence_speaker: dict[int, Speaker] = {}  # sentence start → speaker of a cue in it
        self.quotes: list[Quote] = []
        self.contents: dict[int, tuple[_Content, int, int]] = {}  # cue → content, subject span
        self.breaks: set[int] = set()
        self._sorted_breaks: list[int] | None = None  # the breaks, sorted once planning is done
        self.topics: dict[int, tuple[int, int]] = {}  # cue without content → its subject span
        words = self.words
        # Opening mark → words inside the quotation (every pair is asked about, most twice).
        self._sizes: dict[int, int] = {
            first: _count_words(words, first + 1, last)
            for first, last in evidence.pair_close.items()
        }
        self._pair_opens = sorted(evidence.pair_close)  # for range lookups by bisection
        self.history: list[Speaker] = []  # speakers in the order they spoke
        self._starts: list[int] = []  # kept quotes' starts, sorted, and their ends alongside
        self._ends: list[int] = []
        self.relayed_unknown: set[str] = set()  # relayed sources whose relayer's gender is unknown
        self.unremembered: set[int] = set()  # cues whose speaker does not speak on after them
        self._entity_spans: EntitySpans | None = None
        # "…، وكان المتحدث باسم X قد انتقد …" cutting the last clause built: the new subject
        # (the كان token, its speaker), who speaks on after that quotation.
        self.turn_subject: tuple[int, Speaker] | None = None

    def run(self) -> list[Quote]:
        self._plan_cues()
        fronts = set(self._front_attributions())
        trailing = set(self._trailing_attributions())
        subjects = self._sentence_subjects()
        events = sorted(
            set(self.contents)
            | set(self.ev.pair_close)
            | set(self.topics)
            | fronts
            | trailing
            | set(subjects)
        )
        for index in events:
            if index in subjects:
                # The subject of a sentence's verb is who a later "وأكد أن …" continues.
                self._remember(index, subjects[index])
            if index in fronts:
                self._emit_front_attribution(index)
            elif index in trailing:
                # "…، حسب مصدر عسكري. وأوضح أن …": the source speaks on.
                self._emit_trailing_attribution(index)
            elif index in self.topics and index not in self.consumed_cues:
                self._topic(index)
            elif index in self.contents and index not in self.consumed_cues:
                self._emit_cue(index)
            elif index in self.ev.pair_close and index not in self.consumed_pairs:
                self._emit_uncued_quote(index)
        self.quotes.sort(key=lambda q: (q.start, q.end))
        return _dedupe(self.quotes)

    # -- planning: which cues introduce content, and where clauses must end -------------------

    def _plan_cues(self) -> None:
        # One pass over the hits for the narrator's turns (في، فيما) and the participles.
        seen = self.ev.hits_in(_turns_and_participles())
        turns = [i for i in seen if self.words[i] in NARRATOR_TURNS]
        self._add_colon_cues()
        self._add_separated_participles([i for i in seen if self.words[i] not in NARRATOR_TURNS])
        cues = self.ev.cues
        for index in [i for i, cue in cues.items() if cue.form == "participle" and i > 0]:
            if is_source_adjective(self.words, index, self.ev.lex):
                del cues[index]  # "علمت من مصادر مؤكدة أن …": مؤكدة describes the sources
        for index in [i for i in cues if i > 0 and self.words[i - 1] in _NEGATING_NOUNS]:
            del cues[index]  # "فضل عدم ذكر اسمه": a verbal noun, no one reports here
        # Participles first: a finite cue's zone may run over a participle that says nothing.
        ordered = sorted(self.ev.cues.items(), key=lambda item: item[1].form != "participle")
        for index, cue in ordered:
            planned = self._content_of(index, cue)
            if planned is not None:
                self.contents[index] = planned
            elif cue.form == "finite" and self._opens_statement(index):
                # "كشف اللواء X عن …": no reported clause, but X becomes the current source.
                first = self._past_addressee(index + 1, min(self.n, index + 1 + MAX_ZONE))
                end = self._subject_end(first, min(self.n, first + MAX_ZONE))
                if first > index + 1 and not self._plausible_subject(first, end):
                    end = first
                if end > first:
                    self.topics[index] = (first, end)
        self._drop_embedded_cues()
        self._drop_nested_plural_cues()
        words = self.words
        for index, cue in self.ev.cues.items():
            prefixed = cue.form == "finite" and cue.prefixed
            before = words[index - 1] if index > 0 else ""
            # "، في حين قال إن …" ("whereas"): a new statement, unlike "حين قال" ("when").
            whereas = before == "حين" and index > 1 and words[index - 2] == "في"
            # A cue ends the clause before it only where it opens a statement: "…، وأكد أن"
            # yes, "بعد أن أكد المحافظ" (speech inside the clause) no.
            opening = index in self.contents and (before not in _SUBORDINATORS or whereas)
            # "…، ولكنه أشار إلى …": the same speaker turns to a new statement, even one that
            # reports only a noun phrase.
            turning = (
                cue.form == "finite"
                and before in _PRONOUN_BUT
                and index > 1
                and words[index - 2] in ("\u060c", ",")
            )
            if cue.form == "participle" or opening or prefixed or turning:
                cut = index - 2 if whereas else index - 1 if turning else index
                if opening and not prefixed and not whereas and cue.form == "finite":
                    cut = self._clause_opener_before(index)  # "…، ولكن العفو الدولية تقول"
                while cut > 0 and words[cut - 1] in _CUT_BACK:
                    cut -= 1
                self.breaks.add(cut)
        for i in turns:
            # "، فيما خلص المؤتمر …"، "، في إشارة إلى …": the narrator takes over again.
            if 0 < i < self.n - 1 and words[i - 1] in ("،", ","):
                if words[i] == "فيما" or words[i + 1] == "اشاره":
                    self.breaks.add(i - 1)

    def _turn_before(self, first: int, end: int) -> int:
        """The clause ``[first, end)`` cut at a comma turn inside it, or ``end``: "، أما …"
        (a new topic; the hamza tells it from إما "either", which folds the same), "، دون
        أن يذكر …" (the narrator's remark on what was not said), "، معلنة …" (a feminine
        participle the lexicon keeps out of the cues). Only the few clauses that become
        quotations are looked at: their commas, found by one-character searches."""
        tokens = self.ev.tokens
        original = tokens.original
        finish = tokens.starts[end - 1]
        words = self.words
        at = original.find("\u060c", tokens.starts[first], finish)
        while at != -1:
            k = bisect_left(tokens.starts, at)  # the comma token
            turn = words[k + 1] if k + 1 < self.n else ""
            if (turn in _TURNS or turn in _comment_participles()) and words[k] == "\u060c":
                if turn == "اما":
                    if original[tokens.starts[k + 1]] == "\u0623":  # أما, not إما
                        return k
                elif turn == "دون":
                    after = words[k + 3] if k + 3 < self.n and words[k + 2] == "ان" else ""
                    unsaid = self.ev.lex.cues.get(after)
                    if after in _UNSAID or (unsaid is not None and unsaid.form == "finite"):
                        return k
                elif turn == "الا":
                    if self._declined_after(k + 2):
                        return k
                else:
                    return k
            elif turn in _KANA_TURNS and words[k] == "\u060c":
                subject = self._kana_clause_subject(k + 1)
                if subject is not None:
                    self.turn_subject = (k + 1, subject)
                    return k
                if self._points_back(k + 2):
                    return k  # "…، وكانت تلك التصريحات …": the narrator on the statement
            elif turn == "وقد" and words[k] == "\u060c" and self._points_back(k + 3):
                return k  # "…، وقد تزامن هذا الكلام مع …": the narrator on the statement
            elif turn == "مع" and words[k] == "\u060c" and self._aside_after(k + 2):
                return k  # "…، مع العلم أن القرار صادر منذ عامين": the narrator's aside
            at = original.find("\u060c", at + 1, finish)
        return end

    def _aside_after(self, k: int) -> bool:
        """Whether tokens from ``k`` read "العلم أن/بأن" (after "، مع"): "bearing in mind
        that", the journalist's note on the report, no part of it."""
        words = self.words
        return (
            k + 1 < self.n
            and words[k] == "العلم"
            and (words[k + 1] in COMPLEMENTIZERS or words[k + 1] == "ب")
        )

    def _points_back(self, k: int) -> bool:
        """Whether tokens from ``k`` read "هذا/هذه/تلك + a noun for a statement" (هذا الكلام،
        تلك التصريحات، هذا الموقف): the narrator pointing back at what was just reported."""
        words = self.words
        return k + 1 < self.n and words[k] in _POINTING and words[k + 1] in _statement_referents()

    def _kana_clause_subject(self, k: int) -> Speaker | None:
        """The source that opens a pluperfect clause at ``k`` ("وكان المتحدث باسم الكرملين قد
        انتقد …"): a new main clause with its own subject, the narrator's, no part of what the
        speaker before said; ``None`` unless a plausible source stands between كان and قد."""
        ev = self.ev
        first = k + 1
        end = noun_phrase_end(ev.tokens, first, min(self.n, first + KANA_SUBJECT_WORDS), ev.lex)
        if end <= first or end >= self.n or self.words[end] != "قد":
            return None
        spoken = self._plausible(speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex))
        if spoken is None:
            return None
        spoken = self._with_entity(spoken)
        return spoken if spoken.person is not None or spoken.source_like else None

    def _declined_after(self, k: int) -> bool:
        """Whether tokens from ``k`` read "أنه رفض …"، "أنها امتنعت …"، "أنه لم يحدد …": after
        "، إلا" the narrator says what the speaker declined to say (no reported content)."""
        words = self.words
        if k + 1 >= self.n or words[k] not in _ANNA_SUFFIXED:
            return False
        verb = words[k + 1]
        if verb in _DECLINED:
            return True
        if verb != "لم" or k + 2 >= self.n:
            return False
        unsaid = self.ev.lex.cues.get(words[k + 2])
        return words[k + 2] in _UNSAID or (unsaid is not None and unsaid.form == "finite")

    def _add_colon_cues(self) -> None:
        """ "وزاد: …"، "واستطرد: …": verbs that report speech only right before a colon
        (elsewhere زاد is "increased") become cues there; their speaker is the current one.
        One-character searches find the colons; the word before each is read off the folded
        text, and only a colon verb's token index is counted."""
        ev = self.ev
        folded = ev.tokens.folded
        verbs = _colon_cues()
        at = folded.find(":", 1)  # one character: a memchr-speed search
        while at != -1:
            if folded[at - 1] != " ":
                at = folded.find(":", at + 1)
                continue  # "10:30": no colon token
            at -= 1  # the space before the colon token
            word = folded[folded.rfind(" ", 0, at) + 1 : at]
            prefixed = word[:1] in ("و", "ف") and word[1:] in verbs
            lemma = verbs.get(word[1:] if prefixed else word)
            if lemma is not None:
                index = folded.count(" ", 0, at)  # the verb's token index
                if index not in ev.cues and not ev.quoted[index]:
                    stem = word[1:] if prefixed else word
                    gender = "f" if stem == lemma + "ت" else "p" if stem.endswith("وا") else "m"
                    ev.cues[index] = Cue(lemma, "finite", "say", gender, prefixed)
            at = folded.find(":", at + 2)

    def _add_separated_participles(self, participles: list[int]) -> None:
        """ "…، معتبرا في الوقت نفسه أن …": a participle cue that an adverbial phrase keeps
        from its complement (no comma before it) still reports a new statement; so does one
        whose object stands before its بأن ("… واصفا الانفجار بأنه …"). ``participles``:
        where participle forms of the reporting verbs stand."""
        ev = self.ev
        words = self.words
        n = self.n
        adverbials = _participle_adverbials()
        for index in participles:
            if index in ev.cues or ev.quoted[index] or index + 3 >= n:
                continue
            separated = (words[index + 2] in _BI_ANNA and words[index + 1][0].isalnum()) or (
                words[index + 1] == "في" and tuple(words[index + 1 : index + 4]) in adverbials
            )
            if separated:
                ev.cues[index] = ev.lex.cues[words[index]]

    def _drop_embedded_cues(self) -> None:
        """A cue inside another cue's أن-clause, after that clause's subject, is part of the
        reported content: "وأضاف الوزير أن الرئيس أكد ضرورة …" is one statement of the
        minister's, not a new one by "ضرورة"."""
        words = self.words
        opened = {
            planned[0].first - 1
            for planned in self.contents.values()
            if planned[0].kind != "direct"
        }
        for index in [i for i in self.contents if self.ev.cues[i].form == "finite"]:
            if self.ev.cues[index].prefixed:
                continue
            k = index - 1
            while k >= 0 and index - k <= 5 and words[k][0].isalnum() and k not in opened:
                k -= 1
            if k >= 0 and k < index - 1 and k in opened and words[k] in COMPLEMENTIZERS:
                del self.contents[index]

    def _drop_nested_plural_cues(self) -> None:
        """ "لفت المبعوث إلى أن الحوثيين يؤكدون …، وقد أعلنوا أنه …": a plural verb with no
        subject inside a singular source's reported clause tells what that clause's plural
        subject said: it is part of the same statement, not a new one (وقالوا at a sentence
        start, with its و, is)."""
        ev = self.ev
        words = self.words
        nested = [
            index
            for index in self.contents
            if ev.cues[index].gender == "p"
            and ev.cues[index].form == "finite"
            and not ev.cues[index].prefixed
            and words[index - 1] in _NESTING_PARTICLES
        ]
        if not nested:
            return  # the common case: no "، وقد أعلنوا" at all
        clauses = sorted(
            (planned[0].first, cue_index)
            for cue_index, planned in self.contents.items()
            if planned[0].kind != "direct"
            and ev.cues[cue_index].gender != "p"
            and (
                planned[2] <= planned[1]  # no subject: the current (singular) speaker
                or "p" not in phrase_genders(ev.tokens, planned[1], planned[2] - 1, ev.lex)
            )
        )
        if not clauses:
            return
        firsts = [first for first, _ in clauses]
        for index in nested:
            _, subject_first, subject_end = self.contents[index]
            if subject_end > subject_first:
                continue
            at = bisect_left(firsts, index) - 1
            if at >= 0 and ev.sentence_start[firsts[at]] == ev.sentence_start[index]:
                del self.contents[index]

    def _words_before_comma(self, first: int) -> int:
        """Words from ``first`` to the next comma or sentence end, counted up to one more
        than :data:`DESCRIPTION_WORDS` (enough to tell a clause from a description)."""
        words = self.words
        found = 0
        for k in range(first, min(self.n, first + 2 * DESCRIPTION_WORDS + 2)):
            word = words[k]
            if word in SENTENCE_END or word == "\u060c" or word == ",":
                break
            if word[0].isalnum():
                found += 1
                if found > DESCRIPTION_WORDS:
                    break
        return found

    def _complement_after_comma(self, k: int, limit: int) -> bool:
        """Whether what was said starts right after one of the next two commas from token
        ``k`` on, in the same sentence ("يرى مانويل فالس، رئيس الوزراء الفرنسي، أن …": after
        an apposition)."""
        words = self.words
        commas = 0
        for j in range(k, min(self.n, limit)):
            word = words[j]
            if word in SENTENCE_END:
                return False
            if word == "\u060c" or word == ",":
                if self._complement_at(j + 1):
                    return True
                commas += 1
                if commas == 2:
                    return False
        return False

    def _pronoun_written(self, k: int) -> bool:
        """Whether token ``k`` ends in a written pronoun ه (حديثه "his talk"), not the ة of a
        feminine (حديثة "recent"), which the normalised spelling folds together."""
        tokens = self.ev.tokens
        return tokens.original[tokens.ends[k] - 1] != "\u0629"

    def _narrator_start(self, index: int) -> int:
        """Where the words right before ``index`` start (at most :data:`NARRATOR_WORDS`, after
        one colon, back to punctuation): the narrator of a hadith ("عن ابن عباس رضي الله عنهما
        قال") or the verse's reference ("في قوله تعالى:") stands there."""
        words = self.words
        k = index
        if k > 0 and words[k - 1] == ":":
            k -= 1
        while k > 0 and index - k <= NARRATOR_WORDS and words[k - 1][0].isalnum():
            k -= 1
        return k

    def _cites_scripture(self, first: int, end: int) -> bool:
        """Whether a religious formula (``citation_formulae.txt``: تعالى، عز وجل، صلى الله
        عليه وسلم، رضي الله عنه …) stands in tokens ``[first, end)``."""
        words = self.words
        formulae = _citation_formulae()
        for k in range(first, min(end, self.n)):
            for formula in formulae.get(words[k], ()):
                if tuple(words[k : k + len(formula)]) == formula:
                    return True
        return False

    def _complement_at(self, k: int) -> bool:
        """Whether what was said starts at token ``k``: a complementizer, a colon or a
        quotation (the place right after a cue's subject)."""
        return k < self.n and (
            self.words[k] in COMPLEMENTIZERS or self.words[k] == ":" or k in self.ev.pair_close
        )

    def _opens_statement(self, index: int) -> bool:
        """A cue at a sentence start, after a comma, or with و/ف: a verb, not a noun (وصف)."""
        before = self.words[index - 1] if index > 0 else "\n"
        return (
            self.ev.cues[index].prefixed
            or before in SENTENCE_END
            or before in OPENER_HEADS
            or before in ("،", ",", "كما", "فيما", "ثم", ":")  # ":": "الرياض - واس: أكد …"
            or index == self.ev.sentence_start[index]
        )

    def _content_of(self, index: int, cue: Cue) -> tuple[_Content, int, int] | None:
        """The content a cue introduces and the token span of its subject (may be empty)."""
        words = self.words
        n = self.n
        pair_close = self.ev.pair_close
        cues = self.ev.cues
        participle = cue.form == "participle"
        if cue.form == "suffixed":
            return self._coordinated_after_object(index) if cue.prefixed else None
        if cue.lemma == "\u0623\u0628\u0627\u0646" and not cue.prefixed:
            # أبان "explained" only when written with its hamza: إبان / ابان is "during"
            # ("إبان شن هذه الحرب …").
            if self.ev.tokens.original[self.ev.tokens.starts[index]] != "\u0623":
                return None
        limit = min(n, index + 1 + (MAX_PARTICIPLE_ZONE if participle else MAX_ZONE))
        subject_first = index + 1
        if (
            not participle
            and subject_first + 1 < n
            and words[subject_first] in _DASHES
            and (subject_first + 1) not in cues
            and words[subject_first + 1] not in _FORMULAE
        ):
            subject_first += 1  # "وأضاف - حداد - إن …": a subject set off by dashes
        addressed = False
        if not participle:
            past = self._past_addressee(subject_first, limit)
            addressed = past > subject_first
            subject_first = past
        subject_end = subject_first
        if not participle:
            subject_end = self._subject_end(subject_first, limit)
            if addressed and not self._plausible_subject(subject_first, subject_end):
                subject_end = subject_first  # "شرح لـ«الصحيفة» الوضع": the verb's object
            if cue.lemma in _ARGUMENT_OF["ب"]:
                subject_end = self._before_complement(subject_first, subject_end)
            if subject_end > subject_first + 1 and words[subject_first] in _DEMONSTRATIVES:
                subject_first += 1
            # Adjuncts between subject and speech are short; each parenthetical comma adds room.
            limit = min(limit, subject_end + ADJUNCT_WORDS)
        j = subject_end
        if (
            not participle
            and not cue.prefixed
            and subject_end > subject_first
            and _predicate_cue(cue.lemma)
            and not self._complement_at(subject_end)
            and not self._plausible_subject(subject_first, subject_end)
            and not self._complement_after_comma(subject_end, limit)
        ):
            # "الجهاز يعتبر ميزة مفيدة، حيث … كما أن …"، "لهم رأي قاطع في …": a passive or
            # copular verb (يُعتبر "is considered") or a noun (رأي "opinion") whose "subject"
            # is no source: only a complement right after it makes it a report.
            return None
        # "آخر ما كتب الأبنودي قبل رحيله، والثانية هي «…»": "what X wrote" names a thing
        # said elsewhere; its relative clause ends at the comma, what follows is not its content.
        # ("بحسب ما يقول الخبراء، …" is an attribution of what comes before: left as it is.)
        what_clause = (
            not participle
            and not cue.prefixed
            and index > 1
            and words[index - 1] == "ما"
            and attribution_head(words[index - 2]) is None
        )
        if cue.cue_class == "describe":
            return self._described(index, j, limit, subject_first, subject_end)
        if participle and j < n and words[j] in _SPEECH_OPENERS:
            # "مؤكدا إذا لم نتوصل إلى اتفاق …": speech right after the participle, no أن.
            return _Content("indirect", j, j), subject_first, subject_end
        if (
            not participle
            and cue.lemma in _CLAUSE_SAY
            and subject_end > subject_first
            and j < n
            and (words[j] in _FIRST_PERSON_OPENERS or words[j] in first_person_verbs())
        ):
            # "وقال المتحدث … الرائد حسن القصيبي لقد حرص …"، "وقال فهد المرواني نطالب …":
            # speech right after the subject.
            return _Content("indirect", j, j), subject_first, subject_end
        if (
            not participle
            and cue.prefixed
            and cue.lemma in _CLAUSE_SAY
            and subject_end == subject_first
            and j < n
            and (words[j] in _BARE_SPEECH_OPENERS or self._first_person_at(j))
            and not (words[j] == "لا" and self._marked_speech_ahead(j))
        ):
            # "وقال لن نسمح بذلك": no subject, no colon, no mark: first-person or negated
            # speech right after a verb that continues the current speaker.
            return _Content("direct", j, j), subject_first, subject_end
        first_after = True
        while j < limit:
            word = words[j]
            if word in SENTENCE_END:
                clause = self._comma_clause(cue, subject_first, subject_end, j)
                if clause is None:
                    return None
                return _Content("indirect", clause, clause), subject_first, subject_end
            if j in pair_close:
                close = pair_close[j]
                inside = not participle and self._name_before_person(j)
                if (
                    inside
                    or self._sizes[j] < MIN_QUOTED_WORDS
                    or self._is_name_quote(j)
                    or (not participle and self._apposed_quoted_name(j))
                ):
                    if inside and subject_end > subject_first and j - subject_end <= 2:
                        if self._person_at(close + 1):
                            # the person after the body's name is the subject: "مديرة التوظيف
                            # في "باب رزق جميل" رولا باصمد، أن …"
                            subject_first = close + 1
                            subject_end = noun_phrase_end(
                                self.ev.tokens, subject_first, limit, self.ev.lex, pair_close
                            )
                    j = close + 1
                    first_after = False
                    continue
                return _Content("direct", j, close), subject_first, subject_end
            if word == ":":
                return self._after_colon(j + 1), subject_first, subject_end
            if word in COMPLEMENTIZERS:
                if words[j - 1] in _CONTRASTIVE_BEFORE_ANNA:
                    # "وعلى الرغم من نفي الوزير …، إذ وصفها بالأكاذيب، إلا أن هذا النفي لم يكن
                    # كافيا": إلا أن / غير أن is "however", the main clause after a concession,
                    # never the complement of the cue before it.
                    return None
                if self._transfer_not_relay(cue, index, j, subject_first, subject_end):
                    return None
                opened = j + 1
                if opened in pair_close and self._sizes[opened] >= MIN_QUOTED_WORDS:
                    close = pair_close[opened]
                    if self._clause_goes_on(close + 1):
                        # أن “التجويع المتعمد” في الصراع ربما يشكل …: the quoted words open a
                        # clause that goes on after them (mixed), the marks stay out of it.
                        content = _Content(
                            "indirect", opened, opened, char_start=self.ev.tokens.ends[opened]
                        )
                        return content, subject_first, subject_end
                    # قال إن “…”: the complementizer only introduces a verbatim quotation.
                    return _Content("direct", opened, close), subject_first, subject_end
                if cue.lemma in _VOLITIONAL and word == "ان" and opened < n:
                    if _imperfect_like(words[opened]):
                        return None  # "يصر على أن يدخل وحده": a wish (أنْ + verb), not a claim
                return _Content("indirect", j + 1, j + 1), subject_first, subject_end
            if j > index + 1 and j in cues:
                other = cues[j]
                # "واستطردت قائلة “…”": the participle of قال only repeats the cue; "قال مصدر
                # مشددا على أهمية … “…”": a participle without speech of its own is an adjunct.
                repeats = other.form == "participle" and other.lemma == "قال" and j == subject_end
                adjunct = (
                    (other.form == "participle" and j not in self.contents)
                    or (other.form == "suffixed" and not other.prefixed)
                    # "في مؤتمر صحافي نقله التلفزيون، إن …"، "فابيوس الذي اعتبر من
                    # المتشددين … أن …": a relative clause's verb
                    or (
                        # no subject of its own: the relative clause is about our subject
                        other.form == "finite"
                        and not other.prefixed
                        and words[j - 1] in RELATIVES
                        and j + 1 < n
                        and (words[j + 1] in PREPOSITIONS or words[j + 1] in COMPLEMENTIZERS)
                    )
                )
                if not (repeats or (adjunct and not participle)):
                    clause = self._comma_clause(cue, subject_first, subject_end, j)
                    if clause is None:
                        return None
                    return _Content("indirect", clause, clause), subject_first, subject_end
            if first_after and _takes_argument(cue.lemma, word):
                # أكد على ضرورة …، كشف عن وقوع …: a nominal complement, unless speech follows.
                nxt = j + 1
                if nxt < n and (words[nxt] in COMPLEMENTIZERS or words[nxt] == "هامش"):
                    j += 1
                    first_after = False
                    continue
                if nxt < n and nxt in pair_close and self._sizes[nxt] >= 3:
                    close = pair_close[nxt]
                    return _Content("direct", nxt, close), subject_first, subject_end
                if cue.cue_class == "relay" and word == _RELAY_PREPOSITIONS.get(cue.lemma, "عن"):
                    j += 1
                    continue
                return None
            if word == "،" and not participle:
                if what_clause:
                    return None
                limit = min(n, index + 1 + MAX_ZONE, limit + ADJUNCT_WORDS)
            first_after = False
            j += 1
        if participle or j >= n:
            return None
        late = self._late_complement(cue, j)
        if late is None:
            return None
        return _Content("indirect", late, late, late=True), subject_first, subject_end

    def _apposed_quoted_name(self, open_index: int) -> bool:
        """A short quotation opening with a given name and not ending its sentence
        (كشف المبعوث إلى اليمن "إسماعيل ولد الشيخ أحمد"؛ عن …): the name of the subject, set
        in marks as some outlets do, not what was said."""
        if self._sizes[open_index] > MAX_QUOTED_NAME_WORDS:
            return False
        first = open_index + 1
        after = self.ev.pair_close[open_index] + 1
        return (
            is_given_name(self.words[first], self.ev.lex)
            and after < self.n
            and self.words[after] not in SENTENCE_END
        )

    def _name_before_person(self, open_index: int) -> bool:
        """A short quotation inside a cue's subject zone that a person's name or title follows
        (وأوضحت مديرة التوظيف في "بنك الرياض الأول" سارة الحربي، أن …؛ وأعرب رئيس فريق
        "صناع فرص العمل" المهندس خالد …): the name of the body the source works for, set in
        marks as some outlets do; the speech comes after the person, not inside the marks."""
        if open_index == 0 or self._sizes[open_index] > MAX_QUOTED_NAME_WORDS:
            return False
        before = self.words[open_index - 1]
        if not before[0].isalnum() or before in COMPLEMENTIZERS:
            return False  # "قال: «…»"، "أن «…»": speech opens after punctuation or أن
        after = self.ev.pair_close[open_index] + 1
        if after >= self.n:
            return False
        named = self.words[after] in self.ev.lex.titles or self._person_at(after)
        return named and not self._has_clause_comma(open_index)

    def _person_at(self, k: int) -> bool:
        """Whether a person's name (or the honorific before one: المهندس، الدكتور) opens at
        token ``k``: a given name, an honorific or a PER entity."""
        word = self.words[k]
        lex = self.ev.lex
        if is_given_name(word, lex) or word in lex.honorifics:
            return True
        return bool(self.ev.entities) and self._spans().covers(self.ev.tokens.starts[k], _PERSON)

    def _past_addressee(self, first: int, limit: int) -> int:
        """The subject start after the outlet a source spoke to, put before the subject:
        "أوضح لـ\"الاقتصادية\" مسؤول …"، "وقالت لرويترز …" (``first`` when there is none)."""
        words = self.words
        if first >= limit:
            return first
        word = words[first]
        if word == "ل" and first + 1 in self.ev.pair_close:
            after = self.ev.pair_close[first + 1] + 1
            if after - first <= MAX_QUOTED_NAME_WORDS + 3:
                return after
        if is_outlet_addressee(word):
            return first + 1
        if word[0] == "ل" and self._lam_construct(first, limit):
            return first + 2  # "كشف لبرنامج المساء أنه …": لـ + a noun in construct
        return first

    def _lam_construct(self, first: int, limit: int) -> bool:
        """Whether ``لX الY`` at ``first`` (a word in ل) is a لـ-phrase in construct
        (لصحيفة الحياة، لبرنامج المساء): the one a source spoke to, never a subject, which
        takes no preposition. A word the lists know whole (لجنة، لاعب، a name or place) is a
        noun of its own."""
        words = self.words
        word = words[first]
        if len(word) < 4 or first + 1 >= limit:
            return False
        if not words[first + 1].startswith("ال") or word.startswith("لل"):
            return False
        lex = self.ev.lex
        return not (
            word in lex.titles
            or word in lex.source_heads
            or word in lex.honorifics
            or word in lex.places
            or is_given_name(word, lex)
        )

    def _transfer_not_relay(
        self, cue: Cue, index: int, comp: int, subject_first: int, subject_end: int
    ) -> bool:
        """نقل relays only with its عن ("نقلت الوكالة عن مصدر أن …") or a source as subject
        ("نقلت وسائل إعلام أن …"); without both it is the verbal noun or verb "transfer" ("ونقل
        المباريات يساعدنا على …، إن …"، "نقل معاملات البطاقات …"): no report."""
        if cue.lemma != "نقل":
            return False
        words = self.words
        for k in range(index + 1, comp):
            if words[k].startswith("عن"):
                return False
        return not self._plausible_subject(subject_first, subject_end)

    def _plausible_subject(self, first: int, end: int) -> bool:
        """Whether tokens ``[first, end)`` name a plausible source (title, name, source)."""
        if end <= first:
            return False
        ev = self.ev
        spoken = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
        return self._plausible(spoken) is not None

    def _apposed_name_span(self, first: int, end: int) -> Speaker | None:
        """A subject ``[first, end)`` that ends with a quoted name apposed to its title
        (المبعوث الدولي إلى اليمن "إسماعيل ولد الشيخ أحمد"): the name in the marks, whole."""
        close = end - 1
        opens = self._pair_opens
        at = bisect_left(opens, close) - 1
        if close <= first or at < 0 or self.ev.pair_close.get(opens[at]) != close:
            return None
        open_index = opens[at]
        if open_index <= first or not self._apposed_quoted_name(open_index):
            return None
        tokens = self.ev.tokens
        name = tokens.original[tokens.ends[open_index] : tokens.starts[close]].strip()
        title = tokens.original[tokens.starts[first] : tokens.starts[open_index]].strip()
        return Speaker(name, title or None, first, close, None, True)

    def _quoted_name_after(self, end: int, limit: int) -> int | None:
        """The end (after the closing mark) of a quoted name apposed to a subject phrase that
        ends at ``end``, at most a short place phrase away ("إلى اليمن"), or ``None``."""
        words = self.words
        opens = self._pair_opens
        at = bisect_left(opens, end)
        if at == len(opens) or opens[at] > end + QUOTED_NAME_GAP:
            return None  # no quotation opens right after the subject (nearly always)
        for k in range(end, min(limit, end + QUOTED_NAME_GAP + 1)):
            if k in self.ev.pair_close:
                if self._apposed_quoted_name(k):
                    return self.ev.pair_close[k] + 1
                return None
            if not words[k][0].isalnum() or k in self.ev.cues or words[k] in COMPLEMENTIZERS:
                return None
        return None

    def _clause_goes_on(self, after: int) -> bool:
        """Whether the clause goes on with words after a quotation that an أن opened: not a
        sentence end, punctuation, a new cue or an attribution ("، بحسب", "في إشارة إلى")."""
        words = self.words
        if after >= self.n or not words[after][0].isalnum() or after in self.ev.cues:
            return False
        if words[after - 1] in SENTENCE_END:
            return False  # a quotation left open, closed by its paragraph's end
        if words[after] == "في" and after + 1 < self.n and words[after + 1] == "اشاره":
            return False
        return attribution_head(words[after]) is None and words[after] != "علي"

    def _coordinated_after_object(self, index: int) -> tuple[_Content, int, int] | None:
        """A cue like "واعتبره وصمة عار، وأن …", whose object is an attached pronoun reports
        nothing by itself, but a "، وأن" clause right after its short complement is the same
        speaker's statement (the subject is the sentence's, so the subject span is empty)."""
        words = self.words
        if index == 0 or words[index - 1] not in ("،", ","):
            return None  # "، واعتبره": a coordinated verb, not a noun (وطالبه "and his student")
        for j in range(index + 1, min(self.n - 1, index + 1 + SUFFIXED_ZONE)):
            word = words[j]
            if (
                word in SENTENCE_END
                or word == ":"
                or j in self.ev.cues
                or j in self.ev.pair_close
                or self.ev.quoted[j]
            ):
                return None
            if (
                word in COMPLEMENTIZERS
                and word.startswith("و")
                and words[j - 1] in ("،", ",")
                and words[j + 1][0].isalnum()
                and words[j + 1] not in _CONCESSIVE_NEXT
            ):
                return _Content("indirect", j + 1, j + 1), index + 1, index + 1
        return None

    def _late_complement(self, cue: Cue, start: int) -> int | None:
        """The clause start of an أن-complement after a long adjunct, or ``None``.

        "وأوضح المتحدث في تصريح عقب الاجتماع الذي عقد أمس في مقر الوزارة … أن …": news
        prose often puts a long circumstantial phrase between the cue's subject and what was
        said. Past the usual adjunct room only the clearest sign is taken: أن as the cue's own
        complement (bare, or after the cue's argument preposition: شدد … على أن), in the same
        sentence, with no other cue, quotation or clause break in between. A bare أن counts
        only after the comma that closes the adjunct and before a non-verb: without the comma
        (من شأنها أن، بعد أن، يمكن للمنتجات أن) or before an imperfect verb (أن يحفظ) it is
        governed inside the adjunct, not the cue's report.
        """
        words = self.words
        end = min(self.n, start + LATE_ZONE)
        for k in range(start, end):
            word = words[k]
            if (
                word in SENTENCE_END
                or word in _LATE_STOPS
                or word == ":"
                or k in self.ev.cues
                or k in self.ev.pair_close
                or self.ev.quoted[k]
            ):
                return None
            if word in _ANNA_SUFFIXED and k + 1 < self.n:
                # "وأوضح … في كلمة ألقاها بمناسبة …، أنه تم …": أنّ with a pronoun is never
                # governed by a verb; it is the cue's own right after the adjunct's closing
                # comma or after the cue's argument preposition (أشار … إلى أنه). Elsewhere
                # ("، خاصة أنه"، "أو أنهم") a connective governs it: look further.
                before = words[k - 1]
                if before in ("،", ",") or (
                    before in ARGUMENT_PREPOSITIONS and _takes_argument(cue.lemma, before)
                ):
                    return k + 1
                continue
            if word != "ان" or k + 1 >= self.n:
                continue
            if cue.lemma == "قال" and self._hamza_below(k) and words[k + 1][0].isalnum():
                return k + 1  # "وقال عراقجي في مؤتمر … يوم 14 يوليو إن …": قال takes إنّ
            before = words[k - 1]
            if before in ARGUMENT_PREPOSITIONS:
                return k + 1 if _takes_argument(cue.lemma, before) else None
            after = words[k + 1]
            if (
                before not in ("،", ",")
                and after.startswith("ال")
                and before not in _GOVERNORS
                and RELATIVES.isdisjoint(words[start:k])
            ):
                return k + 1  # أنّ + a definite noun: a statement, no verb-governed أنْ
            if before not in ("،", ",") or not after[0].isalnum() or _imperfect_like(after):
                return None  # bare أن is as often governed inside the adjunct (من شأنها أن)
            return k + 1
        return None

    def _marked_speech_ahead(self, k: int) -> bool:
        """Whether the sentence from ``k`` goes on to a colon or a quotation ("وأضاف لا كازيت
        الذي …: «…»"): the speech is there, what comes first is still its frame."""
        words = self.words
        pairs = self.ev.pair_close
        for j in range(k, min(self.n, k + MAX_ZONE)):
            if words[j] == ":" or j in pairs:
                return True
            if words[j] in SENTENCE_END:
                return False
        return False

    def _first_person_at(self, k: int) -> bool:
        """Whether token ``k`` opens first-person speech (خطتنا هي …، بلادنا لن …): a word in
        نا before a pronoun or particle (a name is followed by أن, إلى, في …), no adverb in
        ـنًا (علنًا) and no short name of a person named earlier (إيرينا، رينا are names)."""
        ev = self.ev
        words = self.words
        if not _first_person_word(words[k], ev.lex) or k + 1 >= self.n:
            return False
        after = words[k + 1]
        if after not in _AFTER_FIRST_PERSON:
            return False
        tokens = ev.tokens
        if "\u064b" in tokens.original[tokens.starts[k] : tokens.ends[k]]:
            return False
        return ev.registry.by_short_name((words[k],), k) is None

    def _no_subject_at(self, k: int) -> bool:
        """Whether the word at ``k``, right after a cue, cannot open the cue's subject."""
        word = self.words[k]
        last = word[-1]  # most words end in neither pronoun: one look at the last letter
        if last == "ه" or last == "م":
            return _object_word(word)
        if last == "ا":
            return _object_word(word) if word.endswith("ها") else self._first_person_at(k)
        return False

    def _hamza_verb(self, k: int) -> bool:
        """Whether token ``k`` (normalised ال…) is written أل… in the original and names no
        place: a verb (ألقى، ألمح، ألغى), not a noun with the article."""
        return (
            self.ev.tokens.original[self.ev.tokens.starts[k]] == "\u0623"
            and self.words[k] not in self.ev.lex.places
        )

    def _hamza_below(self, k: int) -> bool:
        """Whether token ``k`` (normalised ان) is written إن in the original: after قال this
        is the complementizer of speech, never the أنْ an adjunct governs."""
        return self.ev.tokens.original[self.ev.tokens.starts[k]] == "\u0625"

    def _comma_clause(self, cue: Cue, subject_first: int, subject_end: int, end: int) -> int | None:
        """ "وقال المتحدث الرسمي فلان، أسفر الحادث عن …": after قال/أضاف and its subject, a
        comma and a whole clause to the sentence end (``end``) with no أن, colon or quotation
        is what was said. An apposed title between two commas ("، رئيس الجمعية،") is skipped.
        The first token of the clause, or ``None``."""
        words = self.words
        if cue.lemma not in _CLAUSE_SAY or subject_end <= subject_first:
            return None
        if subject_end >= end or words[subject_end] not in ("\u060c", ","):
            return None
        if subject_first > 1 and words[subject_first - 2] == "كما":
            return None  # "…، كما أضاف الوزير، لكن …": an as-clause attributes what came before
        ev = self.ev
        spoken = speaker_from_phrase(ev.tokens, subject_first, subject_end, ev.registry, ev.lex)
        if self._plausible(spoken) is None:
            return None  # "أضاف المشروع الجديد قواعد …، …": أضاف "added" something
        first = subject_end + 1
        lex = ev.lex
        if first < end and (words[first] in lex.titles or words[first] in lex.source_heads):
            for k in range(first + 1, min(end, first + APPOSITION_WINDOW)):
                if words[k] in ("\u060c", ","):
                    first = k + 1  # "، رئيس الجمعية، …": the clause starts after the title
                    break
        if first >= end or not words[first][0].isalnum():
            return None
        if words[first] in RELATIVES or words[first] in COMPLEMENTIZERS:
            return None
        if first in ev.cues or ev.quoted[first]:
            return None  # a cue or a quotation of its own starts there
        if not _has_words(words, first, end, MIN_COMMA_CLAUSE_WORDS):
            return None
        return first

    def _before_complement(self, first: int, end: int) -> int:
        """أشاد، رحب، طالب … take بـ: a subject headed by a name ends before the first
        بـ-word after it ("أشاد البياوي بأداء اللاعبين"); a title keeps its بـ-place."""
        lex = self.ev.lex
        head = self.words[first]
        if head in lex.titles or head in lex.honorifics or head in lex.source_heads:
            return end  # "المتحدث الأمني بوزارة الداخلية": a title's own place stays
        for k in range(first + 1, end):
            word = self.words[k]
            if self.ev.quoted[k] or not word[0].isalnum():
                continue
            if word in lex.titles or word in lex.source_heads:
                return end  # "مساعد غالي المتحدث الرسمي بهيئة …": an apposed title's place
            if (
                b_prefixed(word)
                and word != "باسم"
                and not word.endswith(("ي", "يه", "يون", "يين"))  # بريطانية: a nisba
                and not is_given_name(word, lex)
            ):
                return k
        return end

    def _described(
        self, index: int, j: int, limit: int, subject_first: int, subject_end: int
    ) -> tuple[_Content, int, int] | None:
        """واصفا إياها بالخطوة …: the description after بـ is the reported content."""
        words = self.words
        for k in range(j, min(limit, j + 4)):
            word = words[k]
            if word in SENTENCE_END:
                return None
            if (
                word in _BI_ANNA
                and self.ev.cues[index].form == "participle"
                and k + 1 not in self.ev.pair_close  # "بأنها «…»": a quotation, as before
            ):
                # "واصفة البيانات بأنها عبارة عن قطع متناثرة …" (a participle: the noun before
                # بأن is its object): a clause, as after أن; three words or fewer ("بأنه خطير
                # جدا") are a description, not a statement.
                if self._words_before_comma(k + 1) > DESCRIPTION_WORDS:
                    return _Content("indirect", k + 1, k + 1), subject_first, subject_end
                return None
            if (
                word.startswith("ب")
                and len(word) > 3
                and word not in COMPLEMENTIZERS
                and (word.startswith("بال") or words[k - 1] in _IYYA)
            ):
                # "واصفا إياها بخطوة …"، "واصفا القرار بالخطوة …"; not "وصفت حال بيشة" (a name in
                # ب, no preposition: the description would start inside a word).
                start = self.ev.tokens.starts[k] + 1  # after the attached بـ
                content = _Content("indirect", k, k, char_start=start)
                return content, subject_first, subject_end
        return None

    def _subject_end(self, first: int, limit: int) -> int:
        """End of the subject noun phrase right after a finite cue (== first when none)."""
        words = self.words
        if first >= self.n:
            return first
        word = words[first]
        if first in self.ev.pair_close:
            close = self.ev.pair_close[first]
            size = self._sizes[first]
            if size <= 2 or (
                size <= MAX_QUOTED_NAME_WORDS
                and close + 1 < self.n
                and (words[close + 1] in _AFTER_QUOTED_NAME or words[close + 1] in COMPLEMENTIZERS)
            ):
                # «الجمارك»، وقال "ولد الشيخ أحمد": …، وأفادت «الشبكة السورية لحقوق الإنسان»
                # أن …/نقلا عن …: a quoted name as subject
                return close + 1
        ali = ali_before_name(words, first, self.ev.lex)  # "وقال علي حسن": the name, no على
        if not word[0].isalnum() or (word in PREPOSITIONS and not ali) or word in TIME_WORDS:
            return first
        if word == "نقلا":
            return first  # "وأضافت نقلا عنه أن …": a relay adverb, the verb's subject unsaid
        if word in _CIRCUMSTANTIAL:
            return first  # "قالت وهي تحمل باقة من الزهور: …": a حال clause, the subject unsaid
        if word.startswith("ل") and (word.startswith("لل") or word[1:] in _DEMONSTRATIVES):
            return first  # "وتعهدوا لهذه الغاية …": a purpose phrase, not a subject
        if word in _DEMONSTRATIVES and first + 1 < limit and words[first + 1].startswith("ال"):
            first += 1  # "وبين ذلك المدير العام …": the object pronoun before the subject
        if (word in COMPLEMENTIZERS or word in ARGUMENT_PREPOSITIONS) and not ali:
            return first
        if self._no_subject_at(first):
            return first  # "وقال خطتنا …"، "وجدد دعوته …"، "أكد فيها أن …"
        end = noun_phrase_end(self.ev.tokens, first, limit, self.ev.lex, self.ev.pair_close)
        last = words[end - 1] if end - 1 > first else ""
        if is_outlet_addressee(last):
            end -= 1  # "قائد للقوات المناهضة للحوثيين لرويترز": the outlet spoken to
        if end - 1 > first and _object_noun(words[end - 1]) and self._pronoun_written(end - 1):
            end -= 1  # "وتتابع الدكتورة أمل حديثها: …": the verb's object after its subject
        named = self._quoted_name_after(end, limit)
        if named is not None:
            return named  # المبعوث الدولي إلى اليمن "إسماعيل ولد الشيخ أحمد"
        # Apposition: "عضو الوفد، محمود محمد، في …" — the name belongs to the subject.
        if end + 1 < limit and words[end] == "،":
            found = find_name(self.ev.tokens, end + 1, min(limit, end + 6), self.ev.lex)
            if found is not None and found[0] == end + 1:
                after = found[1] + 1
                if after >= self.n or not words[after][0].isalnum() or words[after] in PREPOSITIONS:
                    return after
        return end

    def _after_colon(self, first: int) -> _Content:
        words = self.words
        if first + 2 < self.n and words[first] == "\n" and words[first + 1] in _DASHES:
            # "فقال لافروف …:\n - آمل أن …": a dialogue line under the cue is the speech (a
            # bare next line is not taken: after "قال الشاعر:" it is a verse).
            if words[first + 2][0].isalnum():
                first += 2
        if first < self.n and first in self.ev.pair_close:
            return _Content("direct", first, self.ev.pair_close[first])
        if first < self.n and words[first] in COMPLEMENTIZERS:
            return _Content("indirect", first + 1, first + 1)
        return _Content("direct", first, first, char_start=None)

    # -- clause ends ---------------------------------------------------------------------------

    def _clause_end(self, first: int) -> int:
        """Exclusive token end of the clause starting at ``first``."""
        # Jumps from one landmark to the next (bisection over the sorted sentence ends, clause
        # breaks and quotation openers) instead of a look at every token.
        if self._sorted_breaks is None:
            self._sorted_breaks = sorted(self.breaks)
        ends, breaks, opens = self.ev.sentence_start.ends, self._sorted_breaks, self._pair_opens
        n = self.n
        j = first
        while True:
            at = bisect_left(ends, j)
            stop = ends[at] if at < len(ends) else n
            at = bisect_left(breaks, max(j, first + 1))
            if at < len(breaks) and breaks[at] < stop:
                stop = breaks[at]
            at = bisect_left(opens, j)
            if at < len(opens) and opens[at] < stop:
                j = self.ev.pair_close[opens[at]] + 1  # a quotation inside the clause
                continue
            if self._line_goes_on(stop):
                j = stop + 1  # "… استقبل 20 مصابا\nوإن حالة ثلاثة منهم حرجة": one sentence
                continue
            return stop

    def _line_goes_on(self, stop: int) -> bool:
        """Whether the clause goes on over the line break at ``stop``: the line ends on a word
        (no full stop) and the next opens with a coordinated أنّ ("وإن حالة …", not "وإن كان",
        "even if")."""
        words = self.words
        if stop + 2 >= self.n or words[stop] != "\n" or not words[stop - 1][0].isalnum():
            return False
        return words[stop + 1] in _COORDINATED_ANNA and words[stop + 2] not in _KANA

    def _is_name_quote(self, open_index: int) -> bool:
        """A quoted span after عملية، بعنوان، صحيفة …: a name or title, not speech."""
        words = self.words
        heads = self.ev.lex.non_quote_heads
        if self._sizes[open_index] > MAX_NAME_WORDS and self._has_clause_comma(open_index):
            return False  # "رئيس النادي “الفريق اكتمل، لدينا …”": speech, no club's name
        k = open_index - 1
        if k >= 0 and words[k] in ("ل", "ب"):
            k -= 1
        if k < 0:
            return False
        if words[k] in heads or (words[k].startswith("ال") and words[k][2:] in heads):
            return True
        # "الملتقى العلمي «…»": the head one adjective further back.
        return (
            k > 0
            and words[k].startswith("ال")
            and (words[k - 1] in heads or words[k - 1][2:] in heads)
        )

    def _has_clause_comma(self, open_index: int) -> bool:
        """Whether a comma separates clauses inside the quotation (titles rarely have one;
        their ".." between two parts is no sign of speech)."""
        inside = self.words[open_index + 1 : self.ev.pair_close[open_index]]
        return "\u060c" in inside or "," in inside

    def _title_like(self, open_index: int) -> bool:
        """A short quoted span inside a sentence after a noun ("تحميل «دليل المستخدم»"):
        the name of a work or event. Speech without a cue opens or ends its sentence."""
        if self._sizes[open_index] > MAX_TITLE_WORDS:
            return False
        before = self.words[open_index - 1] if open_index > 0 else "\n"
        if before in SENTENCE_END or before in (":", "،", ","):
            return False
        after = self.ev.pair_close[open_index] + 1
        return after < self.n and self.words[after] not in SENTENCE_END

    # -- emission ------------------------------------------------------------------------------

    def _emit_cue(self, index: int) -> None:
        content, subject_first, subject_end = self.contents[index]
        cue = self.ev.cues[index]
        if self._cites_scripture(
            self._narrator_start(index), min(content.first, index + 1 + CITATION_WORDS)
        ):
            # "قال تعالى: …"، "يقول رسول الله صلى الله عليه وسلم: …"، "عن ابن عباس رضي الله
            # عنهما قال: …"، "داعيا الله تعالى أن …": a verse, a hadith or a prayer the writer
            # cites, no source's statement; nobody becomes the current speaker.
            if content.kind == "direct" and content.first in self.ev.pair_close:
                self.consumed_pairs.add(content.first)
            return
        speaker = self._speaker_for(index, cue, subject_first, subject_end)
        if (
            speaker is not None
            and speaker.person is None
            and subject_end > subject_first
            and not content.late
        ):
            # "قال القائد العسكري في جبهة … العميد محمد طماح:": the name comes after adjuncts.
            if self.words[subject_first] in self.ev.lex.titles:
                found = find_name(self.ev.tokens, subject_end, content.first, self.ev.lex)
                if found is not None:
                    named = speaker_from_phrase(
                        self.ev.tokens, subject_end, found[1] + 1, self.ev.registry, self.ev.lex
                    )
                    if named is not None:
                        speaker = named
        if speaker is None and subject_end <= subject_first and self._impersonal(index):
            return  # "يتوقع أن يكون …" at the start, nobody speaking yet: "it is expected"
        if subject_end <= subject_first and self.current is None:
            if self._expected_event(index, content):
                # "يختتم المنتخب مبارياته … ويتوقع أن تظهر المواجهة بمستوى كبير", nobody
                # speaking yet: "it is expected", not a claim of the sentence's subject
                return
        self.turn_subject = None
        quote = self._build(content, cue.lemma, speaker, index)
        if quote is None:
            return
        if content.kind == "direct" and content.first in self.ev.pair_close:
            self.consumed_pairs.add(content.first)
        self._add(quote)
        if index not in self.unremembered:
            self._remember(index, speaker)
        turned = self._turned_subject()
        if turned is not None:
            # "…، وكان المتحدث باسم الكرملين قد انتقد …، معتبرا أن …": the clause that ended the
            # quotation has a subject of its own, whom a later participle reports.
            self._remember(turned[0], turned[1])

    def _turned_subject(self) -> tuple[int, Speaker] | None:
        """The subject of the clause that ended the quotation just built (``_build`` sets it).

        Read through a method on purpose: after ``self.turn_subject = None`` in ``_emit_cue``
        mypy and mypyc narrow the attribute to ``None`` for the rest of that function, and the
        compiled read there raised ``TypeError`` on the tuple ``_build`` had stored meanwhile
        (an annotated local does not help: the expression itself is narrowed).
        """
        return self.turn_subject

    def _impersonal(self, index: int) -> bool:
        """A present-tense cue with no subject (يُتوقع، يُعتقد، يُذكر أن): the passive "it is
        expected/said", when no one has spoken before it."""
        cue = self.ev.cues[index]
        word = self.words[index]
        stem = word[1:] if word[:1] in ("و", "ف") and cue.prefixed else word
        return cue.lemma in _IMPERSONAL and stem[:1] == "ي" and self.current is None

    def _expected_event(self, index: int, content: _Content) -> bool:
        """A present-tense impersonal cue without subject right before أنْ + an imperfect
        verb ("ويتوقع أن تظهر المواجهة …"، "يرجح أن يكون …"): the passive "it is expected
        that … happen", an event foreseen (when no one has spoken yet)."""
        cue = self.ev.cues[index]
        if cue.lemma not in _IMPERSONAL or content.kind != "indirect":
            return False
        word = self.words[index]
        stem = word[1:] if word[:1] in ("و", "ف") and cue.prefixed else word
        if stem[:1] != "ي" or content.first != index + 2 or content.first >= self.n:
            return False
        verb = self.words[content.first]
        return self.words[index + 1] == "ان" and len(verb) >= 3 and verb[0] in ("ي", "ت")

    def _topic(self, index: int) -> None:
        first, end = self.topics[index]
        ev = self.ev
        spoken = self._apposed_name_span(first, end) or speaker_from_phrase(
            ev.tokens, first, end, ev.registry, ev.lex
        )
        if spoken is not None:
            spoken = self._with_entity(spoken)
            if spoken.source_like or spoken.person is not None:
                self._remember(index, spoken)

    def _remember(self, index: int, speaker: Speaker | None) -> None:
        if speaker is not None:
            self.current = speaker
            self.sentence_speaker[self.ev.sentence_start[index]] = speaker
            if not self.history or self.history[-1].name != speaker.name:
                self.history.append(speaker)

    def _continuation(self, cue: Cue, index: int = -1) -> Speaker | None:
        """The speaker a cue without subject continues: the current one, unless the verb's
        gender/number rules it out and a recent speaker agrees ("وقالت … وأضاف"); a plural
        verb that no recent speaker agrees with goes to the last human plural named before
        it ("… إن المهاجرين جاءوا من … وقالوا إن …")."""
        current = self.current
        # A plural verb needs a speaker known to be plural: "وقالوا" after one named person
        # is someone else ("… جيوفانا دي بينيديتو … وقالوا إن …").
        plural = cue.gender == "p"
        if current is None and plural and index > 0:
            # "علق سياسيون يمنيون على …. وقالوا إن …": with no one speaking yet, only a group
            # named in this sentence or the one before.
            before = self.ev.sentence_start[index] - 1
            while before > 0 and self.words[before] in SENTENCE_END:
                before -= 1  # ".\n": the previous sentence, not its stop or line break
            near = self.ev.sentence_start[before] if before > 0 else 0
            return self._plural_before(index, near)
        if current is None or cue.gender is None or self._agrees(current, cue.gender, plural):
            return current
        for earlier in reversed(self.history[-RECENT_SPEAKERS:]):
            if self._agrees(earlier, cue.gender, True):
                return earlier
        if cue.gender == "p" and index > 0:
            group = self._plural_before(index)
            if group is not None:
                return group
        return current

    def _plural_before(self, index: int, stop: int = -1) -> Speaker | None:
        """The last definite human plural (المهاجرين، المحتجون، الشهود), or an indefinite one
        in a verb's subject place (سياسيون), in the tokens before ``index`` (back to ``stop``,
        else ``PLURAL_WINDOW`` tokens), as a speaker."""
        words = self.words
        bound = max(0, index - PLURAL_WINDOW) if stop < 0 else stop
        for k in range(index - 1, bound - 1, -1):
            word = words[k]
            if (
                (
                    (word.startswith("ال") and word.endswith(("ون", "ين")))
                    # "سياسيون يمنيون": an indefinite subject (nominative ون, no verb in ي/ت)
                    or (word.endswith("ون") and word[0] not in "يت" and self._after_verb(k))
                )
                and len(word) > 6  # "الفنون"، "الديون": broken plurals of things
                and word not in _THING_PLURALS
                and not words[k - 1].startswith("ال")  # "الدول الأفريقيين": an adjective
            ) or word in _GROUP_PLURALS:
                text = self.ev.tokens.original[self.ev.tokens.starts[k] : self.ev.tokens.ends[k]]
                return Speaker(text, None, k, k, None, True, frozenset({"p"}))
        return None

    def _after_verb(self, k: int) -> bool:
        """Whether token ``k`` follows a sentence-initial word or a cue (a verb's subject
        place: "علق سياسيون يمنيون على …")."""
        return k > 0 and (self.ev.sentence_start[k - 1] == k - 1 or k - 1 in self.ev.cues)

    def _gender_clash(self, speaker: Speaker, gender: str | None) -> bool:
        """A masculine cue with a feminine-only subject or the reverse ("المؤشر … مؤكدة");
        plurals agree with anything (collectives: "عدد من المواطنين … مشيرين")."""
        if gender not in ("m", "f"):
            return False
        genders = self._genders(speaker)
        return bool(genders) and "p" not in genders and gender not in genders

    def _agrees(self, speaker: Speaker, gender: str, strict: bool) -> bool:
        genders = self._genders(speaker)
        if not genders:
            return not strict
        return gender in genders

    def _genders(self, speaker: Speaker) -> frozenset[str]:
        if speaker.genders or speaker.name in self.relayed_unknown:
            return speaker.genders
        tokens, lex = self.ev.tokens, self.ev.lex
        person = speaker.person
        spans = [(speaker.first, speaker.last)]
        if person is not None:
            spans.insert(0, (person.first, person.last))
            if person.title_first is not None:
                spans.append((person.title_first, person.first - 1))
        for first, last in spans:
            genders = phrase_genders(tokens, first, last, lex)
            if genders:
                return genders  # the name first, then the mention or title (النائبة …)
        return frozenset()

    def _speaker_for(
        self, index: int, cue: Cue, subject_first: int, subject_end: int
    ) -> Speaker | None:
        words = self.words
        ev = self.ev
        # Relayed speech: "نقلت الوكالة عن مصادر …", "قالت شينخوا نقلا عن الإدارة …".
        relayed = self._relayed_source(index, subject_end)
        if relayed is not None:
            return relayed
        if subject_end > subject_first:
            first = subject_first
            quoted_name = first in ev.pair_close
            if quoted_name:
                first += 1
                end = ev.pair_close[subject_first]
            else:
                end = subject_end
            if end - first == 1 and words[first] in _honorific_pronouns():
                named = self._person_named_before(index)
                if named is not None:
                    return named  # "وأضاف سموه أن …": the prince named before
            if words[end - 1] in _REFLEXIVES and end - 1 > first:
                # "وأضاف المصدر نفسه": the same source as before, by its head noun.
                same = self._same_as_before(words[first], first)
                if same is not None:
                    return same
                end -= 1
            apposed = self._apposed_name_span(first, end)
            if apposed is not None:
                return self._with_entity(apposed)
            spoken = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
            if spoken is not None and quoted_name and spoken.person is None:
                # وقال "ولد الشيخ أحمد": the marks delimit the whole name (no word list knows
                # where this one starts).
                whole = ev.tokens.original[ev.tokens.starts[first] : ev.tokens.ends[end - 1]]
                spoken = Speaker(whole, None, first, end - 1, None, True)
            if spoken is not None and spoken.person is None and end - first > 1:
                # "وأبلغ مكونيل الصحفيين …": a family name said alone, then the verb's object.
                spoken = self._earlier_speaker_named(first) or spoken
            if spoken is not None:
                return self._with_entity(spoken)
        start = ev.sentence_start[index]
        antecedent = self._relative_antecedent(index) if cue.form == "finite" else None
        if antecedent is None and cue.form == "finite" and cue.prefixed:
            antecedent = self._coordinated_relative(start, index)
        if antecedent is not None:
            return antecedent
        if cue.form == "finite" and not cue.prefixed and index > start:
            fronted = self._clause_subject(start, index)
            if fronted is not None:
                return fronted
            if self._resumptive_after(index):
                owner = self._statement_owner(start, index, cue)
                if owner is not None:
                    return owner
        answer = cue.prefixed and words[index][:1] == "ف"
        if index > start and (
            answer or (cue.form == "finite" and not cue.prefixed and self._contact_opens(start))
        ):
            # "وتواصلت الصحيفة مع المدير …، فأكد أن …"; with no ف only after a noun of
            # contact, which has no subject of its own: "وفي اتصال هاتفي مع المدير ذكر أن …"
            contacted = self._contacted(start, index, verbs=answer)
            if contacted is not None:
                return contacted
        if cue.form == "finite" and not cue.prefixed and index > start + 1:
            if words[index - 1] in _WHEN:
                own = self._main_cue_subject(start, index)
                if own is not None:
                    return own
        if cue.form == "participle" or index > start:
            earlier = self.sentence_speaker.get(start)
            if cue.form == "participle" and index > start:
                own = self._addressed_subject_before(start, index)
                if own is not None:
                    return own
            if cue.prefixed and cue.form == "finite" and index > start:
                own = self._qad_clause_subject(start, index)
                if own is not None and (earlier is None or earlier.first < own.first):
                    return own
            if earlier is not None and earlier.first < index:
                return earlier
            subject = self._sentence_subject(start, index, strict=cue.form != "participle")
            if subject is not None and (
                cue.form != "participle" or not self._gender_clash(subject, cue.gender)
            ):
                return subject  # not "وارتفع المؤشر …، مؤكدة أن": a participle agrees
            if cue.prefixed and cue.gender is not None:
                # "وأصدرت الهيئة بيانا …، وقالت فيه": a coordinated verb that agrees with the
                # first verb's subject shares it.
                subject = self._sentence_subject(start, index, strict=False)
                if subject is not None and cue.gender in self._genders(subject):
                    return subject
            if cue.form == "participle":
                subject = self._resumptive_subject(start, index, cue)
                if subject is not None:
                    return subject
        if cue.form == "finite" and not cue.prefixed and index > start:
            owner = self._statements_subject(start, index)
            if owner is not None:
                return owner
        continued = self._continuation(cue, index)
        if index > start and self._mid_sentence(start, index):
            # "ورفع مدير الجامعة … أسمى آيات الشكر …، مؤكداً"، "كان مسؤولون يونانيون قد
            # قالوا": a cue without a subject of its own inside a clause whose subject names
            # someone else speaks for that subject, not for the speaker before it.
            main = self._main_clause_speaker(start, index, cue)
            if main is not None and (continued is None or continued.name != main.name):
                return main
        return continued

    def _mid_sentence(self, start: int, index: int) -> bool:
        """Whether a word of the sentence before the cue at ``index`` is more than an opener
        or connective ("وأضاف"، "من جهته، قال"، "كما أكد" open their sentence)."""
        words = self.words
        for k in range(start, index):
            word = words[k]
            if word[0].isalnum() and word not in _MID_OPENERS:
                return True
        return False

    def _main_clause_speaker(self, start: int, index: int, cue: Cue) -> Speaker | None:
        """The subject of the clause a mid-sentence cue without subject belongs to, when it
        names a plausible source: the noun phrase right before a finite verb ("مايكل نونان،
        وزير المالية، قال"، "يذكر أن خبراء جوجل أشاروا") or, for a participle or a و/ف-verb,
        the subject of the sentence's first verb ("من جهته بيّن البائع فاضل محمد أن …،
        لافتاً"، "ودفع الشيشاني ببراءته …، وقال")."""
        if cue.form == "finite" and not cue.prefixed and self.words[index - 1] in RELATIVES:
            spoken = self._relative_head(start, index)
        elif cue.form == "finite" and not cue.prefixed:
            spoken = self._subject_before_cue(start, index)
            before = self.words[index - 1]
            if (
                spoken is None
                and before[0].isalnum()
                and before not in RELATIVES
                and before not in COMPLEMENTIZERS
                and before not in _SUBORDINATORS
            ):
                # "قام النواب بتمرير قانون جديد قالوا …"، "ونشرت سلسلة متاجر ليدل …
                # إعلانات … تؤكد فيها": a clause on the main verb's object, said by its subject
                spoken = self._first_verb_subject(start, index)
        elif cue.form == "participle" or cue.prefixed:
            spoken = self._first_verb_subject(start, index)
        else:
            spoken = None
        if spoken is None or self._gender_clash(spoken, cue.gender):
            return None
        if cue.gender == "p" and not self._plural_subject(spoken):
            return None  # "وكانت "الوطن" تلقت اتصالات المواطنين …، مؤكدين": not الوطن
        current = self.current
        head = self.words[spoken.first]
        if spoken.person is None and current is not None and head in self.ev.lex.titles:
            held = set(normalise(current.title).split()) if current.title else set()
            if current.person is not None:
                held.update(current.person.title)
            if head in held:
                return None  # "رئيس اللجنة … يرى": the title of the one speaking already
        return spoken

    def _plural_subject(self, spoken: Speaker) -> bool:
        """Whether a subject can go with a plural verb: known to be plural, or headed by a
        plural-looking group noun (خبراء، المسؤولين، أعضاء)."""
        genders = self._genders(spoken)
        if genders:
            return "p" in genders
        head = _bare_head(self.words[spoken.first])
        return (
            head in _clause_subject_heads()
            or head.endswith(("ون", "ين", "اء"))
            or self.words[spoken.first] in self.ev.lex.source_heads
        )

    def _relative_head(self, start: int, index: int) -> Speaker | None:
        """The antecedent of "الذي/التي" right before a cue when it is a PER/ORG entity
        ("بيان جامعة تبوك التي أكدت فيه") or a title phrase set after a name ("رودولفو،
        رئيس النادي الأرجنتيني الذي قال"): the relative clause reports what it said."""
        words = self.words
        ev = self.ev
        last = index - 2
        if last <= start or not words[last][0].isalnum() or not ev.entities:
            spoken = None
        else:
            position = ev.tokens.starts[last]
            entity = self._spans().first_overlapping(position, position + 1, "")
            spoken = None
            if (
                entity is not None
                and entity.label in _SPEAKING_LABELS
                and entity.end == ev.tokens.ends[last]
            ):
                first = bisect_left(ev.tokens.starts, entity.start)
                # not "رئيس النادي الأرجنتيني الذي": a title's body is not who spoke
                if start <= first <= last and (
                    first == start or words[first - 1] not in ev.lex.titles
                ):
                    spoken = speaker_from_phrase(ev.tokens, first, last + 1, ev.registry, ev.lex)
                    if (
                        spoken is not None
                        and entity.label == "PER"
                        and len(entity.text.split()) > len(spoken.name.split())
                    ):
                        # "المدرب الهولندي لويس فان غال الذي": the whole tagged name
                        spoken = Speaker(entity.text, None, first, last, spoken.person, True)
        if spoken is None:
            for k in range(last, max(start, last - RELATIVE_TITLE_WORDS) - 1, -1):
                word = words[k]
                if not word[0].isalnum() or word in COMPLEMENTIZERS or word in RELATIVES:
                    return None
                if word in ev.lex.titles:
                    if k > start and words[k - 1].startswith("ال"):
                        return None  # "اللقاء الصحفي الذي قال فيه": an adjective, no title
                    if k - 2 >= start and words[k - 1] in ("\u060c", ","):
                        found = find_name(
                            ev.tokens, max(start, k - 1 - NAMED_HEAD_WORDS), k - 1, ev.lex
                        )
                        named = found[0] if found is not None and found[1] == k - 2 else -1
                        if named < 0 and ev.entities:
                            name_end = ev.tokens.ends[k - 2]
                            person = self._spans().first_overlapping(name_end - 1, name_end, "")
                            if (
                                person is not None
                                and person.label == "PER"
                                and person.end == name_end
                            ):
                                named = bisect_left(ev.tokens.starts, person.start)
                        if start <= named <= k - 2:
                            spoken = speaker_from_phrase(
                                ev.tokens, named, k - 1, ev.registry, ev.lex
                            )
                            break
                    spoken = speaker_from_phrase(ev.tokens, k, last + 1, ev.registry, ev.lex)
                    break
        if spoken is None:
            return None
        return self._main_clause_plausible(spoken, spoken.first)

    def _subject_before_cue(self, start: int, index: int) -> Speaker | None:
        """A subject put before the finite cue at ``index``: back from the cue over قد and a
        reflexive (نفسه) and an apposition between commas, to a clause boundary (the
        sentence start, a comma, أنّ/إنّ, كان and its sisters); the words from there up to
        the cue must be one noun phrase headed by a name, title, source or body noun."""
        words = self.words
        ev = self.ev
        end = index
        while end - 1 > start and words[end - 1] in _QAD_FORMS:
            end -= 1  # "كان مسئولون … قد قالوا"
        if end - 1 > start and words[end - 1] in _REFLEXIVES:
            end -= 1  # "وظل درويش نفسه يؤكد"
        if end - 1 > start and words[end - 1] in ("\u060c", ","):
            # "مايكل نونان، وزير المالية، قال": the name before an apposed title
            for k in range(end - 2, max(start, end - 2 - MAX_APPOSITION_WORDS) - 1, -1):
                if words[k] in ("\u060c", ","):
                    if words[k + 1] not in ev.lex.titles:
                        return None
                    end = k
                    break
                if not words[k][0].isalnum():
                    return None
            else:
                return None
        first = end
        while first > start and first > end - SUBJECT_BEFORE_CUE_WORDS:
            word = words[first - 1]
            if word in _SUBJECT_BOUNDARIES or not word[0].isalnum():
                break
            first -= 1
        if first >= end:
            return None
        for k in range(first + 1, end):
            if words[k][:1] == "و" and words[k][1:] in _PRONOUNS:
                end = k  # "كانت سارة وهي مقيمة سورية تقول": a clause on the subject
                break
        tokens = ev.tokens
        if first > start:
            bound = words[first - 1]
            if bound not in _SUBJECT_BOUNDARIES and bound not in ("\u060c", ",", ":"):
                return None  # a mark or a word limit: no clause boundary found
        elif (
            start > 1
            and words[start - 1] == "."
            and tokens.ends[start - 2] == tokens.starts[start - 1]
            and tokens.ends[start - 1] == tokens.starts[start]
        ):
            return None  # "بي.بي.سي قال": a dot inside a word split the sentence
        head = words[first]
        if not self._subject_head(first) or self._inside_entity(first):
            return None
        phrase_end = noun_phrase_end(ev.tokens, first, end, ev.lex, ev.pair_close)
        if phrase_end < end:
            # A group head may carry a complement ("مندوبين لدول خليجية … يقولون"), but no
            # clause of its own ("بيان الجامعة التي أكدت"، "الوزير الذي قال").
            if _bare_head(head) not in _clause_subject_heads() and head not in ev.lex.source_heads:
                return None
            for k in range(phrase_end, end):
                word = words[k]
                if word in RELATIVES or word in COMPLEMENTIZERS or word in _KANA or k in ev.cues:
                    return None
        spoken = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
        return self._main_clause_plausible(spoken, first)

    def _first_verb_subject(self, start: int, index: int) -> Speaker | None:
        """The subject of the clause a cue hangs on: the nearest "، حيث" clause before it
        ("…، حيث رحب الأمين العام … وائل الدهاسي …، لافتاً"), else the sentence after a
        dateline ("… - الرياض: أيدت "الشؤون الاجتماعية" …، معترفة"), else the sentence."""
        words = self.words
        for k in range(index - 1, start, -1):
            if words[k] in _CLAUSE_RESTARTS and words[k - 1] in ("\u060c", ","):
                spoken = self._verb_subject_at(k + 1, index)
                if spoken is not None:
                    return spoken
                break
        for k in range(start, min(index - 1, start + DATELINE_WORDS)):
            if k in self.ev.cues:
                break
            if words[k] == ":" and words[k + 1][0].isalnum():
                spoken = self._verb_subject_at(k + 1, index)
                if spoken is not None:
                    return spoken
                break
        return self._verb_subject_at(start, index)

    def _verb_subject_at(self, start: int, index: int) -> Speaker | None:
        """The subject right after the first verb from ``start`` (past openers: "من جهته"،
        "في المقابل"، "إلى ذلك،"), kept apart from the verb's object and its بـ-complement
        ("ودفع الشيشاني ببراءته"، "أكدت الأمانة حرصها"): a name, a title with the name that
        follows it, a quoted name or a group/body head."""
        words = self.words
        ev = self.ev
        j = start
        while j < index and not words[j][0].isalnum():
            j += 1
        if j + 1 < index and words[j] in _OPENER_FROM and words[j + 1] in OPENER_HEADS:
            j += 2  # من جهته / من جانبه
        elif j + 1 < index and (words[j], words[j + 1]) in _FIXED_OPENERS:
            j += 2  # في المقابل / إلى ذلك
        elif j < index and words[j] in TIME_WORDS:
            j += 1  # بدوره
        else:
            j = self._past_adverbial_opener(j, index)
        while j < index and not words[j][0].isalnum():
            j += 1
        while j < index and words[j] in _PREVERBAL:
            j += 1
        if j >= index:
            return None
        verb = words[j]
        if (
            verb.startswith("ال")
            or verb in _KANA
            or verb in _PRONOUNS
            or is_given_name(verb, ev.lex)
        ):
            return None  # a nominal sentence: no verb opens it
        if (
            verb in COMPLEMENTIZERS
            or verb in RELATIVES
            or verb in TIME_WORDS
            or verb in _SUBORDINATORS
            or verb in _WHEN
        ):
            return None  # "عندما «علمني» أحد الشيبان …": no main verb here
        if verb in PREPOSITIONS and not self._shadda_verb(j):
            return None  # "بيّن" is a verb only when its shadda says so
        cue = ev.lex.cues.get(verb)
        if (cue is not None and cue.form == "participle") or (
            verb[0] == "م" and self._accusative_participle(j)
        ):
            return None  # ". محملا زعماء الأحزاب المسؤولية، قائلا": its noun is its object
        j = self._past_addressee(j + 1, index)
        if j >= index:
            return None
        if (
            j + 1 < index
            and j in ev.pair_close
            and ev.pair_close[j] - j <= MAX_QUOTED_NAME_WORDS + 1
        ):
            # "ووصف "نصر الله" …"، "أيدت "الشؤون الاجتماعية" …": marks set off a name
            first, end = j + 1, ev.pair_close[j]
            quoted = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
            if quoted is None or words[first] in ev.lex.stops:
                return None
            bare = verb[1:] if verb[:1] in ("و", "ف") and len(verb) > 3 else verb
            if (
                not bare.endswith("ت")
                and not bare.startswith("ت")
                and ev.entities
                and self._spans().covers(ev.tokens.starts[first], _BODIES)
            ):
                # "وطالب «الأونروا» بالاستمرار …، محذرا": a body after a masculine verb is
                # its object (a body as subject takes the feminine: "أيدت «الشؤون …»")
                return None
            return self._with_entity(replace(quoted, source_like=True))
        else:
            if not self._subject_head(j) and not self._named_after_head(j, index):
                return None
            first = j
            end = noun_phrase_end(ev.tokens, j, index, ev.lex, ev.pair_close)
            end = self._object_cut(first, end)
            if words[first] in ev.lex.titles:
                named = self._title_name_end(first, index)
                if named > end:
                    end = named
        if end <= first:
            return None
        spoken = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
        return self._main_clause_plausible(spoken, first)

    def _inside_entity(self, k: int) -> bool:
        """Whether token ``k`` is inside an entity that starts before it ("بي.بي.سي" split
        into sentences at its dots): no subject starts there."""
        if not self.ev.entities:
            return False
        start = self.ev.tokens.starts[k]
        entity = self._spans().first_overlapping(start, start + 1, "")
        return entity is not None and entity.start < start

    def _shadda_verb(self, k: int) -> bool:
        """Whether token ``k`` is written with a shadda ("بيّن"، "عبّر"): a verb, not the
        preposition its bare letters also spell."""
        tokens = self.ev.tokens
        return _SHADDA in tokens.original[tokens.starts[k] : tokens.ends[k]]

    def _subject_head(self, k: int) -> bool:
        """Whether the word at ``k`` can open a speaking subject: a name, title, source or
        body head, a known person's name or the start of a PER/ORG entity."""
        word = self.words[k]
        lex = self.ev.lex
        if word in lex.stops or word in PREPOSITIONS or word in COMPLEMENTIZERS:
            return False
        if (
            is_given_name(word, lex)
            or word in lex.titles
            or word in lex.honorifics
            or word in lex.source_heads
            or _bare_head(word) in _clause_subject_heads()
            or _bare_head(word) in ORGANISATION_HEADS
        ):
            return True
        if any(word in person.name for person in self.ev.registry.persons):
            return True
        return bool(self.ev.entities) and self._spans().covers(
            self.ev.tokens.starts[k], _SPEAKING_LABELS
        )

    def _named_after_head(self, k: int, index: int) -> bool:
        """A definite noun with a name right after it ("البائع فاضل محمد"، "الشاعر …"): a
        person named by what he does."""
        word = self.words[k]
        if not word.startswith("ال") or word in self.ev.lex.stops or k + 1 >= index:
            return False
        found = find_name(self.ev.tokens, k + 1, min(index, k + 1 + NAMED_HEAD_WORDS), self.ev.lex)
        if found is not None and found[0] == k + 1:
            return True
        return bool(self.ev.entities) and self._spans().covers(
            self.ev.tokens.starts[k + 1], _PERSON
        )

    def _object_cut(self, first: int, end: int) -> int:
        """``end`` moved back to before the verb's object or complement inside a subject
        phrase: a بـ-word ("الشيشاني ببراءته") or a word with a pronoun after a definite one
        ("الأمانة حرصها"، "الهيئة التزامها"): a definite noun governs no genitive."""
        words = self.words
        lex = self.ev.lex
        for k in range(first + 1, end):
            word = words[k]
            if word[:1] == "و" and word[1:] in _PRONOUNS:
                return k  # "سارة وهي مقيمة سورية": a circumstantial clause on the name
            if (
                word[0] == "ب"
                and len(word) > 3
                and word not in ("بن", "باسم")
                and not is_given_name(word, lex)
            ):
                return k
            if (
                words[k - 1].startswith("ال")
                and not word.startswith("و")
                and word.endswith(_POSSESSIVES)  # not ه: the folded ة of "لجامعة الدول"
                and len(word) > 4
                and not is_given_name(word, lex)
                and word not in lex.titles
            ):
                return k
        return end

    def _title_name_end(self, first: int, index: int) -> int:
        """The end of the name that follows a long title ("مدير عام الهيئة … م. محمد
        العمرة"، "الكاتب الرياضي …، فهد الهريفي،"): the first name within
        ``TITLE_NAME_WINDOW`` words before أنّ, the cue or a comma that no name or further
        title follows; ``first`` when there is none."""
        words = self.words
        ev = self.ev
        lex = ev.lex
        limit = first
        while limit < min(index, first + TITLE_NAME_WINDOW):
            word = words[limit]
            if word in COMPLEMENTIZERS or limit in ev.cues:
                break
            if word in ("\u060c", ","):
                after = limit + 1
                if after >= index or not (
                    words[after] in lex.titles
                    or find_name(ev.tokens, after, min(index, after + NAMED_HEAD_WORDS), lex)
                    is not None
                ):
                    break
            limit += 1
        found = find_name(ev.tokens, first + 1, limit, ev.lex)
        if found is None:
            return first
        return name_run(ev.tokens, found[0], limit, ev.lex) + 1

    def _main_clause_plausible(self, spoken: Speaker | None, first: int) -> Speaker | None:
        """A main-clause subject that may speak: a person, an entity-backed or source-like
        mention, or a group/body head of ``clause_subject_heads.txt``."""
        if spoken is None:
            return None
        folded = normalise(spoken.name)
        if folded[:1] in ("ب", "ل") and folded[1:] in self.ev.lex.places:
            return None  # "رئيس اللجنة المنظمة لكأس العالم بروسيا": a place phrase, no name
        spoken = self._with_entity(spoken)
        if spoken.person is None and self.ev.entities:
            # "البائع فاضل محمد": the word lists know only محمد, the entity the whole name
            named = self._person_entity_inside(spoken)
            if named is not None and len(named.name) > len(spoken.name):
                return named
        if spoken.source_like or spoken.person is not None:
            return spoken
        if _bare_head(self.words[first]) in _clause_subject_heads():
            return replace(spoken, source_like=True)
        return None

    def _addressed_subject_before(self, start: int, index: int) -> Speaker | None:
        """The subject right before a participle cue, after a verb's pronoun object in a
        preposition ("ليرد عليه المالكي قائلا …"، "فعلق عليها الوزير مؤكدا أن …"): the
        participle tells how that subject spoke, not the earlier speaker of the sentence."""
        words = self.words
        ev = self.ev
        for k in range(index - 2, max(start, index - ADDRESSED_SUBJECT_WINDOW) - 1, -1):
            word = words[k]
            if not word[0].isalnum() or k in ev.cues:
                return None
            if word in _PRONOUN_OBJECTS:
                if noun_phrase_end(ev.tokens, k + 1, index, ev.lex, ev.pair_close) != index:
                    return None
                spoken = speaker_from_phrase(ev.tokens, k + 1, index, ev.registry, ev.lex)
                return self._plausible(spoken)
        return None

    def _main_cue_subject(self, start: int, index: int) -> Speaker | None:
        """Who a cue in a "when" clause without subject reports ("أكدها سابقا عبدالرحمن
        الهزاع … في تصريحات سابقة حينما أوضح بأن …"): the named subject of the nearest cue
        before it in the sentence (even one that reported no clause), not the last speaker."""
        words = self.words
        ev = self.ev
        for k in range(index - 2, max(start, index - QAD_CLAUSE_WINDOW) - 1, -1):
            if words[k] in SENTENCE_END:
                return None
            if k not in ev.cues:
                continue
            first = k + 1
            while first < index and words[first] in _SUBJECT_ADVERBS:
                first += 1  # "أكدها سابقا الهزاع": an adverb between verb and subject
            end = noun_phrase_end(ev.tokens, first, index, ev.lex, ev.pair_close)
            if end <= first:
                return None
            spoken = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
            if spoken is None or spoken.person is None:
                return None
            return self._with_entity(spoken)
        return None

    def _qad_clause_subject(self, start: int, index: int) -> Speaker | None:
        """The subject of a "وقد + verb + subject" clause between the sentence start and a
        و-cue without subject ("احتفى رئيس البعثة X بالفريق وقد عبر مدير المنتخب Y عن سعادته
        وقال: …"): the coordinated cue goes on that nearer clause, whose subject is its own,
        not the sentence's first subject nor the last speaker. No cue may stand between."""
        words = self.words
        cues = self.ev.cues
        for k in range(index - 1, max(start, index - QAD_CLAUSE_WINDOW) - 1, -1):
            if words[k] in _QAD_OPENERS and k > start:
                return self._sentence_subject(k, index)
            if words[k] in SENTENCE_END or (k in cues and words[k - 1] not in _QAD_OPENERS):
                return None
        return None

    def _statements_subject(self, start: int, index: int) -> Speaker | None:
        """The person whose statements are the subject of the sentence a subordinate cue
        without subject stands in ("فإن تصريحات لافروف في الدوحة أضافت عقدة …، عندما قال:
        «…»"): a statement noun in subject place (after the sentence start, a comma or إنّ)
        followed right away by a person's name."""
        words = self.words
        ev = self.ev
        nouns = statement_nouns()
        for k in range(start, index - 1):
            if words[k] not in nouns:
                continue
            before = words[k - 1] if k > start else ""
            if before and before not in _STATEMENT_SUBJECT_PLACES:
                continue
            end = noun_phrase_end(ev.tokens, k + 1, index, ev.lex, ev.pair_close)
            if end <= k + 1:
                continue
            spoken = speaker_from_phrase(ev.tokens, k + 1, end, ev.registry, ev.lex)
            if spoken is not None and (
                spoken.person is not None
                or (ev.entities and self._spans().covers(ev.tokens.starts[k + 1], _PERSON))
            ):
                return self._with_entity(spoken)
        return None

    def _earlier_speaker_named(self, first: int) -> Speaker | None:
        """A recent speaker whose mention holds the word at ``first`` when that word can only
        be a family name (no title, source noun, given name, place, organisation or stop word):
        "السناتور … ميتش مكونيل …" spoke before, so "وأبلغ مكونيل الصحفيين" is him, and the
        words after the name are no part of the speaker."""
        word = self.words[first]
        lex = self.ev.lex
        if (
            not word[0].isalpha()
            or word in lex.titles
            or word in lex.honorifics
            or word in lex.source_heads
            or word in lex.stops
            or word in lex.places
            or word in ORGANISATION_HEADS
            or is_given_name(word, lex)
        ):
            return None
        words = self.words
        for earlier in reversed(self.history[-RECENT_SPEAKERS:]):
            if earlier.first == first:
                continue
            for p in range(earlier.first + 1, earlier.last + 1):
                before = words[p - 1]
                if (
                    words[p] == word
                    and before[0].isalpha()
                    and not before.startswith("ال")
                    and before not in lex.titles
                    and before not in lex.honorifics
                    and before not in lex.source_heads
                    and before not in lex.stops
                ):
                    return earlier  # "ميتش مكونيل": the word after a first name
        return None

    def _resumptive_subject(self, start: int, index: int, cue: Cue) -> Speaker | None:
        """The subject of a "when"-clause verb put after its resumptive pronoun ("في وقت
        أبدت فيه هيئة السوق تفاؤلا …، مؤكدة أن …"): the participle's subject when a plausible
        source that agrees with it."""
        words = self.words
        ev = self.ev
        for k in range(index - 1, start, -1):
            if words[k] not in _RESUMPTIVES or not words[k - 1][0].isalnum():
                continue
            end = noun_phrase_end(ev.tokens, k + 1, index, ev.lex, ev.pair_close)
            for m in range(k + 2, end):
                word = words[m]
                if (
                    words[m - 1][:2] == "ال"
                    and not word.startswith("ال")
                    and not is_given_name(word, ev.lex)
                ):
                    # "هيئة السوق تفاؤلا كبيرا"، "وزارة المالية خطة …": an indefinite noun
                    # after a definite one is the verb's object, no part of its subject
                    end = m
                    break
            subject = self._plausible(
                speaker_from_phrase(ev.tokens, k + 1, end, ev.registry, ev.lex)
            )
            if subject is None:
                return None
            if cue.gender is not None and not self._agrees(subject, cue.gender, False):
                return None
            return subject
        return None

    def _contact_opens(self, start: int) -> bool:
        """Whether the sentence at ``start`` opens with a noun of contact ("وفي اتصال …"،
        "وخلال لقاء …"): one look at its first two words before any scan for مع."""
        words = self.words
        after = start + 1
        if after >= self.n or words[start] not in _CONTACT_OPENERS:
            return False
        return words[after] in _CONTACT_NOUNS

    def _person_named_before(self, index: int) -> Speaker | None:
        """The current speaker when a person, else the last person named with a title or
        rank before ``index`` (سموه is a prince, معاليه a minister: never an untitled name)."""
        current = self.current
        if current is not None and current.person is not None:
            return current
        named = [p for p in self.ev.registry.persons if p.last < index and p.title]
        if not named:
            return None
        person = max(named, key=lambda p: p.first)
        tokens = self.ev.tokens
        name = tokens.original[tokens.starts[person.first] : tokens.ends[person.last]]
        return Speaker(name, None, person.first, person.last, person, True)

    def _contacted(self, start: int, index: int, verbs: bool = True) -> Speaker | None:
        """Who was contacted earlier in the sentence ("تواصلت «الصحيفة» مع رئيس اللجنة X
        لسؤاله …، فأكد أن …"، "وسألنا الوزير …، فقال"): a ف-verb with no subject reports
        what that person answered. Without ``verbs`` only a noun of contact counts ("وفي اتصال
        هاتفي مع X ذكر أن …")."""
        words = self.words
        ev = self.ev
        for k in range(index - 2, max(start, index - CONTACT_WINDOW) - 1, -1):
            if words[k] != "مع" or not any(
                (verbs and v >= k - 4 and words[v].removeprefix("و") in _CONTACT_VERBS)
                or words[v].removeprefix("و") in _CONTACT_NOUNS
                for v in range(max(start, k - CONTACT_NOUN_GAP), k)
            ):
                continue
            end = noun_phrase_end(ev.tokens, k + 1, index, ev.lex, ev.pair_close)
            return self._plausible(speaker_from_phrase(ev.tokens, k + 1, end, ev.registry, ev.lex))
        return None

    def _clause_opener_before(self, index: int) -> int:
        """The connective opening a clause whose subject stands right before the cue at
        ``index`` ("ولكن العفو الدولية تقول"), or ``index`` when there is none."""
        words = self.words
        for k in range(index - 2, max(0, index - 1 - CLAUSE_SUBJECT_WORDS) - 1, -1):
            if words[k] in _CLAUSE_OPENERS:
                return k
            if self._connective_anna(k):
                if words[k] == "لان":
                    return k  # "لأن الوزير أعلن …"
                # "، خاصة أن …"، "، لا سيما أن …"
                return k - 2 if words[k - 1] == "سيما" and words[k - 2] == "لا" else k - 1
            if not words[k][0].isalnum():
                break
        return index

    def _connective_anna(self, k: int) -> bool:
        """Whether token ``k`` is an أنّ that a connective puts before a new subject and its
        verb: "، خاصة أن المدير قال إن …"، "لا سيما أن …"، "لأن الوزير أعلن أن …"."""
        words = self.words
        return words[k] == "لان" or (
            words[k] == "ان" and k > 0 and words[k - 1] in _ANNA_CONNECTIVES
        )

    def _clause_subject(self, start: int, index: int) -> Speaker | None:
        """The subject put before its verb in a clause that a connective opens mid-sentence:
        "…، لكن إيران تصر على أنه …"، "بينما الوزارة تؤكد أن …" (a short noun phrase that
        runs right up to the cue)."""
        words = self.words
        ev = self.ev
        for k in range(index - 2, max(start, index - 1 - CLAUSE_SUBJECT_WORDS) - 1, -1):
            if words[k] in _CLAUSE_OPENERS or self._connective_anna(k):
                first = k + 1
                if first < index - 1 and words[first] in _KANA:
                    first += 1  # "فيما كان المعلق يقول …"
                head = words[first]
                if not head[0].isalnum() or head in PREPOSITIONS or _imperfect_like(head):
                    return None
                end = noun_phrase_end(ev.tokens, first, index, ev.lex, ev.pair_close)
                if end != index:
                    return None
                # The phrase runs right up to the verb: its subject, a known source or not
                # ("ولكن العفو الدولية تقول إن …"); only a plausible one speaks on later.
                spoken = speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
                if spoken is None:
                    return None
                spoken = self._with_entity(spoken)
                if not (spoken.source_like or spoken.person is not None):
                    self.unremembered.add(index)
                return spoken
            if not words[k][0].isalnum():
                return None
        return None

    def _resumptive_after(self, index: int) -> bool:
        """Whether the cue at ``index`` is followed by a pronoun pointing back at a noun
        before it ("أوضح فيها أن"، "أصرت فيه على"، "أكد من خلالها"): an asyndetic relative
        clause on that noun."""
        words = self.words
        k = index + 1
        if k < self.n and words[k] == "من":
            k += 1
        return k < self.n and words[k] in _RESUMPTIVES

    def _statement_owner(self, start: int, index: int, cue: Cue) -> Speaker | None:
        """Who gave the statement a relative-clause cue reports from: "ألقى المدير X كلمة
        أوضح فيها أن …" → X; "أصدرت الأسرة بيانا …، أصرت فيه على …" → الأسرة; "محاضرة …
        للمؤرخ X أكد من خلالها …" → X (a name after لـ between the noun and the cue).
        None unless a statement noun (``statement_nouns.txt``) stands shortly before."""
        words = self.words
        ev = self.ev
        nouns = statement_nouns()
        noun = -1
        for k in range(index - 1, max(start, index - STATEMENT_WINDOW) - 1, -1):
            if words[k] in nouns:
                noun = k
                break
            if words[k] in SENTENCE_END or k in ev.cues:
                return None
        if noun < 0:
            return None
        if noun + 2 < index and words[noun + 1] == "من":
            # "رسالة من الشيف خالد يؤكد فيها …"، "بيان من الوزارة أكدت فيه …"
            end = noun_phrase_end(ev.tokens, noun + 2, index, ev.lex, ev.pair_close)
            sender = self._plausible(
                speaker_from_phrase(ev.tokens, noun + 2, end, ev.registry, ev.lex)
            )
            if sender is not None:
                return sender
        for m in range(noun + 1, index):
            if words[m].startswith("ل") and len(words[m]) > 2:
                found = find_name(ev.tokens, m + 1, index, ev.lex)
                if found is not None and not any(
                    not w[0].isalnum() for w in words[m + 1 : found[0]]
                ):
                    spoken = speaker_from_phrase(
                        ev.tokens, found[0], found[1] + 1, ev.registry, ev.lex
                    )
                    if spoken is not None:
                        return self._with_entity(spoken)
                break
        clause = noun
        while clause > start and words[clause - 1] not in _CLAUSE_BOUNDS:
            clause -= 1
        while clause < noun and (
            words[clause] in _CLAUSE_ADVERBS or words[clause].removeprefix("و") in TIME_WORDS
        ):
            clause += 1  # "ثم ألقى …"، "وكذلك ألقى …"، "وأمس أصدر …"
        subject = self._sentence_subject(clause, noun, strict=False)
        if subject is None or words[subject.first] in _DEMONSTRATIVES:
            return None
        after = subject.last + 1
        while after < noun and words[after] in TIME_WORDS:
            after += 1
        if after != noun:
            return None  # the giver stands right before the noun: "أصدر الجيش أمس بيانا"
        if cue.gender is not None:
            genders = self._genders(subject)
            if genders and cue.gender not in genders:
                return None
        return subject

    def _same_as_before(self, head: str, before: int) -> Speaker | None:
        """The most recent speaker whose mention starts with ``head`` (with or without ال);
        failing that, the subject of an earlier cue that reported nothing quotable but named
        such a source ("كشفت مصادر عراقية متطابقة عن … وبحسب المصادر نفسها، …")."""
        bare = head.removeprefix("ال")
        for earlier in reversed(self.history):
            first = self.words[earlier.first]
            if first.removeprefix("ال") == bare:
                return earlier
        return self._earlier_cue_subject(bare, before)

    def _earlier_cue_subject(self, bare: str, before: int) -> Speaker | None:
        """The subject of the last cue before ``before`` whose subject opens with the noun
        ``bare`` (with or without ال), as a plausible source; ``None`` when there is none."""
        words = self.words
        ev = self.ev
        for k in sorted(ev.cues, reverse=True):
            if k >= before - 1 or k + 1 >= self.n:
                continue
            if words[k + 1].removeprefix("ال") != bare:
                continue
            end = noun_phrase_end(ev.tokens, k + 1, min(self.n, before), ev.lex, ev.pair_close)
            if end <= k + 1:
                return None
            spoken = speaker_from_phrase(ev.tokens, k + 1, end, ev.registry, ev.lex)
            return self._plausible(spoken)
        return None

    def _relayed_source(self, index: int, subject_end: int) -> Speaker | None:
        words = self.words
        ev = self.ev
        limit = min(self.n, index + MAX_ZONE)
        j = subject_end
        cue = ev.cues[index]
        # The preposition that introduces the source after a relay verb (none for the others).
        preposition = _RELAY_PREPOSITIONS.get(cue.lemma, "عن") if cue.cue_class == "relay" else None
        relay_seconds = ev.lex.relay_seconds
        relay_pairs = ev.lex.relay_pairs
        pair_close = ev.pair_close
        while j < limit:
            word = words[j]
            if word in SENTENCE_END or word in COMPLEMENTIZERS:
                break
            # نقل X عن Y، قال X نقلا عن Y، علمت X من Y، جاء في Y، على لسان Y: Y is the source.
            relay = word == preposition or (
                word in relay_seconds and (words[j - 1], word) in relay_pairs
            )
            if relay and j + 1 < self.n:
                end = noun_phrase_end(ev.tokens, j + 1, limit, ev.lex, ev.pair_close)
                end = self._described_to_comma(end, limit)
                found = speaker_from_phrase(ev.tokens, j + 1, end, ev.registry, ev.lex)
                if found is not None:
                    # Later verbs may agree with the relaying outlet instead of the source.
                    relayer = (
                        phrase_genders(ev.tokens, index + 1, subject_end - 1, ev.lex)
                        if subject_end > index + 1
                        else frozenset()
                    )
                    own = phrase_genders(ev.tokens, found.first, found.last, ev.lex)
                    if relayer and own:
                        found = replace(found, genders=own | relayer)
                    else:
                        self.relayed_unknown.add(found.name)
                    return self._with_entity(found)
            if j in pair_close:
                return None
            j += 1
        return None

    def _described_to_comma(self, end: int, limit: int) -> int:
        """``end`` moved over a short description of a relayed source that runs to a comma
        right before أن ("عن سكان يتحدرون من القرية ويقيمون في العاصمة، أن …"), else ``end``."""
        words = self.words
        ev = self.ev
        stop = min(limit, end + RELAYED_DESCRIPTION_WORDS)
        for k in range(end, stop):
            word = words[k]
            if word == "\u060c":
                after = k + 1
                return k if after < self.n and words[after] in COMPLEMENTIZERS else end
            if not word[0].isalnum() or k in ev.cues or word in COMPLEMENTIZERS:
                return end
            if word in _OWN_WORDS:
                return end  # "عن محامي المتهمة قوله، إن …": the source ends before قوله
        return end

    def _sentence_subject(self, start: int, before: int, strict: bool = True) -> Speaker | None:
        """The subject of the sentence's first verb, if it names a plausible source (any noun
        phrase when not ``strict``: a participle's subject is whoever did the main verb)."""
        words = self.words
        ev = self.ev
        j = start
        if j + 1 < before and words[j] == "من" and words[j + 1] in OPENER_HEADS:
            j += 2  # من جهته، / من جهة أخرى،
            if j < before and words[j] == "اخري":
                j += 1
        elif j < before and words[j] in TIME_WORDS:
            j += 1  # بدوره،
        while j < before and not words[j][0].isalnum():
            j += 1
        if j < before and words[j] in _TOPIC_FRONTS:
            return None  # "وعن اللاعب X، قال إنه …": who is spoken about, not who speaks
        j = self._past_adverbial_opener(j, before)
        if j < before and words[j] in _PRONOUNS:
            return None  # "ومع ذلك، هو وزير سعيد": a nominal sentence, no verb and subject
        fronted = False
        if j + 1 < before and words[j] in _CONNECTIVES and words[j + 1] in COMPLEMENTIZERS:
            j += 2  # "إلا أن مسؤولا محليا …"، "غير أن الوزارة …": the subject comes first
            fronted = True
        elif j < before and words[j] in _CONJUNCTIONS:
            j += 1  # "وبينما لم يدخل الجنرال …"، "لكن الوزير …"
        qad = False
        while j < before and words[j] in _PREVERBAL:
            qad = qad or words[j] in _QAD_FORMS
            j += 1  # "لم يدخل"، "قد أكد"
        if j >= before:
            return None
        verb = words[j]
        if fronted and verb[0].isalnum() and verb not in PREPOSITIONS:
            end = noun_phrase_end(ev.tokens, j, before, ev.lex, ev.pair_close)
            if end <= j:
                return None
            return self._plausible(speaker_from_phrase(ev.tokens, j, end, ev.registry, ev.lex))
        if (verb.startswith("ال") and not self._hamza_verb(j)) or is_given_name(verb, ev.lex):
            # Subject first: "الوزير أكد أن …" — the phrase must run up to the cue.
            end = noun_phrase_end(ev.tokens, j, before, ev.lex, ev.pair_close)
            if end != before and strict:
                return None
            first = j
            if end != before:
                # "القاضي السابق في ديوان المظالم حسان السيف تحدث … مؤكدا على أن …": the
                # fronted subject of the main verb is the participle's subject too; a title's
                # name may follow a short place phrase.
                if words[j] in ev.lex.titles and words[end] in PREPOSITIONS:
                    found = find_name(ev.tokens, end, min(before, end + APPOSITION_WINDOW), ev.lex)
                    if found is not None:
                        first, end = found[0], name_run(ev.tokens, found[0], before, ev.lex) + 1
                if not self._verb_after_subject(end, before):
                    return None
            return self._plausible(speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex))
        if (verb in PREPOSITIONS and not qad) or verb in COMPLEMENTIZERS:
            return None  # after قد a verb follows: "وقد عبر المدير" is عَبَّر, not عَبْر "via"
        form = ev.lex.cues.get(verb)
        if (form is not None and form.form == "participle") or (
            verb[0] == "م" and self._accusative_participle(j)
        ):
            # ". داعيا إسرائيل «…»"، ". محملا الحكومة المسؤولية، قائلا …": a participle's
            # noun is its object, no subject
            return None
        addressed = self._past_addressee(j + 1, before)
        strict = strict or addressed > j + 1  # after "لـ«الصحيفة»" the object may come first
        j = addressed
        if j < before and self._no_subject_at(j):
            return None  # "وجدد دعوته …، قائلا": the verb's object, its subject unsaid
        if j < before and words[j].startswith("بال") and not is_given_name(words[j], ev.lex):
            return None  # "ونوهت بالحضور …، واصفة …": a بـ-complement, the subject unsaid
        end = noun_phrase_end(ev.tokens, j, before, ev.lex, ev.pair_close)
        if end + 1 < before and words[end] == "،":
            found = find_name(ev.tokens, end + 1, min(before, end + 6), ev.lex)
            if found is not None and found[0] == end + 1:
                end = name_run(ev.tokens, found[0], before, ev.lex) + 1
        if end <= j:
            return None
        if words[j] in ev.lex.titles:
            end = self._apposed_name_end(end, before)
        if words[j] in _COUNTS and (j + 1 >= before or words[j + 1] not in _PARTITIVES):
            return None  # "كان عدد الطلاب قليلا، وقالت …": a count, not "عدد من الطلاب"
        spoken = speaker_from_phrase(ev.tokens, j, end, ev.registry, ev.lex)
        if not strict and spoken is not None and words[j] not in _DEMONSTRATIVES:
            return self._with_entity(spoken)
        return self._plausible(spoken)

    def _past_adverbial_opener(self, j: int, before: int) -> int:
        """``j`` moved past a short prepositional opener closed by a comma ("إلى ذلك، سخر
        العميد X …"، "وفي غضون ذلك، …"، "في المقابل، …"): the verb and its subject follow it.
        Topic fronts (وعن، وحول) are not openers of this kind; ``j`` when there is none."""
        words = self.words
        head = words[j] if j < before else ""
        if head[:1] == "و" and head[1:] in _OPENER_PREPOSITIONS:
            head = head[1:]
        if head not in _OPENER_PREPOSITIONS:
            return j
        if head == "علي" and j + 1 < before and is_given_name(words[j + 1], self.ev.lex):
            return j  # "وعلي عبدالله، …": a name, not "على صعيد آخر،"
        for k in range(j + 1, min(before - 1, j + 1 + OPENER_WORDS)):
            word = words[k]
            if word == "\u060c" or word == ",":
                return k + 1
            if not word[0].isalnum() or k in self.ev.cues:
                return j
        return j

    def _verb_after_subject(self, end: int, before: int) -> bool:
        """Whether a word at ``end`` (before ``before``) can be the verb after a fronted
        subject: a word, no particle, preposition, relative or conjunction in و."""
        if end >= before or end <= 0:
            return False
        word = self.words[end]
        return (
            word[0].isalnum()
            and not word.startswith(("ال", "و"))
            and word not in PREPOSITIONS
            and word not in COMPLEMENTIZERS
            and word not in RELATIVES
            and not is_given_name(word, self.ev.lex)
        )

    def _accusative_participle(self, k: int) -> bool:
        """An indefinite accusative participle (محملا، مطالبا، معتبرا) at ``k``: a sentence it
        opens goes on with the previous one's subject (a name or place like مايا stays out)."""
        word = self.words[k]
        lex = self.ev.lex
        return (
            len(word) >= 5
            and word[0] == "م"
            and word[-1] == "ا"
            and not is_given_name(word, lex)
            and word not in lex.places
        )

    def _apposed_name_end(self, end: int, before: int) -> int:
        """A title subject whose name ("وصف النائب العربي في البرلمان - سامي الخطيب، …")
        follows a short place phrase, set off by a dash or a comma. The phrase end grows
        to the name's end; without such an apposed name it stays ``end``."""
        words = self.words
        ev = self.ev
        for k in range(end, min(before - 1, end + APPOSITION_WINDOW)):
            word = words[k]
            if word in SENTENCE_END or k in ev.cues or k in ev.pair_close:
                return end
            if word in _DASHES or word == "،":
                found = find_name(ev.tokens, k + 1, min(before, k + 5), ev.lex)
                if found is not None and found[0] == k + 1:
                    return name_run(ev.tokens, found[0], before, ev.lex) + 1
                return end
        return end

    def _sentence_subjects(self) -> dict[int, Speaker]:
        """Sentence start → the subject of its first verb, for sentences without a cue.

        "كرم المدير العام عبد العزيز الرفاعي الطلاب. … وأكد أنهم …": a later cue without a
        subject continues the last person who did something, not only the last who spoke."""
        if not self.ev.registry.persons:
            return {}  # no person named: no sentence has one as its subject (see below)
        ends = self.ev.sentence_start.ends
        # Sentences whose cues report nothing ("أيد الجنرال الاتفاق") still have a subject.
        planned = set(self.contents) | set(self.topics)
        cue_sentences = {self.ev.sentence_start[i] for i in planned}
        # Only a sentence whose first words include a person's name (or a part of one, as in
        # "وعرض بارزاني رؤيته") can have a person as subject.
        name_words = {w for p in self.ev.registry.persons for w in p.name}
        words = self.words
        found: dict[int, Speaker] = {}
        starts = [0] + [e + 1 for e in ends]
        stops = [*ends, self.n]
        for start, stop in zip(starts, stops, strict=False):
            if stop - start < 3 or start in cue_sentences:
                continue
            if name_words.isdisjoint(words[start : min(stop, start + 8)]):
                continue
            subject = self._sentence_subject(start, min(stop, start + MAX_ZONE))
            if subject is not None and subject.person is not None:
                found[start] = subject
        return found

    def _plausible(self, spoken: Speaker | None) -> Speaker | None:
        """The speaker if it looks like a source (title, name, source noun, entity head)."""
        if spoken is None:
            return None
        spoken = self._with_entity(spoken)
        if spoken.source_like or spoken.person is not None:
            return spoken
        return None

    def _with_entity(self, speaker: Speaker) -> Speaker:
        """Mark a speaker as a plausible source when an entity overlaps its mention; a
        mention in which the word lists found no name takes the name of a PER entity inside
        it ("مهاجم فريق ليفربول الإنجليزي دانييل ستوريدج")."""
        if not self.ev.entities:
            return speaker
        if speaker.person is None and speaker.title is None and speaker.last > speaker.first:
            named = self._person_entity_inside(speaker)
            if named is not None:
                return named
        if speaker.source_like:
            return speaker
        start = self.ev.tokens.starts[speaker.first]
        # The entity must be the head of the phrase: "إيران أبرز الغائبين", not "هذه
        # المساهمة لدعم الحكومة العراقية".
        if self._spans().covers(start, _HEAD_LABELS):
            return Speaker(
                speaker.name, speaker.title, speaker.first, speaker.last, speaker.person, True
            )
        return speaker

    def _spans(self) -> EntitySpans:
        """The entities indexed by offset (built on first use: pages without a speaker
        mention to check never need it)."""
        if self._entity_spans is None:
            self._entity_spans = EntitySpans(self.ev.entities)
        return self._entity_spans

    def _titled(self, head: str) -> bool:
        """A title or rank (masculine or feminine form) that a personal name may follow."""
        lex = self.ev.lex
        return any(
            form in lex.titles or form in lex.honorifics
            for form in (head, head.removesuffix("ه"), "ال" + head, "ال" + head.removesuffix("ه"))
        )

    def _person_entity_inside(self, speaker: Speaker) -> Speaker | None:
        tokens = self.ev.tokens
        start, end = tokens.starts[speaker.first], tokens.ends[speaker.last]
        for entity in self._spans().inside(start, end, "PER"):
            first = bisect_left(tokens.starts, entity.start)
            last = bisect_left(tokens.starts, entity.end) - 1
            if not (speaker.first <= first <= last <= speaker.last):
                continue
            if self.words[first] in ("الدين", "الله") and first > speaker.first:
                first -= 1  # "عز الدين كوتشوك": the entity lost the first half of the name
            before = self.words[first - 1] if first > speaker.first else ""
            if before in ORGANISATION_HEADS or before[1:] in ORGANISATION_HEADS:
                continue  # "رئيس نادي سبورت بويز": the name of the club, not of a person
            head = self.words[speaker.first]
            if (
                first == speaker.first + 1
                and not head.startswith("ال")
                and head not in self.ev.lex.honorifics
            ):
                continue  # "مستشارة أوباما …"، "نقاد أوباما": a genitive of the head noun
            if (
                first > speaker.first
                and not head.startswith("ال")
                and not any(map(self._titled, self.words[speaker.first : first]))
            ):
                continue  # "والدة راكب الأمواج … ميك فانينج": a construct, no title before
            name = tuple(self.words[first : last + 1])
            registry = self.ev.registry
            person = registry.exact(name) or (
                registry.by_short_name(name, first) if len(name) <= 2 else None
            )
            if person is None and len(name) < 2:
                continue  # a lone word tagged PER ("منتقدو") is too weak without a full name
            if person is not None:
                first, last = person.first, person.last
            title = None
            if first > speaker.first and person is None:
                title_start, title_end = tokens.starts[speaker.first], tokens.ends[first - 1]
                title = tokens.original[title_start:title_end]
            name_start, name_end = tokens.starts[first], tokens.ends[last]
            return Speaker(
                tokens.original[name_start:name_end],
                title,
                speaker.first,
                speaker.last,
                person,
                True,
            )
        return None

    def _build(
        self, content: _Content, lemma: str | None, speaker: Speaker | None, cue_index: int | None
    ) -> Quote | None:
        tokens = self.ev.tokens
        original = tokens.original
        if content.kind == "direct" and content.first in self.ev.pair_close:
            close = self.ev.pair_close[content.first]
            start = tokens.ends[content.first]
            end = tokens.starts[close]
            kind: QuoteKind = "direct"
        else:
            end_token = self._clause_end(content.first)
            if end_token <= content.first:
                return None
            end_token = self._turn_before(content.first, end_token)
            last = end_token - 1
            while last >= content.first and not self.words[last][0].isalnum():
                last -= 1
            if last < content.first:
                return None
            if self.words[last] in _OWN_WORDS:
                last = self._before_own_words(content.first, last)
            start = tokens.starts[content.first]
            if content.char_start is not None:
                start = content.char_start
                while start < len(original) and original[start] in _TRAILING_MARKS:
                    start += 1  # "بِالخطوة": the content starts after the marks of بـ
            end = tokens.ends[last]
            while end < len(original) and original[end] in _TRAILING_MARKS:
                end += 1  # a final tanwin or shadda dropped from the view: "قريباً"
            # A quotation that closes inside the clause end keeps its closing mark out.
            kind = self._clause_kind(content, end_token)
            if not _has_words(self.words, content.first, end_token, MIN_CLAUSE_WORDS):
                return None
        text = original[start:end].strip()
        if not text:
            return None
        offset = original.find(text, start, end + 1)
        start, end = offset, offset + len(text)
        return self._quote(start, end, kind, lemma, speaker, cue_index)

    def _before_own_words(self, first: int, last: int) -> int:
        """The clause's last word before a closing "حسب قوله"، "على حد تعبيره"، "بحسب وصفه"
        (the speaker's own words, said of the clause: no part of what was said), or ``last``."""
        words = self.words
        k = last - 1
        if k > first and words[k] == "حد" and words[k - 1] == "علي":
            k -= 1
        elif k <= first or words[k] not in ("حسب", "بحسب", "وفق"):
            return last
        k -= 1
        while k >= first and not words[k][0].isalnum():
            k -= 1
        return k if k >= first else last

    def _clause_kind(self, content: _Content, end_token: int) -> QuoteKind:
        kind: QuoteKind = "indirect" if content.kind == "indirect" else "direct"
        # Only the pairs opening inside [content.first, end_token): found by bisection, not
        # by a scan of every pair in the article (quadratic on pages full of quotes).
        opens = self._pair_opens
        inside = opens[bisect_left(opens, content.first) : bisect_left(opens, end_token)]
        for open_index in inside:
            close = self.ev.pair_close[open_index]
            self.consumed_pairs.add(open_index)
            if self._sizes[open_index] >= MIN_QUOTED_WORDS or close + 1 >= end_token:
                if not self._is_name_quote(open_index) and self._sizes[open_index] >= 1:
                    kind = "mixed"
        return kind

    def _quote(
        self,
        start: int,
        end: int,
        kind: QuoteKind,
        lemma: str | None,
        speaker: Speaker | None,
        cue_index: int | None,
    ) -> Quote:
        tokens = self.ev.tokens
        cue_start = cue_end = speaker_start = speaker_end = None
        if cue_index is not None:
            cue_start, cue_end = tokens.starts[cue_index], tokens.ends[cue_index]
        entity_id = None
        if speaker is not None:
            speaker_start, speaker_end = tokens.starts[speaker.first], tokens.ends[speaker.last]
            entity_id = self._entity_of(speaker)
        # All twelve fields, positional, set through the slots (no dataclass __init__).
        return new_quote(
            start,
            end,
            tokens.original[start:end],
            kind,
            lemma,
            speaker.name if speaker else None,
            speaker.title if speaker else None,
            entity_id,
            cue_start,
            cue_end,
            speaker_start,
            speaker_end,
        )

    def _entity_of(self, speaker: Speaker) -> str | None:
        if not self.ev.entities:
            return None
        tokens = self.ev.tokens
        spans = [(speaker.first, speaker.last)]
        if speaker.person is not None:
            spans.insert(0, (speaker.person.first, speaker.person.last))
        for first, last in spans:
            start, end = tokens.starts[first], tokens.ends[last]
            entity = self._spans().first_overlapping(start, end, "MISC")
            if entity is not None:
                return entity.entity_id or entity.canonical
        return None

    def _emit_uncued_quote(self, open_index: int) -> None:
        """A quotation no cue introduced: a cue right after it, or a continuation."""
        size = self._sizes[open_index]
        if size < MIN_QUOTED_WORDS or self._is_name_quote(open_index):
            return
        if self._in_fronted_topic(self.ev.sentence_start[open_index], open_index):
            return  # "وحول الأشخاص المرخص لهم «المؤسسات المالية …»، أكد …": the topic
        close = self.ev.pair_close[open_index]
        after = self._post_cue(close + 1)
        content = _Content("direct", open_index, close)
        if after is not None:
            cue_index, lemma, speaker = after
            quote = self._build(content, lemma, speaker, cue_index)
            if quote is not None:
                self.consumed_pairs.add(open_index)
                self._add(quote)
                self._remember(cue_index, speaker)
            return
        if size < MIN_UNCUED_WORDS or self._title_like(open_index):
            return
        if self._cites_scripture(self._narrator_start(open_index), open_index):
            return  # 'كما جاء في قوله تعالى "…"': a verse, not speech
        start = self.ev.sentence_start[open_index]
        speaker = self.sentence_speaker.get(start)
        if speaker is None:
            # "تشتمل هذه الخطة بحسب كيري على «…»": an attribution inside the sentence.
            speaker = self._attributed_inside(start, open_index)
        if speaker is None:
            speaker = self._sentence_subject(start, open_index)
        if speaker is None:
            speaker = self.current
        if speaker is None:
            return  # a quotation nobody is known to have said (a motto, a verse, a book)
        quote = self._build(content, None, speaker, None)
        if quote is not None:
            self.consumed_pairs.add(open_index)
            self._add(quote)
            self.current = speaker

    def _attributed_inside(self, start: int, open_index: int) -> Speaker | None:
        """The source of an attribution (بحسب، وفقا لـ، حسب) between the sentence start and the
        quotation at ``open_index``, when a plausible source follows it ("تشتمل الخطة بحسب
        كيري على «…»"): the quotation is that source's words, not the last speaker's."""
        words = self.words
        ev = self.ev
        for k in range(open_index - 2, start - 1, -1):
            head = attribution_head(words[k])
            if head is None or head == "علي":
                continue
            first = k + 1
            if first < open_index and words[first] == "ل":
                first += 1  # وفقا لـ
            end = noun_phrase_end(ev.tokens, first, open_index, ev.lex, ev.pair_close)
            if end <= first:
                return None
            spoken = self._plausible(
                speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
            )
            return self._with_entity(spoken) if spoken is not None else None
        return None

    def _in_fronted_topic(self, start: int, open_index: int) -> bool:
        """Whether the quotation at ``open_index`` stands in the topic a sentence fronts
        before its first comma ("وحول X «…»، قال …"، "وعن «…»، أوضح …")."""
        words = self.words
        if words[start] not in _TOPIC_FRONTS:
            return False
        return all(words[k] not in ("\u060c", ",") for k in range(start + 1, open_index))

    def _post_cue(self, first: int) -> tuple[int, str, Speaker | None] | None:
        """“…”، هذا ما قاله كارار / “…” كما جاء في البيان: the cue after a quotation."""
        words = self.words
        ev = self.ev
        for j in range(first, min(self.n, first + POST_CUE_WINDOW)):
            word = words[j]
            if word in SENTENCE_END and word != "\n":
                if j + 1 < self.n and words[j + 1] in SENTENCE_END:
                    return None
            if word == "\n":
                return None
            cue = ev.cues.get(j)
            # Only an unprefixed cue closes the quotation ("، قال …"، "هذا ما قاله …"،
            # "كما جاء في البيان"); "” وأضاف" starts the next statement.
            if cue is not None and cue.form in ("finite", "suffixed") and not cue.prefixed:
                self.consumed_cues.add(j)
                first_np = j + 1
                if cue.cue_class == "relay" and first_np < self.n:
                    if words[first_np] == _RELAY_PREPOSITIONS.get(cue.lemma, "عن"):
                        first_np += 1
                end = noun_phrase_end(
                    ev.tokens, first_np, min(self.n, first_np + 12), ev.lex, ev.pair_close
                )
                speaker = speaker_from_phrase(ev.tokens, first_np, end, ev.registry, ev.lex)
                return j, cue.lemma, speaker or self.current
        return None

    # -- preposed attributions: "وبحسب موقع …، فإن …" ------------------------------------------

    def _front_attributions(self) -> list[int]:
        found = []
        for i in self.ev.hits_in(_front_heads()):
            if not self.ev.quoted[i] and (
                i == self.ev.sentence_start[i] or self._colon_attribution(i)
            ):
                found.append(i)
        return found

    def _source_to_answer(self, end: int) -> int:
        """A fronted source's end moved over a short complement up to the فإنّ that answers
        it ("وبحسب مصادر مقربة من رئيس الحكومة فإنه …"); ``end`` when none follows."""
        words = self.words
        if end >= self.n or words[end] in _FRONT_ANSWERS or words[end] not in PREPOSITIONS:
            return end
        for k in range(end + 1, min(self.n, end + 1 + SOURCE_COMPLEMENT_WORDS)):
            word = words[k]
            if word in _RESUMING:
                return k
            if not word[0].isalnum() or k in self.ev.cues or word in COMPLEMENTIZERS:
                return end
        return end

    def _colon_attribution(self, i: int) -> bool:
        """ "…، وحسب مموزيني: «أعدم التنظيم …»": an attribution after a comma whose short
        source ends at a colon introduces what follows, like one at a sentence start."""
        words = self.words
        if i == 0 or words[i - 1] not in ("،", ",") or words[i][:1] != "و":
            return False
        for k in range(i + 1, min(self.n, i + 1 + COLON_SOURCE_WORDS)):
            word = words[k]
            if word == ":":
                return k > i + 1
            if not word[0].isalnum() or k in self.ev.cues:
                return False
        return False

    def _trailing_attributions(self) -> list[int]:
        """ ", بحسب X" / "، وفقا لـ X" / "، على حد قوله" after a clause: attribution tokens."""
        words = self.words
        return [
            i
            for i in self.ev.hits_in(_trailing_heads())
            if i > 0
            and not self.ev.quoted[i]
            and (
                words[i - 1] in ("،", ",")
                # "… في الشهر الأخير بحسب ما نقلته وكالة رويترز.": no comma, checked later
                or (words[i - 1][0].isalnum() and words[i] != "علي")
            )
        ]

    def _emit_trailing_attribution(self, index: int) -> None:
        """CLAUSE، بحسب مصادر مطلعة.: the clause (from the sentence start) is attributed."""
        words = self.words
        ev = self.ev
        start = ev.sentence_start[index]
        tokens = ev.tokens
        if self._starts_between(tokens.starts[start], tokens.starts[index]):
            return  # the sentence already reports speech
        first = index + 1
        comma = words[index - 1] in ("\u060c", ",")
        speaker: Speaker | None
        lemma = _attribution_lemma(words[index])
        verb = ev.cues.get(index + 2)
        if first >= self.n:
            return  # the text ends on the attribution word
        if words[index] == "علي" and words[first] == "ما" and verb is not None:
            # "، على ما أفاد مصدر طبي": a trailing source after على ما + a reporting verb.
            lemma = verb.lemma
            end = noun_phrase_end(
                ev.tokens, index + 3, min(self.n, index + 13), ev.lex, ev.pair_close
            )
            speaker = self._plausible(
                speaker_from_phrase(ev.tokens, index + 3, end, ev.registry, ev.lex)
            )
        elif words[index] == "علي":
            # "على حد قوله/تعبيره": the current speaker's own words.
            phrase = tuple(words[index : index + 3])
            if ev.lex.attributions.get(phrase, ("", ""))[1] != "own":
                return
            speaker = self.current
        else:
            if first < self.n and words[first] == "ل":
                first += 1  # وفقا لـ
            if first + 1 < self.n and words[first] in ("ما", "لما"):
                first += 2  # بحسب ما أفادت …، وفقا لما أعلنته …
            elif words[index] == "حسبما":
                first += 1
            end = noun_phrase_end(ev.tokens, first, min(self.n, first + 10), ev.lex, ev.pair_close)
            if not comma and (end < self.n and words[end] not in SENTENCE_END):
                if not (self._relative_to_sentence_end(end) or self._speaking_relative(end)):
                    return  # without a comma only a source that ends the sentence attributes it
            speaker = self._plausible(
                speaker_from_phrase(ev.tokens, first, end, ev.registry, ev.lex)
            ) or self._attached_lam_source(first, end)
        if speaker is None:
            return
        clause_first = start
        while clause_first < index and not words[clause_first][0].isalnum():
            clause_first += 1
        if not _has_words(words, clause_first, index, 4):
            return
        begin = tokens.starts[clause_first]
        last = index - 2 if comma else index - 1  # the word before the comma or the head
        if last in ev.cues:
            return  # "أما الأخير فقد أعلن، وفق المدعي العام، أنه …": a cue's frame, no clause
        finish = tokens.ends[last]
        if finish <= begin or self._overlaps(begin, finish):
            return
        self._add(self._quote(begin, finish, "indirect", lemma, speaker, index))
        self._remember(index, speaker)

    def _speaking_relative(self, at: int) -> bool:
        """ "… بحسب رئيس المجلس سالم العمري الذي قال إن …": the source goes on in a relative
        clause with a reporting verb of its own, which ends the source."""
        return self.words[at] in RELATIVES and at + 1 in self.ev.cues

    def _relative_antecedent(self, index: int) -> Speaker | None:
        """Who a relative clause's cue without a subject reports: its antecedent, the speaker
        just named ("… بحسب رئيس المجلس سالم العمري الذي قال إن …") or a person named before
        ("التقى الوفد بالمحافظ سالم العمري الذي قال إن …")."""
        words = self.words
        if index < 3 or words[index - 1] not in RELATIVES:
            return None
        last = index - 2
        if words[last] in _REFLEXIVES:
            last -= 1  # "حسب إفادة عباس نفسه الذي قال …"
        current = self.current
        if current is not None and current.last == last:
            return current
        ev = self.ev
        if ev.registry.by_short_name((words[last],), index) is None:
            return None
        first = last
        while first > 0 and last - first < 3 and words[first - 1][0].isalnum():
            if ev.registry.by_short_name(tuple(words[first - 1 : last + 1]), index) is None:
                break
            first -= 1
        spoken = speaker_from_phrase(ev.tokens, first, last + 1, ev.registry, ev.lex)
        spoken = self._plausible(spoken)
        return self._with_entity(spoken) if spoken is not None else None

    def _coordinated_relative(self, start: int, index: int) -> Speaker | None:
        """The antecedent of a relative clause that a و-cue without subject goes on ("… رئيس
        النادي كريستيان بيك الذي أعلن عن تفاجئه … وأكد أنه …"): the relative clause's cue is
        the nearest cue before it in the sentence, so both verbs share its subject."""
        words = self.words
        cues = self.ev.cues
        for k in range(index - 1, max(start, index - COORDINATED_RELATIVE_WORDS) - 1, -1):
            if k in cues:
                if k > start and words[k - 1] in RELATIVES and not cues[k].prefixed:
                    return self._relative_antecedent(k)
                return None  # another cue in between: its own subject goes on
            if words[k] in SENTENCE_END:
                return None
        return None

    def _relative_to_sentence_end(self, at: int) -> bool:
        """ "… بحسب التقرير الذي نقلته الوكالة أمس.": a short relative clause on the source
        that runs to the sentence end (no comma, colon or quotation) still ends the clause."""
        words = self.words
        if words[at] not in RELATIVES:
            return False
        for k in range(at + 1, min(self.n, at + RELATIVE_TAIL_WORDS)):
            word = words[k]
            if word in SENTENCE_END:
                return True
            if not word[0].isalnum() or word in COMPLEMENTIZERS:
                return False
        return False

    def _attached_lam_source(self, first: int, end: int) -> Speaker | None:
        """وفقا لبيان الوزارة: a source noun with لـ attached; the name drops the لـ."""
        word = self.words[first] if first < end else ""
        if not (word.startswith("ل") and word[1:] in self.ev.lex.source_heads):
            return None
        tokens = self.ev.tokens
        begin, finish = tokens.starts[first], tokens.ends[end - 1]
        name = tokens.original[begin + 1 : finish]
        return Speaker(name, None, first, end - 1, None, True)

    def _add(self, quote: Quote) -> None:
        """Keep a quote, and its span in the sorted index used for overlap checks."""
        self.quotes.append(quote)
        at = bisect_left(self._starts, quote.start)
        self._starts.insert(at, quote.start)
        self._ends.insert(at, quote.end)

    def _overlaps(self, begin: int, end: int) -> bool:
        """Whether a kept quote overlaps ``[begin, end)`` (neighbours in start order only)."""
        at = bisect_left(self._starts, end)
        return at > 0 and max(self._ends[max(0, at - OVERLAP_NEIGHBOURS) : at]) > begin

    def _starts_between(self, begin: int, end: int) -> bool:
        return bisect_left(self._starts, end) > bisect_left(self._starts, begin)

    def _past_relative_clause(self, first: int) -> int:
        """The فإنّ that resumes a sentence after a relative clause on the source ("…، الذي
        اقترحه الوزير - فلان، فإنه …"), or ``first`` (the comma before the relative) when none
        follows in the sentence."""
        words = self.words
        for k in range(first + 1, min(self.n, first + RELATIVE_CLAUSE_WORDS)):
            cue = self.ev.cues.get(k)
            if words[k] in SENTENCE_END or (cue is not None and cue.form != "suffixed"):
                break
            if words[k] in _RESUMING and words[k - 1] in ("\u060c", ","):
                return k
        return first

    def _emit_front_attribution(self, index: int) -> None:
        words = self.words
        ev = self.ev
        first = index + 1
        if first < self.n and words[first] == "ل":
            first += 1  # وفقا لـ
        quoted = ev.pair_close.get(first)
        if quoted is not None and self._sizes[first] <= MAX_QUOTED_NAME_WORDS:
            # وبحسب "إي.واي"، فإن …: a source named in marks
            end = quoted + 1
            name = ev.tokens.original[ev.tokens.ends[first] : ev.tokens.starts[quoted]].strip()
            speaker: Speaker | None = Speaker(name, None, first, quoted, None, True)
        else:
            end = noun_phrase_end(ev.tokens, first, min(self.n, first + 10), ev.lex, ev.pair_close)
            if "فقد" in words[first:end]:
                end = words.index("فقد", first, end)  # the source ends where its clause opens
            end = self._source_to_answer(end)
            if first < self.n and words[first] in _OWN_WORDS:
                speaker, end = self.current, first + 1  # "وبحسب قوله فإنه …": who just spoke
            else:
                speaker = self._attached_lam_source(first, end) or speaker_from_phrase(
                    ev.tokens, first, end, ev.registry, ev.lex
                )
                if end - 1 > first and words[end - 1] in _REFLEXIVES:
                    # "وبحسب المصادر نفسها، …": the sources named before
                    speaker = self._same_as_before(words[first], first) or speaker
        if speaker is None:
            return
        j = end
        # Skip a parenthesised gloss: "موقع التراث الإسلامي (مسلم هيرتج دوت كوم)".
        if j < self.n and words[j] == "(":
            while j < self.n and words[j] != ")" and words[j] not in SENTENCE_END:
                j += 1
            j += 1
        if j + 1 < self.n and words[j] in ("\u060c", ",") and words[j + 1] in RELATIVES:
            j = self._past_relative_clause(j)  # "وبحسب القانون، الذي اقترحه …، فإنه …"
        if j < self.n and words[j] == ":" and j + 1 in ev.pair_close:
            # "وحسب مموزيني: «…»": the quotation that follows is the source's.
            self._remember(index, speaker)
            return
        if j < self.n and words[j] in _FRONT_ANSWERS:
            if words[j] in ("،", ",") and j + 1 < self.n and words[j + 1] in COMPLEMENTIZERS:
                j += 1  # "وبحسب الوكالة، فإن …"، "وبحسب المدير، أن …"
            elif j + 1 in ev.cues:
                # "وبحسب «رويترز»، قال فلان إن …": the sentence's own cue reports it; the
                # source stands in for a subject that names nobody ("قال 37 في المائة …").
                self._remember(index, speaker)
                return
            content = _Content("indirect", j + 1, j + 1)
            quote = self._build(content, _attribution_lemma(words[index]), speaker, index)
            if quote is not None and not self._overlaps(quote.start, quote.start + 1):
                self._add(quote)
                self._remember(index, speaker)


# What answers a fronted attribution before its clause: "وبحسب الوكالة فإن …"، "وبحسب
# المتحدث فقد اعتقل ثلاثة …" (فقد + a past verb), or a comma.
_FRONT_ANSWERS: Final = frozenset({"فان", "فانه", "فانها", "فانهم", "فقد", "\u060c", ","})
# The lemma of an attribution head (بحسب → حسب), once per word: the word list is scanned.
_attribution_lemma: Final = lru_cache(maxsize=256)(attribution_lemma)
_TRAILING_MARKS: Final = frozenset(L.DIACRITICS + L.TATWEEL)
# "لكنه"، "ولكنها": a pronoun subject turning to a new statement of the same speaker.
_PRONOUN_BUT: Final = frozenset({"لكنه", "ولكنه", "لكنها", "ولكنها", "لكنهم", "ولكنهم"})
# Words a clause break moves back over: the clause before ends at the comma ("…، وقد أكد").
_CUT_BACK: Final = frozenset({"\u060c", ",", "كما", "فيما", "بينما", "و", "وقد", "قد"})
# "، وقد أعلنوا أنه …": a plural verb after these continues the clause it stands in.
_NESTING_PARTICLES: Final = frozenset({"وقد", "قد", "حيث"})
# Outlets a source speaks to, attached to لـ before the subject ("وقال لرويترز").
# "… واصفا الانفجار بأنه …": بأن after a participle's object.
_CIRCUMSTANTIAL: Final = frozenset({"وهو", "وهي", "وهم", "وهما", "وهن"})
_IYYA: Final = frozenset({"اياه", "اياها", "اياهم", "اياهما"})  # إيّاه: an object pronoun
_BI_ANNA: Final = frozenset({"بانه", "بانها", "بانهم", "بان"})
# "، معلنة …": feminine participles the lexicon keeps out of the cues (mostly adjectives
# elsewhere: أهداف معلنة) that after a comma turn to a new report.
_PARTICIPLE_TURNS: Final = frozenset({"معلنه", "مطالبه", "مكرره"})
PLURAL_WINDOW: Final = 40  # tokens back from "وقالوا" to the group it refers to
# Broken plurals of people that take a plural verb (قال الشهود / وقالوا).
_GROUP_PLURALS: Final = frozenset({"الشهود", "السكان", "الخبراء", "النشطاء", "الاهالي", "الناجون"})
# Plurals of things that end like a sound masculine plural (ون/ين): no group that speaks.
_THING_PLURALS: Final = frozenset(
    {"الملايين", "القوانين", "الميادين", "العناوين", "البساتين", "المضامين", "الدواوين"}
    | {"البراكين", "السلاطين", "الشياطين", "الدكاكين", "المجانين", "الموازين", "الثلاثين"}
    | {"العشرين", "الاربعين", "الخمسين", "الستين", "السبعين", "الثمانين", "التسعين"}
)
# Nouns of "not doing" before a verbal noun that is spelt like a cue: "عدم ذكر اسمه".
_NEGATING_NOUNS: Final = frozenset({"عدم", "بعدم", "لعدم", "وعدم"})
CONTACT_WINDOW: Final = 40  # tokens back from "فأكد" to the "تواصلت … مع X" it answers
# Nouns of a conversation that open a sentence before "مع X" ("وفي اتصال هاتفي مع المدير ذكر
# أن …"، "وفي حديث لـ«الصحيفة» مع …"): X answered, so a cue without subject reports X.
_CONTACT_NOUNS: Final = frozenset(
    {"اتصال", "مداخله", "حديث", "لقاء", "مقابله", "حوار", "تصريح", "تصريحات", "دردشه"}
)
_CONTACT_OPENERS: Final = frozenset({"في", "وفي", "خلال", "وخلال", "اثناء", "واثناء"})
CONTACT_NOUN_GAP: Final = 8  # tokens from the verb or noun of contact to its مع
# "تواصلت/اتصلت/تحدثت الصحيفة مع X": X is who answers in the next ف-clause.
_CONTACT_VERBS: Final = frozenset(
    {"تواصلت", "تواصل", "اتصلت", "اتصل", "تحدثت", "تحدث", "التقت", "التقي", "تواصلنا", "اتصلنا"}
)
# Verbs whose masculine present is as often the passive "it is …" (يُتوقع، يُرجح، يُستبعد).
_IMPERSONAL: Final = frozenset({"توقع", "رجح", "استبعد", "ذكر", "زعم"})
# Verbs after "، دون أن" besides the reporting verbs: "دون أن يحدد موعدا".
_UNSAID: Final = frozenset({"يحدد", "تحدد", "يقدم", "تقدم", "يعطي", "تعطي", "يسمي", "تسمي"})
# Words after a comma that turn to a new statement (see ``_Walker._turn_before``).
_TURNS: Final = frozenset({"اما", "دون", "الا"}) | _PARTICIPLE_TURNS
# Verbs of declining to say: "، إلا أنه رفض الإفصاح عن …" (see ``_Walker._declined_after``).
_DECLINED: Final = frozenset(
    {"رفض", "رفضت", "رفضوا", "امتنع", "امتنعت", "امتنعوا", "تحفظ", "تحفظت", "تجنب", "تجنبت"}
    | {"احجم", "احجمت", "تكتم", "تكتمت"}
)


@lru_cache(maxsize=1)
def _colon_cues() -> dict[str, str]:
    """Past forms (3ms, 3fs, 3mp; normalised) of the verbs that report speech before a
    colon → their lemma (``colon_cues.txt``)."""
    found: dict[str, str] = {}
    for lemma in word_list("colon_cues.txt"):
        for form in (lemma, lemma + "ت", lemma + "وا"):
            found.setdefault(form, lemma)
    return found


@lru_cache(maxsize=1)
def _participle_adverbials() -> frozenset[tuple[str, ...]]:
    """Adverbial phrases (three words, starting with في) that may stand between a
    participle cue and its أن, normalised."""
    phrases = frozenset(tuple(line.split()) for line in word_list("participle_adverbials.txt"))
    if any(len(phrase) != 3 or phrase[0] != "في" for phrase in phrases):
        raise ValueError("participle_adverbials.txt: three words starting with في per line")
    return phrases


@lru_cache(maxsize=1)
def _turns_and_participles() -> frozenset[str]:
    """The narrator's turns (في، فيما) and the participle forms: one hit scan finds both."""
    return NARRATOR_TURNS | _participle_forms()


@lru_cache(maxsize=1)
def _participle_forms() -> frozenset[str]:
    """Every participle form of the reporting verbs (normalised)."""
    return frozenset(word for word, cue in lexicon().cues.items() if cue.form == "participle")


_HEAD_LABELS: Final = frozenset({"PER", "ORG", "GPE"})  # entities that can head a speaker's mention
_RELAY_PREPOSITIONS: Final = {"نقل": "عن", "علم": "من", "جاء": "في", "ورد": "في"}
# A cue after these is inside the clause ("بعد أن أكد المحافظ …"), not a new statement.
_SUBORDINATORS: Final = frozenset(
    {"ان", "بعدما", "عندما", "حينما", "لما", "حين", "منذ", "الذي", "التي", "الذين", "كلما"}
    # Conditions: "في حال صرّح الطبيب بأن …"، "إذا أعلن …" is inside the clause.
    | {"حال", "حاله", "اذا", "لو"}
)
# Words that open a first-person or conditional clause right after a participle.
_DASHES: Final = frozenset({"-", "\u2013", "\u2014"})
# Formulae set off by dashes after a name or verb: "-رحمه الله-"، "-حفظه الله-".
_FORMULAE: Final = frozenset({"رحمه", "رحمها", "يرحمه", "حفظه", "حفظها", "صلي", "عليه", "رضي"})
# Connectives after which a clause may put its subject before the verb (لكن إيران تصر …).
_CLAUSE_OPENERS: Final = frozenset({"لكن", "ولكن", "بينما", "وبينما", "فيما", "وفيما"})
# Connectives before an أنّ whose clause may carry its own subject and cue (خاصة أن …).
_ANNA_CONNECTIVES: Final = frozenset({"خاصه", "وخاصه", "بخاصه", "وبخاصه", "سيما", "لاسيما"})
_RESUMING: Final = frozenset({"فان", "فانه", "فانها", "فانهم"})
RELATIVE_CLAUSE_WORDS: Final = 25  # tokens a relative clause on a fronted source may take
# Words that govern a following أن inside an adjunct ("بعد أن"، "من شأنه أن"، "يمكن أن").
_GOVERNORS: Final = frozenset(
    {"بعد", "قبل", "منذ", "حتي", "الي", "شان", "شانه", "شانها", "يمكن", "يجب", "بد", "لابد"}
    # ... and connectives before أنّ that start the narrator's own clause ("غير أن"،
    # "إلى جانب أن"، "علما أن"، "كما أن").
    | {"جانب", "غير", "الا", "بيد", "رغم", "برغم", "كما", "حيث", "مع", "علما", "ذلك", "اذ", "بما"}
)
_KANA: Final = frozenset({"كان", "كانت", "كانوا"})
# Words after which a statement noun is its sentence's subject ("فإن تصريحات X …").
_STATEMENT_SUBJECT_PLACES: Final = frozenset({"\u060c", ",", "ان", "فان", "لكن", "ولكن"})
_PERSON: Final = frozenset({"PER"})
_PARTITIVES: Final = frozenset({"من", "منهم", "منهن"})  # "عدد من المواطنين": people, not a count
_COUNTS: Final = frozenset({"عدد", "اعداد"})  # "عدد الطلاب": the number of, no one speaking
_KANA_TURNS: Final = frozenset({"وكان", "وكانت"})  # "، وكان X قد …": a pluperfect clause
_POINTING: Final = frozenset({"هذا", "هذه", "تلك", "ذلك"})  # demonstratives pointing back
KANA_SUBJECT_WORDS: Final = 8  # words of the subject in "، وكان X قد …"
COORDINATED_RELATIVE_WORDS: Final = 16  # from a و-cue back to the relative clause's cue
CLAUSE_SUBJECT_WORDS: Final = 4  # words of a subject placed before its verb in such a clause
# Say-verbs whose clause may follow the subject with no أن: "وقال X، أسفر …"، "وأضاف X لقد …".
_CLAUSE_SAY: Final = frozenset({"قال", "أضاف"})  # not تابع ("followed"), too often a plain verb
MIN_COMMA_CLAUSE_WORDS: Final = 5
MAX_QUOTED_NAME_WORDS: Final = 4  # a quoted subject name: "ولد الشيخ أحمد"
# After a short quotation right after a cue, these show it was the subject's name.
_AFTER_QUOTED_NAME: Final = frozenset({":", "نقلا"})
QUOTED_NAME_GAP: Final = 2  # words between a subject and its quoted name ("إلى اليمن")
RELAYED_DESCRIPTION_WORDS: Final = 8  # a relayed source's description before "، أن"
RELATIVE_TAIL_WORDS: Final = 12  # a relative clause on a trailing source, to the sentence end
SOURCE_COMPLEMENT_WORDS: Final = 5  # "من رئيس الحكومة" between a fronted source and فإنّ
COLON_SOURCE_WORDS: Final = 6  # words of a source between "، وحسب" and its colon
OPENER_WORDS: Final = 4  # words of a prepositional opener before its comma ("في غضون ذلك،")
# Prepositions that open such an opener; not عبر، بين، قبل (also verbs: عبّر، بيّن، قبِل).
_OPENER_PREPOSITIONS: Final = frozenset(
    {"في", "الي", "علي", "من", "مع", "خلال", "عقب", "بعد", "منذ", "اثناء", "وسط"}
)
STATEMENT_WINDOW: Final = 30  # tokens back from "أوضح فيها" to the statement noun (كلمة، بيانا)
_RESUMPTIVES: Final = frozenset({"فيه", "فيها", "خلاله", "خلالها"})
_PRONOUNS: Final = frozenset({"هو", "هي", "هم", "هما", "هن"})
_COORDINATED_ANNA: Final = frozenset({"وان", "وانه", "وانها", "وانهم"})
_CLAUSE_ADVERBS: Final = frozenset({"ثم", "وثم", "كذلك", "وكذلك", "كما", "وكما", "ايضا", "وايضا"})
_CLAUSE_BOUNDS: Final = frozenset({"\u060c", ",", "\u061b", ";", ":"})
# Openers of speech right after a verb with no subject, colon or mark ("وقال لن نسمح …").
_BARE_SPEECH_OPENERS: Final = frozenset({"لن", "نحن", "انا", "لسنا", "لست", "لقد", "لا"})
# First-person and emphatic openers of verbatim speech right after the speaker's name.
_FIRST_PERSON_OPENERS: Final = frozenset({"لقد", "نحن", "انا", "لسنا", "لست"})
# Words ending in the first-person نا that are no speech of the speaker's own: the addressee
# ("قال لنا") or a place adverb.
_NOT_FIRST_PERSON: Final = frozenset({"لنا", "علينا", "الينا", "معنا", "هنا", "ههنا", "احيانا"})
# What follows a first-person opener (خطتنا هي، بلادنا لن) but hardly a lone name.
_AFTER_FIRST_PERSON: Final = frozenset(
    {"هو", "هي", "هم", "لن", "لم", "لا", "ليس", "ليست", "قد", "سوف", "كان", "كانت"}
)
# Object pronouns a verbal noun or a preposition right after a cue carries ("وجدد دعوته"،
# "أكد فيها"): such a word is the verb's complement, never its subject.
_OBJECT_SUFFIXES: Final = ("هما", "هم", "ها", "ه")
_PRONOUN_HOSTS: Final = frozenset(
    {"خلال", "في", "عن", "من", "ل", "علي", "الي", "مع", "عند", "امام", "حول", "عبر", "ضمن"}
)


def _first_person_word(word: str, lex: Lexicon) -> bool:
    """A word that opens the speaker's own first-person words: a noun with the possessive نا
    (خطتنا، بلادنا) or a verb in the first person plural (اتفقنا، توصلنا)."""
    return (
        len(word) > 3
        and word.endswith("نا")
        and word[0].isalpha()
        and word not in _NOT_FIRST_PERSON
        and not is_given_name(word, lex)
    )


def _object_word(word: str) -> bool:
    """A verbal noun or a preposition carrying an object pronoun (دعوته، فيها، عنه):
    right after a cue it is the verb's complement, never its subject."""
    for suffix in _OBJECT_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            stem = word[: -len(suffix)]
            if stem in _PRONOUN_HOSTS or stem in _object_nouns():
                return True
    return False


@lru_cache(maxsize=1)
def _honorific_pronouns() -> frozenset[str]:
    """سموه، معاليه، سماحته …: a person named before (``honorific_pronouns.txt``)."""
    return frozenset(word_list("honorific_pronouns.txt"))


@lru_cache(maxsize=1)
def _statement_referents() -> frozenset[str]:
    """الكلام، التصريحات، الموقف …: what "هذا/تلك" points back at when the narrator comments
    on a statement just reported (``statement_referents.txt``)."""
    return frozenset(word_list("statement_referents.txt"))


@lru_cache(maxsize=1)
def _comment_participles() -> frozenset[str]:
    """Participles of acts that are no report (مثمنا، مرحبا، مبديا …) with their feminine
    and plural forms: after a comma they end a reported clause (``comment_participles.txt``)."""
    forms: set[str] = set()
    for word in word_list("comment_participles.txt"):
        stem = word.removesuffix("ا")
        forms.update((word, stem + "ه", stem + "ين"))
    return frozenset(forms)


@lru_cache(maxsize=1)
def _clause_subject_heads() -> frozenset[str]:
    """Group and body heads a main-clause subject may have (``clause_subject_heads.txt``)."""
    return frozenset(word_list("clause_subject_heads.txt"))


def _bare_head(word: str) -> str:
    """A head noun without its article or و: "والأمانة" → "امانه" (normalised)."""
    if word.startswith("وال"):
        return word[3:]
    if word.startswith("ال"):
        return word[2:]
    return word


@lru_cache(maxsize=1)
def _object_nouns() -> frozenset[str]:
    return frozenset(word_list("object_nouns.txt"))


def _object_noun(word: str) -> bool:
    """A verbal noun with an object pronoun (حديثها، حرصه): not a preposition (منهم)."""
    for suffix in _OBJECT_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            if word[: -len(suffix)] in _object_nouns():
                return True
    return False


@lru_cache(maxsize=1)
def _citation_formulae() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The formulae of ``citation_formulae.txt`` as token tuples, by their first word."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for line in word_list("citation_formulae.txt"):
        words = tuple(line.split())
        found.setdefault(words[0], []).append(words)
    return {first: tuple(formulae) for first, formulae in found.items()}


@lru_cache(maxsize=1)
def _predicate_cues() -> frozenset[str]:
    return frozenset(word_list("predicate_cues.txt"))


@lru_cache(maxsize=256)
def _predicate_cue(lemma: str) -> bool:
    """اعتبر، رأى: cue lemmas whose forms also read as a passive or copula (يُعتبر "is
    considered") or a noun (رأي "opinion") (``predicate_cues.txt``, normalised)."""
    return normalise(lemma) in _predicate_cues()


# Cues that report a claim with أنّ but a wish or demand with أنْ + verb (أصر على أن يبقى).
_VOLITIONAL: Final = frozenset({"أصر"})
_SPEECH_OPENERS: Final = frozenset({"اذا", "لو", "لن", "نحن", "انا", "لسنا", "لقد"})
# Sentence connectives that put the subject before its verb: "إلا أن X قال"، "غير أن X".
_CONNECTIVES: Final = frozenset(
    {"الا", "والا", "غير", "بيد", "لكن", "ولكن", "كما", "وكما", "بل", "ثم"}
)
# Conjunctions that open a clause before its verb: "وبينما لم يدخل …" (لكن is followed by a
# noun as often as by a verb, so it is not skipped).
_CONJUNCTIONS: Final = frozenset(
    {"بينما", "وبينما", "فيما", "وفيما", "وحين", "حين", "وعندما", "عندما"}
)
# Particles before a verb (negation, aspect): "لم يعلق"، "قد أكد".
_PREVERBAL: Final = frozenset({"لم", "ولم", "لن", "ولن", "قد", "وقد", "لقد", "ولقد", "لا", "ولا"})
# Prepositions that front the topic of the next statement ("وعن اللاعب X، قال إنه …"،
# "وحول تصريحات الوزير، أضاف …"، "وبشأن …"): the noun after them is spoken about.
_TOPIC_FRONTS: Final = frozenset(
    {"عن", "وعن", "حول", "وحول", "بشان", "وبشان", "بخصوص", "وبخصوص", "ازاء", "وازاء"}
    | {"تجاه", "وتجاه", "وحيال", "حيال"}
)
# "وقد"/"ولقد" opening a coordinated clause inside a sentence: a verb with a subject of
# its own follows (normalised).
_QAD_OPENERS: Final = frozenset({"وقد", "ولقد"})
# A verb's object pronoun in a preposition (normalised): "رد عليه"، "قال له".
_PRONOUN_OBJECTS: Final = frozenset({"عليه", "عليها", "عليهم", "له", "لها", "لهم"})
ADDRESSED_SUBJECT_WINDOW: Final = 6  # tokens back from a participle to that pronoun
# "when" before a cue without subject: the cue belongs to the clause before (normalised).
_WHEN: Final = frozenset({"حينما", "عندما", "حين"})
# Adverbs that may stand between a verb and its subject (normalised): "أكدها سابقا الوزير".
_SUBJECT_ADVERBS: Final = frozenset({"سابقا", "مرارا", "مجددا", "اخيرا", "ايضا", "كذلك"})
_QAD_FORMS: Final = frozenset({"قد", "وقد", "لقد", "ولقد"})
QAD_CLAUSE_WINDOW: Final = 30  # tokens back from a و-cue searched for a "وقد …" clause
_REFLEXIVES: Final = frozenset({"نفسه", "نفسها", "ذاته", "ذاتها", "انفسهم", "ذاتهم"})
# Words that open a sentence without making a cue after them mid-sentence: connectives,
# openers and particles ("كما أكد"، "من جهته، قال"، "وقد أشار").
_MID_OPENERS: Final = frozenset(
    {"كما", "وكما", "فيما", "وفيما", "وقد", "فقد", "قد", "ثم", "حيث", "لقد", "ولقد"}
    | {"من", "ومن", "فمن", "جانبه", "جانبها", "جانبهم", "جهته", "جهتها", "جهتهم"}
    | {"ناحيته", "ناحيتها", "بدوره", "بدورها", "بدورهم", "وبدوره", "وبدورها"}
    | {"اما", "واما", "لكن", "ولكن", "بينما", "وبينما", "الا", "ان", "انه", "لذا", "لذلك"}
    | {"كذلك", "ايضا", "و", "ف", "هذا", "وهذا", "هنا", "وهنا"}
)
# Where a subject put before its verb starts: a comma, أنّ/إنّ, كان and its sisters.
_SUBJECT_BOUNDARIES: Final = frozenset(
    {"ان", "فان", "لان", "بان", "وان", "اذ", "حيث", "لكن", "ولكن", "بينما", "وبينما"}
    | {"كان", "كانت", "كانوا", "وكان", "وكانت", "وكانوا", "ظل", "ظلت", "وظل", "وظلت"}
    | {"بات", "باتت", "اصبح", "اصبحت", "مازال", "مازالت", "يزال", "تزال", "فيما", "وفيما"}
)
_OPENER_FROM: Final = frozenset({"من", "ومن"})
_POSSESSIVES: Final = ("ها", "هم", "هما", "هن")
_CLAUSE_RESTARTS: Final = frozenset(
    {"حيث", "اذ", "وقد", "فقد"}
)  # "…، حيث رحب الأمين …": a new clause
# Two-word openers with no comma after them: "في المقابل أكدت الأمانة …"، "إلى ذلك توقع …".
_FIXED_OPENERS: Final = frozenset(
    {("في", "المقابل"), ("وفي", "المقابل"), ("الي", "ذلك"), ("والي", "ذلك"), ("من", "ناحيه")}
    | {("وفي", "الوقت"), ("في", "الوقت"), ("الي", "جانب"), ("والي", "جانب")}
)
_SPEAKING_LABELS: Final = frozenset({"PER", "ORG"})
_BODIES: Final = frozenset({"ORG", "GPE"})  # names that take a feminine verb as subjects
_SHADDA: Final = "\u0651"  # ARABIC SHADDA: "بيّن" is a verb, "بين" may be "between"
SUBJECT_BEFORE_CUE_WORDS: Final = 8  # words of a subject put before its cue ("مندوبين لدول …")
MAX_APPOSITION_WORDS: Final = 8  # words of a title apposed between commas before a cue
NAMED_HEAD_WORDS: Final = 4  # words of a name after the noun naming what one does
DATELINE_WORDS: Final = 10  # tokens of a dateline before its colon ("فلان - سبق - الرياض:")
RELATIVE_TITLE_WORDS: Final = 6  # words from "الذي" back to the title of its antecedent
TITLE_NAME_WINDOW: Final = 24  # words from a long title to its name ("مدير عام … محمد العمرة")
_DEMONSTRATIVES: Final = frozenset({"هذا", "هذه", "ذلك", "تلك", "هؤلاء", "اولئك"})
# Prepositions that introduce a verb's own complement (أكد على ضرورة …، أشار إلى انتعاش …):
# after these cues such a preposition starts a nominal paraphrase, not an adjunct.
_ARGUMENT_OF: Final[dict[str, frozenset[str]]] = {
    "علي": frozenset({"أكد", "شدد", "حث", "اعترض", "وافق", "نوه", "علق", "أصر"}),
    "الي": frozenset({"أشار", "لفت", "دعا", "نوه", "ألمح", "نبه", "أرجع"}),
    "عن": frozenset({"كشف", "أعلن", "أعرب", "تحدث", "عبر", "أفصح", "نفى", "نقل"}),
    "ب": frozenset(
        {
            "طالب",
            "أشاد",
            "وعد",
            "ندد",
            "رحب",
            "أقر",
            "اعترف",
            "ذكر",
            "أفاد",
            "صرح",
            "وصف",
            "تعهد",
            "نوه",
            "أوصى",
            "ناشد",
            "حذر",
        }
    ),
}


@lru_cache(maxsize=1)
def _front_heads() -> frozenset[str]:
    """Attribution heads that open a sentence, with or without و (وبحسب، ووفقا)."""
    heads = attribution_heads()
    return heads | {"و" + head for head in heads}


@lru_cache(maxsize=1)
def _trailing_heads() -> frozenset[str]:
    """Attribution heads after a clause, and على (على حد قوله، على ما أفاد)."""
    return attribution_heads() | {"علي"}


def _imperfect_like(word: str) -> bool:
    """A normalised word shaped like a 3rd-person imperfect verb (يحفظ، يكون): أنْ + verb is a
    subjunctive clause (wish, purpose), not a reported statement."""
    return len(word) >= 3 and word[0] == "ي"  # ت/ن open too many nouns (تعاون، نتائج)


def _takes_argument(lemma: str, word: str) -> bool:
    """Whether ``word`` opens the cue's own prepositional complement."""
    if word in ARGUMENT_PREPOSITIONS:
        return lemma in _ARGUMENT_OF.get(word, frozenset())
    return b_prefixed(word) and lemma in _ARGUMENT_OF["ب"]


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote whose span lies inside an earlier, longer one."""
    kept: list[Quote] = []
    for quote in quotes:
        if kept and kept[-1].start <= quote.start and quote.end <= kept[-1].end:
            continue
        kept.append(quote)
    return kept
