"""The conlleval-style phrase scorer and the CoNLL reader/writer, on tiny hand-made examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.evaluate.ner import phrases, score
from khabar.nlp.entities.conll import format_conll, parse_conll, to_anercorp_tag


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "O"], set()),
        (["B-PERS", "I-PERS", "O"], {(0, 2, "PERS")}),
        (["B-LOC", "B-LOC"], {(0, 1, "LOC"), (1, 2, "LOC")}),
        # conlleval: an I- that does not continue a phrase of its type starts one
        (["I-ORG", "I-ORG", "O"], {(0, 2, "ORG")}),
        (["B-PERS", "I-LOC"], {(0, 1, "PERS"), (1, 2, "LOC")}),
        (["O", "B-MISC"], {(1, 2, "MISC")}),
    ],
)
def test_phrases(tags: list[str], expected: set[tuple[int, int, str]]) -> None:
    assert phrases(tags) == expected


def test_score_counts_exact_phrases_only() -> None:
    # سيرجي لافروف في موسكو  — gold: PERS(0-2), LOC(3); predicted: PERS(1-2) wrong boundary, LOC ok
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["O", "B-PERS", "O", "B-LOC"]]
    report = score(gold, pred)
    assert report.per_label["LOC"].f1 == 1.0
    assert report.per_label["PERS"].correct == 0
    assert report.micro.correct == 1
    assert report.micro.predicted == 2
    assert report.micro.gold == 2
    assert report.micro.precision == pytest.approx(0.5)
    assert report.micro.recall == pytest.approx(0.5)
    assert report.token_accuracy == pytest.approx(0.5)


def test_score_label_mismatch_is_an_error_of_both_labels() -> None:
    report = score([["B-ORG", "I-ORG"]], [["B-LOC", "I-LOC"]])
    assert report.per_label["ORG"].recall == 0.0
    assert report.per_label["LOC"].precision == 0.0
    assert report.micro.f1 == 0.0


def test_score_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="length"):
        score([["O", "O"]], [["O"]])


def test_report_format_lists_labels_and_micro() -> None:
    text = score([["B-PERS", "O"]], [["B-PERS", "O"]]).format()
    assert "PERS" in text and "micro" in text and "1.0000" in text


@pytest.mark.parametrize(
    ("tag", "mapped"),
    [
        ("B-PER", "B-PERS"),
        ("I-PERS", "I-PERS"),
        ("B-MIS2", "B-MISC"),
        ("I-MIS1`", "I-MISC"),
        ("B-GPE", "B-LOC"),
        ("IO", "O"),
        ("OO", "O"),
        ("B-ENGLISH", "O"),
        ("O", "O"),
    ],
)
def test_to_anercorp_tag(tag: str, mapped: str) -> None:
    assert to_anercorp_tag(tag) == mapped


def test_conll_roundtrip_appends_a_column() -> None:
    lines = ["وقال B-X", "لافروف B-PERS", "", "", "في O", "موسكو B-LOC", ""]
    sentences = list(parse_conll(lines))
    assert [s.tokens for s in sentences] == [("وقال", "لافروف"), ("في", "موسكو")]
    assert sentences[1].gold == ("O", "B-LOC")
    out = format_conll(sentences, [["O", "B-PERS"], ["O", "B-LOC"]])
    assert out.splitlines()[1] == "لافروف B-PERS B-PERS"
    assert out.splitlines()[2] == ""


def test_conll_without_tags_has_no_gold() -> None:
    (sentence,) = parse_conll(["باريس", "ولندن"])
    assert sentence.gold is None


def test_cli_tag_and_eval_ner(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    gold = tmp_path / "gold.conll"
    gold.write_text(
        "وقال O\nوزير O\nالخارجية O\nالروسي O\nسيرجي B-PERS\nلافروف I-PERS\nفي O\n"
        "موسكو B-LOC\n. O\n\nوزار O\nالعراق B-LOC\n. O\n",
        encoding="utf-8",
    )
    out = tmp_path / "tagged.conll"
    runner = CliRunner()
    result = runner.invoke(app, ["tag", "--conll", str(gold), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[4] == "سيرجي B-PERS B-PERS"
    assert lines[7].startswith("موسكو B-LOC B-LOC")
    assert lines[9] == ""
    result = runner.invoke(app, ["eval-ner", str(out), "--predicted"])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output
    result = runner.invoke(app, ["eval-ner", str(gold)])
    assert result.exit_code == 0 and "PERS" in result.output
    result = runner.invoke(app, ["eval-ner", str(gold), "--labels", "LOC"])
    assert result.exit_code == 0 and "PERS" not in result.output and "LOC" in result.output


def test_substituted_copies_swap_names_and_keep_context() -> None:
    from khabar.nlp.entities.crf import substituted_copies

    sentences = [
        (["قال", "سيرجي", "لافروف", "في", "موسكو"], ["O", "B-PERS", "I-PERS", "O", "B-LOC"]),
        (["وصل", "محمد", "إلى", "القاهرة", "أمس"], ["O", "B-PERS", "O", "B-LOC", "O"]),
        (["انتهى", "الاجتماع", "."], ["O", "O", "O"]),
    ]
    extra = {"PERS": [("كوفي", "أنان")], "LOC": [("بغداد",)]}
    copies = substituted_copies(sentences, extra, seed=3)
    assert len(copies) == 2  # the sentence without names gets no copy
    assert copies == substituted_copies(sentences, extra, seed=3)  # deterministic
    for (tokens, tags), (old_tokens, _) in zip(copies, sentences, strict=False):
        assert len(tokens) == len(tags)
        assert tokens[0] == old_tokens[0]  # context words stay
        persons = [t for t, g in zip(tokens, tags, strict=True) if g.endswith("PERS")]
        assert " ".join(persons) in {"سيرجي لافروف", "محمد", "كوفي أنان"}
        assert tags[tokens.index(persons[0])] == "B-PERS"
        places = [t for t, g in zip(tokens, tags, strict=True) if g.endswith("LOC")]
        assert places and places[0] in {"موسكو", "القاهرة", "بغداد"}
