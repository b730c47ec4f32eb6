"""Quote rules from the heldout-dev9 study (session 8, engineer D): invented sentences.

Each case is (text, expected quotes as (speaker, start of the quoted text)); the sentences
are made up for the construction, not taken from any gold page. The rules are mechanisms
(where a subject ends, what is a complement), not trigger words of one page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes
from quote_checks import assert_speakers_and_starts, persons

CASES: list[tuple[str, list[tuple[str | None, str]]]] = [
    # إلا أن / غير أن after a concession is "however": no complement of the cue before it.
    (
        "وعلى الرغم من نفي الوزير سامي الحربي لهذه الأنباء، إذ وصفها بالشائعات، "
        "إلا أن هذا النفي لم يقنع النواب.",
        [],
    ),
    (
        "وقال المدير إن المصنع سيفتح قريبا. ورغم تأكيد الشركة جاهزية الخط، "
        "غير أن العمال ما زالوا ينتظرون.",
        [("المدير", "المصنع سيفتح")],
    ),
    # A definite plural after a definite singular title is the verb's object, and an
    # accusative adverbial (ردا على، تعليقا على) is no name: the title is the speaker.
    (
        "وأبلغ الوزير الصحفيين ردا على سؤال يوم الأحد إن الحكومة لن تتراجع عن قرارها.",
        [("الوزير", "الحكومة لن تتراجع")],
    ),
    (
        "وقال المتحدث تعليقا على الحادث إن التحقيق ما زال جاريا.",
        [("المتحدث", "التحقيق ما زال")],
    ),
    (
        "وحذر المحافظ المواطنين من السباحة في الأودية، مؤكدا أن الأمطار ستستمر.",
        [("المحافظ", "الأمطار ستستمر")],
    ),
    # A و-cue without subject goes on a relative clause's verb: it shares the antecedent,
    # not the earlier speaker and not the sentence's first subject.
    (
        "وقال المدير إن العمل مستمر. والتقى الوفد بالمدرب كريستيان بيك الذي أعلن عن "
        "تفاجئه من القرار وأكد أنه لم يشعر بأي تقصير.",
        [("المدير", "العمل مستمر"), ("كريستيان بيك", "لم يشعر")],
    ),
    # "، وكان X قد …" opens a pluperfect clause with its own subject: the quotation before it
    # ends at the comma, and a later participle reports that new subject.
    (
        "وهو ما اعتبر الوزير سامي الحربي أنه سيضر بالاقتصاد، وكان المتحدث باسم الحكومة قد "
        "انتقد الخطة أمس، معتبرا أن الضرائب الجديدة ستخفض الأسعار.",
        [("سامي الحربي", "سيضر بالاقتصاد"), ("المتحدث باسم الحكومة", "الضرائب الجديدة")],
    ),
    # Vox pop speech with no colon, no mark and no أن: a negation opening the speaker's own
    # words after "أما X فيقول", a first-person singular verb right after the name.
    (
        "وقال خالد العنزي إن المشروع مفيد. أما سعد القحطاني فيقول لا نريد إلا الأمان لأبنائنا.",
        [("خالد العنزي", "المشروع مفيد"), ("سعد القحطاني", "لا نريد إلا")],
    ),
    (
        "ويقول ماجد السبيعي أشكر كل من ساهم في نجاح الحملة وأتمنى استمرارها.",
        [("ماجد السبيعي", "أشكر كل من")],
    ),
    # A family name said alone, followed by the verb's object: the speaker named before.
    (
        "وقال السناتور ميتش مكونيل إن الخطة سخيفة. وأبلغ مكونيل الصحفيين ردا على خطاب "
        "الرئيس إن الإدارة ارتكبت خطأ فادحا.",
        [("السناتور ميتش مكونيل", "الخطة سخيفة"), ("السناتور ميتش مكونيل", "الإدارة ارتكبت")],
    ),
    # نقل without عن and without a source as subject is "transfer", no relay.
    (
        "وقال المدرب إن نقل المباريات إلى الخارج يساعد اللاعبين، ونقل المباريات يساعدنا "
        "على إظهار نجومنا وهو ما يجعلني أقول إن التجربة ناجحة.",
        [("المدرب", "نقل المباريات إلى الخارج")],
    ),
    (
        "ونقلت وسائل إعلام فرنسية أن اللاعب حصل على مكافأة كبيرة.",
        [("وسائل إعلام فرنسية", "اللاعب حصل")],
    ),
    # "، وقد … هذا الكلام" / "، وكانت تلك التصريحات": the narrator comments on the statement
    # just reported; the quotation ends before it.
    (
        "أعلن الوزير خالد العتيبي أن الحكومة ستخفض الضرائب، وقد تزامن هذا الكلام مع "
        "ارتفاع الأسعار في الأسواق.",
        [("خالد العتيبي", "الحكومة ستخفض الضرائب")],
    ),
    # A count ("كان عدد الطلاب …") is no sentence subject a later و-cue could continue
    # (dev8's leftover); "عدد من المواطنين" (people) still is.
    (
        "وقالت الوزيرة هند العتيبي إن التعليم أولوية. وعلى سبيل المثال، كان عدد الطلاب في "
        "المدرسة قليلا، وقالت إن المدارس تحتاج إلى دعم.",
        [("هند العتيبي", "التعليم أولوية"), ("هند العتيبي", "المدارس تحتاج")],
    ),
    # A cue ending its line on a colon, the speech on the next line after a dialogue dash.
    (
        "وسأل صحفي عن الأزمة. فقال الوزير خالد العتيبي مشيرا إلى زملائه:\n"
        " - آمل أن يقدم هؤلاء السادة المساعدة.",
        [("خالد العتيبي", "آمل أن يقدم")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_dev9_rules(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert_speakers_and_starts(find_quotes(text), expected)


NOT_CHANGED: list[tuple[str, list[tuple[str | None, str]]]] = [
    # A foreign name in ا before عن stays a name (no shape rule on a final alef).
    (
        "وقالت المتحدثة مينا أندريفا عن سداد الديون إن اليونان ستدفع في الموعد.",
        [("مينا أندريفا", "اليونان ستدفع")],
    ),
    # After a broken plural, a sound plural may be its adjective: the phrase is kept.
    (
        "وقال الأطباء المقيمين في المستشفى إن الأجور تأخرت.",
        [("الأطباء المقيمين", "الأجور تأخرت")],
    ),
    (
        "وقال المدير إن العمل مستمر. وعبر عدد من المواطنين عن فرحتهم، وقالوا إن المهرجان ناجح.",
        [("المدير", "العمل مستمر"), ("عدد من المواطنين", "المهرجان ناجح")],
    ),
    # A complement إن before إلا أن is still the complement.
    (
        "وأضاف المدير أن الخطة جاهزة، إلا أن التمويل لم يصل بعد.",
        [("المدير", "الخطة جاهزة، إلا أن التمويل")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NOT_CHANGED, ids=[c[0][:40] for c in NOT_CHANGED])
def test_dev9_rules_leave_these_alone(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert_speakers_and_starts(find_quotes(text), expected)


def test_a_bare_line_after_a_colon_stays_out() -> None:
    # Without a dialogue dash the next line is not taken: after "قال الشاعر:" it is a verse.
    assert find_quotes("وكما قال الشاعر:\nوما أنا إلا من غزية إن غوت") == []


def test_la_opens_no_speech_before_a_marked_quotation() -> None:
    # "لا" opens bare speech only when no colon or quotation follows in the sentence: here it
    # begins the name (لا كازيت) and the speech is the quotation after the colon.
    text = "وقال الوزير إن الدعم مستمر. وأضاف لا كازيت الذي وقع عقده أمس: «نحن جاهزون للموسم»."
    assert [q.text for q in find_quotes(text)] == ["الدعم مستمر", "نحن جاهزون للموسم"]


WITH_ENTITIES: list[tuple[str, list[str], list[tuple[str | None, str]]]] = [
    # A quotation with no cue of its own after an attribution inside its sentence is that
    # source's, not the last speaker's.
    (
        "وقال الوزير خالد العتيبي إن الاتفاق جيد. وتشتمل هذه الخطة بحسب كيري على «تدريبات "
        "مشتركة وتبادل للخبرات بين البلدين».",
        ["خالد العتيبي", "كيري"],
        [("خالد العتيبي", "الاتفاق جيد"), ("كيري", "تدريبات مشتركة")],
    ),
    # A subordinate cue without subject reports the person whose statements the sentence is
    # about ("فإن تصريحات X … عندما قال"), not the last speaker.
    (
        "وقال الوزير خالد العتيبي إن الاتفاق جيد. وفي المقابل فإن تصريحات لافروف في الدوحة "
        "أضافت عقدة جديدة، عندما قال: «الحل ما زال بعيدا».",
        ["خالد العتيبي", "لافروف"],
        [("خالد العتيبي", "الاتفاق جيد"), ("لافروف", "الحل ما زال")],
    ),
]


@pytest.mark.parametrize(
    ("text", "names", "expected"), WITH_ENTITIES, ids=[c[0][:40] for c in WITH_ENTITIES]
)
def test_dev9_rules_with_entities(
    text: str, names: list[str], expected: list[tuple[str | None, str]]
) -> None:
    assert_speakers_and_starts(find_quotes(text, persons(text, names)), expected)
