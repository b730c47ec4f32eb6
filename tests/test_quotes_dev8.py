"""Speaker rules from the heldout-dev8 study (session 7): invented sentences, one per rule.

Each case is (text, expected quotes as (speaker, start of the quoted text)); the sentences
are made up for the construction, not taken from any gold page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes
from quote_checks import assert_speakers_and_starts

CASES: list[tuple[str, list[tuple[str | None, str]]]] = [
    # A prepositional opener closed by a comma does not hide the verb's subject.
    (
        "وقال المصدر إن الوضع هادئ. إلى ذلك، انتقد العقيد سامي الحربي التقارير الأخيرة، "
        "وقال إن تلك التقارير مبالغ فيها.",
        [("المصدر", "الوضع هادئ"), ("سامي الحربي", "تلك التقارير")],
    ),
    (
        "وأضاف الوزير أن المشروع تأخر. وفي غضون ذلك، زارت الدكتورة هند العتيبي مستشفى الملك فهد، "
        "وقالت إن الخدمات تحسنت كثيرا.",
        [("الوزير", "المشروع تأخر"), ("هند العتيبي", "الخدمات تحسنت")],
    ),
    # A nominal sentence after an opener has no verb and no subject to take.
    (
        "وقال المدير إن العمل مستمر. ومع ذلك، هو موظف سعيد، ويرى أن الراتب يكفيه.",
        [("المدير", "العمل مستمر"), ("المدير", "الراتب يكفيه")],
    ),
    # A cue in a relative clause on a statement noun reports the one who gave it.
    (
        "وقال المحافظ إن الطرق جاهزة. ثم ألقى مدير المهرجان خالد بن سعد العمري كلمة "
        "أكد فيها أن الفعاليات ستستمر أسبوعين.",
        [("المحافظ", "الطرق جاهزة"), ("خالد بن سعد العمري", "الفعاليات ستستمر")],
    ),
    (
        "وقال المتحدث إن التحقيق انتهى. بدورها، أصدرت جمعية حماية المستهلك بيانا مساء أمس، "
        "شددت فيه على أن الأسعار ارتفعت دون مبرر.",
        [("المتحدث", "التحقيق انتهى"), ("جمعية حماية المستهلك", "الأسعار ارتفعت")],
    ),
    (
        "نظم النادي الأدبي أمسية شعرية، وقدم فيها محاضرة للباحث السعودي د. فهد الشمري "
        "أوضح من خلالها أن الشعر النبطي يحتاج إلى توثيق.",
        [("فهد الشمري", "الشعر النبطي")],
    ),
    (
        "وبعد أيام وصلتنا رسالة من المهندس ماجد القحطاني يؤكد فيها أن المشروع سينتهي قريبا.",
        [("ماجد القحطاني", "المشروع سينتهي")],
    ),
    # A statement noun after a title is the verb's object, never the holder's name.
    (
        "أصدر المتحدث الرسمي باسم الشرطة بيانا أكد فيه أن الحادث لم يسفر عن إصابات.",
        [("المتحدث الرسمي باسم الشرطة", "الحادث لم يسفر")],
    ),
    # A fronted source with a complement up to فإنّ, and "بحسب قوله" for the last speaker.
    (
        "وبحسب مصادر قريبة من رئيس البلدية فإن الخطة ستعلن الأسبوع المقبل.",
        [("مصادر قريبة من رئيس البلدية", "الخطة ستعلن")],
    ),
    (
        "وعاد الفريق إلى الملعب، وفق ما قاله المدرب عادل الزهراني. وبحسب قوله فإن اللاعبين "
        "في حالة جيدة.",
        [("عادل الزهراني", "وعاد الفريق"), ("عادل الزهراني", "اللاعبين في")],
    ),
    # An attribution after a comma whose short source ends at a colon.
    (
        "وقال الوزير إن الأمن مستتب. واعتقلت الشرطة ثلاثة مشتبهين، وحسب الناطق سعيد "
        "المالكي: «لن نتهاون مع أي مخالف للنظام».",
        [("الوزير", "الأمن مستتب"), ("سعيد المالكي", "لن نتهاون")],
    ),
    # The outlet spoken to (لرويترز) is no part of the subject and no name.
    (
        "وقال مسؤول في الجيش لرويترز إن القوات تقدمت نحو المدينة.",
        [("مسؤول في الجيش", "القوات تقدمت")],
    ),
    (
        "وقال قائد للمقاتلين المحليين لرويترز “سنواصل التقدم حتى نهاية الأسبوع الجاري.”",
        [("قائد للمقاتلين المحليين", "سنواصل التقدم")],
    ),
    # ولد inside a name keeps the rank-like word after it: "ولد الشيخ".
    (
        "التقى الوزير المبعوث الأممي محمد ولد الشيخ سالم أمس. وقال ولد الشيخ سالم "
        "“نحتاج إلى هدنة طويلة في أسرع وقت.”",
        [("محمد ولد الشيخ سالم", "نحتاج إلى هدنة")],
    ),
    # A definite verbal noun after a definite source head is the verb's object.
    (
        "وقال المصدر إن الحصار مستمر. ورجح المصدر الانسحاب من المنطقة قريبا. وقال: إن "
        "المسلحين غادروا القرية.",
        [("المصدر", "الحصار مستمر"), ("المصدر", "المسلحين غادروا")],
    ),
    # A plural verb with no one speaking yet: the group just named as a subject.
    (
        "انتقد اقتصاديون سعوديون قرار رفع الرسوم أمس. وقالوا إن القرار سيضر بالشركات الصغيرة.",
        [("اقتصاديون", "القرار سيضر")],
    ),
    # A name in an anonymous source's complement is not the source.
    (
        "قالت مصادر موالية للوزير أحمد الغامدي إن الاستقالة لم تقدم بعد.",
        [("مصادر موالية للوزير أحمد الغامدي", "الاستقالة لم")],
    ),
    # A participle after a "when"-clause whose subject follows its resumptive pronoun (the
    # main verb's masculine subject does not agree with مؤكدة).
    (
        "ووصل الوزير أحمد سالم إلى الرياض أمس، في وقت أعلنت فيه وزارة المالية خطة جديدة للإنفاق، "
        "مؤكدة أن العجز سينخفض العام المقبل.",
        [("وزارة المالية", "العجز سينخفض")],
    ),
    # A quoted phrase in a fronted topic is what is spoken about, not a quotation.
    (
        "وحول الجهات المعنية «الشركات المرخصة من الهيئة العامة»، أكد المدير سالم الدوسري "
        "أن التراخيص ستجدد تلقائيا.",
        [("سالم الدوسري", "التراخيص ستجدد")],
    ),
    # First-person speech right after the speaker's name, no colon and no mark.
    (
        "وقال خالد العنزي نطالب بإنشاء جسر للمشاة عند التقاطع قبل بدء العام الدراسي.",
        [("خالد العنزي", "نطالب بإنشاء")],
    ),
    # The object of حذّر/دعا after the subject is no part of the speaker.
    (
        "وحذر وزير الداخلية المواطنين من الشائعات، مؤكدا أن الأمن مستتب في جميع المناطق.",
        [("وزير الداخلية", "الأمن مستتب")],
    ),
    # A clause cut by a line break inside its sentence goes on with a coordinated أنّ.
    (
        "وقال مدير المستشفى الدكتور أحمد سالم إن المستشفى استقبل عشرين مصابا\n"
        "وإن حالة ثلاثة منهم حرجة.",
        [("أحمد سالم", "المستشفى استقبل عشرين مصابا\nوإن حالة")],
    ),
    # A document cited by a trailing attribution is a source.
    (
        "ارتفعت صادرات التمور بنسبة عشرين في المائة خلال العام الماضي، وفقا لما أظهرته "
        "بيانات رسمية.",
        [("بيانات رسمية", "ارتفعت صادرات")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_dev8_speaker_rules(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert_speakers_and_starts(find_quotes(text), expected)


NOT_CHANGED: list[tuple[str, list[tuple[str | None, str]]]] = [
    # عبر is also the verb عبّر: no opener is skipped, the subject is the one who expressed.
    (
        "وعبر الدكتور ناصر العلي، مستشار الوزير، عن رأيه، إذ قال: «التعليم أولوية وطنية».",
        [("ناصر العلي", "التعليم أولوية")],
    ),
    # "وإن كان" after a line break is "even if", a new sentence: the clause stops.
    (
        "وقال المدير إن الوضع مستقر\nوإن كان المرضى كثيرين فإن الخدمة جيدة.",
        [("المدير", "الوضع مستقر")],
    ),
    # A passive "كتب فيها" with no giver right before the noun: no speaker is invented.
    (
        "وتعرض الآن في المتحف نسخة من المخطوطة مع ورقة كتب فيها أن الأصل مفقود منذ سنوات.",
        [(None, "الأصل مفقود")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NOT_CHANGED, ids=[c[0][:40] for c in NOT_CHANGED])
def test_dev8_rules_leave_these_alone(text: str, expected: list[tuple[str | None, str]]) -> None:
    found = [(q.speaker, q.text) for q in find_quotes(text)]
    assert [(s, t[: len(w)]) for (s, t), (_, w) in zip(found, expected, strict=False)] == [
        (s, w) for s, w in expected
    ][: len(found)]
    assert len(found) == len(expected), found
