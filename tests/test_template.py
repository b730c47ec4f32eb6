"""Template removal for text dumps, on page layouts written for these tests."""

from __future__ import annotations

import pytest

from khabar.extract.template import cut_link_footer, is_ui_line, split_footer, split_layout

BANNER_PAGE = """الخميس 12 مارس 2020 م - ١٧ رجب ١٤٤١ هـ
الرئيسية / محليات / الصحة تطلق حملة للتطعيم
الصحة تطلق حملة للتطعيم

الصحة تطلق حملة للتطعيم

الرياض ـ (الرأي) ـ واس:
أطلقت وزارة الصحة حملة وطنية للتطعيم ضد الإنفلونزا الموسمية.
وقال المتحدث باسم الوزارة إن الحملة تستمر شهرا.
طباعة
أرسل لصديق
إلى الأعلى
"""


def test_banner_breadcrumb_title_dateline_footer() -> None:
    layout = split_layout(BANNER_PAGE)
    assert layout.title == "الصحة تطلق حملة للتطعيم"
    assert layout.breadcrumb == "الرئيسية / محليات / الصحة تطلق حملة للتطعيم"
    assert layout.header == ("الخميس 12 مارس 2020 م - ١٧ رجب ١٤٤١ هـ",)
    assert layout.dateline is not None
    assert (layout.dateline.place, layout.dateline.outlet, layout.dateline.credits) == (
        "الرياض",
        "الرأي",
        ("واس",),
    )
    assert layout.body == (
        "أطلقت وزارة الصحة حملة وطنية للتطعيم ضد الإنفلونزا الموسمية.\n"
        "وقال المتحدث باسم الوزارة إن الحملة تستمر شهرا."
    )
    assert layout.footer == ("طباعة", "أرسل لصديق", "إلى الأعلى")


def test_byline_under_title() -> None:
    page = "الأمطار تغلق المدارس\nجدة: سارة الغامدي\n\nأعلنت إدارة التعليم تعليق الدراسة.\n"
    layout = split_layout(page)
    assert layout.title == "الأمطار تغلق المدارس"
    assert layout.dateline is not None and layout.dateline.byline == "سارة الغامدي"
    assert layout.body == "أعلنت إدارة التعليم تعليق الدراسة."


def test_glued_dateline_and_duplicate_line() -> None:
    page = (
        "انطلاق معرض الكتاب\nفهد العتيبي - الوئام - الطائف:\n\n"
        "فهد العتيبي - الوئام - الطائف: افتتح أمير المنطقة معرض الكتاب.\nويستمر المعرض أسبوعا.\n"
    )
    layout = split_layout(page)
    assert layout.dateline is not None and layout.dateline.place == "الطائف"
    assert layout.body.startswith("افتتح أمير المنطقة")


def test_teasers_between_footer_lines_are_removed() -> None:
    lines = [
        "قال الوزير إن المشروع يكتمل العام المقبل.",
        "اقرأ أيضا",
        "افتتاح طريق جديد في الشمال",
        "ارتفاع أسعار الذهب",
        "جميع الحقوق محفوظة © 2024",
    ]
    body, footer = split_footer(lines)
    assert body == lines[:1]
    assert footer == lines[1:]


def test_short_last_paragraph_is_kept_without_footer() -> None:
    lines = ["قال الوزير إن المشروع يكتمل العام المقبل.", "والله ولي التوفيق"]
    assert split_footer(lines) == (lines, [])


def test_link_footer_glued_to_last_paragraph() -> None:
    line = "ويعرض الفيلم العام المقبل. رابط الخبر بصحيفة الأفق: عنوان الخبر"
    assert cut_link_footer(line) == "ويعرض الفيلم العام المقبل."
    body, footer = split_footer(["فقرة أولى.", line])
    assert body == ["فقرة أولى.", "ويعرض الفيلم العام المقبل."]
    assert footer == ["رابط الخبر بصحيفة الأفق: عنوان الخبر"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("إلى الأعلى", True),
        ("الى الاعلى", True),
        ("طباعة", True),
        ("شارك الخبر", True),
        ("جميع الحقوق محفوظة لصحيفة الأفق 2024", True),
        ("شارك الوزير في المؤتمر الذي عقد أمس في الرياض وبحث التعاون", False),
        ("المزيدات", False),
    ],
)
def test_ui_lines(line: str, expected: bool) -> None:
    assert is_ui_line(line) is expected


def test_page_without_template_keeps_everything_after_title() -> None:
    page = "عنوان الخبر\nالفقرة الأولى من الخبر.\nالفقرة الثانية."
    layout = split_layout(page)
    assert layout.title == "عنوان الخبر"
    assert layout.dateline is None
    assert layout.body == "الفقرة الأولى من الخبر.\nالفقرة الثانية."


def test_empty_page() -> None:
    layout = split_layout("")
    assert (layout.title, layout.body) == (None, "")


def test_site_name_and_menu_above_a_repeated_title() -> None:
    page = (
        "الأفق نت\nأخبار | رياضة | اقتصاد | فن\nارتفاع أسعار النفط\nارتفاع أسعار النفط\n"
        "ارتفعت أسعار النفط أمس بنسبة اثنين في المئة.\n"
    )
    layout = split_layout(page)
    assert layout.title == "ارتفاع أسعار النفط"
    assert layout.body == "ارتفعت أسعار النفط أمس بنسبة اثنين في المئة."


def test_dateline_printed_again_at_the_top_of_the_body() -> None:
    page = "الاتحاد يفوز\nماجد هود ـ جدة\n\nماجد هود ـ جدة\nفاز الاتحاد على ضيفه أمس بهدفين.\n"
    layout = split_layout(page)
    assert layout.title == "الاتحاد يفوز"
    assert layout.dateline is not None and layout.dateline.byline == "ماجد هود"
    assert layout.body == "فاز الاتحاد على ضيفه أمس بهدفين."


def test_title_with_guillemets_is_not_a_breadcrumb() -> None:
    page = (
        "«جيش الإسلام» و«النصرة» يطوقان خلافاتهما\nبيروت: نذير رضا\n\nطوق الفصيلان خلافاتهما أمس.\n"
    )
    layout = split_layout(page)
    assert layout.title == "«جيش الإسلام» و«النصرة» يطوقان خلافاتهما"
    assert layout.breadcrumb is None
    assert layout.dateline is not None and layout.dateline.place == "بيروت"


def test_inline_teaser_between_paragraphs_is_removed() -> None:
    page = (
        "عنوان الخبر\nالفقرة الأولى من الخبر.\nاقرأ أيضا: ارتفاع أسعار النفط\n"
        "شارك في الحفل عدد من المسؤولين.\nالفقرة الأخيرة."
    )
    assert split_layout(page).body == (
        "الفقرة الأولى من الخبر.\nشارك في الحفل عدد من المسؤولين.\nالفقرة الأخيرة."
    )


def test_publication_date_under_the_text_is_footer() -> None:
    body, footer = split_footer(["قال الوزير إن المشروع اكتمل.", "نشر بتاريخ 12 مارس 2025"])
    assert (body, footer) == (["قال الوزير إن المشروع اكتمل."], ["نشر بتاريخ 12 مارس 2025"])


def test_wire_end_marks_and_time_stamps_are_footer() -> None:
    from khabar.extract.template import split_footer

    lines = [
        "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.",
        "وأضاف أن الوفدين اتفقا على جدول الأعمال.",
        "// يتبع //",
        "09:41 ت م",
        "إلى الأعلى",
    ]
    body, footer = split_footer(lines)
    assert body == lines[:2]
    assert footer == lines[2:]


def test_a_closing_sentence_starting_with_intaha_is_body() -> None:
    from khabar.extract.template import split_footer

    lines = ["بدأ الاجتماع صباحا.", "انتهى الاجتماع بعد ثلاث ساعات دون اتفاق."]
    assert split_footer(lines) == (lines, [])
