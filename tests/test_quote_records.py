"""``new_quote`` builds what ``Quote(...)`` builds: equal, hashable, picklable, same JSON."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace
from typing import Any

import pytest

from khabar.model import Article, Quote
from khabar.nlp.quotes.records import new_quote

TEXT = "وقال الوزير أحمد سالم إن الخطة ناجحة، مضيفا: «سنواصل العمل»."
ROWS: list[tuple[Any, ...]] = [
    # every field set
    (25, 36, "الخطة ناجحة", "indirect", "قال", "أحمد سالم", "الوزير", "PER:ahmad", 1, 4, 5, 21),
    # no cue, no speaker: the optional fields are None
    (52, 63, "سنواصل العمل", "direct", None, None, None, None, None, None, None, None),
    # a cue without a speaker
    (52, 63, "سنواصل العمل", "mixed", "أضاف", None, None, None, 38, 43, None, None),
]


@pytest.mark.parametrize("row", ROWS)
def test_new_quote_equals_the_dataclass_constructor(row: tuple[Any, ...]) -> None:
    made, reference = new_quote(*row), Quote(*row)
    assert type(made) is Quote
    assert made == reference and hash(made) == hash(reference)
    assert [getattr(made, f.name) for f in fields(Quote)] == list(row)
    assert pickle.loads(pickle.dumps(made)) == reference
    assert replace(made, speaker="سالم") == replace(reference, speaker="سالم")


@pytest.mark.parametrize("row", ROWS)
def test_new_quote_stays_frozen(row: tuple[Any, ...]) -> None:
    with pytest.raises(AttributeError):
        new_quote(*row).start = 0  # type: ignore[misc]


def test_articles_with_new_quotes_serialise_the_same() -> None:
    made = Article(text=TEXT, quotes=tuple(new_quote(*row) for row in ROWS))
    reference = Article(text=TEXT, quotes=tuple(Quote(*row) for row in ROWS))
    assert made.to_json() == reference.to_json()
    assert Article.from_json(made.to_json()) == reference


def test_a_field_count_change_is_loud() -> None:
    with pytest.raises(TypeError):
        new_quote(*ROWS[0][:-1])


def _full_article() -> Article:
    """An article with every field set (entities, sentences, warnings, a source …)."""
    from khabar.model import Entity, PageWarning, Sentence, Source

    return Article(
        text=TEXT,
        id="a1",
        source=Source(path="x.html", url="https://example.com/x", encoding="utf-8"),
        title="عنوان",
        section="سياسة",
        page_date="2015-01-02",
        page_date_hijri="1436-03-11",
        dateline="الرياض",
        outlet="واس",
        byline="محرر",
        credits=("تصوير",),
        sentences=(Sentence(0, 37),),
        entities=(Entity(12, 21, "أحمد سالم", "PER", "أحمد سالم"),),
        quotes=(Quote(*ROWS[1]),),
        warnings=(PageWarning("w", "m"),),
    )


@pytest.mark.parametrize("article", [_full_article(), Article(text=TEXT)], ids=["full", "bare"])
def test_with_quotes_equals_replace(article: Article) -> None:
    from khabar.nlp.quotes.records import with_quotes

    quotes = tuple(new_quote(*row) for row in ROWS)
    made, reference = with_quotes(article, quotes), replace(article, quotes=quotes)
    assert type(made) is Article
    assert made == reference and hash(made) == hash(reference)
    assert [getattr(made, f.name) for f in fields(Article)] == [
        getattr(reference, f.name) for f in fields(Article)
    ]
    assert made.to_json() == reference.to_json()
    assert pickle.loads(pickle.dumps(made)) == reference
    assert article.quotes != quotes  # the input is left as it was
    with pytest.raises(AttributeError):
        made.quotes = ()  # type: ignore[misc]
