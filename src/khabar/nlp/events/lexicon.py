"""The CAMEO event cue table and agent nouns, loaded once from ``nlp/resources/events``.

``cues.tsv`` is built by ``scripts/build_event_lexicon.py`` (sources in ``NOTICE.md``); this
module only reads it, adds the proclitics each row allows and compiles one Aho-Corasick
automaton over the normalised spelling, so finding every cue in a page is one C-level pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, cast

import ahocorasick

CueKind = Literal["verb", "noun", "phrase", "block"]

_PACKAGE = "khabar.nlp"
_FOLDER = "resources/events"

# CAMEO 1.1b3 root codes and the names used as ``Event.type``.
ROOT_NAMES: dict[str, str] = {
    "03": "INTEND TO COOPERATE",
    "04": "CONSULT",
    "05": "DIPLOMATIC COOPERATION",
    "06": "MATERIAL COOPERATION",
    "07": "AID",
    "08": "YIELD",
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "EXHIBIT FORCE POSTURE",
    "16": "REDUCE RELATIONS",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "FIGHT",
    "20": "MASS VIOLENCE",
}

# Proclitics: و/ف on verbs (وهاجم، فاعتقلت); on nouns also the article and ب/ل/ك.
VERB_CLITICS = ("", "\u0648", "\u0641")
_CONJ = ("", "\u0648", "\u0641")
_PREP = ("", "\u0628", "\u0643")
ARTICLE = "\u0627\u0644"  # ال
LAM = "\u0644"


def noun_variants(form: str) -> list[str]:
    """A noun with the article, prepositions and conjunctions it takes in running text.

    >>> sorted(noun_variants("هجوم"))[:4]
    ['الهجوم', 'بالهجوم', 'بهجوم', 'فالهجوم']
    >>> "للهجوم" in noun_variants("هجوم") and "وللهجوم" in noun_variants("الهجوم")
    True
    """
    bases = [form] if form.startswith(ARTICLE) else [form, ARTICLE + form]
    found: set[str] = set()
    for base in bases:
        for conj in _CONJ:
            for prep in _PREP:
                found.add(conj + prep + base)
            # ل + ال → لل (للهجوم); ل + indefinite (لهجوم).
            found.add(conj + LAM + (base[1:] if base.startswith(ARTICLE) else base))
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Cue:
    """One surface form: its CAMEO code, kind, verb agreement and lemma."""

    form: str
    code: str  # "" for a blocker
    kind: CueKind
    agreement: str  # "s": singular verb (subject may follow), "p": plural (subject before)
    lemma: str
    objects: frozenset[str] = frozenset()  # non-empty: a cue only when one follows closely
    tense: str = "-"  # past | present (verbs and verbal phrases) | - (nominal)

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def type_name(self) -> str:
        return ROOT_NAMES.get(self.root, self.root)


@dataclass(frozen=True, slots=True)
class EventLexicon:
    automaton: Any  # ahocorasick.Automaton: key → (length, Cue)
    agents: dict[str, str]  # normalised agent noun → CAMEO role (UAF, OPP, COP …)
    construct_heads: frozenset[str]
    size: int


def _rows(name: str) -> list[list[str]]:
    text = resources.files(_PACKAGE).joinpath(f"{_FOLDER}/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _variants(form: str, clitics: str) -> list[str]:
    head, _, rest = form.partition(" ")
    if clitics == "-":
        return [form]
    heads = noun_variants(head) if clitics == "n" else [c + head for c in VERB_CLITICS]
    return [h + (" " + rest if rest else "") for h in heads]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """Load the cue table and agent nouns (once per process) and compile the automaton."""
    automaton = ahocorasick.Automaton()
    keys: dict[str, Cue] = {}
    for form, code, kind, agreement, clitics, lemma, _source, objects, tense in _rows("cues.tsv"):
        needs = frozenset(objects.split(",")) if objects != "-" else frozenset()
        code = "" if code == "-" else code
        cue = Cue(form, code, cast(CueKind, kind), agreement, lemma, needs, tense)
        for variant in _variants(form, clitics):
            keys.setdefault(variant, cue)  # the bare form listed first keeps its reading
    for key, cue in keys.items():
        automaton.add_word(key, (len(key), cue))
    automaton.make_automaton()
    agents: dict[str, str] = {}
    heads: set[str] = set()
    for form, role, kind, _source in _rows("actors.tsv"):
        if kind == "construct":
            heads.add(form)
        else:
            agents[form] = role
    return EventLexicon(automaton, agents, frozenset(heads), len(keys))
