"""``Article.to_dict`` writes every record as ``dataclasses.asdict`` would, keys in field order
(its per-type dict makers are generated from the fields: they must follow them)."""

from __future__ import annotations

from dataclasses import asdict, fields

import pytest

from khabar.model import (
    Article,
    Entity,
    Event,
    PageEntity,
    PageWarning,
    Quote,
    Sentence,
    Source,
    _record_dict,
)

TEXT = "قال وزير الخارجية الإيراني محمد جواد ظريف في طهران: «لن نتفاوض»."

SENTENCE = Sentence(0, len(TEXT))
PERSON = Entity(27, 41, "محمد جواد ظريف", "PER", "محمد جواد ظريف", "per:abc", "crf")
PLACE = Entity(45, 50, "طهران", "GPE", "طهران")
QUOTE = Quote(
    52, 64, "«لن نتفاوض»", "direct", "قال", "محمد جواد ظريف", None, "per:abc", 0, 3, 27, 41
)
EVENT = Event(0, 3, "قال", "CONSULT", "ظريف", None, "010", 27, 41, None, None)
WARNING = PageWarning("date-mismatch", "Hijri and Gregorian disagree")
SOURCE = Source("pages/1.txt", "https://example.org/1", "utf-8", None)
CREDIT = PageEntity("واس", "ORG", "وكالة الأنباء السعودية", "org:spa", "credit")
RECORDS: list[object] = [SENTENCE, PERSON, PLACE, QUOTE, EVENT, WARNING, SOURCE, CREDIT]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_record_dict_is_asdict_in_field_order(record: object) -> None:
    made = _record_dict(record)
    assert made == asdict(record)  # type: ignore[call-overload]
    assert list(made) == [f.name for f in fields(record)]  # type: ignore[arg-type]


def test_to_dict_of_a_full_article_matches_asdict_and_round_trips() -> None:
    article = Article(
        text=TEXT,
        source=Source("pages/1.txt"),
        title="ظريف: لن نتفاوض",
        credits=("واس",),
        sentences=(SENTENCE,),
        entities=(PERSON, PLACE),
        quotes=(QUOTE,),
        events=(EVENT,),
        warnings=(WARNING,),
        page_entities=(CREDIT,),
    )
    data = article.to_dict()
    assert data["entities"] == [asdict(e) for e in article.entities] + [
        {"start": None, "end": None, **asdict(CREDIT)}
    ]
    assert data["quotes"] == [asdict(q) for q in article.quotes]
    assert data["events"] == [asdict(e) for e in article.events]
    assert data["sentences"] == [{"start": 0, "end": len(TEXT)}]
    assert data["source"] == asdict(article.source)
    assert Article.from_json(article.to_json()) == article
