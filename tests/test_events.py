"""The events stage: CAMEO cues, negation, actor/target roles and offsets, on real Arabic."""

from __future__ import annotations

import pickle
from functools import partial
from pathlib import Path

import pytest

from conftest import SEED_PAGE, needs_shared
from khabar.model import Article, Entity
from khabar.nlp.entities import EntityStage
from khabar.nlp.events import EventStage, find_events
from khabar.nlp.events.lexicon import event_lexicon, noun_variants
from khabar.nlp.quotes import QuoteStage
from khabar.nlp.sentences import SentenceStage

# The cue rules alone (actor, target, offsets, negation …); the learned incident filter on top
# of them is tested in test_events_incident.py.
rules = partial(find_events, incidents_only=False)

# (sentence, expected [(cue text, CAMEO root name, code)])
DETECTION = [
    ("تظاهر آلاف الطلاب أمس أمام مقر الحكومة.", [("تظاهر", "PROTEST", "141")]),
    (
        "واعتصم العمال في المصنع احتجاجا على تأخر الرواتب.",
        [("واعتصم", "PROTEST", "141"), ("احتجاجا", "PROTEST", "140")],
    ),
    ("هاجم مسلحون مجهولون حافلة للركاب جنوب المدينة.", [("هاجم", "FIGHT", "190")]),
    (
        "قُتل ثلاثة أشخاص في هجوم انتحاري استهدف سوقا شعبية.",
        [
            ("قُتل", "ASSAULT", "1823"),
            ("هجوم انتحاري", "ASSAULT", "1831"),
            ("استهدف", "FIGHT", "190"),
        ],
    ),
    ("أطلقت الشرطة النار على المتظاهرين.", [("أطلقت", "FIGHT", "193")]),
    ("اختطف مسلحون صحفيا أجنبيا.", [("اختطف", "ASSAULT", "181")]),
    ("والتقى الوزير نظيره الفرنسي في باريس.", [("والتقى", "CONSULT", "044")]),
    ("وأجرى الجانبان مباحثات تناولت سبل التعاون.", [("مباحثات", "CONSULT", "040")]),
    ("وقدمت المملكة مساعدات إنسانية للاجئين.", [("مساعدات إنسانية", "AID", "073")]),
    ("ووقع البلدان اتفاقية للتعاون الأمني.", [("ووقع", "DIPLOMATIC COOPERATION", "057")]),
    ("هدد الرئيس بفرض عقوبات جديدة.", [("هدد", "THREATEN", "130")]),
    ("واعتقلت قوات الأمن خمسة مطلوبين.", [("واعتقلت", "COERCE", "173")]),
    (
        "ندد الاتحاد الأوروبي بالاعتداء على السفارة.",
        [("ندد", "DISAPPROVE", "111")],  # بالاعتداء: definite, an attack told before
    ),
    # Protest and violence idioms (session 3): took to the streets, a human chain, chanting or
    # carrying banners as a circumstantial participle, suicide bombers, shots fired.
    ("ونزل آلاف المحتجين إلى الشوارع في المدن الكبرى.", [("إلى الشوارع", "PROTEST", "141")]),
    ("وشكل مئات الطلاب سلسلة بشرية حول الجامعة.", [("سلسلة بشرية", "PROTEST", "141")]),
    (
        "وتجمع العمال أمام الوزارة مرددين هتافات ضد الحكومة.",
        [("وتجمع", "PROTEST", "141"), ("مرددين هتافات", "PROTEST", "141")],
    ),
    (
        "ووقف الأهالي رافعين لافتات تطالب بالإفراج عن أبنائهم.",
        [("رافعين لافتات", "PROTEST", "141"), ("تطالب", "DEMAND", "100")],
    ),
    ("وفجر الانتحاريان نفسيهما قرب مركز الشرطة.", []),  # singular فجر is "dawn": no cue
    ("وقال شهود إن انتحاريين فجرا نفسيهما قرب مركز الشرطة.", [("فجرا نفسيهما", "ASSAULT", "1831")]),
    ("وأطلق مجهول أعيرة نارية على سيارة القاضي.", [("أعيرة نارية", "FIGHT", "193")]),
    ("تجمع نحو 200 شخص أمام السفارة أمس.", [("تجمع نحو", "PROTEST", "141")]),
    ("تجمع الشركات الكبرى في قطاع واحد.", []),  # تجمع "gathering" (noun): no cue
]

# Sentences that must give no event: speech verbs, negation, denial, look-alike words.
NO_EVENT = [
    "وقال الوزير إن بلاده تدعم الحل السياسي.",  # a speech verb is the quotes stage's job
    "وأكد المتحدث أن الوضع مستقر.",
    "لم يهاجم أحد القافلة.",  # negation
    "ولم يتم اعتقال أي شخص حتى الآن.",
    "نفى الجيش أن يكون قد قصف المدينة.",  # denial
    "وقع الحادث صباح أمس قرب الجسر.",  # وقع "happened", no agreement after it
    "طالب في الجامعة يفوز بجائزة.",  # طالب "student"
    "ودعا إلى وقف إطلاق النار فورا.",  # ceasefire is no shooting (it is YIELD below)
    "ورفض الكشف عن اسمه.",  # "declined to be named" is no rejection
    "وأعرب عن قلقه من محاولة اغتيال الرئيس.",  # an attempt (and a definite construct)
    "ويخشى المراقبون أن ينفجر الوضع في الجنوب.",  # subjunctive: a possibility
    "وتوعد الجيش بشن هجمات جديدة.",  # the content of a threat (THREATEN only)
]


def _events(text: str) -> list[tuple[str, str, str | None]]:
    return [(e.text, e.type, e.code) for e in rules(text)]


@pytest.mark.parametrize(("text", "expected"), DETECTION)
def test_detection(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _events(text) == expected


@pytest.mark.parametrize("text", NO_EVENT)
def test_no_violent_or_speech_event(text: str) -> None:
    found = [(t, kind) for t, kind, _ in _events(text) if kind not in ("YIELD", "THREATEN")]
    assert found == []


def test_ceasefire_is_yield_not_fight() -> None:
    assert _events("ودعا إلى وقف إطلاق النار فورا.") == [("وقف إطلاق النار", "YIELD", "0871")]


# (sentence, cue, actor, target): verb-first, subject-first, plural verb, passive-prone verb.
ROLES = [
    ("هاجم مسلحون مجهولون حافلة للركاب.", "هاجم", "مسلحون مجهولون", "حافلة"),
    ("تظاهر آلاف الإسرائيليين في تل أبيب.", "تظاهر", "آلاف الإسرائيليين", None),
    ("اعتقلت الشرطة الإسرائيلية ثلاثة شبان.", "اعتقلت", "الشرطة الإسرائيلية", "ثلاثة شبان"),
    ("وقالت الشرطة إن مسلحين هاجموا مركزا أمنيا.", "هاجموا", "مسلحين", "مركزا أمنيا"),
    ("أطلقت قوات الأمن النار على المحتجين.", "أطلقت", "قوات الأمن", "المحتجين"),
    ("شن الجيش هجوما على المسلحين.", "شن", "الجيش", "المسلحين"),
    # بغداد is governed by في; a counted group after a violent verb is the victim.
    ("وفي بغداد قتل ثلاثة أشخاص.", "قتل", None, "ثلاثة أشخاص"),
    ("وقالوا إن الجيش نجح في قتل العشرات من المسلحين.", "قتل", "الجيش", "المسلحين"),
    ("اختطف مسلحون مصورا فرنسيا في الصومال.", "اختطف", "مسلحون", "مصورا فرنسيا"),
    ("وتظاهر المئات في العاصمة.", "وتظاهر", None, None),
    # A light verb before a nominal cue: its subject is the actor (or, for تعرض, the target).
    ("ونفذ المتظاهرون اعتصاما أمام البرلمان.", "اعتصاما", "المتظاهرون", None),
    ("وتعرضت قوات الأمن لهجوم مسلح.", "لهجوم", None, "قوات الأمن"),
    ("شنت الطائرات الإسرائيلية غارة على غزة.", "شنت", "الطائرات الإسرائيلية", None),
]


@pytest.mark.parametrize(("text", "cue", "actor", "target"), ROLES)
def test_roles_from_agent_nouns(text: str, cue: str, actor: str | None, target: str | None) -> None:
    events = [e for e in rules(text) if e.text == cue]
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.target) == (actor, target)
    if event.actor_start is not None and event.actor_end is not None:
        assert text[event.actor_start : event.actor_end] == actor
    if event.target_start is not None and event.target_end is not None:
        assert text[event.target_start : event.target_end] == target


def _entity(text: str, surface: str, label: str, canonical: str | None = None) -> Entity:
    start = text.index(surface)
    return Entity(start, start + len(surface), surface, label, canonical or surface)


def test_entities_as_actor_and_target() -> None:
    text = "والتقى وزير الخارجية سيرغي لافروف نظيره الفرنسي جان إيف لودريان في موسكو."
    entities = [
        _entity(text, "سيرغي لافروف", "PER"),
        _entity(text, "جان إيف لودريان", "PER"),
        _entity(text, "موسكو", "GPE"),
    ]
    (event,) = rules(text, entities)
    assert (event.type, event.actor) == ("CONSULT", "سيرغي لافروف")
    assert event.target == "جان إيف لودريان"


def test_subject_before_verb_and_person_after_violent_verb_is_the_victim() -> None:
    text = "إسرائيل تغتال القيادي محمد الضيف في غزة."
    entities = [_entity(text, "إسرائيل", "GPE"), _entity(text, "محمد الضيف", "PER")]
    (event,) = rules(text, entities)
    assert (event.type, event.actor) == ("ASSAULT", "إسرائيل")
    passive = "قتل محمد الضيف في غارة."
    killed = [e for e in rules(passive, [_entity(passive, "محمد الضيف", "PER")]) if e.text == "قتل"]
    assert (killed[0].actor, killed[0].target) == (None, "محمد الضيف")


def test_offsets_point_at_the_cue_with_diacritics() -> None:
    text = "وَهَاجَمَ مُسَلَّحُونَ القافلة، ثم اِعْتَقَلَتِ الشرطةُ اثنين منهم."
    events = rules(text)
    assert [e.type for e in events] == ["FIGHT", "COERCE"]
    for event in events:
        assert text[event.start : event.end] == event.text
    assert events[0].text == "وَهَاجَمَ"
    assert events[0].actor == "مُسَلَّحُونَ"


def test_offsets_deep_in_a_long_text_with_marks() -> None:
    # Context windows and the offset map must hold far from the start and past diacritics.
    filler = "وذكرت المصادر أن الأوضاع في المنطقة كانت هادئة طوال الأسبوع الماضي. " * 6
    text = filler + "وَقَدْ هاجم مسلحون مجهولون حافلة للركاب، واعتقلت الشرطة ثلاثة شبان."
    events = rules(text)
    assert [e.type for e in events] == ["FIGHT", "COERCE"]
    for event in events:
        assert text[event.start : event.end] == event.text
        assert event.actor_start is not None and event.actor_end is not None
        assert text[event.actor_start : event.actor_end] == event.actor
    assert [e.actor for e in events] == ["مسلحون مجهولون", "الشرطة"]
    assert events[1].target == "ثلاثة شبان"


def test_offsets_after_presentation_forms() -> None:
    # ﷲ (one code point) folds to four letters and ﻻ to two: offsets stay in the original.
    text = "بسم ﷲ، ﻻ تعليق. هاجم مسلحون حافلة."
    (event,) = rules(text)
    assert (event.text, event.actor, event.target) == ("هاجم", "مسلحون", "حافلة")
    assert text[event.start : event.end] == "هاجم"
    assert rules("ﻻ يهاجم أحد القافلة.") == []  # the negator is a presentation form


def test_noun_variants_cover_article_and_prepositions() -> None:
    variants = set(noun_variants("هجوم"))
    assert {"هجوم", "الهجوم", "بالهجوم", "للهجوم", "لهجوم", "والهجوم", "وبالهجوم"} <= variants
    assert "الالهجوم" not in set(noun_variants("الهجوم"))


def test_lexicon_has_no_pure_speech_verbs() -> None:
    automaton = event_lexicon().automaton
    for word in ("قال", "اكد", "اعلن", "اضاف", "اشار", "اوضح"):
        assert automaton.get(word, None) is None


def test_stage_is_picklable_and_keeps_text() -> None:
    stage = pickle.loads(pickle.dumps(EventStage()))
    article = Article(text="تظاهر المئات أمام السفارة.")
    out = stage(article)
    assert out.text == article.text
    assert [e.type for e in out.events] == ["PROTEST"]
    assert Article.from_json(out.to_json()) == out  # the additive Event fields round-trip


@needs_shared
def test_stage_over_the_seed_page() -> None:
    from khabar.extract.article import extract_article
    from khabar.read.page import RawPage

    article = extract_article(RawPage(SEED_PAGE.read_bytes(), path=str(SEED_PAGE)))
    article = SentenceStage()(article)
    article = EntityStage()(article)
    article = QuoteStage()(article)
    article = EventStage()(article)
    assert article.events, "the seed page (Russia's support against ISIS) has events"
    for event in article.events:
        assert article.text[event.start : event.end] == event.text
        if event.actor_start is not None and event.actor_end is not None:
            assert event.actor_start < event.actor_end <= len(article.text)
        assert event.type and event.code


# --- the eval-events scorer, on invented sentences in the gold's format --------------------

GOLD_ROWS = [
    ("yes", "تظاهر آلاف الطلاب أمس أمام مقر الحكومة."),
    ("yes", "وقال شهود إن المحتجين أغلقوا الطريق."),  # a protest the cue table misses
    ("easy no", "وافتتح الوزير معرضا للكتاب في العاصمة."),
    ("difficult no", "واعتصم العمال في المصنع احتجاجا على تأخر الرواتب."),  # counted as FP
    ("ambiguous", "تظاهرة ثقافية في المدينة."),  # left out
]


def test_score_detection_counts_each_cell() -> None:
    from khabar.evaluate.events import score_detection

    detection = score_detection("PROTEST", GOLD_ROWS, EventStage())
    counts = (
        detection.true_positive,
        detection.false_positive,
        detection.false_negative,
        detection.true_negative,
    )
    assert counts == (1, 1, 1, 1)
    assert detection.precision == 0.5 and detection.recall == 0.5


def test_score_spans_matches_verb_then_actor_and_target() -> None:
    from khabar.evaluate.events import content_words, score_spans

    records: list[dict[str, object]] = [
        {
            "text": "هاجم مسلحون مجهولون حافلة للركاب.",
            "verb_gold": "هاجم",
            "source_gold": "مسلحون",
            "target_gold": "الحافلة",
        },
        {"text": "وأغلق المحتجون الطريق.", "verb_gold": "أغلق", "source_gold": "المحتجون"},
    ]
    spans = score_spans("ASSAULT", records, EventStage(incidents_only=False))
    assert (spans.records, spans.verb_gold, spans.verb_found) == (2, 2, 1)
    assert (spans.source_gold, spans.source_found) == (2, 1)
    assert (spans.target_gold, spans.target_found) == (1, 1)  # حافلة ~ الحافلة
    assert content_words("والحافلة") == {"حافله"}


def test_eval_events_command_prints_the_table(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from khabar.cli import app

    header = "index,accept,event_type,id,label,reject,text,total\n"
    for name in ("protest", "assault"):
        lines = [f'{i},0,X,{i},{label},0,"{text}",1' for i, (label, text) in enumerate(GOLD_ROWS)]
        (tmp_path / f"{name}_gsr.csv").write_text(header + "\n".join(lines) + "\n", "utf-8")
        record = {"text": GOLD_ROWS[0][1], "verb_gold": "تظاهر", "source_gold": "الطلاب"}
        (tmp_path / f"{name}_spans.json").write_text(json.dumps([record]), "utf-8")
    result = CliRunner().invoke(app, ["eval-events", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "test" in result.output and "PROTEST" in result.output
    assert "1.000 (1/1)" in result.output  # the protest verb of the one span record


def test_eval_events_scores_a_named_part(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from khabar.cli import app

    header = "index,accept,event_type,id,label,reject,text,total\n"
    for name in ("protest", "assault"):
        lines = [f'{i},0,X,{i},{label},0,"{text}",1' for i, (label, text) in enumerate(GOLD_ROWS)]
        (tmp_path / f"{name}_gsr.csv").write_text(header + "\n".join(lines) + "\n", "utf-8")
        (tmp_path / f"{name}_spans.json").write_text(json.dumps([]), "utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["eval-events", str(tmp_path), "--part", "test", "--rules-only"])
    assert result.exit_code == 0, result.output
    assert "Scored part: test (cue rules alone" in result.output
    rows = [line.split()[0] for line in result.output.splitlines() if "PROTEST" in line]
    assert rows and set(rows) == {"test"}  # only the odd rows were scored
    bad = runner.invoke(app, ["eval-events", str(tmp_path), "--part", "dev"])
    assert bad.exit_code != 0
