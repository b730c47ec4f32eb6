"""Page entities: the outlet, dateline place and credited agencies as entities of the
article, and a bare «المملكة» resolved to the kingdom the page is about."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from khabar.errors import ResourceError
from khabar.model import Article, Entity, PageEntity
from khabar.nlp.entities.canonical import entity_id
from khabar.nlp.entities.page import (
    PageEntityStage,
    bare_kingdom_spans,
    dateline_places,
    home_kingdom,
    kingdom_of_article,
    page_entities,
    parse_page_lists,
    resolve_kingdom,
)
from khabar.pipeline import DEFAULT_STAGES

# --- the model and its JSON ----------------------------------------------------------------


def _article() -> Article:
    return Article(
        text="قال الوزير إن السعودية ستدعم المشروع.",
        outlet="الوطن",
        dateline="جدة",
        entities=(Entity(14, 22, "السعودية", "GPE", "السعودية", "e1", "gazetteer"),),
        page_entities=(
            PageEntity("الوطن", "ORG", "الوطن", "p1", "outlet"),
            PageEntity("جدة", "LOC", "جدة", "p2", "dateline"),
        ),
    )


def test_json_has_one_entities_list_with_null_offsets_for_page_entities() -> None:
    data = json.loads(_article().to_json())
    assert "page_entities" not in data
    rows = data["entities"]
    assert [(r["text"], r["start"], r["end"], r["source"]) for r in rows] == [
        ("السعودية", 14, 22, "gazetteer"),
        ("الوطن", None, None, "outlet"),
        ("جدة", None, None, "dateline"),
    ]


def test_json_round_trip_splits_page_entities_back() -> None:
    article = _article()
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.entities == article.entities
    assert again.page_entities == article.page_entities


def test_old_json_without_page_entities_still_loads() -> None:
    data = json.loads(_article().to_json())
    data["entities"] = [row for row in data["entities"] if row["start"] is not None]
    old = Article.from_dict(data)
    assert old.page_entities == ()
    assert len(old.entities) == 1


# --- entities of the chrome ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("outlet", "dateline", "credits", "expected"),
    [
        ("الوطن", "باريس", ("وكالات",), [("الوطن", "ORG", "outlet"), ("باريس", "LOC", "dateline")]),
        (
            None,
            "القاهرة",
            ("رويترز",),
            [("القاهرة", "LOC", "dateline"), ("رويترز", "ORG", "credit")],
        ),
        ("رويترز", None, ("رويترز",), [("رويترز", "ORG", "outlet")]),  # the same agency once
        (None, "عواصم", ("وكالات",), []),  # generic: no entity
        (None, "لندن، واشنطن", (), [("لندن", "LOC", "dateline"), ("واشنطن", "LOC", "dateline")]),
        (None, "الأردن", ("د ب أ",), [("الأردن", "GPE", "dateline"), ("د ب أ", "ORG", "credit")]),
        (None, "لا مكان هنا", ("وكالة مجهولة",), []),  # not a place, not a known agency
        ("  ", "", (), []),
    ],
)
def test_page_entities_from_metadata(
    outlet: str | None, dateline: str, credits: tuple[str, ...], expected: list[tuple[str, ...]]
) -> None:
    found = page_entities(outlet, dateline, credits)
    assert [(e.text, e.label, e.source) for e in found] == expected
    for entity in found:
        assert entity.entity_id == entity_id(entity.label, entity.canonical)


@pytest.mark.parametrize(
    ("credit", "canonical"),
    [
        ("واس", "وكالة الأنباء السعودية"),
        ("أ ف ب", "وكالة فرانس برس"),  # the canonical of another spelling of the agency
        ("ا.ف.ب", "وكالة فرانس برس"),
        ("رويترز", "رويترز"),
        ("د ب أ", "د ب أ"),  # no spelling in the gazetteer: as reported
    ],
)
def test_credit_takes_the_gazetteer_canonical(credit: str, canonical: str) -> None:
    (found,) = page_entities(None, None, (credit,))
    assert (found.text, found.canonical) == (credit, canonical)
    assert found.entity_id == entity_id("ORG", canonical)


def test_page_entity_already_in_the_body_is_skipped() -> None:
    body = [Entity(0, 5, "القاهرة", "LOC", "القاهرة", entity_id("LOC", "القاهرة"))]
    found = page_entities("الأهرام", "القاهرة", (), body)
    assert [(e.text, e.source) for e in found] == [("الأهرام", "outlet")]


@pytest.mark.parametrize(
    ("dateline", "places"),
    [
        ("الرياض", ["الرياض"]),
        ("لندن، واشنطن", ["لندن", "واشنطن"]),
        ("غزة / رام الله", ["غزة", "رام الله"]),
        ("", []),
    ],
)
def test_dateline_places(dateline: str, places: list[str]) -> None:
    assert dateline_places(dateline) == places


@pytest.mark.parametrize(
    ("byline", "persons"),
    [
        ("محمد العواجي", ["محمد العواجي"]),
        ("نايف عبدالله – سعد الفراج", ["نايف عبدالله", "سعد الفراج"]),
        ("آية دعبس، محمد علي", ["آية دعبس", "محمد علي"]),
        ("د. حسن محمد صندقجي", ["حسن محمد صندقجي"]),
        ("أ.د عبد الله الدايل", ["عبد الله الدايل"]),
        ("الدكتورة سارة الأحمد", ["سارة الأحمد"]),
        ("أحمد", []),  # one word: not enough to call a person
        ("الشرق الأوسط", []),  # an outlet
        ("رويترز", []),
        ("مكة المكرمة", []),  # a place
        ("فريق 2030 للتحرير", []),
        ("", []),
    ],
)
def test_byline_persons(byline: str, persons: list[str]) -> None:
    found = page_entities(None, None, (), byline=byline)
    assert [e.text for e in found] == persons
    assert all(e.label == "PER" and e.source == "byline" for e in found)


# --- a bare «المملكة» ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("أعلنت المملكة عن خطة جديدة", ["المملكة"]),
        ("زار الرئيس المملكة أمس", ["المملكة"]),
        ("العلاقات بين مصر والمملكة متينة", ["المملكة"]),
        ("وصل الوفد إلى المملكة، وقال بالمملكة", ["المملكة", "المملكة"]),
        ("صادرات للمملكة من القمح", ["للمملكة"]),
        ("زار المملكة المتحدة", []),
        ("في المملكة العربية السعودية", []),
        ("المملكة الأردنية الهاشمية والمملكة المغربية", []),
        ("عالم المملكة الحيوانية", []),
        ("صعد إلى برج المملكة وشركة المملكة القابضة", []),
        ("في المملكه أمس", ["المملكه"]),  # ة written as ه
        ("مملكة البحرين والممالك القديمة", []),
        ("إن المملكة ستدعم للمملكة المتحدة", ["المملكة"]),  # each «مملك» once
        ("قالت المـملكة إن", ["المـملكة"]),  # tatweel inside
        ("في المَمْلَكَةِ اليوم", ["المَمْلَكَةِ"]),  # diacritics
        ("المملكتين والمملكات", []),
    ],
)
def test_bare_kingdom_spans(text: str, bare: list[str]) -> None:
    assert [text[a:b] for a, b in bare_kingdom_spans(text)] == bare


@pytest.mark.parametrize(
    ("outlet", "dateline", "home"),
    [
        (None, "الرياض", "السعودية"),
        ("الوطن", "جدة", "السعودية"),
        (None, "الرباط", "المغرب"),
        (None, "عمان", "الأردن"),  # عمّان without its shadda: Amman, a dateline of Jordan
        (None, "القاهرة", None),
        ("عكاظ", None, "السعودية"),
        ("الوطن", None, None),  # an outlet name several countries share
        ("الجزيرة", "الدوحة", None),
        (None, "البحرين", "البحرين"),  # a country dateline
    ],
)
def test_home_kingdom(outlet: str | None, dateline: str | None, home: str | None) -> None:
    assert home_kingdom(outlet, dateline) == home


@pytest.mark.parametrize(
    ("named", "home", "expected"),
    [
        ({}, "السعودية", "السعودية"),
        ({}, None, None),
        ({"الأردن": 2}, None, "الأردن"),
        ({"الأردن": 2, "السعودية": 1}, "السعودية", "السعودية"),
        ({"الأردن": 2}, "السعودية", "الأردن"),  # the page is about another kingdom
        ({"المغرب": 1, "البحرين": 1}, None, "المغرب"),  # a tie: the first named
    ],
)
def test_resolve_kingdom(named: dict[str, int], home: str | None, expected: str | None) -> None:
    assert resolve_kingdom(Counter(named), home) == expected


def test_kingdom_clues_count_as_mentions() -> None:
    body = [Entity(0, 3, "مصر", "GPE", "مصر")]
    text = "استقبل الرئيس المصري مبعوث خادم الحرمين الشريفين والملك عبدالله الثاني"
    from khabar.arabic.normalise import normalise

    counts = kingdom_of_article(body, normalise(text))
    assert counts == Counter({"السعودية": 1, "الأردن": 1})


def test_stage_adds_page_entities_and_a_resolved_kingdom() -> None:
    text = "أكد وزير الخارجية أن المملكة ترحب بالاتفاق."
    article = Article(
        text=text, outlet="الوئام", dateline="جدة", credits=("واس",), byline="خالد المرشود"
    )
    done = PageEntityStage()(article)
    kingdom = [e for e in done.entities if e.source == "kingdom"]
    assert [(e.text, e.label, e.canonical) for e in kingdom] == [("المملكة", "GPE", "السعودية")]
    assert done.text[kingdom[0].start : kingdom[0].end] == "المملكة"
    assert [(e.text, e.label, e.source) for e in done.page_entities] == [
        ("الوئام", "ORG", "outlet"),
        ("جدة", "LOC", "dateline"),
        ("واس", "ORG", "credit"),
        ("خالد المرشود", "PER", "byline"),
    ]


def test_stage_leaves_an_unresolvable_kingdom_alone() -> None:
    article = Article(text="قالت المملكة إنها سترد.", dateline="القاهرة")
    done = PageEntityStage()(article)
    assert done.entities == ()
    assert [e.text for e in done.page_entities] == ["القاهرة"]


def test_stage_does_not_overlap_a_body_entity() -> None:
    text = "أعلن مجلس المملكة عن قراره."
    org = Entity(5, 16, "مجلس المملكة", "ORG", "مجلس المملكة")
    done = PageEntityStage()(Article(text=text, dateline="الرياض", entities=(org,)))
    assert done.entities == (org,)


def test_stage_without_anything_returns_the_article_unchanged() -> None:
    article = Article(text="خبر بلا مكان ولا مصدر.")
    assert PageEntityStage()(article) is article


def test_stage_runs_right_after_the_entity_stage() -> None:
    names = [cls for _, cls in DEFAULT_STAGES]
    assert names.index("PageEntityStage") == names.index("EntityStage") + 1


def test_list_file_errors_are_clear() -> None:
    with pytest.raises(ResourceError, match="before any section"):
        parse_page_lists(["عكاظ"])
    with pytest.raises(ResourceError, match="without a kingdom"):
        parse_page_lists(["[outlets]", "عكاظ"])
    lists = parse_page_lists(["# c", "[generic]", "وكالات", "[clues]", "خادم الحرمين|السعودية"])
    assert "وكالات" in lists.generic
    assert lists.clues == {"خادم الحرمين": "السعودية"}


def test_eval_counts_page_entities() -> None:
    from khabar.evaluate.gold import score_document

    gold = {
        "entities": [
            {"label": "ORG", "canonical": "الوطن", "surface": ["الوطن"]},
            {"label": "LOC", "canonical": "باريس", "surface": ["باريس"]},
            {"label": "PER", "canonical": "سيرجي لافروف", "surface": ["لافروف"]},
        ]
    }
    article = Article(text="صرح لافروف.", outlet="الوطن", dateline="باريس")
    assert score_document(gold, article).entities.correct == 0
    found = PageEntityStage()(article)
    assert score_document(gold, found).entities.correct == 2  # outlet and dateline, not لافروف
