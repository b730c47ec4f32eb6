"""The paragraphs'-container finder (``extract.content``) and its place in HTML extraction."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.extract import content
from khabar.extract import html as html_module
from khabar.extract.content import container_paragraphs, dense_paragraphs, is_chrome_name
from khabar.extract.html import (
    HtmlSettings,
    extract_html,
    is_link_chrome,
    main_paragraphs,
    parse_html,
)

P1 = "قال وزير الخارجية إن المحادثات مع الجانب الآخر تسير في الاتجاه الصحيح حتى الآن."
P2 = "وأضاف في مؤتمر صحفي عقده في الرياض أن الجولة المقبلة ستعقد الشهر القادم في جنيف."
P3 = "وكانت الحكومة قد أعلنت الأسبوع الماضي عن خطة جديدة لدعم المشروعات الصغيرة والمتوسطة."
LEAD = "أعلنت وزارة النقل تشغيل التاكسي الكهربائي في العاصمة الإدارية اعتبارا من الأربعاء."
LONG = " ".join([P1, P2, P3, LEAD] * 4)
COMMENT = "تعليق طويل من أحد القراء يقول فيه إن هذا الخبر مهم جدا ويستحق المتابعة الدقيقة."


def page(body: str) -> str:
    return f"<html lang='ar'><head><title>خبر</title></head><body>{body}</body></html>"


STORY = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the plain shape: a run of <p> in one container, chrome around it
        (f"<nav><ul><li><a href='/'>الرئيسية</a></li></ul></nav>"
         f"<div class='article-body'>{STORY}</div>"
         f"<footer><p>جميع الحقوق محفوظة لصحيفة الخبر اليومية 2024 ©</p></footer>",
         (P1, P2, P3)),
        # a lead paragraph in a sibling block: the common ancestor is taken, lead kept
        (f"<article><div class='lead'><p>{LEAD}</p></div><div class='body'>{STORY}</div>"
         "</article>",
         (LEAD, P1, P2, P3)),
        # a share bar and a related-stories list inside the container are left out
        (f"<div class='story'><div class='share-bar'><a href='#'>فيسبوك</a></div>{STORY}"
         f"<div class='related-news'><p>{COMMENT}</p></div></div>",
         (P1, P2, P3)),
        # readers' comments with long paragraphs do not pull the container up to <body>
        (f"<div class='post'>{STORY}</div><div id='comments'><p>{COMMENT}</p>"
         f"<p>{COMMENT}</p></div>",
         (P1, P2, P3)),
        # one long paragraph holding most of the text, every paragraph in its own <div>:
        # the container is the block of all of them, not the long one's <div>
        (f"<div class='story'><div><p>{LONG}</p></div><div><p>{P2}</p></div></div>",
         (LONG, P2)),
        # a long lead in a sibling block before the body: kept, first; the byline paragraph
        # beside it is not a lead; the box after the story is not taken
        (f"<article><p class='byline'>كتب: أحمد سمير من القاهرة لصحيفة الخبر</p>"
         f"<div class='excerpt'><p>{LONG}</p></div><div class='content'><p>{P1}</p>"
         f"<p>{P2}</p></div></article><div class='box'><p>{COMMENT}</p></div>",
         (LONG, P1, P2)),
        # a short lead before a long body (the body alone holds most of the text): the
        # lead is taken from beside the container, in its place
        (f"<article><div class='excerpt'><p>{LEAD}</p></div><div class='content'>{STORY}"
         f"{STORY}</div></article>",
         (LEAD, P1, P2, P3, P1, P2, P3)),
        # the byline and meta blocks of the story are not story text (read as the author)
        (f"<div class='article'><p class='byline'>كتب: أحمد سمير</p>"
         f"<div class='post-meta'><span>الخميس 23 يناير 2025</span></div>{STORY}</div>",
         (P1, P2, P3)),
        # <br> and block children end paragraphs; inline markup does not
        (f"<div class='text'><p>{P1}<br>{P2}</p><p>قال <b>الوزير</b> {P3}</p>"
         "<script>var x = 1;</script><figure><figcaption>صورة</figcaption></figure></div>",
         (P1, P2, f"قال الوزير {P3}")),
    ],
)
def test_container_paragraphs(body: str, expected: tuple[str, ...]) -> None:
    assert dense_paragraphs(parse_html(page(body))) == expected


@pytest.mark.parametrize(
    "body",
    [
        # no sizeable paragraphs: text in <div>s separated by <br>
        f"<div class='text'>{P1}<br>{P2}<br>{P3}</div>",
        # paragraphs too short to be story text
        "<div><p>فيديو</p><p>صور</p><p>الطقس اليوم</p></div>",
        # the story text scattered over unrelated blocks: no element below <body> holds most
        f"<div class='a'><p>{P1}</p></div><section><p>{P2}</p></section>"
        f"<main><p>{P3}</p></main>",
        # a story wrapped in a class that looks like chrome, teasers elsewhere: more text
        # in chrome than outside it, so no guess (the teasers are not the story)
        (f"<div class='elementor-widget-theme-post-content'>{STORY}<p>{LEAD}</p></div>"
         f"<div class='box'><p>{COMMENT}</p><p>{LEAD}</p><p>{COMMENT}</p></div>"),
        # the story as <div> text between <br>, sizeable <p> text elsewhere (an "about
        # the site" box): the paragraphs are not the story, so no guess
        (f"<div class='text'>{P1}<br>{P2}<br>{P3}<br>{LEAD}</div>"
         f"<div class='about'><p>{COMMENT}</p><p>{LEAD}</p><p>{COMMENT}</p></div>"),
        # paragraphs made of links: teasers, not a story
        "<div>" + f"<p><a href='/1'>{P1}</a></p><p><a href='/2'>{P2}</a></p>" + "</div>",
    ],
)
def test_not_plainly_an_article(body: str) -> None:
    assert dense_paragraphs(parse_html(page(body))) is None


def test_body_classes_say_nothing_about_its_parts() -> None:
    # WordPress themes write the layout on <body>: "has-sidebar sidebar-right".
    html = (f"<html><body class='single has-sidebar sidebar-right'><div class='entry'>{STORY}"
            "</div></body></html>")
    assert dense_paragraphs(parse_html(html)) == (P1, P2, P3)


@pytest.mark.parametrize(
    ("value", "chrome"),
    [("share-buttons", True), ("most_read", True), ("ad", True), ("header", False),
     ("article-body", False), ("shadow-box", False), ("", False), ("CommentsList", False)],
)
def test_chrome_names(value: str, chrome: bool) -> None:
    # Words are split at non-letters only: "CommentsList" is one word, not "comments".
    assert is_chrome_name(value) is chrome


def test_general_extractor_takes_over_when_no_container() -> None:
    # <br>-separated text has no paragraphs' container: trafilatura still finds the text.
    tree = parse_html(page(f"<div class='text'>{P1}<br>{P2}<br>{P3}</div>"))
    assert dense_paragraphs(tree) is None
    found = main_paragraphs(tree, None, HtmlSettings())
    assert P2 in found


def test_other_settings_skip_the_container() -> None:
    # Tables are story text only when asked for: then the general extractor decides.
    html = page(f"<div class='body'>{STORY}<table><tr><td>{LEAD}</td></tr></table></div>")
    assert LEAD not in extract_html(html).paragraphs
    tables = main_paragraphs(parse_html(html), None, HtmlSettings(include_tables=True))
    assert any(LEAD in p for p in tables)


def test_byline_element_left_out_of_the_text_gives_the_author() -> None:
    doc = extract_html(page(f"<div class='article'><p class='byline'>كتب: أحمد سمير</p>"
                            f"<p>القاهرة - {P1}</p><p>{P2}</p><p>{P3}</p></div>"))
    assert doc.author == "أحمد سمير"
    assert doc.paragraphs[0].startswith("القاهرة")


def test_doctests() -> None:
    assert doctest.testmod(content).failed == 0


# --- link chrome on pages of many links ---------------------------------------------------

MANY_LINKS = frozenset({f"الخبر رقم {i}" for i in range(200)} | {"الوزير الجديد", "اليوم"})


@pytest.mark.parametrize(
    ("paragraph", "chrome"),
    [
        ("الخبر رقم 7", True),  # the whole line is one link
        ("عن الوزير الجديد اليوم", True),  # 3 of 4 words are link text
        ("قال الوزير الجديد إن الاجتماع كان مثمرا", False),  # 2 of 7
        ("الخبر رقم 70 الخبر رقم 71", True),  # two links, whole words
        ("الخبر رقم 700", False),  # "الخبر رقم 70" is not a whole-word run of it
        ("، - |", True),  # no letters at all
    ],
)
def test_link_chrome_by_runs_matches_the_scan(paragraph: str, chrome: bool) -> None:
    # More than 78 links: the run lookup; a handful: the substring scan. Same verdicts.
    few = frozenset(a for a in MANY_LINKS if a in paragraph)
    assert is_link_chrome(paragraph, MANY_LINKS) is chrome
    assert is_link_chrome(paragraph, few) is chrome


def _linked_lines(n: int) -> str:
    rows = "".join(
        f"<p>خبر رقم {i} عن <a href='/x{i}'>الوزير {i} الجديد</a> اليوم</p>"
        for i in range(max(1, n // 40))
    )
    return page(f"<div class='list'>{rows}</div>")


@pytest.mark.slow
def test_many_short_linked_lines_grow_linearly() -> None:
    # Every short line was compared with every link of the page: ×16 for 4× input.
    from fuzz_support import assert_linear

    assert_linear(extract_html, _linked_lines, 20000)


# --- the container path agrees with trafilatura alone on ordinary layouts ------------------

BODY = [P1, P2, P3, LEAD, P1.replace("الخارجية", "الداخلية"), P2.replace("جنيف", "فيينا")]
TEASER = "وزير الخارجية يصل إلى باريس في زيارة رسمية تستغرق ثلاثة أيام"


def _ps(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


LAYOUTS = {
    "plain": f"<div class='article-body'>{_ps(BODY)}</div>",
    "byline": f"<p class='byline'>كتب: أحمد سمير</p><div class='article-body'>{_ps(BODY)}</div>",
    "lead": f"<div class='excerpt'>{_ps(BODY[:1])}</div><div class='content'>{_ps(BODY[1:])}</div>",
    "related-inside": f"<div class='entry'>{_ps(BODY)}<div class='related-posts'><h4>اقرأ أيضا</h4>"
    f"<p><a href='/1'>{TEASER}</a></p></div></div>",
    "figure": f"<div class='entry-content'>{_ps(BODY[:3])}<figure><img src='/a.jpg'>"
    f"<figcaption>صورة أرشيفية</figcaption></figure>{_ps(BODY[3:])}</div>",
    "wrapped": "<div class='field-items'>" + "".join(f"<div><p>{t}</p></div>" for t in BODY)
    + "</div>",
}


def _news_page(story: str) -> str:
    return (
        "<html lang='ar'><head><title>وزير الخارجية: المحادثات تسير في الاتجاه الصحيح</title>"
        "</head><body><nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/s'>سياسة</a>"
        "</li></ul></nav><main><article><h1>وزير الخارجية: المحادثات تسير في الاتجاه الصحيح"
        f"</h1>{story}<div class='tags'><a href='/t'>سياسة</a></div></article>"
        f"<aside><h3>الأكثر قراءة</h3><ul><li><a href='/2'>{TEASER}</a></li></ul></aside>"
        "</main><footer><p>جميع الحقوق محفوظة لصحيفة الخبر اليومية 2024 ©</p></footer>"
        "</body></html>"
    )


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_container_path_agrees_with_trafilatura_alone(layout: str) -> None:
    html = _news_page(LAYOUTS[layout])
    assert dense_paragraphs(parse_html(html)) is not None  # the container answers …
    fast = extract_html(html)
    alone = extract_html(html, settings=HtmlSettings(container=False))
    assert fast == alone  # … with trafilatura's document
    assert fast.paragraphs[0] == BODY[0]


# --- one walk, same lines: walk_blocks against the piece-by-piece reading -----------------


_TAGS = ["div", "p", "span", "b", "br", "script", "li", "ul", "a", "h2", "section"]
_TEXTS = ["قال", " الوزير ", "\n", "إن\nالحوار", "  ", "مستمر.", "\n\n", ""]


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            cls = draw(st.sampled_from(["", " class='share'", " class='byline'", " class='x'"]))
            parts.append(f"<{tag}{cls}>{draw(_fragments(depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.sampled_from(_TEXTS)))
    return "".join(parts)


def _reference_pieces(element: object, blocks: frozenset[str], skip: object) -> list[str | None]:
    """The recursive reading walk_blocks replaced: pieces, None at block boundaries."""
    out: list[str | None] = []

    def walk(node: object, root: bool) -> None:
        tag = node.tag  # type: ignore[attr-defined]
        if not isinstance(tag, str) or (not root and skip(node)):  # type: ignore[operator]
            return
        if tag in blocks:
            out.append(None)
        if node.text:  # type: ignore[attr-defined]
            out.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child, False)
            if child.tail:
                out.append(child.tail)
        if tag in blocks:
            out.append(None)

    walk(element, True)
    return out


def _reference_lines(tree: object) -> list[str]:
    buffer: list[str] = []
    lines: list[str] = []
    body = content.body_of(tree)
    pieces = _reference_pieces(body, html_module._BLOCK_TAGS, html_module._not_text)
    for piece in ("\n" if p is None else p for p in pieces):
        if piece != "\n":
            buffer.append(piece)
            continue
        lines.extend(c for c in (" ".join(r.split()) for r in "".join(buffer).split("\n")) if c)
        buffer.clear()
    tail = " ".join("".join(buffer).split())
    return lines + ([tail] if tail else [])


def _reference_paragraphs(element: object) -> tuple[str, ...]:
    texts: list[str] = []
    buffer: list[str] = []
    for piece in [*_reference_pieces(element, content.BLOCK_TAGS, content._skipped), None]:
        if piece is not None:
            buffer.append(piece)
            continue
        text = " ".join("".join(buffer).split())
        if text:
            texts.append(text)
        buffer.clear()
    return tuple(texts)


@settings(max_examples=300, deadline=None)
@given(_fragments())
def test_one_walk_reads_what_the_piece_by_piece_walk_read(fragment: str) -> None:
    tree = parse_html(f"<html><body>{fragment}tail\ntext</body></html>")
    assert tree is not None
    assert list(html_module.visible_lines(tree)) == _reference_lines(tree)
    for element in tree.iter("div", "section", "body"):
        assert container_paragraphs(element) == _reference_paragraphs(element)


def test_story_text_directly_in_a_classed_body_vetoes_a_wrong_container() -> None:
    # The story as bare <body> text between <br> (body classes naming a sidebar), sizeable
    # <p> text in a box: the box is not the story.
    html = (f"<html><body class='has-sidebar'>{P1}<br>{P2}<br>{P3}<br>{LEAD}"
            f"<div class='about'><p>{COMMENT}</p><p>{LEAD}</p><p>{COMMENT}</p></div>"
            "</body></html>")
    assert dense_paragraphs(parse_html(html)) is None


def test_story_in_a_table_inside_the_container_goes_to_trafilatura() -> None:
    # Most counted paragraphs sit in table cells below the container, which the reading
    # leaves out (tables are, by default): no answer rather than two paragraphs of six.
    html = page(f"<div class='article'><p>{P1}</p><p>{P2}</p><table><tr><td>{STORY}</td>"
                f"</tr><tr><td>{STORY}</td></tr></table></div>")
    assert dense_paragraphs(parse_html(html)) is None
