"""Fuzzing the HTML path: deep nesting never silently loses the article, tag soup never crashes.

libxml2 stops building the tree past 256 nested elements, so an extractor on top of it
returns nothing for a deeply nested page. Nesting counts every element libxml2 opens:
``<table><tr><td>`` is three or four levels, not one.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import SAMPLE_PARAGRAPH, nested_html, sprinkle_controls
from khabar.extract.html import extract_html

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIRST_WORDS = SAMPLE_PARAGRAPH.split()[0] + " " + SAMPLE_PARAGRAPH.split()[1]
BODY = "<p>" + SAMPLE_PARAGRAPH * 3 + "</p>"


def _wrapped(open_tags: str, close_tags: str, depth: int) -> str:
    return (
        "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>t</title></head><body>"
        + open_tags * depth
        + BODY
        + close_tags * depth
        + "</body></html>"
    )


NESTINGS = {
    "div": ("<div>", "</div>"),
    "span": ("<span>", "</span>"),
    "b-unclosed": ("<b>", ""),
    "div-unclosed": ("<div class='x'>", ""),
    "table": ("<table><tr><td>", "</td></tr></table>"),
    "table-unclosed-cells": ("<table><tr><td>", "</table>"),
    "ul-li": ("<ul><li>", "</li></ul>"),
    "blockquote-section": ("<blockquote><section>", "</section></blockquote>"),
}


@pytest.mark.parametrize("depth", [10, 60, 100, 250, 255, 256, 257, 300, 1000, 5000])
@pytest.mark.parametrize("nesting", sorted(NESTINGS))
def test_deeply_nested_article_text_is_found_or_flagged(nesting: str, depth: int) -> None:
    open_tags, close_tags = NESTINGS[nesting]
    document = extract_html(_wrapped(open_tags, close_tags, depth))
    text = "\n".join(document.paragraphs)
    # The article must come out; an empty result may only happen with a recorded reason.
    assert FIRST_WORDS in text or document.warnings, (nesting, depth, document)
    assert FIRST_WORDS in text, f"{nesting}×{depth}: article lost ({document.warnings})"


def test_helper_nested_html_is_flagged_when_too_deep() -> None:
    document = extract_html(nested_html(400))
    assert any(w.code == "html-too-deep" for w in document.warnings)
    assert FIRST_WORDS in "\n".join(document.paragraphs)


FRAGMENTS = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<table><tr><td>",
        "</td></tr></table>",
        "<ul><li>",
        "<script>window.__pwned=1</script>",
        "<style>p{}</style>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<?xml version='1.0'?>",
        "<meta charset='base64'>",
        "<meta property='article:published_time' content='2017-13-45'>",
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":',
        '<script type="application/ld+json">[{"@graph": [null, 1, "x"]}]</script>',
        "<title>",
        "</title>",
        "<h1>",
        "&#0;",
        "&#x110000;",
        "&amp",
        "&nbsp;",
        "<a href='javascript:alert(1)'>",
        "<img src=x onerror=alert(1)>",
        "\x00",
        "\u202e",
        "\u200f",
        "<",
        ">",
        "</",
        '"',
        "\u201c",
        SAMPLE_PARAGRAPH,
        "\u0648\u0642\u0627\u0644 ",
    ]
)


@settings(FUZZ, max_examples=600)
@given(parts=st.lists(FRAGMENTS, max_size=40), noise=st.text(max_size=40))
def test_tag_soup_never_raises(parts: list[str], noise: str) -> None:
    html = "".join(parts) + noise
    document = extract_html(html)
    for paragraph in document.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
    extract_html(sprinkle_controls(html, seed=len(html)))
