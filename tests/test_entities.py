"""Entities: tokenizer, clitics, gazetteer boundaries, nisba, patterns, canonical forms, ids."""

from __future__ import annotations

import itertools
import pickle

import pytest

from khabar.arabic.normalise import normalised_view
from khabar.model import Article
from khabar.nlp.entities import EntityStage, entity_at, recognise
from khabar.nlp.entities.canonical import entity_id, resolve_short_names
from khabar.nlp.entities.gazetteer import match
from khabar.nlp.entities.tokens import strip_proclitics, tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("وقال لافروف: «نعم»", ["وقال", "لافروف", ":", "«", "نعم", "»"]),
        ("بلغ 3.5 مليون، في ٢٠١٧.", ["بلغ", "3.5", "مليون", "،", "في", "٢٠١٧", "."]),
        ("إرهابيًّا ـ وكالات", ["إرهابيًّا", "ـ", "وكالات"]),
        ("هادي.وقال و1,000", ["هادي", ".", "وقال", "و1,000"]),
    ],
)
def test_tokenize_keeps_offsets(text: str, tokens: list[str]) -> None:
    found = tokenize(text)
    assert [t.text for t in found] == tokens
    assert all(text[t.start : t.end] == t.text for t in found)


@pytest.mark.parametrize(
    ("word", "bare"),
    [
        ("وسوريا", "سوريا"),
        ("بالعراق", "عراق"),
        ("للعراق", "عراق"),
        ("ولد", "ولد"),
        ("فال", "فال"),
        ("كمال", "مال"),  # features may over-strip; entity spans never use this
    ],
)
def test_strip_proclitics(word: str, bare: str) -> None:
    assert strip_proclitics(word) == bare


def _strip_in_order(word: str, min_rest: int = 3) -> str:
    """The definition: the first sequence of PROCLITICS (longest first) that leaves enough."""
    from khabar.nlp.entities.tokens import PROCLITICS

    for prefix in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= min_rest:
            return word[len(prefix) :]
    return word


@pytest.mark.parametrize("min_rest", [0, 1, 2, 3, 4])
def test_strip_proclitics_takes_the_first_sequence_in_order(min_rest: int) -> None:
    """Looked up by length, the stripped form is the one the ordered list gives."""
    from itertools import product

    letters = ["و", "ف", "ب", "ك", "ل", "ا", "م"]
    words = ["".join(p) for n in range(7) for p in product(letters, repeat=min(n, 4))]
    words += [w + "سوريا" for w in words[:400]]
    for word in words:
        assert strip_proclitics(word, min_rest) == _strip_in_order(word, min_rest), word


def _gaz(text: str) -> list[tuple[str, str, str]]:
    return [(text[m.start : m.end], m.label, m.canonical) for m in match(normalised_view(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("دعم العراق وسوريا", [("العراق", "GPE", "العراق"), ("سوريا", "GPE", "سوريا")]),
        ("مساعدة عسكرية لسوريا", [("سوريا", "GPE", "سوريا")]),
        ("دعم للعراق", [("للعراق", "GPE", "العراق")]),
        ("في بالعراق", [("العراق", "GPE", "العراق")]),
        ("الحكومة العراقية", [("العراقية", "GPE", "العراق")]),
        ("الرئيس الفرنسي", [("الفرنسي", "GPE", "فرنسا")]),
        ("الخارجية الاميركية", [("الاميركية", "GPE", "الولايات المتحدة")]),
        ("وأضاف إن ايران", [("ايران", "GPE", "إيران")]),
        ("في باريس وبغداد", [("باريس", "LOC", "باريس"), ("بغداد", "LOC", "بغداد")]),
        ("الشرق الاوسط", [("الشرق الاوسط", "LOC", "الشرق الأوسط")]),
    ],
)
def test_gazetteer_boundaries_clitics_and_nisba(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    found = _gaz(text)
    for item in expected:
        assert item in found, found


@pytest.mark.parametrize(
    "text",
    [
        "سياسة الكيل بمكيالين",  # كيل (Kiel) never takes the article
        "الباريسي",  # a name without the article does not become one with it
        "سورياني",  # no nisba suffix on a name ending in alef
        "لبنانيات",  # no nisba ending other than ي، ية، يين، يون، يان
    ],
)
def test_gazetteer_rejects_non_boundaries(text: str) -> None:
    assert [m for m in _gaz(text) if m[1] in ("GPE", "LOC")] == []


def _labels(text: str) -> dict[str, tuple[str, str]]:
    return {e.text: (e.label, e.canonical) for e in recognise(text)}


@pytest.mark.parametrize(
    ("text", "mention", "label", "canonical"),
    [
        (
            "وأعلن وزير الخارجية الروسي سيرجي لافروف أن بلاده ستقدم مساعدة.",
            "سيرجي لافروف",
            "PER",
            "سيرجي لافروف",
        ),
        (
            "وقال الرئيس الفرنسي فرنسوا هولاند إن المؤتمر مهم.",
            "فرنسوا هولاند",
            "PER",
            "فرنسوا هولاند",
        ),
        (
            "وقالت وزارة الخارجية الفرنسية في بيان إن الاجتماع انتهى.",
            "وزارة الخارجية الفرنسية",
            "ORG",
            "وزارة الخارجية الفرنسية",
        ),
        (
            "وشن التحالف ضربات على مواقع تنظيم داعش في سوريا.",
            "تنظيم داعش",
            "ORG",
            "داعش",
        ),
        ("واجتمع مجلس الامن في نيويورك.", "مجلس الامن", "ORG", "مجلس الأمن الدولي"),
        ("واجتمع مجلس الامن في نيويورك.", "نيويورك", "LOC", "نيويورك"),
        ("وصلت الطائرة إلى مطار عدن الدولي أمس.", "مطار عدن الدولي", "LOC", "مطار عدن الدولي"),
        (
            "بالتعاون مع مركز الملك عبد العزيز للثقافة العالمية.",
            "مركز الملك عبد العزيز للثقافة العالمية",
            "ORG",
            "مركز الملك عبد العزيز للثقافة العالمية",
        ),
        (
            "وقال المنتدى المصري للدراسات الاقتصادية إن",
            "المنتدى المصري للدراسات الاقتصادية",
            "ORG",
            "المنتدى المصري للدراسات الاقتصادية",
        ),
        ("وصل الوفد إلى ايران أمس.", "ايران", "GPE", "إيران"),
        ("وأكد مسؤولون في الولايات المتحدة ذلك.", "الولايات المتحدة", "GPE", "الولايات المتحدة"),
    ],
)
def test_recognise_mentions(text: str, mention: str, label: str, canonical: str) -> None:
    found = _labels(text)
    assert found.get(mention) == (label, canonical), found


def test_title_modifier_is_not_part_of_the_name() -> None:
    found = _labels("والتقى وزير الخارجية الاميركي جون كيري نظيره.")
    assert found.get("جون كيري", ("", ""))[0] == "PER", found
    assert "الاميركي جون كيري" not in found


def test_short_name_resolves_to_full_name_and_same_id() -> None:
    text = (
        "وأعلن وزير الخارجية الروسي سيرجي لافروف أن بلاده ستساعد العراق.\n"
        "وتابع لافروف أن الإرهاب خطير. وأضاف ولافروف يؤكد ذلك."
    )
    persons = [e for e in recognise(text) if e.label == "PER"]
    assert {e.canonical for e in persons} == {"سيرجي لافروف"}
    assert len(persons) >= 3
    assert len({e.entity_id for e in persons}) == 1
    assert any(e.text == "لافروف" for e in persons)


def test_aliases_share_canonical_and_id() -> None:
    a = [e for e in recognise("قصف مواقع داعش شمالا.") if e.label == "ORG"]
    b = [e for e in recognise("وأعلن تنظيم الدولة الإسلامية مسؤوليته.") if e.label == "ORG"]
    assert a and b
    assert a[0].canonical == b[0].canonical == "داعش"  # the name Arabic news uses most
    assert a[0].entity_id == b[0].entity_id


@pytest.mark.parametrize(
    ("one", "two"),
    [("إيران", "ايران"), ("الأردن", "الاردن"), ("سوريا", "سوريا")],
)
def test_entity_id_is_stable_across_spellings(one: str, two: str) -> None:
    assert entity_id("GPE", one) == entity_id("GPE", two)
    assert entity_id("GPE", one) != entity_id("LOC", one)


def test_entity_id_stable_across_articles() -> None:
    first = {e.canonical: e.entity_id for e in recognise("زار لافروف ايران أمس.")}
    second = {e.canonical: e.entity_id for e in recognise("قالت إيران إن الزيارة مهمة.")}
    assert first["إيران"] == second["إيران"]


def test_resolve_short_names_leaves_ambiguous_names() -> None:
    names = ["محمد علي", "محمد حسن", "محمد"]
    assert resolve_short_names(names) == names


SEED_LIKE = (
    "باريس ـ وكالات:\n"
    "أعلنت روسيا خلال مشاركتها في مؤتمر باريس لدعم العراق أن مساهمتها ستكون كبيرة.\n"
    "وقال لافروف لوكالة إيتار تاس الروسية إن “إيران وسوريا حليفتينا”.\n"
    "وقال الرئيس العراقي فؤاد معصوم إن بغداد تريد الدعم."
)


def test_span_invariant_and_sorted() -> None:
    entities = recognise(SEED_LIKE)
    assert entities
    for e in entities:
        assert SEED_LIKE[e.start : e.end] == e.text
        assert e.text == e.text.strip()
        assert e.label in {"PER", "ORG", "GPE", "LOC", "MISC"}
        assert e.entity_id and e.canonical and e.source
    starts = [(e.start, e.end) for e in entities]
    assert starts == sorted(starts)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(starts))


def test_stage_fills_article_and_pickles() -> None:
    stage = pickle.loads(pickle.dumps(EntityStage()))
    assert stage.name == "entities"
    article = stage(Article(text=SEED_LIKE))
    labels = {(e.text, e.label) for e in article.entities}
    assert ("روسيا", "GPE") in labels
    assert ("فؤاد معصوم", "PER") in labels
    # head + known name: the agency's mention keeps its head, the canonical is the name
    agency = [e for e in article.entities if e.label == "ORG"]
    assert [(e.text, e.canonical) for e in agency] == [("وكالة إيتار تاس", "إيتار تاس")]
    assert article.warnings == ()
    assert Article.from_json(article.to_json()).entities == article.entities


def test_stage_on_empty_and_odd_text() -> None:
    stage = EntityStage()
    assert stage(Article(text="")).entities == ()
    odd = "\u200f\u200f ـــ «» 123 ..."
    assert all(odd[e.start : e.end] == e.text for e in stage(Article(text=odd)).entities)


def test_entity_at_prefers_person_in_speaker_mention() -> None:
    text = "وأعلن وزير الخارجية الروسي سيرجي لافروف أن بلاده ستقدم مساعدة."
    article = EntityStage()(Article(text=text))
    start = text.index("وزير")
    end = text.index("لافروف") + len("لافروف")
    hit = entity_at(article, start, end)
    assert hit is not None and hit.label == "PER" and hit.canonical == "سيرجي لافروف"
    assert entity_at(article, 0, 4) is None


def test_outlet_quoted_in_body_is_an_org() -> None:
    text = 'وأكدت مصادر مطلعة لـ"الوطن" أن الوزارة ستبدأ. وقال إن الوطن بخير.'
    article = EntityStage()(Article(text=text, outlet="الوطن"))
    outlets = [e for e in article.entities if e.source == "outlet"]
    assert [(e.text, e.label, e.canonical) for e in outlets] == [("الوطن", "ORG", "الوطن")]
    assert text[outlets[0].start - 1] == '"'
    assert not [e for e in EntityStage()(Article(text=text)).entities if e.source == "outlet"]


@pytest.mark.parametrize(
    ("text", "mention", "label"),
    [
        ("يعمل في مدينة الملك فهد الطبية منذ سنوات.", "مدينة الملك فهد الطبية", "ORG"),
        ("وصلت قوات البيشمركة الكردية إلى البلدة.", "قوات البيشمركة", "ORG"),
        ("وقال الحزب الديمقراطي الكردستاني في بيان إن", "الحزب الديمقراطي الكردستاني", "ORG"),
        ("سافر إلى هونج كونج الأسبوع الماضي.", "هونج كونج", "GPE"),
    ],
)
def test_more_recognised_mentions(text: str, mention: str, label: str) -> None:
    found = _labels(text)
    assert found.get(mention, ("", ""))[0] == label, found


@pytest.mark.parametrize(
    ("text", "not_a_mention"),
    [
        ("وصل الوفد إلى مدينة الرياض أمس.", "مدينة الرياض"),  # مدينة + place is a place
        ("وهي الهيئة المسؤولة عن المراقبة.", "الهيئة المسؤولة"),  # generic adjective
        ("بدأ تنظيم المؤتمر أمس.", "تنظيم المؤتمر"),  # تنظيم as a verbal noun
        ("حصل المنتخب على المركز العاشر.", "المركز العاشر"),  # an ordinal is no name
        ("وتأكد على ضرورة الحل.", "على ضرورة"),  # على is not the name علي
    ],
)
def test_generic_phrases_are_not_names(text: str, not_a_mention: str) -> None:
    assert not_a_mention not in _labels(text)


def test_gazetteer_index_payloads_point_at_their_own_keys() -> None:
    """The automaton holds int indexes into a typed key list (for the mypyc build): every
    index must lead to the entry of the key it was stored under."""
    from khabar.arabic.normalise import normalise
    from khabar.nlp.entities import gazetteer

    index = gazetteer._automaton()
    seen = 0
    for key, ref in index.automaton.items():
        entry = index.keys[ref]
        assert entry.length == len(key), key
        assert entry.values, key
        assert entry.all_lil == all(v.after_lil for v in entry.values), key
        assert entry.any_nisba == any(v.allow_nisba for v in entry.values), key
        seen += 1
    assert seen == len(index.keys)
    syria = index.keys[index.automaton.get(normalise("سوريا"))]
    assert any(v.label == "GPE" and v.allow_nisba and not v.after_lil for v in syria.values)
    iraq = index.keys[index.automaton.get(normalise("لعراق"))]  # للعراق: ل + العراق
    assert iraq.all_lil and all(v.canonical == "العراق" for v in iraq.values)
