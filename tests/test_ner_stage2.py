"""Document (non-local) features of the second-stage CRF (Krishnan & Manning 2006)."""

from __future__ import annotations

import numpy as np
import pytest

from khabar.nlp.entities.features import (
    document_features,
    document_keys,
    load_word_stats,
    person_title_words,
    word_columns,
)
from khabar.nlp.entities.resources import load_clusters, load_lexicon

LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
PARTS = [(p, kind) for p, _, kind in (label.partition("-") for label in LABELS)]


def _features(sentences: list[str], tags: list[str]) -> dict[str, list[str]]:
    """Document features of whitespace-tokenised sentences (one document), keyed
    ``"token@index"`` for readable failures."""
    words = [w for s in sentences for w in s.split()]
    assert len(words) == len(tags)
    norms, columns = word_columns(words, load_lexicon(), load_clusters(), load_word_stats(), {"b"})
    bare, title = document_keys(norms, columns)
    numbers: dict[str | None, int] = {}
    keys = np.array([numbers.setdefault(b, len(numbers)) for b in bare], dtype=np.intp)
    labels = np.array([LABELS.index(t) for t in tags], dtype=np.intp)
    starts = np.zeros(len(words), dtype=np.bool_)
    starts[np.cumsum([0] + [len(s.split()) for s in sentences[:-1]])] = True
    titled = np.zeros(len(words), dtype=np.bool_)
    titled[1:] = np.array(title[:-1]) & ~starts[1:]
    found = document_features(keys, labels, PARTS, starts, titled)
    return {f"{words[i]}@{i}": feats for i, feats in sorted(found.items())}


CASES = [
    (
        "a word tagged elsewhere: its other occurrences, clitics off, get the label",
        ["زار أوباما القاهرة", "وقال أوباما إن لأوباما رأيا"],
        ["O", "B-PERS", "B-LOC", "O", "O", "O", "O", "O"],
        {
            "أوباما@1": [],  # the others are untagged: a name once, O twice → few
            "أوباما@4": ["de=B-PERS", "dt=PERS", "dtn=few"],
            "لأوباما@6": ["de=B-PERS", "dt=PERS", "dtn=few"],
        },
    ),
    (
        "a three-word name tagged once is given, with B/I, to its untagged repetition",
        ["التقى بان كي مون الوزير", "وقال بان كي مون ذلك"],
        ["O", "B-PERS", "I-PERS", "I-PERS", "O", "O", "O", "B-PERS", "I-PERS", "O"],
        {
            "بان@1": [],  # its only other occurrence is O
            "كي@2": ["de=B-PERS", "dt=PERS", "dtn=all"],  # «كي مون» is tagged at 7
            "مون@3": ["de=I-PERS", "dt=PERS", "dtn=all"],
            "بان@6": ["de=B-PERS", "dt=PERS", "dtn=all"],  # «بان كي مون» is tagged at 1
            "كي@7": ["de=I-PERS", "dt=PERS", "dtn=all"],
            "مون@8": ["de=I-PERS", "dt=PERS", "dtn=all"],
        },
    ),
    (
        "mixed labels elsewhere: the commonest entity label wins, ties alphabetically",
        ["فاز ليون على ليون", "وفي ليون مطر"],
        ["O", "B-ORG", "O", "B-LOC", "O", "B-LOC", "O"],
        {
            "ليون@1": ["de=B-LOC", "dt=LOC", "dtn=all"],
            "ليون@3": ["de=B-LOC", "dt=LOC", "dtn=all"],  # ORG once, LOC once: a tie
            "ليون@5": ["de=B-LOC", "dt=LOC", "dtn=all"],
        },
    ),
    (
        "a word after a person title elsewhere (والرئيس: with a clitic) — never the same place",
        ["وصل الرئيس كرزاي", "وقال كرزاي إن والرئيس كرزاي"],
        ["O"] * 8,
        {"كرزاي@2": ["dT"], "كرزاي@4": ["dT"], "كرزاي@7": ["dT"]},
    ),
    (
        "a title at the end of a sentence does not title the next sentence's first word",
        ["وصل الرئيس", "كرزاي وصل"],
        ["O"] * 4,
        {},
    ),
    (
        "a word seen once gets nothing",
        ["زار أوباما القاهرة"],
        ["O", "B-PERS", "B-LOC"],
        {},
    ),
]


@pytest.mark.parametrize(("why", "sentences", "tags", "expected"), CASES, ids=[c[0] for c in CASES])
def test_document_features(
    why: str, sentences: list[str], tags: list[str], expected: dict[str, list[str]]
) -> None:
    got = _features(sentences, tags)
    got = {k: v for k, v in got.items() if v}
    assert got == {k: v for k, v in expected.items() if v}, why


def test_title_words_are_one_word_titles() -> None:
    titles = person_title_words()
    assert {"الرئيس", "الشيخ", "الدكتور"} <= titles
    assert all(" " not in t for t in titles)
    norms, columns = word_columns(["أمام", "والرئيس", "الرئيس"], {}, {}, {}, {"b"})
    assert document_keys(norms, columns)[1] == [False, True, True]


def test_document_keys_need_the_bare_column() -> None:
    norms, columns = word_columns(["أمام"], {}, {}, {}, {"w"})
    with pytest.raises(ValueError, match="bare-form"):
        document_keys(norms, columns)


# --- the second stage decoded by khabar equals crfsuite's own tagging ---------------------

DOCUMENTS = [
    [
        "وقال الرئيس الأفغاني حامد كرزاي إن كابول لن تقبل ذلك .",
        "وأضاف كرزاي أن الحكومة في كابول ستعمل مع الأمم المتحدة .",
        "وكان كرزاي قد زار واشنطن الشهر الماضي والتقى أوباما .",
    ],
    [
        "فاز ليون على مرسيليا في الدوري الفرنسي .",
        "وسجل لاعب ليون هدفين ، وقال مدرب مرسيليا إن فريقه لعب جيدا .",
        "ويلتقي ليون مع باريس سان جيرمان الأسبوع المقبل في باريس .",
        "وقال مدرب ليون إن الفريق سيزور الشرق الأوسط .",
    ],
]
GOLD = {
    "حامد كرزاي": "PERS", "كرزاي": "PERS", "كابول": "LOC", "واشنطن": "LOC", "أوباما": "PERS",
    "الأمم المتحدة": "ORG", "ليون": "ORG", "مرسيليا": "ORG", "باريس سان جيرمان": "ORG",
    "باريس": "LOC", "الدوري الفرنسي": "MISC", "الشرق الأوسط": "LOC",
}  # fmt: skip


def _gold(words: list[str]) -> list[str]:
    """BIO tags of the phrases of :data:`GOLD`, longest first."""
    tags = ["O"] * len(words)
    for phrase in sorted(GOLD, key=lambda p: -len(p.split())):
        parts = phrase.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] == parts and tags[i] == "O":
                tags[i : i + len(parts)] = [f"B-{GOLD[phrase]}"] + [f"I-{GOLD[phrase]}"] * (
                    len(parts) - 1
                )
    return tags


@pytest.fixture(scope="module")
def stage2_model(tmp_path_factory: pytest.TempPathFactory) -> object:
    """A tiny second-stage CRF trained on the documents above (first stage: the shipped CRF)."""
    import pycrfsuite

    from khabar.nlp.entities import _tagger
    from khabar.nlp.entities.crf import document_sentence_features
    from khabar.nlp.entities.features import FeatureExtractor

    first = _tagger()
    extract = FeatureExtractor(load_lexicon(), load_clusters())
    trainer = pycrfsuite.Trainer(verbose=False)
    for document in DOCUMENTS:
        sentences = [s.split() for s in document]
        feats = document_sentence_features(extract, sentences, first.tag_many(sentences))
        for words, sentence_feats in zip(sentences, feats, strict=True):
            trainer.append(sentence_feats, _gold(words))
    trainer.set_params({"max_iterations": 60, "c2": 0.01, "feature.possible_transitions": True})
    path = tmp_path_factory.mktemp("stage2") / "stage2.crfsuite"
    trainer.train(str(path))
    return path


def test_two_stage_decoder_equals_crfsuite(stage2_model: object) -> None:
    """khabar's two-stage decode (shared word rows, document features by number) gives the
    tags crfsuite gives for the same second-stage features — also across cache evictions."""
    from pathlib import Path

    import pycrfsuite

    from khabar.nlp.entities import _tagger
    from khabar.nlp.entities.crf import CrfTagger, document_sentence_features
    from khabar.nlp.entities.features import FeatureExtractor

    assert isinstance(stage2_model, Path)
    base = _tagger()
    reference = pycrfsuite.Tagger()
    reference.open(str(stage2_model))
    assert any(a.startswith(("dt=", "de=", "dT")) for a in reference.info().attributes)
    extract = FeatureExtractor(load_lexicon(), load_clusters())
    documents = [[s.split() for s in document] for document in DOCUMENTS]
    documents.append([s.split()[::-1] for s in DOCUMENTS[0]])  # words the model has not seen
    expected = []
    for sentences in documents:
        feats = document_sentence_features(extract, sentences, base.tag_many(sentences))
        expected += [reference.tag(f) for f in feats]
    for cache_size in (60_000, 5):
        two = CrfTagger(base.model_path, base.lexicon, base.clusters, stage2_path=stage2_model)
        two.compiled().cache_size = cache_size
        for _ in range(2):
            assert two.tag_documents(documents) == expected
        # the first stage is unchanged by the second one riding on its word rows
        sentences = [words for document in documents for words in document]
        assert two.tag_many(sentences) == base.tag_many(sentences)
    changed = sum(
        a != b
        for x, y in zip(expected, base.tag_many(sentences), strict=True)
        for a, b in zip(x, y, strict=True)
    )
    assert changed  # the second stage is not the first one again


def test_no_second_stage_model_means_the_crf() -> None:
    from pathlib import Path

    from khabar.nlp.entities import _tagger
    from khabar.nlp.entities.crf import CrfTagger

    base = _tagger()
    plain = CrfTagger(base.model_path, base.lexicon, base.clusters, Path("/nonexistent.crfsuite"))
    documents = [[s.split() for s in document] for document in DOCUMENTS]
    assert plain.two_stage() is None
    assert plain.tag_documents(documents) == base.tag_many([w for d in documents for w in d])
