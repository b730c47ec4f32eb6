"""The evidence scan picks the same tokens as the plain definition.

``gather`` marks a token as a hit when its word is one of the words rules look at, or a
one-word compound name (عبدالله، ابوبكر) of the page. The compound names are merged in by
token index (``_compound_names``), not by a union of word sets; both must give the same hits.
"""

from __future__ import annotations

import random
import re

import pytest

from khabar.nlp.quotes.evidence import _compound_names, _interesting_words, gather
from khabar.nlp.quotes.tokens import tokenize

# The definition: a token start where عبد/ابو and three or more word characters begin.
_REFERENCE = re.compile(r"(?<!\S)(?:عبد|ابو)\w{3,}")

TEXTS = [
    "قال عبدالله بن سالم إن أبوبكر وصل، وعبدالله آخر لم يصل.",
    "عبدالرحمن",
    "وأضاف ابوعبدالله أن عبد الله ليس عبدالله ولا عبد123.5 ولا عبد12",
    "أبو محمد وأبوظبي وابو وعبد والعبدالله عبدالله.",
    "قال: «عبدالعزيز» عبدالعزيز، عبدالعزيز\nعبدالعزيز",
    "لا اسم مركبا هنا على الإطلاق.",
    "",
]


def _reference(text: str) -> tuple[set[str], list[int]]:
    tokens = tokenize(text)
    names = {m.group() for m in _REFERENCE.finditer(tokens.folded)}
    return names, [i for i, w in enumerate(tokens.words) if w in names]


def _random_text(rnd: random.Random) -> str:
    parts = ["عبد", "أبو", "ابو", "الله", "الرحمن", "بكر", "و", " ", " ", "،", ".", "12", "٣", "ـ"]
    return "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 40)))


@pytest.mark.parametrize("text", TEXTS)
def test_compound_names_and_their_tokens(text: str) -> None:
    assert _compound_names(tokenize(text).folded) == _reference(text)


def test_compound_names_on_random_texts() -> None:
    rnd = random.Random(11)
    for _ in range(3000):
        text = _random_text(rnd)
        assert _compound_names(tokenize(text).folded) == _reference(text), text


@pytest.mark.parametrize("text", TEXTS)
def test_hits_are_the_tokens_of_the_word_set(text: str) -> None:
    words = tokenize(text).words
    wanted = _interesting_words() | _reference(text)[0]
    evidence = gather(text, ())
    assert evidence.hits == [i for i, w in enumerate(words) if w in wanted]
    assert evidence.hit_words == [words[i] for i in evidence.hits]


# Pages with marks, sentence ends, cues, person heads and compound names in every mix.
KIND_TEXTS = [
    *TEXTS,
    "وقال الأمير عبدالعزيز بن سلمان: «نعمل معا». وأضاف الوزير أحمد سالم أن الخطة ناجحة!",
    "أكد اللواء علي محمد أن «الوضع مستقر»؛ وأشار مستشار الرئيس أبوبكر إلى أن عبدالله عاد؟",
    '«قال» قال. قالت: "أكد" الشيخ الدكتور محمد\nمحمد قال «عبدالرحمن علي» إنه سيعود',
]


@pytest.mark.parametrize("text", KIND_TEXTS)
def test_one_scan_sorts_the_hits_as_the_definitions_do(text: str) -> None:
    """The single scan's lists by kind give what a scan per kind over all hits gives: the
    sentence ends, the cues (usable, outside quotations) and the persons registered."""
    from khabar.nlp.quotes.evidence import _usable_cue
    from khabar.nlp.quotes.lexicon import lexicon
    from khabar.nlp.quotes.speakers import build_registry
    from khabar.nlp.quotes.tokens import SENTENCE_END

    lex = lexicon()
    evidence = gather(text, ())
    words = evidence.tokens.words
    hits = evidence.hits
    assert evidence.sentence_start.ends == [i for i in hits if words[i] in SENTENCE_END]
    expected_cues = {
        i: lex.cues[words[i]]
        for i in hits
        if words[i] in lex.cues
        and not evidence.quoted[i]
        and _usable_cue(words, i, lex.cues[words[i]], lex)
    }
    assert evidence.cues == expected_cues
    names = _reference(text)[0]
    registry = build_registry(evidence.tokens, evidence.quoted, lex, hits, names)
    assert [(p.name, p.first, p.last, p.title) for p in evidence.registry.persons] == [
        (p.name, p.first, p.last, p.title) for p in registry.persons
    ]
    assert evidence.registry.persons or "محمد" not in text  # the rows do name persons
