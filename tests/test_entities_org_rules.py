"""Organisation names from heads and institutions: where a name ends and what it takes in.

Invented sentences (none from a gold page). Each rule is checked both ways: the mention it
should make and the one it must not make.
"""

from __future__ import annotations

import pytest

from khabar.arabic.normalise import normalise
from khabar.nlp.entities import recognise
from khabar.nlp.entities.patterns import (
    NISBA_MARK,
    institution_spans,
    person_clitic,
    person_start,
)


def _mentions(text: str) -> set[tuple[str, str]]:
    return {(e.label, e.text) for e in recognise(text)}


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        # a state institution named by a definite noun and an agreeing country nisba
        ("وأعلنت الشرطة الأردنية اعتقال ثلاثة أشخاص أمس.", "الشرطة الأردنية", None),
        ("وبث التلفزيون الجزائري صورا للحادث.", "التلفزيون الجزائري", None),
        ("ونفت الرئاسة التونسية صحة الخبر.", "الرئاسة التونسية", None),
        ("وقال المتحدث باسم الخارجية الفرنسية إن الزيارة أُجلت.", "الخارجية الفرنسية", None),
        # the nisba agrees with the minister, not with the ministry: a title, no ORG
        ("وقال وزير الخارجية الأردني إن الاجتماع مهم.", None, "الخارجية الأردني"),
        ("وقالت وزيرة الخارجية الأسترالية إن بلادها تدعم الحل.", None, "الخارجية الأسترالية"),
        # a country nisba ends a head's complement unless an adjective of the name follows
        ("وانتقد البرلمان العراقي القرار بشدة.", "البرلمان العراقي", "البرلمان العراقي القرار"),
        ("وهاجم الجيش السوري الحر مواقع في ريف حلب.", "الجيش السوري الحر", None),
        # descriptions after a name are not part of it
        ("وتبنت جبهة النصرة المتطرفة الهجوم.", "جبهة النصرة", "جبهة النصرة المتطرفة"),
        ("وداهمت القوات مقرا لحركة الشباب المتشددة.", "حركة الشباب", None),
        ("وقال إن قوات الطوارئ الخاصة انتشرت.", "قوات الطوارئ", "قوات الطوارئ الخاصة"),
        # coordinated domains inside one ministry's name; a second body after an adjective
        ("وأصدرت وزارة الزراعة والمياه بيانا.", "وزارة الزراعة والمياه", None),
        ("وانتشر الحرس الوطني والأمن العام في المدينة.", None, "الحرس الوطني والأمن العام"),
        # a title after a definite head is an apposition, not part of the name
        ("وشكر رئيس النادي الأمير فيصل بن تركي اللاعبين.", None, "النادي الأمير فيصل بن تركي"),
        # a title starts the next mention: it ends the complement
        (
            "وقال مدير مستشفى الولادة الدكتور سامي الحربي إن الحالة مستقرة.",
            "مستشفى الولادة",
            "مستشفى الولادة الدكتور",
        ),
    ],
)
def test_organisation_spans(text: str, wanted: str | None, unwanted: str | None) -> None:
    found = _mentions(text)
    if wanted is not None:
        assert ("ORG", wanted) in found, found
    if unwanted is not None:
        assert all(mention != unwanted for _, mention in found), found


@pytest.mark.parametrize(
    ("words", "known", "spans"),
    [
        ("أعلنت الشرطة الأردنية", ["", "", NISBA_MARK], [(1, 2, 0)]),
        ("وذكرت والرئاسة المصرية", ["", "", NISBA_MARK], [(1, 2, 1)]),  # و stays out
        ("وذكر التلفزيون المصرية", ["", "", NISBA_MARK], []),  # no agreement
        ("وذكر التلفزيون المصريين", ["", "", NISBA_MARK], []),  # a plural: people
        ("أعلنت الشرطة الأردنية", ["", "", ""], []),  # no nisba, no institution
    ],
)
def test_institution_spans(words: str, known: list[str], spans: list[tuple[int, int, int]]) -> None:
    norm = [normalise(w) for w in words.split()]
    found = institution_spans(norm, known)
    assert [(p.first, p.last, p.clitic) for p in found] == spans
    assert all(p.label == "ORG" for p in found)


# --- person spans: clitics before the name, compound given names -----------------------------


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("التقى الوزير أمس سعيد البلوشي ومجدي الشناوي في القاهرة.", "مجدي الشناوي"),
        ("ونشرت الصحيفة حوارا مع الكاتب وفيصل الحمدان عن الرواية.", "فيصل الحمدان"),
        ("وأشاد المدرب بمعمر الزهراني لاعب الوسط.", "معمر الزهراني"),
        # a name that itself starts with a clitic letter stays whole
        ("وقال وليد الفارس إن الفريق جاهز.", "وليد الفارس"),
        ("وحضر بندر العتيبي الحفل.", "بندر العتيبي"),
    ],
)
def test_person_without_attached_clitic(text: str, wanted: str) -> None:
    persons = {mention for label, mention in _mentions(text) if label == "PER"}
    assert wanted in persons, persons


@pytest.mark.parametrize(
    ("word", "letters"),
    [
        ("ومجدي", 1),
        ("بمعمر", 1),
        ("وبمعمر", 2),
        ("وليد", 0),  # a name as written
        ("بلاتيني", 0),  # after ب only a listed given name counts
        ("فيرساتشي", 0),  # no ف: foreign names start with it
        ("كمال", 0),  # no ك
    ],
)
def test_person_clitic(word: str, letters: int) -> None:
    from khabar.nlp.entities import _GIVEN, _LISTED, _NAME_PARTS

    assert person_clitic(normalise(word), _NAME_PARTS, _LISTED, _GIVEN) == letters


@pytest.mark.parametrize(
    ("words", "span", "covered", "moved"),
    [
        ("وقال عز الدين الحميري إن", (2, 3), [], (1, 3)),
        ("وقال نور الدين الخطيب إن", (2, 3), [1], (2, 3)),  # the word before is taken
        ("وقال في الدين الخطيب إن", (2, 3), [], (2, 3)),  # a stop word
        ("وقال سامي الخطيب إن", (1, 2), [], (1, 2)),  # no compound
        ("وقال عوض آل رشيد إن", (3, 3), [], (1, 3)),  # connector and the name before it
        ("وقال أبو بكر إن", (2, 2), [], (1, 2)),  # a verb is no name part
        ("وقد ولد رمضان في القرية", (2, 2), [], (2, 2)),  # ولد "was born"
    ],
)
def test_person_start(
    words: str, span: tuple[int, int], covered: list[int], moved: tuple[int, int]
) -> None:
    norm = [normalise(w) for w in words.split()]
    cover = bytearray(len(norm) + 1)
    for k in covered:
        cover[k] = 1
    from khabar.nlp.entities import _NAME_PARTS

    assert person_start(norm, span, cover, _NAME_PARTS) == moved


@pytest.mark.parametrize(
    ("text", "label", "wanted", "unwanted"),
    [
        # a noun in construct after an organisation head goes on naming it
        ("وأصدر مجلس حقوق الإنسان تقريرا جديدا.", "ORG", "مجلس حقوق الإنسان", None),
        ("ودعت جمعية حماية المستهلك إلى المقاطعة.", "ORG", "جمعية حماية المستهلك", None),
        # a verb never does (it takes no article anywhere in news)
        ("وكان مجلس يضم الخبراء قد اجتمع أمس.", "ORG", None, "مجلس يضم الخبراء"),
        # a definite head takes no construct: a person follows the title-like noun
        ("وقال رئيس اللجنة عمر الشقير إن العمل مستمر.", "ORG", None, "اللجنة عمر الشقير"),
        # a facility named by a rare word that never takes the article
        ("وهبطت الطائرة في مطار هيثرو بعد الظهر.", "LOC", "مطار هيثرو", None),
        ("وأقيمت قاعدة تبعد عشرين كيلومترا عن الحدود.", "LOC", None, "قاعدة تبعد"),
    ],
)
def test_complement_after_head(
    text: str, label: str, wanted: str | None, unwanted: str | None
) -> None:
    found = _mentions(text)
    if wanted is not None:
        assert (label, wanted) in found, found
    if unwanted is not None:
        assert all(mention != unwanted for _, mention in found), found


@pytest.mark.parametrize(
    ("text", "mention", "canonical"),
    [
        ("وفاز نادي الهلال على ضيفه بهدفين.", "نادي الهلال", "الهلال"),
        ("وتعاقد نادي برشلونة الإسباني مع المدافع.", "نادي برشلونة الإسباني", "برشلونة"),
        ("وانتقل اللاعب إلى نادي النصر.", "نادي النصر", "النصر"),
    ],
)
def test_club_canonical_is_its_name(text: str, mention: str, canonical: str) -> None:
    """نادي is a generic noun before a club's name: the canonical form is the name, so the
    club's bare mentions (الهلال) and its headed ones share one entity id."""
    clubs = {e.text: e.canonical for e in recognise(text) if e.label == "ORG"}
    assert clubs.get(mention) == canonical, clubs


def test_head_name_found_again_alone() -> None:
    """A name first seen after its head (نادي الفيصلي) is the organisation when it stands
    alone later in the same text (مدرب الفيصلي)."""
    text = "وانتقل اللاعب إلى نادي الفيصلي الموسم الماضي. وقال مدرب الفيصلي إن الفريق جاهز."
    found = [(e.text, e.label, e.canonical) for e in recognise(text)]
    assert ("نادي الفيصلي", "ORG", "الفيصلي") in found
    assert ("الفيصلي", "ORG", "الفيصلي") in found
