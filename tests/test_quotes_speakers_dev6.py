"""Speaker rules found on heldout-dev6 (session 6, engineer G): pages of outlets no rule was
written on. Every example is an invented sentence in the style of Arabic news copy; none is
copied from a held-out page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes

# (text, speakers of the quotes found, in order)
SPEAKER_CASES: list[tuple[str, list[str | None]]] = [
    # "نقلا عنه" after a cue is a relay adverb, not its subject: the relayed source goes on.
    (
        'ونقلت الصحيفة عن مسؤول في الوزارة لم تسمه القول "هذا أهم قرار منذ سنوات طويلة".'
        ' وأضافت نقلا عنه أن ذلك "سيغير وجه القطاع لعقود".',
        ["مسؤول في الوزارة", "مسؤول في الوزارة"],
    ),
    # لـ + a noun in construct (لبرنامج المساء) is whom the source spoke to, never the subject.
    (
        "وقال الدكتور سالم العتيبي إن المشروع جاء في وقته. كما كشف لبرنامج المساء أنه تقدم"
        " بطلب جديد للوزارة.",
        ["سالم العتيبي", "سالم العتيبي"],
    ),
    # ... and the real subject may follow it.
    (
        "وقال لصحيفة الحياة مسؤول في الوزارة إن القرار نهائي.",
        ["مسؤول في الوزارة"],
    ),
    # A noun the lists know whole (لجنة) is a subject of its own.
    ("وقالت لجنة الانتخابات إن النتائج ستعلن غدا.", ["لجنة الانتخابات"]),
    # A noun of contact before "مع X" (اتصال، حديث، مداخلة): X answers a cue without subject.
    (
        "وفي اتصال هاتفي مع الدكتور سالم العتيبي ذكر بأن المشروع جاء في وقته.",
        ["سالم العتيبي"],
    ),
    (
        'وفي حديث لـ"الصحيفة" مع مدير الجمعية أحمد الزهراني أوضح أن المبادرة تشمل ألف أسرة.',
        ["أحمد الزهراني"],
    ),
    # A sentence opened by an accusative participle (محملا) has no subject: its noun is the
    # object, and a later قائلا goes on with the previous speaker.
    (
        "وقال الناشط خالد سعيد إن الأحزاب مسؤولة عن الأزمة الحالية في البلاد.\n"
        "محملا قادة الكتل البرلمانية مسؤولية تعطيل القوانين، قائلا: إن من يعطل القوانين لا"
        " يستحق ثقة الناخبين.",
        ["خالد سعيد", "خالد سعيد"],
    ),
    # A title of two words or more set right after a name, without a comma, is that
    # person's: a later mention by the title alone resolves to the name.
    (
        "أكد أحمد الزهراني رئيس الجمعية الخيرية أن الحملة نجحت. وأشار رئيس الجمعية إلى أن"
        " التبرعات تجاوزت مليون ريال.",
        ["أحمد الزهراني", "أحمد الزهراني"],
    ),
    (
        "قال أحمد الزهراني مدير التعليم بالمنطقة إن الدراسة تبدأ غدا. وأوضح مدير التعليم أن"
        " الكتب وصلت.",
        ["أحمد الزهراني", "أحمد الزهراني"],
    ),
    # ... but a title followed by a name is the next person's (the object of استقبل).
    (
        "استقبل الأمير خالد الفيصل وزير الخارجية الأمريكي جون كيري أمس. وقال وزير الخارجية"
        " إن اللقاء كان مثمرا.",
        ["جون كيري"],
    ),
    # An office named alone (الوزير، الوزير السعودي) is the holder named before with that
    # office, the article aside ("وزير الخارجية" → "الوزير").
    (
        "قال وزير الخارجية السعودي عادل الجبير إن الموقف ثابت. وقال الوزير السعودي إن"
        " المحادثات كانت بناءة.",
        ["عادل الجبير", "عادل الجبير"],
    ),
    (
        "قال وزير الخارجية عادل الجبير إن الموقف ثابت. وقال الوزير إن المحادثات كانت بناءة.",
        ["عادل الجبير", "عادل الجبير"],
    ),
    # A counterpart (نظيره الروسي) holds the same office: "الوزير الروسي" is he.
    (
        "التقى وزير الخارجية عادل الجبير نظيره الروسي سيرغي لافروف في موسكو. وقال الوزير"
        " الروسي إن المحادثات كانت بناءة.",
        ["سيرغي لافروف"],
    ),
    # ... but a deputy (نائب وزير) does not hold the minister's office.
    (
        "قال نائب وزير الخارجية خالد سالم إن الموقف ثابت. وقال الوزير إن المحادثات كانت بناءة.",
        ["خالد سالم", "الوزير"],
    ),
    # An honorific with a pronoun (سموه، معاليه) as subject is the person named before.
    (
        "افتتح الأمير فيصل بن سلمان أمير المنطقة المعرض أمس. وقال سموه إن المنطقة تشهد تنمية.",
        ["فيصل بن سلمان"],
    ),
    (
        "وقال أمير المنطقة الأمير فيصل بن سلمان إن المنطقة تشهد تنمية. وأضاف سموه أن الدولة"
        " تدعم المشاريع.",
        ["فيصل بن سلمان", "فيصل بن سلمان"],
    ),
    # A cue spelt after "عدم" is a verbal noun (فضل عدم ذكر اسمه): no report, no speaker.
    (
        "وقال مصدر أمني لـ«الوطن»، فضل عدم ذكر اسمه، إن القوات تقدمت نحو المدينة.",
        ["مصدر أمني"],
    ),
]


def test_name_of_a_place_right_after_its_head_is_no_speaker() -> None:
    # "حي أبو ريشة" is a district named after a person: the residents speak, not the name.
    text = (
        "شكا سكان حي أبو ريشة بالمدينة من كثرة الحوادث، مشيرين إلى أن الطريق ينقصه الكثير"
        " من قواعد السلامة."
    )
    speakers = [q.speaker or "" for q in find_quotes(text)]
    assert len(speakers) == 1
    assert speakers[0].startswith("سكان حي أبو ريشة")


@pytest.mark.parametrize(("text", "speakers"), SPEAKER_CASES)
def test_speakers(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in find_quotes(text)] == speakers


def test_contact_verb_without_fa_keeps_its_own_subject() -> None:
    # Only a noun of contact passes the turn to the one contacted: after a verb of contact
    # (تحدث الوزير مع …) a plain cue still belongs to the verb's subject.
    text = (
        "وتحدث وزير الخارجية فهد الراشد مع نظيره الفرنسي جان مارك. وقال الراشد إن"
        " المحادثات كانت مثمرة."
    )
    assert [q.speaker for q in find_quotes(text)] == ["فهد الراشد"]
