"""Combination policy of the entity recogniser: tagger, gazetteer and patterns together."""

from __future__ import annotations

import pytest

from khabar.arabic.normalise import normalise
from khabar.nlp.entities import _Candidate, _propagate, recognise
from khabar.nlp.entities.tokens import token_arrays


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a known person after بن is the father inside a longer lineage, not this person
        ("وحضر الشيخ حمدان بن محمد بن راشد آل مكتوم رئيس المجلس التنفيذي", "محمد بن راشد آل مكتوم"),
        # a name part with و attached starts a second, coordinated name
        (
            "وشاركت الفنانة رانيا فريد شوقي ورجاء الجداوي في البرنامج",
            "رانيا فريد شوقي ورجاء الجداوي",
        ),
        # function words that slipped into name lists never extend a name
        ("واخيرا الفنان سمير صبري والذي يقدم برنامجا جديدا", "سمير صبري والذي"),
    ],
)
def test_no_wrong_person_span(text: str, wrong: str) -> None:
    assert wrong not in [e.text for e in recognise(text)]
    assert wrong not in [e.text for e in recognise(text, profile="anercorp")]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        # آلان folds to الان but is a given name, not a definite modifier after the title
        ("وقال الجنرال الفرنسي آلان بيللغريني ، في تصريح", "آلان بيللغريني"),
        # a title pattern never pulls a place before the name into it
        ("وقال السفير الألماني بأفغانستان هانز أوليش سيدت إن", "هانز أوليش سيدت"),
        # a frequent verb the tagger ran on into is not part of the name
        ("من اخراج يوسف شاهين شاء القدر ان يرحل", "يوسف شاهين"),
        # a given name that is also a place (أحمد) is no frequent word to trim (and the
        # conjunction before the name stays out of it)
        ("وحضر الاجتماع السيد عبدالرحمن وعباس بابكر أحمد .", "عباس بابكر أحمد"),
        # a nisba adjective that is also a family name stays out after a title
        ("وقال الكاتب المصري محمد سلماوي إنه عثر على المخطوط", "محمد سلماوي"),
        # regnal ordinals stay in the name
        ("عرض عليه محمد الخامس رتبة مارشال", "محمد الخامس"),
    ],
)
def test_person_start_after_title(text: str, mention: str) -> None:
    assert mention in [e.text for e in recognise(text) if e.label == "PER"]


def test_context_org_beats_place_of_the_same_span() -> None:
    found = {e.text: e.label for e in recognise("وقال لـ « الشرق الأوسط » مصدر مطلع")}
    assert found.get("الشرق الأوسط") == "ORG", found


@pytest.mark.parametrize(
    ("text", "mention", "label"),
    [
        # the tagger reads a club from its context; the city gazetteer does not overrule it
        ("تعرض فريق برشلونة بطل الدوري الإسباني لخسارة قاسية", "برشلونة", "ORG"),
        # a head pattern's ORG yields to a known place of the same span
        ("وتعبر السفن قناة السويس كل يوم", "قناة السويس", "LOC"),
        ("وقال الرئيس السوري بشار الأسد إن دمشق لن تتراجع", "بشار الأسد", "PER"),
    ],
)
def test_labels_from_context_and_gazetteer(text: str, mention: str, label: str) -> None:
    found = {e.text: e.label for e in recognise(text)}
    assert found.get(mention) == label, found


def test_anercorp_profile_leaves_directions_out_of_place_names() -> None:
    text = "وانتشرت اللغات في غرب أفريقيا وشمال آسيا"
    anercorp = [e.text for e in recognise(text, profile="anercorp")]
    assert "غرب أفريقيا" not in anercorp
    assert "أفريقيا" in anercorp


def test_anercorp_profile_leaves_generic_place_heads_out() -> None:
    text = "وقتل ثلاثة فلسطينيين في قطاع غزة أمس"
    anercorp = [e.text for e in recognise(text, profile="anercorp")]
    assert "غزة" in anercorp and "قطاع غزة" not in anercorp, anercorp


def test_an_ordinal_is_not_propagated_as_a_family_name() -> None:
    text = (
        "تولى تشارلز الأول العرش . وقال باول أمس الأول انه من الصعب تقديم قرارين الأول ينص على ذلك"
    )
    persons = [e.text for e in recognise(text) if e.label == "PER"]
    assert "الأول" not in persons


def test_definite_common_words_do_not_extend_a_name() -> None:
    text = "دعا الرئيس السوري بشار الأسد المجتمع الدولي إلى التحرك"
    persons = [e.text for e in recognise(text) if e.label == "PER"]
    assert persons == ["بشار الأسد"], persons


@pytest.mark.parametrize(
    ("text", "name", "alone", "propagated"),
    [
        ("التقى سيرجي لافروف نظيره ثم غادر لافروف", "سيرجي لافروف", "لافروف", True),
        # a family name that is also a frequent word (lion) is not looked for alone
        ("قال بشار الأسد كلمته ثم زأر الأسد", "بشار الأسد", "الأسد", False),
    ],
)
def test_family_name_propagation(text: str, name: str, alone: str, propagated: bool) -> None:
    tokens = token_arrays(text)
    norm = [normalise(w) for w in tokens.words]
    start = text.index(name)
    chosen = [_Candidate(start, start + len(name), "PER", 3, "crf")]
    found = [text[c.start : c.end] for c in _propagate(tokens, norm, chosen, text)]
    assert (alone in found) is propagated, found
