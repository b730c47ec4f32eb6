"""Word lists of reported speech, loaded once from ``nlp/resources/quotes``.

Every list is data (hand-curated files, sources in ``NOTICE.md``); this module only reads them,
generates the inflected forms of reporting verbs and normalises everything to the matching view
(:func:`khabar.arabic.normalise.normalise`), so lookups are one ``dict``/``set`` probe per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

from khabar.arabic.normalise import normalise

from .tokens import COMPLEMENTIZERS, PARTICLES, PREPOSITIONS, RELATIVES, TIME_WORDS

CueForm = Literal["finite", "participle", "suffixed"]
CueClass = Literal["say", "relay", "describe"]

_PACKAGE: Final = "khabar.nlp"
_FOLDER: Final = "resources/quotes"

# Function words: no name or source phrase runs over them.
GRAMMAR_STOPS: Final = PREPOSITIONS | COMPLEMENTIZERS | TIME_WORDS | RELATIVES | PARTICLES

# Conjunction prefixes a reporting verb carries in running text (وقال، فأكد).
VERB_PREFIXES: Final = ("", "و", "ف")


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue form: its lemma, grammatical form, class and gender (m/f/p/None)."""

    lemma: str
    form: CueForm
    cue_class: CueClass
    gender: str | None
    prefixed: bool = False  # carries و/ف ("وقال"), so it opens a new statement


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All word lists, normalised. Built once per process by :func:`lexicon`."""

    cues: dict[str, Cue]
    attributions: dict[tuple[str, ...], tuple[str, str]]  # phrase → (lemma, role)
    titles: frozenset[str]
    honorifics: frozenset[str]
    source_heads: frozenset[str]
    non_quote_heads: frozenset[str]
    narration: frozenset[tuple[str, ...]]
    given_names: frozenset[str]
    female_names: frozenset[str]
    # Derived once, for the lookups rules make per word: function words and cue forms (never
    # part of a name), and the given names that are no preposition (علي is both).
    stops: frozenset[str] = frozenset()
    name_words: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()  # words a person's mention may start with
    # Person heads that start a name only right after an honorific: given names that are
    # also prepositions (علي is على normalised), neither title, honorific nor name word.
    weak_heads: frozenset[str] = frozenset()
    bare_honorifics: frozenset[str] = frozenset()  # honorifics that are no title (اللواء)
    places: frozenset[str] = frozenset()  # countries and capitals speaking for governments
    # Two-word relay phrases (على لسان، نقلا عن) and their second words, for the token scan
    # after a cue (most tokens are no second word: no pair is built for them).
    relay_pairs: frozenset[tuple[str, ...]] = frozenset()
    narration_heads: frozenset[str] = frozenset()  # first words of two-word narration phrases
    relay_seconds: frozenset[str] = frozenset()


def _lines(name: str) -> list[str]:
    text = resources.files(_PACKAGE).joinpath(f"{_FOLDER}/{name}").read_text(encoding="utf-8")
    return [
        line.rstrip("\n")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _past_forms(cell: str) -> list[tuple[str, str | None]]:
    """Third-person past forms with gender: explicit list, or a regular stem inflected."""
    forms = cell.split(",")
    if len(forms) > 1:
        genders = ["m", "f", "p", "p", "p"]
        return [(form, genders[i] if i < len(genders) else "p") for i, form in enumerate(forms)]
    stem = forms[0]
    # No masculine dual (stem + ا): "طالبا عدم ذكر اسمه" and "نقلا عن" are far more frequent.
    return [(stem, "m"), (stem + "ت", "f"), (stem + "وا", "p"), (stem + "تا", "p")]


def _present_forms(cell: str) -> list[tuple[str, str | None]]:
    if cell == "-":
        return []
    forms = cell.split(",")
    if len(forms) > 1:
        genders = ["m", "f", "p", "p", "p"]
        return [(form, genders[i] if i < len(genders) else "p") for i, form in enumerate(forms)]
    stem = forms[0][1:]  # drop the imperfect prefix ي
    return [
        ("ي" + stem, "m"),
        ("ت" + stem, "f"),
        ("ي" + stem + "ون", "p"),
        ("ي" + stem + "ان", "p"),
        ("ت" + stem + "ان", "p"),
    ]


# Feminine participles that are far more often nouns or adjectives (متابعة "follow-up",
# مطالبة "demand", مفيدة "useful"): not used as cues.
_NOUNLIKE: Final = frozenset(
    {"متابعة", "مطالبة", "مفيدة", "مكملة", "معلقة", "متوقعة", "مقرة", "معلنة", "مكررة"}
)


def _participle_forms(cell: str) -> list[tuple[str, str | None]]:
    if cell == "-":
        return []
    base = cell[:-1] if cell.endswith("ا") else cell
    plural = base + "ن" if base.endswith("ي") else base + "ين"
    forms: list[tuple[str, str | None]] = [(base + "ا", "m"), (plural, "p"), (base + "تين", "p")]
    if base + "ة" not in _NOUNLIKE:
        forms.append((base + "ة", "f"))
    return forms


def generate_cue_forms(
    lemma: str, past: str, present: str, participle: str, cue_class: CueClass
) -> dict[str, Cue]:
    """All surface forms (normalised, with و/ف prefixes) of one reporting verb.

    >>> forms = generate_cue_forms("قال", "قال", "يقول", "قائلا", "say")
    >>> forms["وقالت"].lemma, forms["وقالت"].gender, forms["قائله"].form
    ('قال', 'f', 'participle')
    """
    found: dict[str, Cue] = {}
    finite = _past_forms(past) + _present_forms(present)
    for form, gender in finite:
        for prefix in VERB_PREFIXES:
            found.setdefault(
                normalise(prefix + form), Cue(lemma, "finite", cue_class, gender, bool(prefix))
            )
    # "ما قاله الوزير": the past with an object pronoun, used after a quotation.
    first_past = past.split(",")[0]
    for suffix in ("ه", "ها"):
        found.setdefault(normalise(first_past + suffix), Cue(lemma, "suffixed", cue_class, "m"))
        # "واعتبره وصمة عار، وأن …": a coordinated statement whose object is a pronoun.
        for prefix in ("و", "ف"):
            found.setdefault(
                normalise(prefix + first_past + suffix),
                Cue(lemma, "suffixed", cue_class, "m", True),
            )
    for form, gender in _participle_forms(participle):
        for prefix in ("", "و"):
            found.setdefault(
                normalise(prefix + form), Cue(lemma, "participle", cue_class, gender, bool(prefix))
            )
    return found


def _load_cues() -> dict[str, Cue]:
    cues: dict[str, Cue] = {}
    for line in _lines("reporting_verbs.tsv"):
        lemma, past, present, participle, cue_class = line.split("\t")
        if cue_class not in ("say", "relay", "describe"):
            raise ValueError(f"unknown cue class {cue_class!r} for {lemma}")
        for form, cue in generate_cue_forms(
            lemma,
            past,
            present,
            participle,
            cue_class,  # type: ignore[arg-type]
        ).items():
            cues.setdefault(form, cue)
    return cues


def word_list(name: str) -> list[str]:
    """The entries of a word list in ``resources/quotes`` (comments and blanks left out),
    normalised, in file order."""
    return [normalise(line.strip()) for line in _lines(name)]


def _words(name: str) -> frozenset[str]:
    return frozenset(word_list(name))


def _with_feminine(titles: frozenset[str]) -> frozenset[str]:
    """Add the feminine of each title (النائب → النائبة), in the normalised spelling."""
    return titles | frozenset(t + "ه" for t in titles if not t.endswith(("ه", "ا", "ي")))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The process-wide lexicon (lazy: first call reads the files)."""
    attributions: dict[tuple[str, ...], tuple[str, str]] = {}
    for line in _lines("attributions.tsv"):
        phrase, lemma, role = line.split("\t")
        if role not in ("attribution", "relay", "cue", "own"):
            raise ValueError(f"unknown attribution role {role!r} for {phrase}")
        attributions[tuple(normalise(phrase).split())] = (lemma, role)
    cues = _load_cues()
    for words, (lemma, role) in attributions.items():
        if role == "cue" and len(words) == 1:
            # "واكتفى بالقول إن …": the phrase introduces speech like a participle does.
            cues.setdefault(words[0], Cue(lemma, "participle", "say", None))
    given_names = _words("given_names.txt")
    titles = _with_feminine(_words("titles.txt"))
    honorifics = _words("honorifics.txt")
    name_words = given_names - PREPOSITIONS
    weak_heads = frozenset(
        word
        for word in given_names - titles - honorifics - name_words
        if not (len(word) > 5 and word[:3] in ("عبد", "ابو"))  # speakers.is_given_name
    )
    narration = frozenset(tuple(normalise(line).split()) for line in _lines("narration.txt"))
    relay_pairs = frozenset(
        phrase for phrase, (_, role) in attributions.items() if role == "relay" and len(phrase) == 2
    )
    return Lexicon(
        cues=cues,
        attributions=attributions,
        titles=titles,
        honorifics=honorifics,
        source_heads=_words("source_heads.txt"),
        non_quote_heads=_words("non_quote_heads.txt"),
        narration=narration,
        given_names=given_names,
        female_names=_words("female_given_names.txt"),
        stops=GRAMMAR_STOPS | frozenset(cues),
        name_words=name_words,
        person_heads=given_names | titles | honorifics,
        weak_heads=weak_heads,
        bare_honorifics=honorifics - titles,
        places=_words("places.txt"),
        relay_pairs=relay_pairs,
        relay_seconds=frozenset(phrase[1] for phrase in relay_pairs),
        narration_heads=frozenset(phrase[0] for phrase in narration if len(phrase) == 2),
    )
