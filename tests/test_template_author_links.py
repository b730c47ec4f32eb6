"""A columnist's "more by this writer" link list glued after the last sentence is footer."""

from __future__ import annotations

import pytest

from khabar.extract.template import split_footer, split_layout


@pytest.mark.parametrize(
    ("last_line", "body_end", "footer_start"),
    [
        (
            "وهذا ما نرجوه للجميع. إلى اللقاء،،، مقالات أخرى للكاتبحديث المساءالطريق إلى المدرسة",
            "وهذا ما نرجوه للجميع. إلى اللقاء،،،",
            "مقالات أخرى للكاتب",
        ),
        (  # hamza written plain, a space before the first title
            "والله من وراء القصد. مقالات اخرى للكاتب رحلة إلى الشمال",
            "والله من وراء القصد.",
            "مقالات اخرى للكاتب",
        ),
    ],
)
def test_author_link_list_goes_to_the_footer(
    last_line: str, body_end: str, footer_start: str
) -> None:
    body, footer = split_footer(["فقرة أولى من المقال.", last_line])
    assert body == ["فقرة أولى من المقال.", body_end]
    assert footer[0].startswith(footer_start)


def test_other_articles_in_a_sentence_stay() -> None:
    line = "ونشرت الصحيفة مقالات أخرى في الموضوع نفسه خلال الأسبوع."
    assert split_footer(["فقرة أولى.", line]) == (["فقرة أولى.", line], [])


def test_layout_body_ends_before_the_link_list() -> None:
    page = (
        "الطريق إلى المدرسة\nبقلم: سعاد الفارس\n"
        "كل صباح يخرج الأطفال إلى مدارسهم في الظلام.\n"
        "فالطريق طويل والحافلات قليلة. مقالات أخرى للكاتبحديث المساءرحلة إلى الشمال"
    )
    layout = split_layout(page)
    assert layout.body.endswith("والحافلات قليلة.")
    assert "مقالات" not in layout.body
