"""Quote rules found on pages of outlets the rules were not written on (session 5).

Every example is an invented sentence in the style of Arabic news copy, one per rule; none is
copied from a gold or held-out page.
"""

from __future__ import annotations

import pytest

from khabar.nlp.quotes import find_quotes

# (text, speakers of the quotes found, in order)
SPEAKER_CASES: list[tuple[str, list[str | None]]] = [
    # A spokesman "باسم" + pronoun: the title ends at أن, no name is taken from the clause.
    (
        "ووصل الوزير إلى المدينة، وأفاد المتحدث باسمه أن الرئيس سيزور الميناء غدا.",
        ["المتحدث باسمه"],
    ),
    # After باسم comes who is spoken for: an indefinite body is no personal name.
    (
        "وقال متحدث باسم حرس الحدود التونسي إن الدورية اعترضت قاربا قبالة السواحل.",
        ["متحدث باسم حرس الحدود التونسي"],
    ),
    # ... nor is a person spoken for the spokesman.
    (
        "وقالت المتحدثة باسم هيلاري كلينتون إن الحملة ستبدأ الأسبوع المقبل.",
        ["المتحدثة باسم هيلاري كلينتون"],
    ),
    # A definite body may still be followed by the spokesman's own name.
    (
        "وقال المتحدث باسم الخارجية الفرنسية رومان نادال إن باريس تدين الهجوم.",
        ["رومان نادال"],
    ),
    # باسم as a given name stays a name.
    ("ويقول باسم الخطيب الذي يدير مطعما في الحي إن الإقبال تراجع.", ["باسم الخطيب"]),
    # An adverb after the subject is not part of its name.
    ("ونفت طالبان فورا أنها تخطط لأي هجوم على العاصمة.", ["طالبان"]),
]


@pytest.mark.parametrize(
    ("text", "speakers"), SPEAKER_CASES, ids=[c[0][:30] for c in SPEAKER_CASES]
)
def test_speakers_on_unstudied_constructions(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in find_quotes(text)] == speakers
