"""The numpy neural NER tagger: equal to a torch forward pass of the same weights, and
tags that can be wrong (known persons, places and organisations in news sentences)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from khabar.errors import ResourceError
from khabar.nlp.entities.neural import Featuriser, NeuralTagger, shape
from khabar.nlp.entities.resources import RESOURCES, load_lexicon

MODEL = RESOURCES / "ner_neural.npz"
needs_model = pytest.mark.skipif(not MODEL.is_file(), reason="ner_neural.npz not built")

SENTENCES = [
    "وقال وزير الخارجية الروسي سيرجي لافروف في موسكو إن الحوار مستمر .".split(),
    "أعلنت وزارة الصحة السعودية عن حالات جديدة في الرياض وجدة .".split(),
    "التقى الرئيس الأمريكي باراك أوباما نظيره الفرنسي فرانسوا هولاند في باريس".split(),
    ["و"],
    "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود في قصر اليمامة".split(),
]


@pytest.fixture(scope="module")
def tagger() -> NeuralTagger:
    return NeuralTagger(MODEL, load_lexicon())


@pytest.mark.parametrize(
    ("word", "expected"),
    [("2015", 1), ("Reuters", 2), ("«", 3), ("سوريا", 4), ("", 0)],
)
def test_shape(word: str, expected: int) -> None:
    assert shape(word) == expected


@pytest.mark.parametrize(
    ("word", "clitic", "vector_of"),
    [
        ("وسوريا", "و", "سوريا"),
        ("بالرياض", "بال", "رياض"),
        ("للعراق", "لل", "عراق"),
        ("سوريا", "", "سوريا"),
    ],
)
def test_featuriser_strips_proclitics_for_the_word_vector(
    word: str, clitic: str, vector_of: str
) -> None:
    from khabar.nlp.entities.neural import CLITICS

    featurise = Featuriser(
        ["سوريا", "رياض", "عراق"], list("سوريابالع"), ["LOC", "al", "unknown"], {}
    )
    inputs = featurise(word)
    assert CLITICS[inputs.clitic] == clitic
    assert inputs.vector == ["سوريا", "رياض", "عراق"].index(vector_of) + 1
    assert inputs.chars[0] == 2 and inputs.chars[-1] == 3  # word boundary marks


def test_featuriser_flags_unknown_words_and_lexicon_classes() -> None:
    featurise = Featuriser(["سوريا"], [], ["LOC", "al", "unknown"], {"موسكو": ("LOC",)})
    unknown = featurise("وموسكو")
    assert unknown.vector == 0
    assert unknown.classes == (0, 2)  # the bare form's class and "unknown"
    assert featurise("سوريا").classes == ()


def test_missing_model_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError):
        NeuralTagger(tmp_path / "none.npz", {}).tag(["سوريا"])


@needs_model
def test_tags_are_bio_over_every_token(tagger: NeuralTagger) -> None:
    tags = tagger.tag_many(SENTENCES)
    assert [len(t) for t in tags] == [len(s) for s in SENTENCES]
    for row in tags:
        for tag in row:
            assert tag == "O" or tag[:2] in ("B-", "I-")
    assert tagger.tag([]) == []


@needs_model
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (0, {"سيرجي": "B-PERS", "لافروف": "I-PERS", "موسكو": "B-LOC", "قال": "O"}),
        (1, {"الرياض": "B-LOC", "الصحة": "O"}),
        (2, {"باراك": "B-PERS", "أوباما": "I-PERS", "باريس": "B-LOC", "الرئيس": "O"}),
    ],
)
def test_known_names_get_their_labels(
    tagger: NeuralTagger, sentence: int, expected: dict[str, str]
) -> None:
    words = SENTENCES[sentence]
    tags = dict(zip(words, tagger.tag(words), strict=True))
    for word, tag in expected.items():
        if word in tags:
            assert tags[word] == tag, (word, tags)


@needs_model
def test_batched_equals_one_sentence_at_a_time(tagger: NeuralTagger) -> None:
    together = tagger.scores(SENTENCES)
    for words, emit in zip(SENTENCES, together, strict=True):
        np.testing.assert_allclose(tagger.scores([words])[0], emit, rtol=1e-4, atol=1e-4)


@needs_model
def test_long_inputs_run_in_chunks_with_the_same_scores(tagger: NeuralTagger) -> None:
    many = SENTENCES * 200  # > 2,048 tokens: several forward passes
    together = tagger.scores(many)
    assert len(together) == len(many)
    for k in (0, 3, len(many) - 1):
        np.testing.assert_allclose(together[k], tagger.scores([many[k]])[0], rtol=1e-4, atol=1e-4)


@needs_model
def test_numpy_forward_equals_torch(tagger: NeuralTagger) -> None:
    """The same exported weights through torch's own conv1d: emissions agree."""
    torch = pytest.importorskip("torch", reason="torch (the 'train' extra) is not installed")
    functional = torch.nn.functional
    with np.load(MODEL, allow_pickle=False) as data:
        w = {
            k: torch.from_numpy(data[k].astype(np.float32))
            for k in data.files
            if k not in ("labels", "vocab", "chars", "classes", "emb_q", "dilations")
        }
        vectors = torch.from_numpy(data["emb_q"].astype(np.float32)) * w["emb_scale"][:, None]
        dilations = [int(d) for d in data["dilations"]]
    tagger.scores([["x"]])  # loads the model
    featurise = tagger.featuriser
    for words in SENTENCES[:3] + SENTENCES[4:]:
        feats = [featurise(x) for x in words]
        rows = []
        for f in feats:
            chars = w["char_emb"][torch.tensor(f.chars)].T[None]  # 1 × dims × chars
            conv = functional.conv1d(chars, w["char_w"], w["char_b"], padding=1)
            char_part = torch.relu(conv.max(dim=2).values[0])
            multi = torch.zeros(w["class_w"].shape[1])
            multi[list(f.classes)] = 1.0
            rows.append(
                torch.cat(
                    [
                        vectors[f.vector],
                        char_part,
                        w["clitic_emb"][f.clitic],
                        w["shape_emb"][f.shape],
                        w["length_emb"][f.length],
                        w["class_w"] @ multi,
                    ]
                )
            )
        h = torch.stack(rows).T[None]  # 1 × dims × tokens
        for k, d in enumerate(dilations):
            if f"conv{k}_dw" in w:  # depthwise-separable layer: grouped conv, then 1×1
                hidden = w[f"conv{k}_dw"].shape[0]
                taps = w[f"conv{k}_dw"][:, None, :]
                mixed = functional.conv1d(h, taps, dilation=d, padding=d, groups=hidden)
                out = torch.relu(
                    functional.conv1d(mixed, w[f"conv{k}_w"][:, :, None], w[f"conv{k}_b"])
                )
            else:
                out = torch.relu(
                    functional.conv1d(h, w[f"conv{k}_w"], w[f"conv{k}_b"], dilation=d, padding=d)
                )
            h = out if k == 0 else h + out
        emit = (h[0].T @ w["out_w"].T + w["out_b"]).double()
        emit[0] += w["start"].double()
        emit[-1] += w["end"].double()
        np.testing.assert_allclose(tagger.scores([words])[0], emit.numpy(), rtol=1e-3, atol=1e-3)


@needs_model
@pytest.mark.parametrize("mode", ["neural", "ensemble"])
def test_cli_modes_run_the_neural_tagger(tmp_path: Path, mode: str) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    gold = tmp_path / "gold.conll"
    gold.write_text(
        "وقال O\nوزير O\nالخارجية O\nالروسي O\nسيرجي B-PERS\nلافروف I-PERS\nفي O\n"
        "موسكو B-LOC\n. O\n",
        encoding="utf-8",
    )
    out = tmp_path / "tagged.conll"
    result = CliRunner().invoke(app, ["tag", "--conll", str(gold), "-o", str(out), "--mode", mode])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[4] == "سيرجي B-PERS B-PERS"
    assert lines[7] == "موسكو B-LOC B-LOC"
    result = CliRunner().invoke(app, ["eval-ner", str(gold), "--mode", mode])
    assert result.exit_code == 0 and "micro" in result.output


def test_cli_rejects_an_unknown_mode(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    gold = tmp_path / "gold.conll"
    gold.write_text("موسكو B-LOC\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval-ner", str(gold), "--mode", "bilstm"])
    assert result.exit_code != 0


def test_the_tagger_is_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.errors import ResourceError
    from khabar.nlp.entities import TAGGER_ENV, _sequence_tagger, tagger_name
    from khabar.nlp.entities.crf import CrfTagger
    from khabar.nlp.entities.neural import EnsembleTagger

    monkeypatch.delenv(TAGGER_ENV, raising=False)
    assert tagger_name() == "crf"
    assert isinstance(_sequence_tagger(), CrfTagger)
    monkeypatch.setenv(TAGGER_ENV, " Ensemble ")
    assert isinstance(_sequence_tagger(), EnsembleTagger)
    monkeypatch.setenv(TAGGER_ENV, "bert")
    with pytest.raises(ResourceError, match="KHABAR_NER_TAGGER"):
        tagger_name()
