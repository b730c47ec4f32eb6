"""Places the gazetteer knows: official country names, provinces, minor cities news trusts.

Invented sentences. The entries come from ``scripts/build_gazetteers.py`` (official names of
pycountry's Arabic ISO 3166, bare province names of the world-cities list, minor cities that
SaudiNewsNet often writes after a place head); homographs of common words stay out.
"""

from __future__ import annotations

import pytest

from khabar.nlp.entities import recognise


def _found(text: str, profile: str = "khabar") -> set[tuple[str, str]]:
    return {(e.label, e.text) for e in recognise(text, profile=profile)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "label", "mention"),
    [
        ("ووصل الوفد إلى سلطنة عمان صباح اليوم.", "GPE", "سلطنة عمان"),
        ("وتستضيف دولة الكويت القمة المقبلة.", "GPE", "دولة الكويت"),
        ("واندلعت اشتباكات عنيفة في محافظة لحج جنوبي البلاد.", "LOC", "لحج"),
        ("وسقطت قذائف على ريف إدلب الجنوبي.", "LOC", "إدلب"),
        ("ويقام المهرجان في الطائف خلال الصيف.", "LOC", "الطائف"),
        ("ونقل المصابون إلى مستشفى في القطيف.", "LOC", "القطيف"),
    ],
)
def test_places_found(text: str, label: str, mention: str) -> None:
    assert (label, mention) in _found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("وحكم عليه بعقوبة السجن خمس سنوات.", "بعقوبة"),  # ب + عقوبة, not Baqubah
        ("لا أنسى ذلك اليوم أبدا.", "أنسى"),  # a verb, not Annecy
        ("وأشاد بمعان كثيرة في القصيدة.", "بمعان"),
    ],
)
def test_homographs_are_no_places(text: str, word: str) -> None:
    assert all(mention != word for _, mention in _found(text))


def test_anercorp_profile_leaves_the_state_head_out() -> None:
    """ANERcorp tags دولة [الكويت]: the head stays out of the place in its profile."""
    text = "وتستضيف دولة الكويت القمة المقبلة."
    assert ("GPE", "دولة الكويت") in _found(text)
    anercorp = {mention for _, mention in _found(text, "anercorp")}
    assert "الكويت" in anercorp and "دولة الكويت" not in anercorp
