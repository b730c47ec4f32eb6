"""Cue checks of the quote finder (``evidence._usable_cue``) that blocked real reports: a
participle followed by its addressee (مؤكدا لـ«المدينة» أن …) and بيّن with a long subject
(وبين مدير عام … الدكتور … أن …). Every example is an invented sentence in the style of
Arabic news copy; none is copied from a page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes

# (text, quoted text expected, its speaker)
FOUND: list[tuple[str, str, str]] = [
    # A participle cue, then لـ + the outlet spoken to (with or without quotation marks), then أن.
    (
        "وشكا سكان حي النسيم في جدة من كثرة الحوادث على الطريق الدائري مؤكدين لـ«المدينة» أن"
        " الإشارة الجديدة لم تعمل منذ شهرين.",
        "الإشارة الجديدة لم تعمل منذ شهرين",
        "سكان حي النسيم",
    ),
    (
        "وزار المهندس فهد القحطاني موقع المشروع أمس مشيرا للصحيفة أن العمل سينتهي قبل نهاية العام.",
        "العمل سينتهي قبل نهاية العام",
        "فهد القحطاني",
    ),
    (
        'وتحدث الدكتور ماجد الحربي عن خطة الجامعة مؤكدا لـ"عكاظ" أن القبول سيبدأ في الشهر المقبل.',
        "القبول سيبدأ في الشهر المقبل",
        "ماجد الحربي",
    ),
    (
        "وتفقد اللواء سعد المطيري المنفذ أمس مضيفا لـ «الرياض» أن الحركة عادت إلى طبيعتها.",
        "الحركة عادت إلى طبيعتها",
        "سعد المطيري",
    ),
    (
        "وتفقد اللواء سعد المطيري المنفذ أمس مؤكدا لصحيفة الوطن أن الحركة عادت إلى طبيعتها.",
        "الحركة عادت إلى طبيعتها",
        "سعد المطيري",
    ),
    # بيّن with a subject of title + place + honorific + name: more than six words to أن.
    (
        "وبين مدير عام الشؤون الصحية بمنطقة تبوك الدكتور سامي الشهري أن المستشفيات جاهزة"
        " لاستقبال الحالات.",
        "المستشفيات جاهزة لاستقبال الحالات",
        "سامي الشهري",
    ),
    (
        "وبين المتحدث الرسمي باسم الإدارة العامة للمرور العقيد خالد بن علي الدوسري أن المخالفات"
        " تراجعت هذا العام.",
        "المخالفات تراجعت هذا العام",
        "خالد بن علي الدوسري",
    ),
]

# Not reports: بين the preposition, and a participle that names a thing (a noun), stay out.
NOT_FOUND: list[str] = [
    "وبين الرئيس الأمريكي والرئيس الروسي خلافات كثيرة حول الملفات التي ترى الدول أن حلها بعيد.",
    "وتوزعت الجوائز بين الفائزين من طلاب المدارس الثانوية في جدة والدكتور خالد السالم على أن"
    " تسلم غدا.",
    "وبين الشباب والعلماء في المملكة والخليج العربي فجوة من الطبيعي أن تضيق مع الوقت.",
    "وبين مدير الشركة والدكتور سالم العتيبي خلاف قديم على أن المشروع تأخر.",
    "وبين الطرفين الذين اجتمعوا في الرياض اتفاق على أن المفاوضات ستستمر.",
    "وقدم الفريق عرضا مشيرا للجنة المنظمة التي وافقت عليه.",
    # مقرا (headquarters) + لها + a time clause: not the participle of أقر speaking to someone.
    "وتتخذ الحكومة من شرق البلاد مقرا لها منذ أن استولت جماعة منافسة على العاصمة.",
]


@pytest.mark.parametrize(("text", "quoted", "speaker"), FOUND)
def test_cue_found(text: str, quoted: str, speaker: str) -> None:
    quotes = find_quotes(text)
    assert [(q.text, q.speaker) for q in quotes] == [(quoted, speaker)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_a_cue(text: str) -> None:
    assert [q.text for q in find_quotes(text)] == []
