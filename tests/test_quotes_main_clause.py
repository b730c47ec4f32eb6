"""The speaker of a mid-sentence cue without a subject of its own: the subject of the clause
it belongs to, when that names someone other than the current speaker (invented sentences).

A cue in mid-sentence ("…، مشيرة إلى أن"، "X قال إن") continues the last speaker only when
its own clause has no subject that could speak: a subject put before the verb (in
apposition, after كان … قد or أنّ), the subject of the sentence's first verb (past openers
like "في المقابل" and "من جهته", with بيّن written with its shadda), of a "، حيث" clause,
or of a sentence after a dateline colon; group and body heads count although no entity
covers them (النواب، الهيئة), the verb's object stays out ("الهيئة التزامها").
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes
from quote_checks import Expected, assert_speakers_and_starts, persons

CASES: list[tuple[str, str, list[str], Expected]] = [
    (
        "a name before its verb with its title in apposition",
        "قال المتحدث باسم الشركة سعد الخالد إن الأرباح ارتفعت هذا العام. مايكل جونسون، "
        "وزير الخارجية، قال إن بلاده تدعم الاتفاق الجديد بقوة.",
        ["سعد الخالد", "مايكل جونسون"],
        [("سعد الخالد", "الأرباح ارتفعت"), ("مايكل جونسون", "بلاده تدعم")],
    ),
    (
        "a source-head group before its verb after يذكر أن",
        "قال المحلل سامي الراشد إن السوق مستقرة. ويذكر أن خبراء الاقتصاد أشاروا إلى أن "
        "الأسعار سترتفع في الصيف.",
        ["سامي الراشد"],
        [("سامي الراشد", "السوق مستقرة"), ("خبراء الاقتصاد", "الأسعار سترتفع")],
    ),
    (
        "a body head after an opener with no comma; its object kept out",
        "أوضح المواطن فهد السالم أن الزحام يزداد كل يوم. في المقابل أكدت الهيئة التزامها "
        "بالمواعيد المحددة، مشيرة إلى أن العمل يسير وفق الخطة.",
        ["فهد السالم"],
        [("فهد السالم", "الزحام يزداد"), ("الهيئة", "العمل يسير")],
    ),
    (
        "بيّن with its shadda is the main verb; the participle is its subject's",
        "قال الأمير فيصل بن سعد إن المهرجان ناجح. من جهته بيّن المدير العام خالد السالم "
        "أن المشروع مكتمل، لافتاً إلى أن الافتتاح سيكون قريبا.",
        ["فيصل بن سعد", "خالد السالم"],
        [("فيصل بن سعد", "المهرجان ناجح"), ("خالد السالم", "الافتتاح سيكون")],
    ),
    (
        "a plural title head no entity covers, before a clause on the verb's object",
        "قال الباحث عمر الزهراني إن الدراسة مهمة. وقام النواب بتمرير قانون جديد قالوا إنه "
        "سيحمي المستهلكين من الغش.",
        ["عمر الزهراني"],
        [("عمر الزهراني", "الدراسة مهمة"), ("النواب", "سيحمي المستهلكين")],
    ),
    (
        "the subject of a ، حيث clause, with a بـ-complement after the name",
        "قال المدير سعد الماجد إن الحفل ناجح. واحتفلت الهيئة بعيد الفطر أمس، حيث رحب "
        "الأمين العام المساعد المهندس وائل الدهاسي بالموظفين، لافتاً إلى أن العمل "
        "سيستمر بالوتيرة نفسها.",
        ["سعد الماجد", "وائل الدهاسي"],
        [("سعد الماجد", "الحفل ناجح"), ("وائل الدهاسي", "العمل سيستمر")],
    ),
    (
        "a quoted body name after a dateline colon",
        'قال الوزير خالد العمر إن الدعم مستمر. الرياض: أيدت "الشؤون الاجتماعية" ما نشرته '
        "الصحيفة، معترفة بأن المعاشات الحالية لا تكفي الأسر.",
        ["خالد العمر"],
        [("خالد العمر", "الدعم مستمر"), ("الشؤون الاجتماعية", "المعاشات الحالية")],
    ),
    (
        "a name before its verb, with a clause on her between them",
        "قال المدير خالد الفهد إن الحفل ناجح. وعلى المسار المحدد للزوار كانت سارة وهي مقيمة "
        "سورية تقول: أنا من سكان جدة منذ ثلاث عشرة سنة.",
        ["خالد الفهد"],
        [("خالد الفهد", "الحفل ناجح"), ("سارة", "أنا من سكان")],
    ),
    (
        "the antecedent of الذي: a name before its apposed title",
        "قال المدرب سعد الماجد إن الفريق جاهز. وتحدثت الصحف عن رودولفو، رئيس النادي "
        "الأرجنتيني الذي قال إن اللاعب لم يوقع على أي عقد.",
        ["سعد الماجد", "رودولفو"],
        [("سعد الماجد", "الفريق جاهز"), ("رودولفو", "اللاعب لم يوقع")],
    ),
    # The current speaker stays: the cue opens its sentence, a relative clause has its own
    # antecedent, the clause's subject is no source, or it is the same person.
    (
        "a cue opening its sentence continues",
        "قال المحلل المالي سعد الخالد إن السوق مستقرة. وأضاف أن التداولات كانت نشطة طوال الأسبوع.",
        ["سعد الخالد"],
        [("سعد الخالد", "السوق مستقرة"), ("سعد الخالد", "التداولات كانت")],
    ),
    (
        "a relative clause on an occasion keeps the current speaker",
        "قال المدير خالد الفهد إن المشروع متأخر. وجاء ذلك في اللقاء الصحفي الذي قال فيه إن "
        "العمل يسير ببطء.",
        ["خالد الفهد"],
        [("خالد الفهد", "المشروع متأخر"), ("خالد الفهد", "العمل يسير")],
    ),
    (
        "a proverb before its verb is no source",
        "قال الكاتب سعد الخالد إن الصبر مفتاح النجاح. والمثل الصيني يقول إن رحلة الألف ميل "
        "تبدأ بخطوة.",
        ["سعد الخالد"],
        [("سعد الخالد", "الصبر مفتاح"), ("سعد الخالد", "رحلة الألف")],
    ),
]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_mid_sentence_cue_speaker(text: str, names: list[str], expected: Expected) -> None:
    assert_speakers_and_starts(find_quotes(text, persons(text, names)), expected)
