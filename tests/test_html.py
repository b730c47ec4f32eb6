"""extract_html: main content in order, explicit metadata only, guards against bad HTML."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import SHARED, needs_shared
from khabar.extract.html import (
    extract_html,
    flatten_html,
    html_depth,
    iso_date,
    strip_site_name,
)

BODY = [
    "القاهرة - (خاص): أعلن وزير النقل أن الوزارة ستشغل عشر حافلات كهربائية جديدة في العاصمة "
    "الإدارية اعتبارا من الأسبوع المقبل، ضمن خطة للحد من الانبعاثات.",
    "وقال الوزير في مؤتمر صحفي: «نريد أن يصل المواطن إلى عمله في نصف الوقت وبنصف التكلفة».",
    "وأضاف أن المرحلة الثانية من المشروع ستبدأ في شهر مارس المقبل وتشمل مدينتي الإسكندرية وأسوان.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>حافلات كهربائية في العاصمة الإدارية - صحيفة النهار الجديد</title>
<meta property="og:site_name" content="صحيفة النهار الجديد">
<meta property="article:published_time" content="2024-03-05T09:30:00+02:00">
<meta property="article:section" content="اقتصاد">
<meta name="author" content="منى عبد الرحمن">
<meta name="copyright" content="© 2024">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/eco">اقتصاد</a></li>
<li><a href="/sport">رياضة</a></li></ul></nav>
<article><h1>حافلات كهربائية في العاصمة الإدارية</h1>
{"".join(f"<p>{p}</p>" for p in BODY)}
</article>
<aside><h3>اقرأ أيضا</h3><ul><li><a href="/1">ارتفاع أسعار الذهب</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © 2024 صحيفة النهار الجديد</p></footer>
<script>var x = "لا تظهر";</script>
</body></html>"""


def test_news_page_paragraphs_and_metadata() -> None:
    doc = extract_html(PAGE, "https://example.com/eco/1")
    assert doc.paragraphs[-len(BODY) :] == tuple(BODY)
    assert not any("الحقوق" in p or "لا تظهر" in p for p in doc.paragraphs)
    assert doc.title == "حافلات كهربائية في العاصمة الإدارية"
    assert doc.site_name == "صحيفة النهار الجديد"
    assert doc.date_hint == "2024-03-05"
    assert doc.section == "اقتصاد"
    assert doc.author == "منى عبد الرحمن"
    assert doc.language == "ar"
    assert doc.warnings == ()


def test_no_date_is_invented_from_a_copyright_footer() -> None:
    page = PAGE.replace('<meta property="article:published_time"', '<meta property="x"')
    assert extract_html(page).date_hint is None


def test_deeply_nested_html_is_flattened_and_flagged() -> None:
    depth = 1000
    page = (
        "<html><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in BODY)
        + "</div>" * depth + "</body></html>"
    )
    assert html_depth(page) == depth + 2
    doc = extract_html(page)
    assert "html-too-deep" in [w.code for w in doc.warnings]
    assert BODY[1] in doc.paragraphs


def test_flatten_keeps_text_and_balance() -> None:
    page = "<div>" * 10 + "نص عربي" + "</div>" * 10
    flat = flatten_html(page, limit=3)
    assert flat == "<div>" * 3 + "نص عربي" + "</div>" * 3
    assert html_depth(flat) == 3


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<<<>>>", "\x00\x01"])
def test_empty_or_junk_html_does_not_raise(html: str) -> None:
    doc = extract_html(html)
    assert doc.paragraphs == () or all(isinstance(p, str) for p in doc.paragraphs)


def test_xml_declaration_in_a_str_is_accepted() -> None:
    doc = extract_html('<?xml version="1.0" encoding="windows-1256"?>' + PAGE)
    assert BODY[0] in doc.paragraphs


@pytest.mark.parametrize(
    ("value", "date"),
    [("2024-05-13T10:20:00+03:00", "2024-05-13"), ("2017-1-8", "2017-01-08"),
     ("2024-13-01", None), ("13/05/2024", None), (None, None)],
)
def test_iso_date(value: str | None, date: str | None) -> None:
    assert iso_date(value) == date


@pytest.mark.parametrize(
    ("title", "site", "clean"),
    [("وزير يصل إلى دبي - الخليج اليوم", "الخليج اليوم", "وزير يصل إلى دبي"),
     ("الخليج اليوم | وزير يصل إلى دبي", "الخليج اليوم", "وزير يصل إلى دبي"),
     ("وزير يصل إلى دبي", None, "وزير يصل إلى دبي")],
)
def test_strip_site_name(title: str, site: str | None, clean: str) -> None:
    assert strip_site_name(title, site) == clean


def _token_recall(gold: str, found: str) -> float:
    gold_tokens, found_tokens = Counter(gold.split()), Counter(found.split())
    return sum((gold_tokens & found_tokens).values()) / sum(gold_tokens.values())


@needs_shared
def test_real_youm7_pages_recover_most_of_the_gold_text() -> None:
    folder = SHARED / "data" / "html_dev"
    gold = json.loads((folder / "base_youm7.json").read_text(encoding="utf-8"))
    for sha, entry in gold.items():
        doc = extract_html((folder / f"{sha}.html").read_text(encoding="utf-8"), entry["url"])
        text = "\n".join(doc.paragraphs)
        assert _token_recall(entry["content"], text) >= 0.75, sha
        assert _token_recall(text, entry["content"]) >= 0.95, sha  # precision
        assert doc.date_hint is not None and doc.date_hint.startswith("2024-05")
        assert doc.author and len(doc.author.split()) == 2  # from <span class="writeBy">
        assert doc.site_name == "اليوم السابع" and doc.language == "ar"


OLD_STYLE = """<html><head><title>معرض الكتاب يستقبل مليوني زائر :: بوابة النيل</title></head><body>
<div class="date">الخميس، 23 يناير 2025 - 23 رجب 1446</div>
<div id="menu"><a href="/">الرئيسية</a> | <a href="/arts">فن وثقافة</a></div>
<h2 class="title">معرض الكتاب يستقبل مليوني زائر</h2>
<p class="byline">كتب: أحمد سمير</p>
<div id="content"><p>""" + BODY[0] + "</p><p>" + BODY[1] + """</p></div>
<div id="footer">حقوق النشر محفوظة © 2025</div></body></html>"""


def test_old_style_page_without_meta_tags() -> None:
    doc = extract_html(OLD_STYLE)
    assert doc.title == "معرض الكتاب يستقبل مليوني زائر"
    assert doc.site_name == "بوابة النيل"
    assert doc.author == "أحمد سمير"
    assert doc.language == "ar"  # from the script of the text: no lang attribute
    assert doc.date_hint is None
    assert doc.paragraphs[-2:] == (BODY[0], BODY[1])
    assert doc.header_lines[0] == "الخميس، 23 يناير 2025 - 23 رجب 1446"
    assert not any(BODY[0][:30] in line for line in doc.header_lines)


def test_json_ld_metadata_and_breadcrumb_list() -> None:
    page = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "NewsArticle", "headline": "الهلال يتوج باللقب",
       "datePublished": "2025-05-20T23:10:00+03:00",
       "author": [{"@type": "Person", "name": "فهد القحطاني"}],
       "publisher": {"@type": "Organization", "name": "الواحة"}},
      {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "الرئيسية"},
        {"@type": "ListItem", "position": 2, "name": "رياضة"},
        {"@type": "ListItem", "position": 3, "name": "الهلال يتوج باللقب بعد موسم طويل وصعب"}]}
    ]}</script></head><body><p>""" + BODY[2] + "</p></body></html>"
    doc = extract_html(page)
    assert (doc.title, doc.date_hint, doc.author, doc.site_name, doc.section) == (
        "الهلال يتوج باللقب", "2025-05-20", "فهد القحطاني", "الواحة", "رياضة"
    )


def test_headline_repeated_as_first_paragraph_is_dropped() -> None:
    page = PAGE.replace("<article><h1>", "<article><p>حافلات كهربائية في العاصمة الإدارية</p><h1>")
    doc = extract_html(page)
    assert doc.paragraphs[0] == BODY[0]


def test_bundled_html_examples() -> None:
    from conftest import EXAMPLES
    from khabar.read import decode_page, read_pages

    for page in read_pages([EXAMPLES / "html"]):
        doc = extract_html(decode_page(page).text, page.url)
        assert doc.title and doc.language == "ar" and doc.warnings == (), page.path
        assert len(doc.paragraphs) >= 5
        assert any("«" in p for p in doc.paragraphs)
        assert not any("الحقوق" in p or "ذات صلة" in p for p in doc.paragraphs)


MENU_AND_PROMO = (
    "<html><body><table><tr><td class='menu'><a href='/'>الرئيسية</a> - <a href='/a'>أخبار</a>"
    "</td></tr><tr><td class='txt'>" + "<br><br>".join(BODY[:2])
    + "<p><strong>اقرأ أيضا:</strong> <a href='/x'>ارتفاع أسعار الخبز في الخرطوم</a></p>"
    + BODY[2] + "</td></tr></table></body></html>"
)


def test_link_made_chrome_is_dropped_from_the_paragraphs() -> None:
    doc = extract_html(MENU_AND_PROMO)
    assert doc.paragraphs == tuple(BODY)


@pytest.mark.parametrize(
    ("paragraph", "chrome"),
    [("الرئيسية", True), ("-", True), ("|", True),
     ("اقرأ أيضا: ارتفاع أسعار الخبز في الخرطوم", True),
     ("وأضاف أن الحملة ستشمل كذلك النازحين في المخيمات.", False),
     ("وقالت وزارة الصحة إن الحملة بدأت.", False)],
)
def test_is_link_chrome(paragraph: str, chrome: bool) -> None:
    from khabar.extract.html import is_link_chrome

    anchors = frozenset({"الرئيسية", "ارتفاع أسعار الخبز في الخرطوم", "وزارة الصحة"})
    assert is_link_chrome(paragraph, anchors) is chrome


@pytest.mark.parametrize(
    ("markup", "author"),
    [('<span class="writeBy">كتبت آية دعبس</span>', "آية دعبس"),
     ('<div class="article-author">بقلم: خالد المنصوري</div>', "خالد المنصوري"),
     ('<p id="byline">كتب - محمود حسن</p>', "محمود حسن"),
     ('<div class="author-box">' + "نص طويل جدا " * 10 + "</div>", None)],
)
def test_author_from_byline_element(markup: str, author: str | None) -> None:
    page = f"<html><body>{markup}<article><p>{BODY[0]}</p><p>{BODY[1]}</p></article></body></html>"
    assert extract_html(page).author == author


MARKED = """<html><body>
<div class="Post-AUTHOR-box" id="a1">أحمد</div>
<span id="WriteBy">سارة</span>
<div class="nav" id="menu">الرئيسية</div>
<p class="byLine" id="x-author">محمد</p>
<section class="auth" id="or">ليس توقيعا</section>
</body></html>"""


@pytest.mark.parametrize(
    ("words", "texts"),
    [(("author", "byline", "writeby"), ["أحمد", "سارة", "محمد"]),  # any case, class or id
     (("breadcrumb",), []),
     # "auth" + "or" only meet across the class/id boundary: not a match
     (("author",), ["أحمد", "محمد"])],
)
def test_elements_marked_matches_class_or_id_in_any_ascii_case(
    words: tuple[str, ...], texts: list[str]
) -> None:
    from khabar.extract.html import elements_marked, parse_html

    tree = parse_html(MARKED)
    assert [e.text_content() for e in elements_marked(tree, words)] == texts


def test_parse_html_drops_comments_and_processing_instructions() -> None:
    from khabar.extract.html import parse_html

    tree = parse_html("<html><body><p>خبر<!-- إعلان -->عاجل<?php echo 1 ?></p></body></html>")
    assert tree is not None
    paragraph = tree.find(".//p")
    assert [child.tag for child in paragraph] == []  # no comment or PI nodes left
    assert paragraph.text == "خبرعاجل"


@pytest.mark.parametrize("wrapper", ["footer", "aside"])
def test_extractor_finding_nothing_falls_back_to_paragraphs_with_a_warning(wrapper: str) -> None:
    # trafilatura discards <footer>/<aside> content as chrome; a page that holds its only
    # text there must not come out empty without a reason.
    page = f"<html><body><{wrapper}><p>{BODY[0]}</p><p>{BODY[1]}</p></{wrapper}></body></html>"
    doc = extract_html(page)
    assert doc.paragraphs == (BODY[0], BODY[1])
    assert [w.code for w in doc.warnings] == ["html-fallback"]


def test_lists_breaks_and_quotes_become_paragraphs_without_decoration() -> None:
    page = (
        "<html><body><article><p>" + BODY[0] + "<br>" + BODY[1] + "</p>"
        "<ul><li>توسعة صالات المسافرين<ul><li>الصالة الثالثة</li></ul></li>"
        "<li>تحديث أنظمة الملاحة الجوية</li></ul>"
        "<blockquote>«نريد أن نكون الأفضل في العالم»</blockquote><p>" + BODY[2] + "</p>"
        "</article></body></html>"
    )
    assert extract_html(page).paragraphs == (
        BODY[0], BODY[1], "توسعة صالات المسافرين", "الصالة الثالثة",
        "تحديث أنظمة الملاحة الجوية", "«نريد أن نكون الأفضل في العالم»", BODY[2],
    )


@pytest.mark.parametrize(
    ("lines", "section"),
    [(("الخميس 23 يناير 2025", "الرئيسية | أخبار مصر | رياضة", "الرئيسية > فن وثقافة"),
      "فن وثقافة"),
     # the first crumb after home, as for text dumps (metadata.find_section)
     (("الرئيسية » عربي ودولي » السودان",), "عربي ودولي"),
     (("الرئيسية > رياضة > الهلال بطلا",), "رياضة"),  # a short title ends the trail
     (("الرئيسية / رياضة / الهلال يتوج باللقب بعد موسم طويل من المنافسة",), "رياضة"),
     (("الرئيسية | أخبار مصر | رياضة",), None),  # a menu, not a breadcrumb
     (("اقتصاد > طاقة",), None)],  # no home crumb: could be anything
)
def test_section_from_crumb_line(lines: tuple[str, ...], section: str | None) -> None:
    from khabar.extract.html import section_from_crumb_line

    assert section_from_crumb_line(lines) == section


def test_old_style_page_section_from_its_crumb_line() -> None:
    page = OLD_STYLE.replace(
        '<h2 class="title">', '<div id="path">الرئيسية &gt; فن وثقافة</div><h2 class="title">'
    )
    assert extract_html(page).section == "فن وثقافة"


@pytest.mark.parametrize(
    ("trail", "section"),
    [(["الرئيسية", "عربي ودولي", "السودان"], "عربي ودولي"),
     (["الرئيسية", "رياضة", "الهلال بطلا"], "رياضة"),
     (["الرئيسية", "اقتصاد"], "اقتصاد")],
)
def test_section_is_the_first_crumb_after_home_in_html_and_in_text(
    trail: list[str], section: str
) -> None:
    """The same breadcrumb gives the same section on an HTML page and in a text dump."""
    from khabar.extract.metadata import find_section

    crumbs = "".join(f"<li><a href='/{i}'>{c}</a></li>" for i, c in enumerate(trail))
    page = (f"<html><body><ol class='breadcrumb'>{crumbs}</ol><article><p>{BODY[0]}</p>"
            f"<p>{BODY[1]}</p></article></body></html>")
    assert extract_html(page).section == section
    assert find_section(" / ".join(trail)) == section


@pytest.mark.parametrize(
    ("repeated", "flagged"),
    [("<div>", True),  # really nests 300 deep: libxml2 stops, the page is flattened
     ('<a href="/x">رابط', False)],  # unclosed links: the tag scan counts 300 levels, but
    # libxml2 closes each <a> at the next one, so the tree is whole and left as it is
)
def test_only_pages_libxml2_truncates_are_flattened(repeated: str, flagged: bool) -> None:
    from khabar.extract.html import parse_checked

    page = f"<html><body>{repeated * 300}<article><p>{BODY[0]}</p></article></body></html>"
    assert html_depth(page) > 300
    assert parse_checked(page)[1] is flagged
    doc = extract_html(page)
    assert ("html-too-deep" in [w.code for w in doc.warnings]) is flagged
    assert BODY[0] in doc.paragraphs
