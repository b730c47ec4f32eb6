"""Organisation names from heads and institutions: where a name ends and what it takes in.

Invented sentences (none from a gold page). Each rule is checked both ways: the mention it
should make and the one it must not make.
"""

from __future__ import annotations

import pytest

from khabar.arabic.normalise import normalise
from khabar.nlp.entities import recognise
from khabar.nlp.entities.patterns import NISBA_MARK, institution_spans


def _mentions(text: str) -> set[tuple[str, str]]:
    return {(e.label, e.text) for e in recognise(text)}


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        # a state institution named by a definite noun and an agreeing country nisba
        ("وأعلنت الشرطة الأردنية اعتقال ثلاثة أشخاص أمس.", "الشرطة الأردنية", None),
        ("وبث التلفزيون الجزائري صورا للحادث.", "التلفزيون الجزائري", None),
        ("ونفت الرئاسة التونسية صحة الخبر.", "الرئاسة التونسية", None),
        ("وقال المتحدث باسم الخارجية الفرنسية إن الزيارة أُجلت.", "الخارجية الفرنسية", None),
        # the nisba agrees with the minister, not with the ministry: a title, no ORG
        ("وقال وزير الخارجية الأردني إن الاجتماع مهم.", None, "الخارجية الأردني"),
        ("وقالت وزيرة الخارجية الأسترالية إن بلادها تدعم الحل.", None, "الخارجية الأسترالية"),
        # a country nisba ends a head's complement unless an adjective of the name follows
        ("وانتقد البرلمان العراقي القرار بشدة.", "البرلمان العراقي", "البرلمان العراقي القرار"),
        ("وهاجم الجيش السوري الحر مواقع في ريف حلب.", "الجيش السوري الحر", None),
        # descriptions after a name are not part of it
        ("وتبنت جبهة النصرة المتطرفة الهجوم.", "جبهة النصرة", "جبهة النصرة المتطرفة"),
        # coordinated domains inside one ministry's name; a second body after an adjective
        ("وأصدرت وزارة الزراعة والمياه بيانا.", "وزارة الزراعة والمياه", None),
        ("وانتشر الحرس الوطني والأمن العام في المدينة.", None, "الحرس الوطني والأمن العام"),
        # a title starts the next mention: it ends the complement
        (
            "وقال مدير مستشفى الولادة الدكتور سامي الحربي إن الحالة مستقرة.",
            "مستشفى الولادة",
            "مستشفى الولادة الدكتور",
        ),
    ],
)
def test_organisation_spans(text: str, wanted: str | None, unwanted: str | None) -> None:
    found = _mentions(text)
    if wanted is not None:
        assert ("ORG", wanted) in found, found
    if unwanted is not None:
        assert all(mention != unwanted for _, mention in found), found


@pytest.mark.parametrize(
    ("words", "known", "spans"),
    [
        ("أعلنت الشرطة الأردنية", ["", "", NISBA_MARK], [(1, 2, 0)]),
        ("وذكرت والرئاسة المصرية", ["", "", NISBA_MARK], [(1, 2, 1)]),  # و stays out
        ("وذكر التلفزيون المصرية", ["", "", NISBA_MARK], []),  # no agreement
        ("وذكر التلفزيون المصريين", ["", "", NISBA_MARK], []),  # a plural: people
        ("أعلنت الشرطة الأردنية", ["", "", ""], []),  # no nisba, no institution
    ],
)
def test_institution_spans(words: str, known: list[str], spans: list[tuple[int, int, int]]) -> None:
    norm = [normalise(w) for w in words.split()]
    found = institution_spans(norm, known)
    assert [(p.first, p.last, p.clitic) for p in found] == spans
    assert all(p.label == "ORG" for p in found)
