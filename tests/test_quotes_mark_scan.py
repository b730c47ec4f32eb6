"""The quotation-mark pairing scan (``mark_role`` inlined for speed) decides as ``mark_role``.

Reference: the scan written the plain way, one ``mark_role`` call per mark. Hypothesis
builds texts from the characters that decide a mark's role — every quotation glyph, Arabic
letters, a one-letter clitic, spaces, newlines, punctuation — so every branch of the role
table (context opens, context closes, ambiguous: apostrophe, opening glyph, closing glyph,
symmetric glyph) is reached, with and without an opener on the stack.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.nlp.quotes.marks import ALL_MARKS, mark_role, pair_quote_marks

ALPHABET = "“”«»„\"'‘’" + "قالوب" + " \n،.:(-" + "12"


def _reference(text: str, positions: list[int], unclosed: list[int]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    previous = 0
    for pos in positions:
        if stack and "\n" in text[previous:pos]:
            unclosed.append(stack[0])
            stack.clear()
        role = mark_role(text, pos, len(stack))
        if role == "open":
            stack.append(pos)
        elif role == "close" and stack:
            start = stack.pop()
            if not stack:
                pairs.append((start, pos))
        previous = pos
    if stack:
        unclosed.append(stack[0])
    return pairs


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_scan_pairs_as_mark_role_decides(text: str) -> None:
    positions = [i for i, c in enumerate(text) if c in ALL_MARKS]
    expected_unclosed: list[int] = []
    expected = _reference(text, positions, expected_unclosed)
    unclosed: list[int] = []
    assert pair_quote_marks(text, positions, unclosed) == expected
    assert unclosed == expected_unclosed


def test_an_apostrophe_inside_a_word_is_no_mark() -> None:
    text = "قال أوبراين O'Brien «نعمل معا»"
    positions = [i for i, c in enumerate(text) if c in ALL_MARKS]
    pairs = pair_quote_marks(text, positions)
    assert [text[a + 1 : b] for a, b in pairs] == ["نعمل معا"]
