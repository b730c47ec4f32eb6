"""Tokens of the normalised view, and the small closed word classes quote rules look at.

The quote finder works on a token list of the normalised text (one regex pass): words, numbers
(``122.2`` stays one token), single punctuation marks and newlines. Closed classes (prepositions,
complementizers, time words …) are grammar, not lexicon, so they live here as code constants in
the *normalised* spelling (أ/إ → ا, ى → ي, ة → ه).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from khabar.arabic.normalise import NormalisedView, normalised_view

from .marks import ALL_MARKS

# "د." (doctor) and "م." (engineer) stay one token, so their dot does not end a sentence.
TOKEN_RE = re.compile(r"(?<!\S)[\u062f\u0645]\.(?=[ \t])|\w+(?:[.,]\d+)*|\n|[^\w\s]")
_SPLIT_RE = re.compile(r"((?<!\S)[\u062f\u0645]\.(?=[ \t])|\w+(?:[.,]\d+)*|\n|[^\w\s])")

SENTENCE_END = frozenset({".", "!", "?", "\u061f", "\u06d4", "\n"})

# أن / إن and their forms with a preposition, a conjunction or an attached pronoun (normalised).
_COMP_BASES = ("ان",)
_COMP_PRONOUNS = ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "ك", "كم")
COMPLEMENTIZERS = frozenset(
    prefix + base + pronoun
    for base in _COMP_BASES
    for prefix in ("", "ب", "و", "وب", "ف")
    for pronoun in _COMP_PRONOUNS
)

# Prepositions that introduce the complement of a cue (أكد على، أشار إلى، كشف عن): a cue whose
# complement starts with one of these and no أن is a nominal paraphrase, not a reported clause.
ARGUMENT_PREPOSITIONS = frozenset({"عن", "الي", "علي", "ب"})
PREPOSITIONS = frozenset(
    {
        "في",
        "علي",
        "عن",
        "من",
        "الي",
        "مع",
        "خلال",
        "عقب",
        "بعد",
        "قبل",
        "امام",
        "لدي",
        "عبر",
        "حول",
        "ل",
        "ب",
        "منذ",
        "اثناء",
        "حتي",
        "بين",
        "ضد",
        "نحو",
        "تجاه",
        "ازاء",
        "وفي",
        "وخلال",
        "بشان",
        "لوكاله",
        "لصحيفه",
        "لقناه",
        "لموقع",
        "لجريده",
        "لمجله",
        "للصحفيين",
        "للصحافيين",
        "لوسائل",
        "لشبكه",
        "لاذاعه",
        "لتلفزيون",
        "لنا",
        "له",
        "لها",
        "لهم",
    }
)
# Prepositions with an attached pronoun ("قالت فيها"، "قال لي") never start a subject.
PREPOSITIONS = PREPOSITIONS | frozenset(
    {
        "لي",
        "لك",
        "فيه",
        "فيها",
        "فيهم",
        "عليه",
        "عليها",
        "عليهم",
        "منه",
        "منها",
        "منهم",
        "عنه",
        "عنها",
        "عنهم",
        "اليه",
        "اليها",
        "اليهم",
        "معه",
        "معها",
        "معهم",
        "بها",
        "به",
        "بهم",
    }
)
TIME_WORDS = frozenset(
    {
        "اليوم",
        "امس",
        "مساء",
        "صباح",
        "يوم",
        "الليله",
        "الاحد",
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
        "ظهر",
        "فجر",
        "حاليا",
        "ايضا",
        "كذلك",
        "مجددا",
        "مؤخرا",
        "سابقا",
        "لاحقا",
        "اخيرا",
        "صراحه",
        "بدوره",
        "بدورها",
    }
)
RELATIVES = frozenset(
    {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي"}
)
PARTICLES = frozenset(
    {
        "لان",  # لأن: "because"
        "النظر",  # لفت النظر إلى أن …
        "الانتباه",
        "قوله",
        "قولها",
        "قولهم",
        "بالقول",
        "بقوله",
        "لم",
        "لن",
        "لا",
        "ما",
        "قد",
        "لقد",
        "كما",
        "فيما",
        "بينما",
        "اذ",
        "اذا",
        "حيث",
        "ثم",
        "او",
        "ام",
        "هو",
        "هي",
        "هم",
    }
)
# Heads of a quantified group: "عدد من الناشطين" keeps "من" inside the noun phrase.
QUANTIFIERS = frozenset(
    {
        "عدد",
        "بعض",
        "احد",
        "احدي",
        "مجموعه",
        "عشرات",
        "مئات",
        "الاف",
        "كثير",
        "الكثير",
        "جميع",
        "كل",
        "معظم",
        "غالبيه",
        "اغلب",
    }
)
# Name particles that may stand inside a personal name.
NAME_PARTICLES = frozenset(
    {
        "ال",
        "بن",
        "ابن",
        "بنت",
        "ابو",
        "ام",
        "عبد",
        "ابي",
        "ولد",
        "دي",
        "دو",
        "فان",
        "فون",
        "لا",
    }
)
# Discourse openers before a sentence's verb: "من جهته،", "بدوره،".
OPENER_HEADS = frozenset(
    {"جهته", "جهتها", "جانبه", "جانبها", "ناحيته", "ناحيتها", "جهه", "جهتهم", "جانبهم"}
)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Tokens of one text: view-offset spans, normalised strings and the view itself."""

    view: NormalisedView
    starts: list[int]
    ends: list[int]
    words: list[str]

    def __len__(self) -> int:
        return len(self.words)

    def original_span(self, first: int, last: int) -> tuple[int, int]:
        """Original character span covering tokens ``first .. last`` inclusive."""
        return self.view.to_original(self.starts[first], self.ends[last])


def tokenize(text: str) -> Tokens:
    """Tokenise the normalised view of ``text``.

    >>> t = tokenize("وقال: «نعمل»")
    >>> t.words
    ['وقال', ':', '«', 'نعمل', '»']
    """
    view = normalised_view(text)
    # split() with one capturing group alternates gap, token, gap, token … gap; cumulative
    # lengths then give every offset without a Python-level loop over matches.
    parts = _SPLIT_RE.split(view.text)
    offsets = list(accumulate(map(len, parts)))
    words = parts[1::2]
    starts = offsets[0:-1:2]
    ends = offsets[1::2]
    return Tokens(view, starts, ends, words)


def is_mark(word: str) -> bool:
    return len(word) == 1 and word in ALL_MARKS


def is_word(word: str) -> bool:
    """A word token (letters or digits), not punctuation or a newline."""
    return word[0].isalnum()
