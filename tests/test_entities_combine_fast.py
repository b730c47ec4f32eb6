"""The cheaper ways of the entity combination step give what the plain ways gave.

Each helper replaced a simpler expression for speed (session 9, issue 6); these tests
hold it to that expression on real Arabic text and on generated cases.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.arabic import letters as L
from khabar.arabic.normalise import normalise_words as fold_words
from khabar.arabic.tokens import normalise_words, token_arrays
from khabar.nlp.entities import (
    _NAME_PARTS,
    _by_priority,
    _Candidate,
    _candidate,
    _name_like,
    _rare,
    _tokens_ending_with,
    recognise,
)
from khabar.nlp.entities.canonical import FOLDED, FOLDED_WORDS, entity_id
from khabar.nlp.entities.patterns import (
    anchor_words,
    anchors,
    given_name_spans,
    org_spans,
    person_spans,
    place_spans,
)
from khabar.nlp.entities.resources import load_given_names, load_lexicon, load_word_ranks

TEXTS = [
    "قال وزير الخارجية الروسي سيرجي لافروف إن موسكو لن تتخلى عن حلفائها، وأضاف لافروف أن الحل.",
    "وصل الرئيس عبد الفتاح السيسي إلى الرياض على رأس وفد يضم وزير الخارجية سامح شكري.",
    "أعلنت وزارة الداخلية السعودية ومجلس التعاون لدول الخليج العربية عن مبادرة مشتركة.",
    "وقال محمد بن سلمان ولي العهد إن المملكة ماضية في رؤيتها، ورحب وائل كفوري بالقرار.",
    "وفي محافظة أبين وقرية المخدرة ومدينتي الهرمل وبعلبك سقطت أمطار غزيرة على مدى يومين.",
    "حضر الشيخ حمدان بن محمد بن راشد آل مكتوم حفل نادي الهلال أمام الهلال في ملعب الملك فهد.",
    "مضى على إلى متى حتى رأى مصطفى وهدى ومنى ما جرى لسلمى في مستشفى الملك فيصل التخصصي.",
    "",
    "على",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_ending_with_is_the_endswith_scan(text: str) -> None:
    words, starts, ends = token_arrays(text)
    expected = [k for k, word in enumerate(words) if word.endswith(L.ALEF_MAKSURA)]
    assert _tokens_ending_with(text, starts, ends, L.ALEF_MAKSURA) == expected


def test_tokens_ending_with_finds_the_alef_maksura_words() -> None:
    text = TEXTS[6]
    words, starts, ends = token_arrays(text)
    found = [words[k] for k in _tokens_ending_with(text, starts, ends, L.ALEF_MAKSURA)]
    assert found == [
        *("مضى", "على", "إلى", "متى", "حتى", "رأى", "مصطفى", "وهدى", "ومنى", "جرى", "لسلمى"),
        "مستشفى",
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_rules_on_anchors_are_the_rules_on_every_token(text: str) -> None:
    """The four rules given the page's anchors propose what their own scans proposed."""
    norm = normalise_words(token_arrays(text).words) if text else []
    found = anchors(norm)
    assert found == [k for k, word in enumerate(norm) if word in anchor_words()]
    known = [""] * len(norm)
    given_names = load_given_names()
    assert person_spans(norm, _NAME_PARTS, found) == person_spans(norm, _NAME_PARTS)
    assert org_spans(norm, known, _NAME_PARTS, _rare, found) == org_spans(
        norm, known, _NAME_PARTS, _rare
    )
    assert given_name_spans(norm, given_names, _name_like, found) == given_name_spans(
        norm, given_names, _name_like
    )
    # a view with blanked words (the ى words of _combine) and the anchors of the words
    blanked = ["" if word.endswith("\u064a") else word for word in norm]
    assert given_name_spans(blanked, given_names, _name_like, found) == given_name_spans(
        blanked, given_names, _name_like
    )
    lexicon, ranks = load_lexicon(), load_word_ranks()
    assert place_spans(norm, lambda k: "", lexicon, ranks, found) == place_spans(
        norm, lambda k: "", lexicon, ranks
    )


def test_anchors_meet_the_rules() -> None:
    norm = normalise_words(token_arrays(TEXTS[0] + " " + TEXTS[4]).words)
    assert person_spans(norm, _NAME_PARTS, anchors(norm))  # وزير الخارجية … سيرجي لافروف
    assert place_spans(norm, lambda k: "", load_lexicon(), load_word_ranks(), anchors(norm))


_CANDIDATES = st.lists(
    st.builds(
        _candidate,
        st.integers(0, 60),
        st.integers(0, 60),
        st.sampled_from(["PER", "ORG", "GPE"]),
        st.integers(0, 5),
        st.sampled_from(["crf", "gazetteer", "pattern"]),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_CANDIDATES)
def test_by_priority_is_the_tuple_key_sort(candidates: list[_Candidate]) -> None:
    expected = sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start))
    got = _by_priority(candidates)
    assert got == expected
    assert [id(c) for c in got] == [id(c) for c in expected]  # ties keep their order


def test_candidate_is_the_named_tuple() -> None:
    made = _candidate(3, 9, "PER", 2, "pattern")
    assert made == _Candidate(3, 9, "PER", 2, "pattern")
    assert type(made) is _Candidate
    assert (made.canonical, made.weak) == (None, False)
    full = _candidate(1, 4, "GPE", 5, "gazetteer", "إيران", True)
    assert full == _Candidate(1, 4, "GPE", 5, "gazetteer", "إيران", True)
    assert full._replace(label="LOC") == _Candidate(1, 4, "LOC", 5, "gazetteer", "إيران", True)


@pytest.mark.parametrize(
    "mention", ["سيرجي لافروف", "  وزير   الخارجية  الإيراني ", "إيران", "الإرهابيّة ١٤٣٨", ""]
)
def test_folded_words_and_ids_go_through_one_fold(mention: str) -> None:
    assert FOLDED_WORDS[mention] == tuple(FOLDED[mention].split())
    assert " ".join(FOLDED_WORDS[mention]) == fold_words(mention)


def test_entity_id_is_unchanged_by_the_cache() -> None:
    import hashlib

    for label, canonical in [("GPE", "إيران"), ("PER", "سيرجي  لافروف"), ("ORG", "الأمم المتحدة")]:
        folded = fold_words(canonical)
        expected = hashlib.blake2b(f"{label}|{folded}".encode(), digest_size=8).hexdigest()
        assert entity_id(label, canonical) == expected
    assert entity_id("GPE", "ايران") == entity_id("GPE", "إيران")


def test_recognise_still_finds_the_names() -> None:
    found = {(e.text, e.label) for e in recognise(TEXTS[0])}
    assert ("سيرجي لافروف", "PER") in found
    assert ("لافروف", "PER") in found  # found again by propagation
