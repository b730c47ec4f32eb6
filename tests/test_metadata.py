"""The metadata cascade: datelines/bylines, sections, outlets in the body, header dates."""

from __future__ import annotations

import pytest

from khabar.extract.metadata import (
    classify_segment,
    dateline_in_banner,
    find_hijri_date,
    find_outlet_in_text,
    find_page_date,
    find_section,
    is_breadcrumb,
    is_date_banner,
    parse_dateline,
    split_glued_dateline,
)

# (line, place, outlet, byline, credits) — forms written for these tests.
DATELINE_CASES = [
    ("باريس ـ (الوطن) ـ وكالات:", "باريس", "الوطن", None, ("وكالات",)),
    ("الرياض: محمد العواجي", "الرياض", None, "محمد العواجي", ()),
    ("جدة: سارة الغامدي", "جدة", None, "سارة الغامدي", ()),
    ("حذيفة القرشي - جدة", "جدة", None, "حذيفة القرشي", ()),
    ("خالد الزهراني – الدمام", "الدمام", None, "خالد الزهراني", ()),
    ("صالح عسكول-عدن", "عدن", None, "صالح عسكول", ()),
    ("دبي، الإمارات العربية المتحدة (CNN)—", "دبي", "CNN", None, ()),
    ("متعب البقمي - سبق - جدة:", "جدة", "سبق", "متعب البقمي", ()),
    ("فهد العتيبي - الوئام - الطائف:", "الطائف", "الوئام", "فهد العتيبي", ()),
    ("نايف عبدالله – سعد الفراج: عين اليوم", None, "عين اليوم", "نايف عبدالله – سعد الفراج", ()),
    (" هناء البنهاوي (القاهرة)", "القاهرة", None, "هناء البنهاوي", ()),
    ("منى السيد (الإسكندرية)", "الإسكندرية", None, "منى السيد", ()),
    ("باريس – الرياضية | Tuesday, 11 August 2015 - 18:07 pm", "باريس", "الرياضية", None, ()),
    ("رويترز", None, None, None, ("رويترز",)),
    ("القاهرة - أ ف ب", "القاهرة", None, None, ("أ ف ب",)),
    ("بيروت (رويترز) -", "بيروت", None, None, ("رويترز",)),
    ("أربيل: دلشاد عبد الله", "أربيل", None, "دلشاد عبد الله", ()),
    ("عادل الخنين من الرياض", "الرياض", None, "عادل الخنين", ()),
    ("كتب - علاء سعيد:", None, None, "علاء سعيد", ()),
    ("بقلم: سلمى الحربي", None, None, "سلمى الحربي", ()),
    ("إعداد - المحرر الثقافي", None, None, "المحرر الثقافي", ()),
    ("الرياض - ثقافة اليوم", "الرياض", None, None, ()),
    ("علي ضباح ـ الحد الجنوبي", "الحد الجنوبي", None, "علي ضباح", ()),
    ("محايل، الباحة: وحيد الحفظي، سلمان آل مقرح", "محايل", None, "وحيد الحفظي، سلمان آل مقرح", ()),
    ("\u200f\u202bمتعب العبيد (الرياض)", "الرياض", None, "متعب العبيد", ()),
    ("الوئام - sky", None, "الوئام", None, ()),
    ("الرياض - واس", "الرياض", None, None, ("واس",)),
    ("عدن: محمد علي محسن - الرياض: نايف الرشيد", "عدن", None, "محمد علي محسن - نايف الرشيد", ()),
    ("بيروت: نذير رضا.. لندن: «الشرق الأوسط»", "بيروت", "الشرق الأوسط", "نذير رضا", ()),
    ("أشيقر - عبدالله المقحم:", "أشيقر", None, "عبدالله المقحم", ()),
    ("كييف: «الشرق الأوسط»", "كييف", "الشرق الأوسط", None, ()),
    ("* إكرامي عبدالله من الرياض", "الرياض", None, "إكرامي عبدالله", ()),
    ("عبدالرحيم الحدادي \t المدينة المنورة", "المدينة المنورة", None, "عبدالرحيم الحدادي", ()),
    ("تشاتانوغا (الولايات المتحدة): «الشرق الأوسط»", "تشاتانوغا", "الشرق الأوسط", None, ()),
    # a photo credit after the dateline is neither byline nor part of the place
    ("سامي العتيبي - الطائف   تصوير - ماجد الحربي", "الطائف", None, "سامي العتيبي", ()),
    ("نواف الشهري - أبها تصوير: فهد القحطاني", "أبها", None, "نواف الشهري", ()),
    ("الدمام - ريم الخالدي (عدسة/ سعد المري)", "الدمام", None, "ريم الخالدي", ()),
    ("جدة - ماجد الحربي، عدسة - سامي العتيبي", "جدة", None, "ماجد الحربي", ()),
    # reporters in several places, one "place - name" each, between commas
    ("تبوك - سامي العتيبي، جدة - ماجد الحربي", "تبوك", None, "سامي العتيبي - ماجد الحربي", ()),
    ("ريم الخالدي (الدمام)، نواف الشهري (أبها)", "الدمام", None, "ريم الخالدي - نواف الشهري", ()),
]


@pytest.mark.parametrize(("line", "place", "outlet", "byline", "credits"), DATELINE_CASES)
def test_parse_dateline(
    line: str, place: str | None, outlet: str | None, byline: str | None, credits: tuple[str, ...]
) -> None:
    found = parse_dateline(line)
    assert found is not None
    assert (found.place, found.outlet, found.byline, found.credits) == (
        place,
        outlet,
        byline,
        credits,
    )


@pytest.mark.parametrize(
    "line",
    [
        "قال الوزير إن الاجتماع كان مثمرا.",
        "مؤتمر باريس: روسيا تعتزم مكافحة الإرهاب بدعم عسكري للعراق وسوريا",
        "وأضاف: نعمل حاليا على إعادة ترتيب السجن",
        "الأربعاء 18 يناير 2017",
        "",
        "محمد العواجي",  # a bare name is only a byline under a title (allow_bare_name)
        "وأضاف: نعمل حاليا على إعادة ترتيب السجن المركزي",
    ],
)
def test_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


def test_bare_name_under_a_title() -> None:
    found = parse_dateline("محمد العواجي", allow_bare_name=True)
    assert found is not None and found.byline == "محمد العواجي"


def test_dateline_date() -> None:
    found = parse_dateline("باريس – الرياضية | Tuesday, 11 August 2015 - 18:07 pm")
    assert found is not None and found.date == "2015-08-11"


@pytest.mark.parametrize(
    ("paragraph", "place", "body_start"),
    [
        ("متعب البقمي - سبق - جدة: انطلقت مساء أمس فعاليات", "جدة", "انطلقت"),
        ("بيروت (رويترز) - قال مسؤول أمني إن الحادث", "بيروت", "قال"),
        ("دبي، الإمارات العربية المتحدة (CNN)— أعلنت الشركة اليوم عن أرباحها", "دبي", "أعلنت"),
        ("نيويورك ـ (أ ف ب) ـ أعلن مكتب الأمم المتحدة: إن القوافل وصلت", "نيويورك", "أعلن"),
        ("باريس ـ (الوطن) ـ وكالات: أعلنت روسيا أمس أنها ستشارك", "باريس", "أعلنت"),
        ("واشنطن - قال الرئيس الأمريكي إن بلاده", "واشنطن", "قال"),
        ('د ب أ- الرياض: قال "حسين علي" - لاعب الفريق - إن الفريق قادر', "الرياض", "قال"),
    ],
)
def test_glued_dateline(paragraph: str, place: str, body_start: str) -> None:
    found = split_glued_dateline(paragraph)
    assert found is not None
    dateline, at = found
    assert dateline.place == place
    assert paragraph[at:].startswith(body_start)


@pytest.mark.parametrize(
    "paragraph",
    ["وقال الوزير: إن الوضع مستقر", "الرئيس - كما قال - لم يحضر: وغاب", "أعلنت الوزارة أمس أن"],
)
def test_no_glued_dateline(paragraph: str) -> None:
    assert split_glued_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("جدة", "place"),
        ("رويترز", "agency"),
        ("أ.ف.ب", "agency"),
        ("متعب البقمي", "person"),
        ("الوطن", "outlet"),
        ("كتب", "label"),
        ("في الرياض أمس", "unknown"),
    ],
)
def test_classify_segment(text: str, kind: str) -> None:
    assert classify_segment(text) == kind


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ('وكشفت مصادر مطلعة لـ"الوطن" أن الوزارة', "الوطن"),
        ("وقال الخبراء لـ «عكاظ»: إن المشروع", "عكاظ"),
        ("وقال في حديث خاص لـ «المدينة» : إن", "المدينة"),
        ("في تقرير، حصلت «اليوم» على نسخة منه", "اليوم"),
        ("أكد اقتصاديون لـ»اليوم» أن", "اليوم"),
        ("للاحتفاء بالضوء. رابط الخبر بصحيفة الوئام: بالصور", "الوئام"),
        ("وقال لـ«رويترز» إن الاتفاق قريب", None),  # an agency is a source, not the outlet
        ("وقالت الوزارة في بيان إن", None),
        ("وهاجم المسلحون التابعون لـ«داعش» القرية", None),
        ("وكشف مصدر مسؤول لـ«الأفق» أن الاتفاق قريب", "الأفق"),
        ("جميع الحقوق محفوظة لصحيفة الأفق © 2024", "الأفق"),
        ("حقوق النشر محفوظة لموقع صدى الشام.", "صدى الشام"),
    ],
)
def test_outlet_in_text(text: str, outlet: str | None) -> None:
    assert find_outlet_in_text(text) == outlet


@pytest.mark.parametrize(
    ("breadcrumb", "title", "section"),
    [
        ("الرئيسية / الأولى / مؤتمر باريس", "مؤتمر باريس", "الأولى"),
        ("الرئيسية » اقتصاد » أسواق", "خبر ما", "اقتصاد"),
        ("الصفحة الرئيسية > رياضة", None, "رياضة"),
        (None, "عنوان", None),
    ],
)
def test_find_section(breadcrumb: str | None, title: str | None, section: str | None) -> None:
    assert find_section(breadcrumb, title) == section


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("الرئيسية / الأولى / مؤتمر باريس", True),
        ("محليات » الرياض » تعليم » خبر", True),
        ("قال الوزير / المتحدث إن", False),
        ("عنوان بلا فواصل", False),
    ],
)
def test_is_breadcrumb(line: str, expected: bool) -> None:
    assert is_breadcrumb(line) is expected


def test_header_dates() -> None:
    header = ["الأربعاء 18 يناير 2017 م - ١٩ ربيع الثانيI ١٤٣٨ هـ"]
    assert find_page_date(header) == "2017-01-18"
    assert find_hijri_date(header) == "1438-04-19"
    assert is_date_banner(header[0])
    assert not is_date_banner("قتل 18 شخصا في هجوم وقع في 18 يناير 2017 على سوق شعبية في بغداد")


@pytest.mark.parametrize(
    ("line", "banner"),
    [
        ("تاريخ النشر: الأربعاء 18 يناير 2017 - 10:30 صباحا", True),
        ("آخر تحديث: 12 مارس 2025", True),
        ("بريدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", True),
        ("انطلاق معرض الكتاب الدولي في 18 يناير 2017", False),
        ("قتل 18 شخصا في هجوم وقع في 18 يناير 2017", False),
    ],
)
def test_date_banners(line: str, banner: bool) -> None:
    assert is_date_banner(line) is banner


def test_dateline_printed_with_the_date() -> None:
    found = dateline_in_banner("مكة المكرمة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس")
    assert found is not None
    assert (found.place, found.credits) == ("مكة المكرمة", ("واس",))
    assert dateline_in_banner("الأربعاء 18 يناير 2017 م") is None


@pytest.mark.parametrize(
    ("line", "is_byline"),
    [
        ("محمد العواجي", True),
        ("فهد عامر الأحمدي", True),
        ("د. إيهاب حسن أبوركبة", True),
        ("خامسة آل فرحان", True),
        ("تداخل الأمعاء", False),
        ("هشاشة الأيديولوجيا", False),
        ("أسهل طريقة لعمل الكنافة", False),
    ],
)
def test_bare_name_needs_a_name_shape(line: str, is_byline: bool) -> None:
    found = parse_dateline(line, allow_bare_name=True)
    assert (found is not None and found.byline == line) is is_byline
