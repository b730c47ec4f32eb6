"""The learned incident filter of the events stage (``khabar.nlp.events.incident``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from khabar.arabic.normalise import normalise
from khabar.nlp.events import find_events
from khabar.nlp.events.incident import (
    _AGO_RE,
    _ALLEGATION_RE,
    GroupModel,
    incident_models,
    parse_weights,
    sentence_features,
    sentence_span,
)
from khabar.nlp.events.lexicon import Cue

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "train_event_filter.py"
GSR = SHARED / "data" / "arabic_event_gsr"


FILTERED = {"PROTEST", "ASSAULT", "FIGHT", "MASS VIOLENCE"}  # CAMEO 14, 18, 19, 20


def _types(text: str, incidents_only: bool = True) -> list[str]:
    return [e.type for e in find_events(text, incidents_only=incidents_only)]


# Hand-written news sentences: a specific, new incident (where, when, how many) …
INCIDENTS = [
    "قتل مسلحون ثلاثة جنود في هجوم على حاجز أمني شمال بغداد أمس.",
    "تظاهر آلاف الطلاب أمس في العاصمة.",
    "أطلقت قوات الأمن الرصاص الحي على المتظاهرين في مدينة درعا يوم الجمعة ما أدى إلى مقتل خمسة"
    " أشخاص.",
    "اعتصم مئات العمال صباح اليوم أمام مقر وزارة العمل في عمان مطالبين بزيادة الأجور.",
    "انفجرت سيارة مفخخة مساء أمس قرب سوق شعبي في مدينة كركوك، ما أسفر عن مقتل 12 شخصا وإصابة"
    " 30 آخرين بجروح.",
]
# … and background: a case years ago, a habit, a past case recalled.
BACKGROUND = [
    "تعرض الصحفي لاعتداء منذ عامين على يد مجهولين.",
    "وكانت المدينة قد شهدت تفجيرا انتحاريا في عام 2005 أودى بحياة العشرات.",
    "وكان المتظاهرون يرددون شعارات ضد الحكومة في كل مسيرة.",
    "ونظمت النقابة اعتصاما مماثلا قبل ثلاثة أعوام.",
    "ويقول سكان الحي إن المسلحين يهاجمون المارة كل ليلة.",
]


@pytest.mark.parametrize("text", INCIDENTS)
def test_filter_keeps_a_specific_incident(text: str) -> None:
    assert FILTERED & set(_types(text))


@pytest.mark.parametrize("text", BACKGROUND)
def test_filter_drops_background_the_rules_find(text: str) -> None:
    assert FILTERED & set(_types(text, incidents_only=False))  # the rules fire …
    assert not FILTERED & set(_types(text))  # … the filter says background


@pytest.mark.parametrize(
    "text",
    [
        "واستقبل الرئيس وزير الخارجية الفرنسي في القصر الجمهوري أمس.",  # CONSULT
        "وتتهم المعارضة الحكومة بقمع المتظاهرين واعتقال الناشطين.",  # DISAPPROVE
        "وقال الوزير إن الإرهاب يهدد استقرار المنطقة بأسرها.",  # THREATEN
    ],
)
def test_other_roots_are_not_filtered(text: str) -> None:
    assert find_events(text) == find_events(text, incidents_only=False) != []


@pytest.mark.parametrize(
    ("text", "ago"),
    [
        ("قتل منذ عامين", True),
        ("اعتقل قبل ثلاثه اشهر", True),
        ("وقع الهجوم في عام 2011", True),
        ("قبل سنوات", True),
        ("قتل قبل امس", False),
        ("منذ الصباح الباكر", False),
    ],
)
def test_ago_marker(text: str, ago: bool) -> None:
    assert bool(_AGO_RE.search(normalise(text))) is ago


@pytest.mark.parametrize(
    ("text", "alleged"),
    [
        ("اتهمت الشرطة المتظاهرين", True),
        ("وسط اتهامات بالتعذيب", True),
        ("افرج عن المتهمين", True),
        ("مزاعم عن تعذيب", True),
        ("تظاهر الطلاب امس", False),
    ],
)
def test_allegation_marker(text: str, alleged: bool) -> None:
    assert bool(_ALLEGATION_RE.search(normalise(text))) is alleged


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("وسوف يتظاهر العمال الأسبوع المقبل", {"future"}),
        ("ويهاجم المستوطنون القرية كل ليلة", {"habitual"}),
        ("وعادة ما يتجمع المحتجون أمام البرلمان", {"habitual"}),
        ("وإذا هاجم المسلحون المدينة", {"conditional"}),
        ("وفي حال اندلعت المظاهرات غدا", {"conditional", "future"}),
        ("وتظاهر الطلاب أمس في العاصمة", set()),
        ("ولوح المتظاهرون بالأعلام غداة الانتخابات", set()),  # لوح، غداة: not لو، غدا
    ],
)
def test_tense_and_mood_markers(text: str, markers: set[str]) -> None:
    cue = Cue("تظاهر", "141", "verb", "s", "تظاهر", frozenset(), "past")
    features = set(sentence_features(normalise(text), [(0, 1, cue)]))
    assert features & {"future", "habitual", "conditional"} == markers


def test_marker_guards_are_necessary() -> None:
    """Each marker's regex is skipped unless one of its guard substrings is present: every
    string the regex matches must contain one."""
    from khabar.nlp.events.incident import _MARKERS

    samples = {
        "ago": ["منذ عامين", "قبل سنوات", "في عام 2011", "قبل ثلاثه اشهر"],
        "allegation": ["اتهم", "الاتهامات", "المتهمين", "مزاعم", "الادعاءات", "تتهم", "تهمه"],
        "future": ["سوف", "غدا", "المقبل", "القادمه"],
        "habitual": ["كل يوم", "عاده", "دائما", "باستمرار", "مرات"],
        "conditional": ["اذا", "لو", "حال", "واذا"],
    }
    for name, pattern, needles in _MARKERS:
        for text in samples[name]:
            match = pattern.search(text)
            assert match is not None, (name, text)
            assert any(needle in match.group() for needle in needles), (name, text)


@pytest.mark.parametrize(
    ("text", "cue", "sentence"),
    [
        ("قتل رجل. وتظاهر الطلاب امس. ثم عادوا", "وتظاهر", " وتظاهر الطلاب امس."),
        ("تظاهر الطلاب", "تظاهر", "تظاهر الطلاب"),
        ("سطر اول\nاعتصم العمال\nسطر", "اعتصم", "اعتصم العمال\n"),
    ],
)
def test_sentence_span(text: str, cue: str, sentence: str) -> None:
    start = text.index(cue)
    left, right = sentence_span(text, start, start + len(cue))
    assert text[left:right] == sentence


def test_features_name_the_cue_and_its_window() -> None:
    sentence = normalise("وتظاهر آلاف الطلاب امس في عام 2011")
    cue = Cue("تظاهر", "141", "verb", "s", "تظاهر", frozenset(), "past")
    features = sentence_features(sentence, [(0, 6, cue)])
    for name in ("lemma=تظاهر", "code=141", "tense=past", "b1=^", "a1=الاف", "a2=طلاب"):
        assert name in features
    assert {"cue-opens", "year", "ago", "digit", "w=طلاب", "w=تظاهر"} <= set(features)


def test_parse_weights_and_probability() -> None:
    models = parse_weights("# c\nG\t__bias__\t-1.0\nG\t__threshold__\t0.4\nG\tw=امس\t2.0\n")
    model = models["G"]
    assert model == GroupModel(-1.0, 0.4, {"w=امس": 2.0})
    assert model.keeps(["w=امس"]) and not model.keeps(["w=غدا"])
    with pytest.raises(ValueError, match="line 1"):
        parse_weights("G\tonly-two\n")


@pytest.mark.parametrize("text", INCIDENTS + BACKGROUND)
def test_fast_scoring_equals_the_feature_names(text: str) -> None:
    """The runtime path (words looked up by stem) scores as the training features do."""
    from khabar.nlp.events.finder import event_candidates
    from khabar.nlp.events.incident import sentence_groups

    models = incident_models()
    _events, spots, folded = event_candidates(text)
    _keys, members = sentence_groups(folded, spots)
    assert members
    for (group, left, right), cues in members.items():
        sentence = folded[left:right]
        slow = models[group].probability(sentence_features(sentence, cues))
        assert models[group].sentence_probability(sentence, cues) == pytest.approx(slow, abs=1e-12)


def test_shipped_models_cover_both_groups() -> None:
    models = incident_models()
    assert set(models) == {"PROTEST", "ASSAULT"}
    assert all(0 < m.threshold < 1 and len(m.weights) > 100 for m in models.values())


@needs_shared
def test_training_script_reproduces_the_shipped_weights(capsys: pytest.CaptureFixture[str]) -> None:
    if not GSR.exists():
        pytest.skip(f"{GSR} is absent")
    spec = importlib.util.spec_from_file_location("train_event_filter", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_event_filter"] = module
    spec.loader.exec_module(module)
    assert module.main(["--gsr", str(GSR), "--check"]) == 0
    output = capsys.readouterr().out
    assert "shipped weights reproduced" in output
    assert "test PROTEST, rules + filter" in output  # scores on the held-out part are printed
