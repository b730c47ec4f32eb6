"""`khabar train-ner`'s library path: a CRF trained on a small CoNLL file learns its tags."""

from __future__ import annotations

from pathlib import Path

from khabar.nlp.entities.crf import CrfTagger, TrainSettings, train_model

# Invented sentences, ANERcorp conventions (token per line, blank line between sentences).
_CONLL = """\
قال O
الرئيس O
سامي B-PERS
الخطيب I-PERS
إن O
وزارة B-ORG
الزراعة I-ORG
تعمل O
في O
عمان B-LOC
. O

وأكد O
سامي B-PERS
الخطيب I-PERS
في O
بيروت B-LOC
أن O
وزارة B-ORG
الزراعة I-ORG
جاهزة O
. O
"""


def test_settings_give_crfsuite_the_regularisation_only_for_lbfgs() -> None:
    assert TrainSettings().crfsuite_params() == {
        "max_iterations": 200,
        "feature.minfreq": 1,
        "feature.possible_transitions": True,
        "c1": 0.05,
        "c2": 0.01,
    }
    assert "c1" not in TrainSettings(algorithm="l2sgd").crfsuite_params()


def test_a_model_trained_on_a_small_file_tags_its_sentences_back(tmp_path: Path) -> None:
    train = tmp_path / "train.txt"
    train.write_text(_CONLL, encoding="utf-8")
    out = tmp_path / "model.crfsuite"
    path, sentences, size = train_model(train, out, TrainSettings(max_iterations=60))
    assert (path, sentences) == (out, 2) and size == out.stat().st_size > 0
    tokens = [line.split()[0] for line in _CONLL.split("\n\n")[0].splitlines()]
    tags = CrfTagger(out).tag_many([tokens])[0]
    assert tags[2:4] == ["B-PERS", "I-PERS"] and tags[5:7] == ["B-ORG", "I-ORG"]
