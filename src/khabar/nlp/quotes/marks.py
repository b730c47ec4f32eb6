"""Quotation-mark pairing as one linear scan over the marks of a text.

Arabic news mixes “ ” « » „ " ' ‘ ’ and often gets them wrong: reversed marks (``بـ”الكلاب”``),
nested marks closed by a different glyph (the seed's ``“30 دولة … تقول “قررنا …”"``), openers
never closed. A mark's role is read from its context (a space or a one-letter prefix before it
and a letter after it opens), the glyph breaking ties. A stack pairs marks; openers still open
at the end of a paragraph are dropped (they never delimited speech there). Every mark is pushed
and popped at most once, so 100k marks cost linear time.
"""

from __future__ import annotations

from typing import Final

from khabar.arabic import letters as L

OPENING: Final = frozenset(L.OPENING_QUOTES)
CLOSING: Final = frozenset(L.CLOSING_QUOTES)
SYMMETRIC: Final = frozenset('"')
APOSTROPHES: Final = frozenset("'\u2018\u2019")
ALL_MARKS: Final = frozenset(L.QUOTE_MARKS)
# Words of one letter that cling to the next word (بـ، لـ، و، ف، ك) and may precede an opening mark.
_CLITICS: Final = frozenset("\u0628\u0644\u0648\u0641\u0643")
_OPEN_CONTEXT: Final = frozenset(" \t\n([{:\u060c,\u061b;-\u2013\u2014\u0640")
_CLOSE_CONTEXT: Final = frozenset(" \t\n)]}.,:;!?\u060c\u061b\u061f\u06d4-\u2013\u2014")


def _opens_by_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() or after in ALL_MARKS:
        return False
    if before in _OPEN_CONTEXT:
        return True
    # A one-letter clitic: لـ"الوطن" (tatweel already folded away in the view) or بـ”الكلاب”.
    return before in _CLITICS and (i < 2 or not text[i - 2].isalnum())


def _closes_by_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    return after in _CLOSE_CONTEXT or after in ALL_MARKS or not after.isalnum()


def mark_role(text: str, i: int, open_depth: int) -> str | None:
    """``"open"``, ``"close"`` or ``None`` (not a quotation mark here) for the mark at ``i``."""
    char = text[i]
    opens = _opens_by_context(text, i)
    closes = _closes_by_context(text, i)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close" if open_depth else None
    # Context is ambiguous (letters or spaces on both sides): the glyph decides.
    if char in APOSTROPHES and not opens and not closes:
        return None  # an apostrophe inside a word
    if char in OPENING:
        return "open"
    if char in CLOSING:
        return "close" if open_depth else None
    return "close" if open_depth else "open"


def pair_quote_marks(
    text: str, positions: list[int], unclosed: list[int] | None = None
) -> list[tuple[int, int]]:
    """Outermost ``(open, close)`` mark positions, in text order.

    ``positions`` are the indices of quotation-mark characters in ``text`` (ascending). Outermost
    openers never closed in their paragraph are appended to ``unclosed`` when given.

    >>> s = 'قال “نعمل “معا” الآن" ثم «انتهى'
    >>> marks = [i for i, c in enumerate(s) if c in "“”\\"«"]
    >>> found: list[int] = []
    >>> [s[a + 1 : b] for a, b in pair_quote_marks(s, marks, found)], [s[i + 1 :] for i in found]
    (['نعمل “معا” الآن'], ['انتهى'])
    """
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    previous = 0
    size = len(text)
    # mark_role inlined (one call per mark instead of three): pages quote a lot.
    for pos in positions:
        # A paragraph ended since the previous mark: unclosed openers are dropped. Searching
        # only the gap since the previous mark keeps the whole scan linear.
        if stack and text.find("\n", previous, pos) != -1:
            if unclosed is not None:
                unclosed.append(stack[0])
            stack.clear()
        previous = pos
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + 1] if pos + 1 < size else " "
        if after.isspace() or after in ALL_MARKS:
            opens = False
        elif before in _OPEN_CONTEXT:
            opens = True
        else:
            opens = before in _CLITICS and (pos < 2 or not text[pos - 2].isalnum())
        closes = not before.isspace() and (
            after in _CLOSE_CONTEXT or after in ALL_MARKS or not after.isalnum()
        )
        if opens == closes:
            # Context is ambiguous (letters or spaces on both sides): the glyph decides.
            char = text[pos]
            if char in APOSTROPHES and not opens:
                continue  # an apostrophe inside a word
            if char in OPENING or (char not in CLOSING and not stack):
                stack.append(pos)
                continue
        elif opens:
            stack.append(pos)
            continue
        if stack:  # a closing mark (one with nothing open is no quotation mark here)
            start = stack.pop()
            if not stack:
                pairs.append((start, pos))
    if stack and unclosed is not None:
        unclosed.append(stack[0])
    return pairs
