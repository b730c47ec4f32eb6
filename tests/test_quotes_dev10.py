"""Quote rules from the heldout-dev10 study (session 8, engineer E): invented sentences.

Each case is (text, person names the entity stage would find, expected quotes as
(speaker, start of the quoted text)); the sentences are made up for the construction, not
taken from any gold page. The rules are mechanisms (what a short quotation inside a subject
is, which clause a subjectless cue goes on), not trigger words of one page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes
from quote_checks import assert_speakers_and_starts, persons

CASES: list[tuple[str, list[str], list[tuple[str | None, str]]]] = [
    # A short quotation inside the subject zone that a person's name follows is the name of
    # the body the source works for (set in marks), not speech: the speech comes later and
    # the person is the speaker, also for the subjectless cues that continue her.
    (
        'وأوضحت مديرة التوظيف في "بنك الرياض الأول" سارة الحربي، أن الشركة حققت نتائج '
        'جيدة. وقالت: "نجح البرنامج في توفير الفرص للشباب".',
        [],
        [("سارة الحربي", "الشركة حققت"), ("سارة الحربي", "نجح البرنامج")],
    ),
    (
        'وأوضحت مديرة المبيعات في "مجموعة النخبة للتجارة" لمى الخطيب، أن المبيعات ارتفعت '
        'هذا العام. وبيّنت: "نعمل على فتح فروع جديدة في المنطقة".',
        ["لمى الخطيب"],
        [("لمى الخطيب", "المبيعات ارتفعت"), ("لمى الخطيب", "نعمل على فتح")],
    ),
    # ... also before an honorific: no quotation at all in a sentence without speech.
    (
        'وأعرب رئيس فريق "صناع فرص العمل" المهندس خالد العنزي، عن سعادته بالنتائج.',
        [],
        [],
    ),
    # A quotation after a colon or أن is speech even when a name follows it.
    (
        'وقال الوزير: "سنواصل دعم الأندية الصغيرة" خالد العتيبي يتابع الملف.',
        [],
        [("الوزير", "سنواصل دعم")],
    ),
    # A و-cue without subject after "وقد + verb + subject" goes on that nearer clause: its
    # subject speaks, not the sentence's first subject.
    (
        "احتفى رئيس البعثة سامي العتيبي باللاعبين في الفندق وقد عبر مدير المنتخب خالد مطر "
        'عن سعادته بالاحتفال وقال: "الجميع سعيد ومرتاح هنا".',
        [],
        [("خالد مطر", "الجميع سعيد")],
    ),
    (
        "استقبل الأمير فيصل الوفد الزائر في مكتبه، وقد أشاد رئيس الوفد سامي العنزي "
        "بالتنظيم، وأكد أن الزيارة ناجحة.",
        [],
        [("سامي العنزي", "الزيارة ناجحة")],
    ),
    # Without such a clause the coordinated cue still shares the sentence's subject.
    (
        "احتفى رئيس البعثة سامي العتيبي باللاعبين في الفندق وقال إن الفريق جاهز للمباراة.",
        [],
        [("سامي العتيبي", "الفريق جاهز")],
    ),
    # A participle after "verb + عليه/له + subject" tells how that subject spoke, not the
    # sentence's earlier speaker.
    (
        "وقال الوزير إن الخطة جاهزة، فرد عليه النائب قائلا إن الخطة ناقصة.",
        [],
        [("الوزير", "الخطة جاهزة"), ("النائب", "الخطة ناقصة")],
    ),
    (
        "وقال الوزير إن الخطة جاهزة، وقدم له الشكر قائلا إن الجهود كبيرة.",
        [],
        [("الوزير", "الخطة جاهزة"), ("الوزير", "الجهود كبيرة")],
    ),
    # "المصادر نفسها" is the source named before, even by a cue that reported no clause.
    (
        "كشفت مصادر عراقية وسورية متطابقة عن محاولة انقلاب داخل التنظيم. وبحسب المصادر "
        "نفسها، ينتمي غالبية من أعدموا إلى جنسيات عربية.",
        [],
        [("مصادر عراقية وسورية متطابقة", "ينتمي غالبية")],
    ),
    (
        "وقال مصدر أمني إن الهجوم فشل. وأضاف المصدر نفسه أن التحقيق مستمر.",
        [],
        [("مصدر أمني", "الهجوم فشل"), ("مصدر أمني", "التحقيق مستمر")],
    ),
    # "، مع العلم أن …" is the journalist's aside: the reported clause ends before it.
    (
        "وألمح الفنان خالد سامي بأن القائمين على القناة منعوا ظهوره، مع العلم أن قرار منعه "
        "صادر منذ عامين.",
        [],
        [("خالد سامي", "القائمين على القناة منعوا ظهوره")],
    ),
    # أبان "explained" reports; إبان / ابان "during" does not.
    (
        "وأبان المدير الطبي الدكتور محمد إسماعيل أن الوحدة تراعي الحالات النفسية للاجئين.",
        [],
        [("محمد إسماعيل", "الوحدة تراعي")],
    ),
    (
        "إبان الحرب الأخيرة أن الأوان لمراجعة الخطط الدفاعية في المنطقة كلها.",
        [],
        [],
    ),
    # A subjectless present-tense يتوقع/يرجح before أنْ + a verb, nobody speaking yet: the
    # passive "it is expected that …", no claim of the sentence's subject ...
    (
        "يختتم المنتخب السعودي مبارياته في الدور التمهيدي بمواجهة المنتخب التونسي ويتوقع "
        "أن تظهر المواجهة بمستوى فني كبير.",
        [],
        [],
    ),
    # ... but a prediction with its own subject is reported, and after a speaker the
    # coordinated verb continues them.
    (
        "وتوقع الوزير أن يرتفع النمو العام المقبل.",
        [],
        [("الوزير", "يرتفع النمو")],
    ),
    (
        "وقال الوزير إن الاقتصاد قوي، ويتوقع أن يرتفع النمو العام المقبل.",
        [],
        [("الوزير", "الاقتصاد قوي"), ("الوزير", "يرتفع النمو")],
    ),
    # A cue without subject in a "when" clause reports the named subject of the cue before it
    # in the sentence (one that reported no clause, after an adverb), not the last speaker.
    (
        "وقال الفنان خالد سامي إن القناة منعته. وقرار منعه صادر منذ عامين حيث أكده سابقا "
        "عبدالرحمن الهزاع رئيس الهيئة في تصريحات سابقة حينما أوضح بأن سبب منعه قانوني.",
        [],
        [("خالد سامي", "القناة منعته"), ("عبدالرحمن الهزاع", "سبب منعه قانوني")],
    ),
]


def test_aside_ends_the_clause_exactly() -> None:
    text = (
        "وألمح الفنان خالد سامي بأن القائمين على القناة منعوا ظهوره، مع العلم أن قرار منعه "
        "صادر منذ عامين."
    )
    assert [q.text for q in find_quotes(text)] == ["القائمين على القناة منعوا ظهوره"]


@pytest.mark.parametrize(("text", "names", "expected"), CASES)
def test_dev10_rules(text: str, names: list[str], expected: list[tuple[str | None, str]]) -> None:
    assert_speakers_and_starts(find_quotes(text, persons(text, names)), expected)
