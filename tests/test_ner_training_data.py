"""Extra NER knowledge and data: the neural tagger's mined lexicon, the title pattern that
mines it, and the Wojood → ANERcorp conversion (tried as extra training data)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from khabar.arabic.normalise import normalise
from khabar.nlp.entities import neural
from khabar.nlp.entities.resources import RESOURCES, load_lexicon

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import build_neural_lexicon  # noqa: E402
import convert_wojood  # noqa: E402


def _words(text: str) -> list[str]:
    return [normalise(w) for w in text.split()]


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        # title, nisba descriptor skipped, two-word name, reporting verb ends it
        ("الرئيس الأمريكي باراك أوباما قال", 1, "باراك أوباما"),
        # ministry complement (two descriptors) then a three-word name
        ("وزير الخارجية السعودي عادل أحمد الجبير في", 1, "عادل أحمد الجبير"),
        # a joiner inside the name stays, a conjunction-prefixed word ends it
        ("الأمير محمد بن سلمان ومحمد", 1, "محمد بن سلمان"),
        # the first name word never carries the article: not a name
        ("الرئيس التنفيذي المكلف الشركة", 1, ""),
        # punctuation right after the title: nothing
        ("الرئيس ، وقال", 1, ""),
        # a definite word with a preposition ends the name: «للقاهرة» is no family name
        ("الرئيس عبدالفتاح السيسي للقاهرة", 1, "عبدالفتاح السيسي"),
        # a trailing joiner is dropped
        ("الشيخ عبدالله بن", 1, "عبدالله"),
    ],
)
def test_name_after_a_title(text: str, at: int, expected: str) -> None:
    counts = {normalise(w): n for w, n in COUNTS.items()}
    name = build_neural_lexicon.name_after(_words(text), at, counts)
    assert " ".join(name) == normalise(expected)


# corpus frequencies: a bare form more frequent than the word means a proclitic is attached
COUNTS = {"محمد": 5000, "ومحمد": 300, "باراك": 400, "اراك": 3, "قال": 9000, "وقال": 8000}


def test_neural_lexicon_adds_classes_without_dropping_the_shared_ones() -> None:
    merged = neural.load_neural_lexicon()
    shared = load_lexicon()
    assert all(set(classes) <= set(merged[w]) for w, classes in shared.items())
    path = RESOURCES / neural.NEURAL_LEXICON
    if path.is_file():
        rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()[1:]]
        assert rows and all(len(r) == 2 for r in rows)
        word, classes = rows[0]
        assert set(classes.split(",")) <= set(merged[word])
        assert all(c.startswith("mined-") for r in rows for c in r[1].split(","))


def _rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()]


@pytest.mark.parametrize(
    ("conll", "expected"),
    [
        # outer ORG keeps its nested GPE inside (ANERcorp tags the whole university)
        ("جامعة B-ORG\nبيرزيت I-ORG B-GPE\nفي O", ["B-ORG", "I-ORG", "O"]),
        # an unmapped outer span (OCC) lets the inner names through; GPE → LOC
        (
            "سكرتير B-OCC\nاللجنة I-OCC B-ORG\nالقومية I-OCC I-ORG\nفي I-OCC\nنابلس I-OCC B-GPE",
            ["O", "B-ORG", "I-ORG", "O", "B-LOC"],
        ),
        # the generic head of a place stays outside the name
        ("مدينة B-GPE\nالقدس I-GPE", ["O", "B-LOC"]),
        # a country acting as a government is still LOC in ANERcorp
        ("روسيا B-ORG\nعلى O", ["B-LOC", "O"]),
        # dates, occupations and nationalities are not ANERcorp names; currencies are MISC
        ("1948 B-DATE\nالفلسطينيين B-NORP\nدولار B-CURR", ["O", "O", "B-MISC"]),
    ],
)
def test_wojood_to_anercorp_conventions(conll: str, expected: list[str]) -> None:
    places = frozenset({normalise("روسيا"), normalise("نابلس")})
    assert convert_wojood.flat_tags(_rows(conll), places) == expected


def test_mined_rows_are_appended_to_the_lexicon_once(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("# header\nسوريا\tGPE\n", encoding="utf-8")
    mined = tmp_path / "mined.tsv"
    mined.write_text(
        "# mined\nباراك\tmined-given\nالجبير\tmined-family\nارامكو\tmined-org\n", encoding="utf-8"
    )
    for _ in range(2):  # a second run replaces the block instead of adding another
        assert build_neural_lexicon.append_to_lexicon(mined, lexicon) == 3
    lines = lexicon.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["# header", "سوريا\tGPE"]
    assert lines[2] == build_neural_lexicon.LEXICON_MARK
    assert lines[3:] == ["باراك\tfirst", "الجبير\tname", "ارامكو\tORG"]
