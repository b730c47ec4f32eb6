"""Article HTML with quotes and entities: escaped piece by piece, properly nested."""

from __future__ import annotations

import json

import pytest

from khabar.model import Entity, Quote
from khabar.web.plots import bar, plain_label, quotes_over_time
from khabar.web.render import annotate, script_json

TEXT = "قال لافروف إن \"الحل في سوريا سياسي\" وأكد أن <b>إيران</b> & تركيا شريكان."


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def _quote(needle: str, speaker: str | None = "سيرجي لافروف") -> Quote:
    start, end = _span(needle)
    return Quote(start, end, needle, "direct", cue="قال", speaker=speaker)


def _entity(needle: str, label: str, canonical: str) -> Entity:
    start, end = _span(needle)
    return Entity(start, end, needle, label, canonical)


@pytest.mark.parametrize(
    ("quotes", "entities", "expected_fragments", "absent"),
    [
        ((), (), ["&lt;b&gt;إيران&lt;/b&gt; &amp; تركيا"], ["<b>"]),
        ((_quote("الحل في سوريا سياسي"),), (_entity("سوريا", "GPE", "سوريا"),),
         ['<q class="quote quote-direct" title="سيرجي لافروف — مباشر" data-quote="0">الحل في '
          '<span class="ent ent-GPE" title="دولة/مدينة: سوريا" data-entity="0">سوريا</span>'
          " سياسي</q>"], []),
        ((_quote("الحل في سوريا سياسي", speaker=None),), (),
         ['title="متحدث غير معروف — مباشر"'], []),
        ((), (_entity("لافروف", "PER", "سيرجي \"لافروف\" <x>"),),
         ['title="شخص: سيرجي &quot;لافروف&quot; &lt;x&gt;"'], ["<x>"]),
        ((), (_entity("إيران", "WEIRD", "إيران"),), ['class="ent ent-MISC"'], ["ent-WEIRD"]),
        ((Quote(5, 500, "x", "direct"),), (Entity(-1, 3, "x", "PER", "x"),), [], ["<q", "<span"]),
    ],
)
def test_annotate(
    quotes: tuple[Quote, ...], entities: tuple[Entity, ...], expected_fragments: list[str],
    absent: list[str],
) -> None:
    html = str(annotate(TEXT, quotes, entities))
    for fragment in expected_fragments:
        assert fragment in html
    for fragment in absent:
        assert fragment not in html
    assert html.count("<q") == html.count("</q>") and html.count("<span") == html.count("</span>")


def test_entity_crossing_a_quote_boundary_keeps_one_quote_element() -> None:
    quote = _quote("الحل في سوريا سياسي")
    crossing = Entity(quote.start - 3, quote.start + 3, TEXT[quote.start - 3 : quote.start + 3],
                      "ORG", "x")
    html = str(annotate(TEXT, (quote,), (crossing,)))
    assert html.count("<q ") == 1
    assert html.count('class="ent ent-ORG"') == 2  # the entity is split, the quote is not


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "a & b", "\u2028"])
def test_script_json_cannot_close_its_script_block(hostile: str) -> None:
    encoded = str(script_json({"name": hostile}))
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded
    assert json.loads(encoded) == {"name": hostile}


def test_plot_specs() -> None:
    spec = quotes_over_time([("2017-01-18", 2), ("?", 1)])
    assert spec["data"][0]["y"] == [2]
    assert spec["layout"]["xaxis"]["type"] == "date"
    labels = bar(["<a href='javascript:x'>س</a>"], [1], title="t", x_title="", y_title="")
    assert "<" not in labels["data"][0]["x"][0]
    assert plain_label("<br>") == "\u2039br\u203a"
