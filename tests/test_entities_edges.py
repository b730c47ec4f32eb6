"""Person-name edges, headed MISC mentions, late aliases and heads (session 7).

Invented sentences (none from a gold page). The edge rules are tested on the function
itself, with a person mention placed where a tagger might put it, so each rule is checked
both ways whatever the tagger does; the data additions are tested through ``recognise``.
"""

from __future__ import annotations

import pytest

from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import normalise_words, token_arrays
from khabar.model import Entity
from khabar.nlp.entities import recognise
from khabar.nlp.entities.canonical import entity_id
from khabar.nlp.entities.patterns import TokenIndex, headed_misc, person_edges
from khabar.nlp.entities.resources import load_lexicon, load_org_heads


def _entity(text: str, mention: str, label: str = "PER", source: str = "crf") -> Entity:
    start = text.index(mention)
    return Entity(
        start, start + len(mention), mention, label, mention, entity_id(label, mention), source
    )


def _edges(text: str, mention: str) -> str:
    words, starts, ends = token_arrays(text)
    norm = normalise_words(words)
    found = person_edges(text, TokenIndex(starts, ends), norm, [_entity(text, mention)])
    assert len(found) == 1
    return found[0].text


@pytest.mark.parametrize(
    ("text", "tagged", "wanted"),
    [
        # an apposition after the name ends it (an indefinite title or apposition word)
        ("وحاضر سامي الحربي أستاذ الفيزياء في الجامعة.", "سامي الحربي أستاذ", "سامي الحربي"),
        ("وقال خالد العمري رئيس قسم الطوارئ إن الحالة مستقرة.", "خالد العمري رئيس", "خالد العمري"),
        (
            "وافتتح الأمير سعد بن ماجد بن عبدالعزيز أمير منطقة الشمال المعرض.",
            "سعد بن ماجد بن عبدالعزيز أمير",
            "سعد بن ماجد بن عبدالعزيز",
        ),
        # … but not a name after a lineage connector (مساعد is a given name there)
        ("وحضر فهد بن مساعد الشمري الحفل.", "فهد بن مساعد الشمري", "فهد بن مساعد الشمري"),
        # … nor a definite title, nor a title glued to a preposition (بالحاج)
        ("وصل عبد الحكيم بالحاج إلى المطار.", "عبد الحكيم بالحاج", "عبد الحكيم بالحاج"),
        # ب + an ordinary word the tagger ran on into
        ("وهدد جون ميلر بمسدس حراس المتجر.", "جون ميلر بمسدس", "جون ميلر"),
        # … never a name that starts with ب
        ("وقال زيد أحمد بلال إن الموعد تأجل.", "زيد أحمد بلال", "زيد أحمد بلال"),
        # a preposition + article word before a given name is not part of that name
        (
            "وقال المتحدث باسم المكتب الإعلامي للعبيدي سعد الحمداني إن الاجتماع انتهى.",
            "للعبيدي سعد الحمداني",
            "سعد الحمداني",
        ),
        # … but الوليد in للوليد بن طلال is the name itself
        ("صدر كتاب للوليد بن طلال أمس.", "للوليد بن طلال", "للوليد بن طلال"),
        # a given name tagged alone takes a definite family name news hardly writes bare
        ("وقال المزارع نصر الرواجفة إن المياه انقطعت.", "نصر", "نصر الرواجفة"),
        ("وقال المواطن نصر النعيمي إن المياه انقطعت.", "نصر", "نصر النعيمي"),
        # … not an ordinary definite word (a participle, a frequent noun)
        ("وشاهد فاطمة المتنقلة بين القرى.", "فاطمة", "فاطمة"),
        ("وقال نصر الأسبوع الماضي إن المياه انقطعت.", "نصر", "نصر"),
        # a given name right before a tagged family name or given name belongs to it
        ("وأفتى المرجع علي الحسناوي بذلك.", "الحسناوي", "علي الحسناوي"),
        ("وخطب محمد عبدالله الزهراني في الحضور.", "عبدالله الزهراني", "محمد عبدالله الزهراني"),
        # … never the preposition على, nor أمام, nor a word that is not a given name
        ("وسلم على الحسناوي الجائزة.", "الحسناوي", "الحسناوي"),
        ("ووقف أمام خالد الزهراني طويلا.", "خالد الزهراني", "خالد الزهراني"),
        ("وتحدث عن حياة الماغوط الأدبية.", "الماغوط", "الماغوط"),
    ],
)
def test_person_edges(text: str, tagged: str, wanted: str) -> None:
    assert _edges(text, tagged) == wanted


def test_person_edges_leave_other_labels_and_covered_words() -> None:
    text = "وقال نصر الرواجفة إن المياه انقطعت."
    words, starts, ends = token_arrays(text)
    norm = normalise_words(words)
    index = TokenIndex(starts, ends)
    # the family name is another mention already: the given name does not take it
    both = [_entity(text, "نصر"), _entity(text, "الرواجفة", "LOC")]
    assert [e.text for e in person_edges(text, index, norm, both)] == ["نصر", "الرواجفة"]
    org = [_entity(text, "نصر", "ORG")]
    assert person_edges(text, index, norm, org) == org


@pytest.mark.parametrize(
    ("text", "mention", "label"),
    [
        ("وشنت الطائرات غارات على قاعدة الرمال الجوية.", "قاعدة الرمال", "LOC"),
        ("وتبنت حركة الفجر الهجوم.", "حركة الفجر", "ORG"),
        ("وحصل الفيلم على جائزة الشاشة الذهبية.", "جائزة الشاشة الذهبية", "MISC"),
        ("وتجول الزوار في ممشى النخيل مساء.", "ممشى النخيل", "LOC"),
        # a head before an indefinite word names nothing (جامع "collector" of films)
        ("وقال إنه جامع أفلام قديمة.", "جامع أفلام", "MISC"),
    ],
)
def test_headed_misc(text: str, mention: str, label: str) -> None:
    words, starts, ends = token_arrays(text)
    norm = normalise_words(words)
    misc = _entity(text, mention, "MISC")
    (found,) = headed_misc(TokenIndex(starts, ends), norm, [misc])
    assert found.label == label
    assert found.entity_id == entity_id(label, misc.canonical)


def _mentions(text: str) -> set[tuple[str, str, str]]:
    return {(e.label, e.text, e.canonical) for e in recognise(text)}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # the Islamic State group: one canonical, «داعش», whatever form the page uses
        ("وتبنى تنظيم داعش الهجوم على الحاجز.", ("ORG", "تنظيم داعش", "داعش")),
        (
            "وقال تنظيم الدولة الإسلامية في بيان إن عناصره انسحبوا.",
            ("ORG", "تنظيم الدولة الإسلامية", "داعش"),
        ),
        # everyday names no list had
        ("ونشر الوزير صورة على حسابه في تويتر مساء أمس.", ("ORG", "تويتر", "تويتر")),
        (
            "وتحدث عن أزمة المياه في العالم العربي خلال المؤتمر.",
            ("LOC", "العالم العربي", "العالم العربي"),
        ),
        ("واجتمع الرئيسان في سان بطرسبرغ الأسبوع الماضي.", ("LOC", "سان بطرسبرغ", "سانت بطرسبرغ")),
        (
            "وأكد المرصد السوري لحقوق الإنسان مقتل عشرة مدنيين.",
            ("ORG", "المرصد السوري لحقوق الإنسان", "المرصد السوري لحقوق الإنسان"),
        ),
        # heads added after the tagger was trained: facilities (LOC) and bodies (ORG)
        ("وتوافد الزوار على متنزه الريان أمس.", ("LOC", "متنزه الريان", "متنزه الريان")),
        ("وانحسرت مياه بحيرة القرعون هذا العام.", ("LOC", "بحيرة القرعون", "بحيرة القرعون")),
        ("ونظر ديوان المظالم في القضية.", ("ORG", "ديوان المظالم", "ديوان المظالم")),
        ("وأحيت فرقة النجوم حفلا في جدة.", ("ORG", "فرقة النجوم", "فرقة النجوم")),
        ("وتحدث عن الأمن في الخليج والعالم العربي.", ("LOC", "الخليج", "الخليج العربي")),
        # مرصد heads an organisation's name like مركز
        (
            "وقال المرصد الليبي للحريات إن الصحافي أفرج عنه.",
            ("ORG", "المرصد الليبي للحريات", "المرصد الليبي للحريات"),
        ),
    ],
)
def test_names_and_canonical_forms(text: str, wanted: tuple[str, str, str]) -> None:
    assert wanted in _mentions(text)


def test_late_entries_stay_out_of_the_taggers_lexicon() -> None:
    """Aliases and heads added after the shipped CRF was trained are used by the rules but
    not written into ``lexicon.tsv`` (the tagger's features stay as trained)."""
    lexicon = load_lexicon()
    assert "ORG" not in lexicon.get(normalise("تويتر"), ())
    assert "orghead" not in lexicon.get(normalise("مرصد"), ())
    assert normalise("مرصد") in load_org_heads()


def test_a_facility_takes_no_ل_complement() -> None:
    """لكرة القدم names an organisation's field; after a facility a ل phrase is a purpose."""
    found = _mentions("ووصلت الطائرة إلى مطار الريان لتقديم المساعدات الطبية.")
    assert ("LOC", "مطار الريان", "مطار الريان") in found
    found = _mentions("وأعلن الاتحاد الآسيوي لكرة القدم موعد القرعة.")
    assert any(label == "ORG" and text == "الاتحاد الآسيوي لكرة القدم" for label, text, _ in found)


@pytest.mark.parametrize(
    ("text", "mention", "canonical"),
    [
        # a city listed with its place head: the headed form takes the bare name's canonical
        ("ووصلت التعزيزات إلى مدينة حمص مساء أمس.", "مدينة حمص", "حمص"),
        ("وافتتح المعرض في منطقة الرياض أمس.", "منطقة الرياض", "الرياض"),
        # … and the bare name, which no list had, is a place of its own
        ("وتقدمت القوات نحو حمص من الشمال.", "حمص", "حمص"),
        ("وهطلت أمطار غزيرة على حائل أمس.", "حائل", "حائل"),
        # a city named after its country keeps its own name
        ("وعقد الاجتماع في مدينة الكويت أمس.", "مدينة الكويت", "مدينة الكويت"),
    ],
)
def test_place_head_canonical(text: str, mention: str, canonical: str) -> None:
    assert ("LOC", mention, canonical) in _mentions(text)
