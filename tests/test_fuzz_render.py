"""Article HTML from hostile text and arbitrary spans: always escaped, balanced, linear.

The article page is open to every reader, so a stored page full of markup or of
entities must neither inject HTML nor make one page view cost seconds.
"""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import assert_linear
from khabar.model import Entity, Quote
from khabar.web.render import annotate, script_json

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
HOSTILE_CHARS = st.sampled_from([*"<>&\"'=/ ab\u0642\u0627\u0644\u201c\u201d\n", "\u202e"])
OUR_TAGS = re.compile(
    r'<q class="[^"<>]*" title="[^"<>]*" data-quote="\d+">|</q>|'
    r'<span class="ent ent-[A-Z]+" title="[^"<>]*" data-entity="\d+">|</span>'
)


def _spans(draw: st.DrawFn, n: int, count: int) -> list[tuple[int, int]]:
    return [(draw(st.integers(-3, n + 3)), draw(st.integers(-3, n + 3))) for _ in range(count)]


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[Quote], list[Entity]]:
    text = "".join(draw(st.lists(HOSTILE_CHARS, max_size=80)))
    n = len(text)
    quotes = [
        Quote(
            a,
            b,
            text[a:b],
            draw(st.sampled_from(["direct", "mixed", '"><x'])),
            speaker=draw(st.sampled_from([None, "<img src=x onerror=1>", 'a"b'])),
        )
        for a, b in _spans(draw, n, draw(st.integers(0, 6)))
    ]
    entities = [
        Entity(
            a,
            b,
            text[a:b],
            draw(st.sampled_from(["PER", "GPE", "<b>", ""])),
            draw(st.sampled_from(["x", "<script>", '"'])),
        )
        for a, b in _spans(draw, n, draw(st.integers(0, 10)))
    ]
    return text, quotes, entities


@FUZZ
@given(articles())
def test_annotated_text_is_the_escaped_text_plus_balanced_tags(
    case: tuple[str, list[Quote], list[Entity]],
) -> None:
    text, quotes, entities = case
    rendered = str(annotate(text, quotes, entities))
    tags = OUR_TAGS.findall(rendered)
    assert OUR_TAGS.sub("", rendered) == html.escape(text)  # nothing else is markup
    assert sum(t == "</q>" for t in tags) == sum(t.startswith("<q ") for t in tags)
    assert sum(t == "</span>" for t in tags) == sum(t.startswith("<span ") for t in tags)


@FUZZ
@given(st.recursive(st.text(max_size=20), lambda inner: st.lists(inner, max_size=4), max_leaves=8))
def test_script_json_cannot_close_its_script_element(data: object) -> None:
    encoded = str(script_json(data))
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded


def test_rendering_grows_linearly_with_the_number_of_spans() -> None:
    def dense(n: int) -> tuple[str, list[Quote], list[Entity]]:
        text = "\u0643\u0644\u0645\u0629 " * n
        entities = [Entity(i * 5, i * 5 + 4, text[i * 5 : i * 5 + 4], "PER", "x") for i in range(n)]
        quotes = [
            Quote(i * 50, i * 50 + 40, text[i * 50 : i * 50 + 40], "direct") for i in range(n // 10)
        ]
        return text, quotes, entities

    class Sized(tuple):  # type: ignore[type-arg]
        def __len__(self) -> int:
            return len(self[0])

    assert_linear(lambda case: annotate(*case), lambda n: Sized(dense(n)), 500)
