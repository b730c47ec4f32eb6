"""Is this PROTEST or ASSAULT cue a specific, new incident? A small learned sentence filter.

The cue table finds protest and violence words wherever they are; news text also uses them
for background (``منذ اندلاع الاحتجاجات``), allegations, habits, opinion and cases told long
after the fact. The Arabic event gold standard (``arabic_event_gsr``, MIT) says "yes" only for
a specific incident, so a logistic regression over the cue's sentence decides whether to keep
the cues of a group (PROTEST = CAMEO 14; ASSAULT = CAMEO 18, 19 and 20) in that sentence.

Features (:func:`sentence_features`, shared with the training script so the shipped weights
score exactly as they were fitted): the sentence's words (normalised, ``و``/``ف`` and the
article stripped), the cues' lemma, code, kind and tense, the two words right before and after
each cue and the four words each side as a bag, and markers (a year, a digit, a quotation
mark, the cue opening the sentence, the length, and tense/mood cues: ``منذ عامين``/``في عام
2011``, allegations ``اتهم``/``مزاعم``, future ``سوف``/``المقبل``, habit ``كل ليلة``/``عادة``,
condition ``إذا``/``لو``). Weights, the bias and the decision threshold per group are in
``nlp/resources/events/incident_weights.tsv``, written by ``scripts/train_event_filter.py``
from the train part of a fixed split (see that script); at run time
:meth:`GroupModel.sentence_probability` looks the words up by stem (the same sum).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat

from .lexicon import ARTICLE, Cue

# CAMEO root → filter group. Other roots pass unfiltered (no labelled data for them).
GROUPS: dict[str, str] = {"14": "PROTEST", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT"}
WEIGHTS_FILE = "incident_weights.tsv"
_PACKAGE = "khabar.nlp"
_FOLDER = "resources/events"

_WORD_RE = re.compile(r"\w+")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DIGIT_RE = re.compile(r"\d")
_QUOTE_CHARS = '\u00ab\u00bb\u201c\u201d"'
# What ends a sentence when the filter looks for the one around a cue.
_SENTENCE_END_RE = re.compile("[.!?\u061f\u06d4\n]")
_MAX_SENTENCE_CHARS = 600  # each side of the cue; a longer "sentence" is cut there
_CONJUNCTIONS = ("\u0648", "\u0641")  # و، ف
Spot = tuple[int, int, Cue]  # a cue: start, end (in the normalised view or its sentence), cue
_WINDOW_WORDS = 4  # words each side of a cue that are features with their side
# A case told after the fact: منذ عامين، قبل ثلاثة أشهر، قبل سنوات، في عام 2011.
_AGO_RE = re.compile(
    "(?<!\\w)(?:\u0645\u0646\u0630|\u0642\u0628\u0644)"  # منذ، قبل
    " (?:\\w+ )?(?:\u0639\u0627\u0645|\u0639\u0627\u0645\u064a\u0646"
    "|\u0627\u0639\u0648\u0627\u0645"
    "|\u0633\u0646\u0648\u0627\u062a|\u0633\u0646\u0647|\u0633\u0646\u062a\u064a\u0646"
    "|\u0627\u0634\u0647\u0631|\u0634\u0647\u0631|\u0634\u0647\u0631\u064a\u0646|\u0639\u0642\u0648\u062f)(?!\\w)"
    "|(?<!\\w)(?:\u0641\u064a |\u0645\u0646\u0630 )?\u0639\u0627\u0645 (?:19|20)\\d\\d"
)
# Time to come, habit and condition: سوف، غدا، الأسبوع المقبل؛ كل يوم، عادة، دائما؛ إذا، لو.
_FUTURE_RE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0633\u0648\u0641|\u063a\u062f\u0627|\u0627\u0644\u0645\u0642\u0628\u0644"
    "|\u0627\u0644\u0645\u0642\u0628\u0644\u0647|\u0627\u0644\u0642\u0627\u062f\u0645"
    "|\u0627\u0644\u0642\u0627\u062f\u0645\u0647)(?!\\w)"
)
_HABITUAL_RE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0643\u0644 (?:\u064a\u0648\u0645|\u0644\u064a\u0644\u0647"
    "|\u0627\u0633\u0628\u0648\u0639|\u062c\u0645\u0639\u0647|\u0639\u0627\u0645"
    "|\u0633\u0646\u0647|\u0645\u0631\u0647)|\u0639\u0627\u062f\u0647|\u062f\u0627\u0626\u0645\u0627"
    "|\u0628\u0627\u0633\u062a\u0645\u0631\u0627\u0631|\u0645\u0631\u0627\u062a)(?!\\w)"
)
_CONDITIONAL_RE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0627\u0630\u0627|\u0644\u0648|\u062d\u0627\u0644)(?!\\w)"
)
# Allegations and charges: اتهم، اتهامات، المتهمين، مزاعم، ادعاءات (normalised spelling).
_ALLEGATION_RE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0627\u0644)?(?:\u0627\u062a\u0647\u0645|\u0627\u062a\u0647\u0627\u0645"
    "|\u0645\u062a\u0647\u0645|\u062a\u062a\u0647\u0645|\u064a\u062a\u0647\u0645"
    "|\u0645\u0632\u0627\u0639\u0645|\u0627\u062f\u0639\u0627\u0621|\u062a\u0647\u0645\u0647)"
)


# Sentence markers: name, pattern, substrings of which every match contains one (a cheap guard).
_MARKERS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("ago", _AGO_RE, ("\u0645\u0646\u0630", "\u0642\u0628\u0644", "\u0639\u0627\u0645")),
    (
        "allegation",
        _ALLEGATION_RE,
        (
            "\u062a\u0647\u0645",
            "\u062a\u0647\u0627\u0645",
            "\u0632\u0627\u0639\u0645",
            "\u062f\u0639\u0627\u0621",
        ),
    ),
    (
        "future",
        _FUTURE_RE,
        (
            "\u0633\u0648\u0641",
            "\u063a\u062f\u0627",
            "\u0645\u0642\u0628\u0644",
            "\u0642\u0627\u062f\u0645",
        ),
    ),
    (
        "habitual",
        _HABITUAL_RE,
        (
            "\u0643\u0644 ",
            "\u0639\u0627\u062f\u0647",
            "\u062f\u0627\u0626\u0645\u0627",
            "\u0627\u0633\u062a\u0645\u0631\u0627\u0631",
            "\u0645\u0631\u0627\u062a",
        ),
    ),
    ("conditional", _CONDITIONAL_RE, ("\u0627\u0630\u0627", "\u0644\u0648", "\u062d\u0627\u0644")),
)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A word without a leading و/ف and the article: ``والمتظاهرون`` → ``متظاهرون``."""
    if len(word) > 3 and word[0] in _CONJUNCTIONS:
        word = word[1:]
    if len(word) > 4 and word.startswith(ARTICLE):
        word = word[2:]
    return word


def sentence_span(folded: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``folded`` around ``[start, end)``: from after the previous full stop
    (or line break) to the next one included, at most ``_MAX_SENTENCE_CHARS`` each side."""
    low = max(0, start - _MAX_SENTENCE_CHARS)
    left = low
    for match in _SENTENCE_END_RE.finditer(folded, low, start):
        left = match.end()
    if left == low and low > 0:
        space = folded.find(" ", low, start)
        left = space + 1 if space >= 0 else low
    found = _SENTENCE_END_RE.search(folded, end, min(len(folded), end + _MAX_SENTENCE_CHARS))
    right = found.end() if found else min(len(folded), end + _MAX_SENTENCE_CHARS)
    return left, right


def sentence_features(sentence: str, cues: Sequence[tuple[int, int, Cue]]) -> list[str]:
    """Feature names of one sentence (normalised text) and its cues of one group (offsets
    relative to the sentence). Names are plain strings; the group is added by the scorer."""
    words = _WORD_RE.findall(sentence)
    features = {"w=" + stem for stem in map(_stem, set(words))}
    features.update(_context_features(sentence, words, cues))
    return sorted(features)


def _context_features(
    sentence: str, words: list[str], cues: Sequence[tuple[int, int, Cue]]
) -> set[str]:
    """Every feature but the sentence's words (``w=``): the cues, their windows, the markers."""
    features: list[str] = []
    for start, end, cue in cues:
        features += (
            f"lemma={cue.lemma}",
            f"code={cue.code}",
            f"kind={cue.kind}",
            f"tense={cue.tense or '-'}",
        )
        before = _WORD_RE.findall(sentence, max(0, start - 48), start)
        after = _WORD_RE.findall(sentence, end, end + 48)
        features.append(f"b1={_stem(before[-1])}" if before else "b1=^")
        features.append(f"a1={_stem(after[0])}" if after else "a1=$")
        features.append(f"b2={_stem(before[-2])}" if len(before) > 1 else "b2=^")
        features.append(f"a2={_stem(after[1])}" if len(after) > 1 else "a2=$")
        features += [f"bw={_stem(w)}" for w in before[-_WINDOW_WORDS:]]
        features += [f"aw={_stem(w)}" for w in after[:_WINDOW_WORDS]]
        if len(before) <= 1:
            features.append("cue-opens")
    digit = _DIGIT_RE.search(sentence) is not None
    if digit:
        features.append("digit")
        if _YEAR_RE.search(sentence):
            features.append("year")
    for name, pattern, needles in _MARKERS:
        # A marker's regex runs only when a substring every match contains is there.
        if any(needle in sentence for needle in needles) and pattern.search(sentence):
            features.append(name)
    if any(char in sentence for char in _QUOTE_CHARS):
        features.append("quote-mark")
    features.append(f"len={min(len(words) // 10, 6)}")
    features.append(f"cues={min(len(cues), 3)}")
    return set(features)


@dataclass(frozen=True, slots=True)
class GroupModel:
    """Logistic regression of one group: ``sigmoid(bias + Σ weights) >= threshold`` keeps."""

    bias: float
    threshold: float
    weights: dict[str, float]
    # The ``w=`` weights keyed by the bare word, so a sentence's words are looked up without
    # building their feature names (derived from ``weights``; not part of equality).
    words: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.words:
            words = {f[2:]: w for f, w in self.weights.items() if f.startswith("w=")}
            object.__setattr__(self, "words", words)

    def probability(self, features: Iterable[str]) -> float:
        score = self.bias + sum(map(self.weights.get, features, repeat(0.0)))
        return _sigmoid(score)

    def keeps(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    def sentence_probability(self, sentence: str, cues: Sequence[Spot]) -> float:
        """``probability(sentence_features(sentence, cues))``, without naming each word."""
        words = _WORD_RE.findall(sentence)
        stems = set(map(_stem, set(words)))
        score = self.bias + sum(map(self.words.get, stems, repeat(0.0)))
        score += sum(map(self.weights.get, _context_features(sentence, words, cues), repeat(0.0)))
        return _sigmoid(score)


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, score))))


def parse_weights(text: str) -> dict[str, GroupModel]:
    """Read the weights file: ``group<TAB>feature<TAB>weight`` rows, with the special features
    ``__bias__`` and ``__threshold__``; ``#`` lines are comments."""
    raw: dict[str, dict[str, float]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{WEIGHTS_FILE} line {number}: expected 3 columns, got {len(parts)}")
        group, feature, value = parts
        raw.setdefault(group, {})[feature] = float(value)
    models: dict[str, GroupModel] = {}
    for group, weights in raw.items():
        bias = weights.pop("__bias__", 0.0)
        threshold = weights.pop("__threshold__", 0.5)
        models[group] = GroupModel(bias, threshold, weights)
    return models


@lru_cache(maxsize=1)
def incident_models() -> dict[str, GroupModel]:
    """The shipped models per group, loaded once per process."""
    path = resources.files(_PACKAGE).joinpath(f"{_FOLDER}/{WEIGHTS_FILE}")
    return parse_weights(path.read_text(encoding="utf-8"))


GroupKey = tuple[str, int, int]  # group, sentence start, sentence end (view offsets)


def sentence_groups(
    folded: str, spots: Sequence[Spot]
) -> tuple[list[GroupKey | None], dict[GroupKey, list[Spot]]]:
    """Each spot's (group, sentence) key — ``None`` for an unfiltered root — and the cues of
    each key with offsets relative to its sentence. The filter decides once per key."""
    keys: list[GroupKey | None] = []
    members: dict[GroupKey, list[Spot]] = {}
    for start, end, cue in spots:
        group = GROUPS.get(cue.root)
        if group is None:
            keys.append(None)
            continue
        left, right = sentence_span(folded, start, end)
        key = (group, left, right)
        keys.append(key)
        members.setdefault(key, []).append((start - left, end - left, cue))
    return keys, members


def incident_decisions(
    folded: str, spots: Sequence[Spot], models: dict[str, GroupModel] | None = None
) -> list[bool]:
    """For each cue found in ``folded`` (view offsets), whether to keep it: cues of a filtered
    group are kept only when the model says their sentence tells a specific incident; all
    cues of a group in one sentence share one decision. Other roots are always kept."""
    if models is None:
        models = incident_models()
    keys, members = sentence_groups(folded, spots)
    decided = {
        key: key[0] not in models
        or models[key[0]].sentence_probability(folded[key[1] : key[2]], cues)
        >= models[key[0]].threshold
        for key, cues in members.items()
    }
    return [True if key is None else decided[key] for key in keys]
