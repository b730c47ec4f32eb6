"""Sentence segmentation and tokenisation with character offsets.

Sentences end at ``. ! ? ؟ ؛ …`` and at every line break (a paragraph ends a
sentence); the Arabic comma ``،`` does not end one. A sentence never ends inside a
quotation (« » “ ” „ and straight "), but a quotation left open at the end of a
paragraph is ignored rather than allowed to swallow the following text. Decimals
(``12.5``) and abbreviations (``د.``، ``أ.د.``) do not end a sentence.

>>> text = "قال الوزير: «نعم. لا». ثم غادر؟ نعم"
>>> [text[s:e] for s, e in sentence_spans(text)]
['قال الوزير: «نعم. لا».', 'ثم غادر؟', 'نعم']
>>> t = "بلغ 12.5 مليار"
>>> [t[s:e] for s, e in tokens(t)]
['بلغ', '12.5', 'مليار']
"""

from __future__ import annotations

import re

from khabar.arabic import letters as L

SENTENCE_END = ".!?\u061f\u061b\u2026\u06d4"  # . ! ? ؟ ؛ … ۔
# Marks that may close a sentence after its final punctuation: quotes and brackets.
TRAILING_CLOSERS = L.CLOSING_QUOTES + "\"')]}"
# Short words before a full stop that are abbreviations, not sentence ends (normalised-ish).
ABBREVIATIONS = frozenset(
    {"د", "أ", "ا", "م", "ص", "ب", "ج", "ه", "هـ", "ت", "ق", "ش", "ع", "س", "ك", "إلخ", "الخ",
     "Dr", "Mr", "Mrs", "Ms", "St", "Prof", "No", "vs", "etc", "Inc", "Ltd", "Co"}
)
# Which closing mark ends which opening mark.
_PAIRS = {
    "\u201c": "\u201d\u201c",
    "\u00ab": "\u00bb",
    "\u201e": "\u201d\u201c",
    "\u201a": "\u2019",
    "\u2018": "\u2019",
    "\u00bb": "\u00bb\u00ab",
    "\u201d": "\u201d\u201c",
}
_END_OR_CLOSER = SENTENCE_END + TRAILING_CLOSERS
_LETTER_RE = re.compile(r"[^\W\d_]")
# The characters ``quote_ranges`` acts on, and the ones that may end a sentence.
_QUOTE_MARK_RE = re.compile('["\u201c\u00ab\u201e\u2018\u201a\u201d\u00bb\u2019]')
_SENTENCE_END_RE = re.compile("[" + re.escape(SENTENCE_END) + "]")
_QUOTE_MARKS = '"\u201c\u00ab\u201e\u2018\u201a\u201d\u00bb\u2019'
# Everything ``sentence_spans`` acts on, in one class: line breaks, quotation and end marks.
_MARK_RE = re.compile("[\n" + re.escape(_QUOTE_MARKS + SENTENCE_END) + "]")


def quote_ranges(paragraph: str) -> list[tuple[int, int]]:
    """Outermost matched quotation ranges ``[open, close]`` (inclusive) in one paragraph.

    Unmatched marks are ignored, so an unclosed quote protects nothing.

    >>> quote_ranges('قال "نعم" و«لا')
    [(4, 8)]
    """
    return _quote_ranges_at(paragraph, [m.start() for m in _QUOTE_MARK_RE.finditer(paragraph)])


def _quote_ranges_at(paragraph: str, marks: list[int]) -> list[tuple[int, int]]:
    """:func:`quote_ranges` given where the paragraph's quotation marks are (one scan of
    the whole text finds them for every paragraph: :func:`sentence_spans`)."""
    stack: list[tuple[str, int]] = []
    ranges: list[tuple[int, int]] = []
    for i in marks:  # only the marks, not every character
        char = paragraph[i]
        if char == '"':
            if stack and stack[-1][0] == '"':
                _close(stack, ranges, i)
            else:
                stack.append((char, i))
        elif char in "\u201c\u00ab\u201e\u2018\u201a":
            reused = char == "\u201c" and stack and stack[-1][0] in "\u201c\u201d"
            if reused and _ends_word(paragraph, i):
                _close(stack, ranges, i)  # “…“ used as a closing mark
            else:
                stack.append((char, i))
        elif char in "\u201d\u00bb\u2019":
            if stack and char in _PAIRS.get(stack[-1][0], "") and not (
                char == "\u00bb" and stack[-1][0] == "\u00bb" and _opens_word(paragraph, i)
            ):
                _close(stack, ranges, i)
            elif _opens_word(paragraph, i) and char != "\u2019":
                stack.append((char, i))  # »word» or ”word” written with a closing mark first
    return _outermost(ranges)


def _close(stack: list[tuple[str, int]], ranges: list[tuple[int, int]], i: int) -> None:
    _, opened = stack.pop()
    ranges.append((opened, i))


def _opens_word(text: str, i: int) -> bool:
    """The mark is glued to the next word (and not to the previous one as a closer would be)."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i > 0 else " "
    return bool(_LETTER_RE.match(nxt)) and not (_LETTER_RE.match(prev) and prev not in "لبـ")


def _ends_word(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not prev.isspace() and not _LETTER_RE.match(nxt)


def _outermost(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if kept and start <= kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], end))
        else:
            kept.append((start, end))
    return kept


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every sentence, whitespace trimmed, in text order.

    One regex scan of the whole text finds the line breaks, quotation marks and end marks;
    each paragraph (line) is then read from its own marks only.
    """
    spans: list[tuple[int, int]] = []
    quotes: list[int] = []  # offsets in the current paragraph
    ends: list[int] = []
    start = 0
    for match in _MARK_RE.finditer(text):
        i = match.start()
        char = text[i]
        if char == "\n":
            _add_paragraph(text, start, i, quotes, ends, spans)
            start = i + 1
            quotes = []
            ends = []
        elif char in _QUOTE_MARKS:
            quotes.append(i - start)
        else:
            ends.append(i - start)
    _add_paragraph(text, start, len(text), quotes, ends, spans)
    return spans


def _add_paragraph(
    text: str,
    start: int,
    stop: int,
    quotes: list[int],
    ends: list[int],
    spans: list[tuple[int, int]],
) -> None:
    """Append the sentences of the paragraph ``text[start:stop]`` (its quotation and end
    marks at ``quotes`` and ``ends``, paragraph offsets) to ``spans``, in text offsets."""
    if not ends:  # one sentence (quotation marks protect nothing without an end mark)
        first, last = _trim(text, start, stop)
        if first < last:
            spans.append((first, last))
        return
    paragraph = text[start:stop]
    found = _sentences_at(paragraph, _quote_ranges_at(paragraph, quotes) if quotes else [], ends)
    spans.extend((start + s, start + e) for s, e in found)


def _paragraph_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph (what :func:`sentence_spans` does for each line)."""
    ends = [m.start() for m in _SENTENCE_END_RE.finditer(paragraph)]
    return _sentences_at(paragraph, quote_ranges(paragraph), ends)


def _sentences_at(
    paragraph: str, protected: list[tuple[int, int]], ends: list[int]
) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph: visits only the end marks (at ``ends``), and skips
    those strictly inside a protected quotation (``protected`` is sorted and disjoint, so
    one forward pointer suffices)."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(paragraph)
    k = 0  # first protected range that does not end before the current mark
    for i in ends:
        if i < start:
            continue  # already swallowed as a trailing closer of the previous sentence
        while k < len(protected) and protected[k][1] <= i:
            k += 1
        if k < len(protected) and protected[k][0] < i:
            continue  # inside a quotation
        if _is_non_final_dot(paragraph, i):
            continue
        end = i + 1
        while end < n and paragraph[end] in _END_OR_CLOSER:
            end += 1
        spans.append((start, end))
        start = end
    spans.append((start, n))
    return [trimmed for s, e in spans if (trimmed := _trim(paragraph, s, e))[0] < trimmed[1]]


def _is_non_final_dot(text: str, i: int) -> bool:
    """A full stop inside a number (12.5) or after an abbreviation (د. / أ.د.)."""
    if text[i] != ".":
        return False
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isdigit() and nxt.isdigit():
        return True
    if nxt == ".":
        return False
    word_start = i
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] != ".":
        word_start -= 1
    word = text[word_start:i].strip("\"'()«»“”")
    return word in ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_INVISIBLE = L.ZERO_WIDTH + L.BIDI_CONTROLS
_TOKEN_RE = re.compile(
    r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*"
    rf"|(?:[^\W\d_]|[{_MARKS}])+"
    rf"|[^\s{re.escape(_INVISIBLE)}]"
)


def tokens(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every token: words (Arabic or Latin, with their diacritics),
    numbers (decimals kept whole), and each punctuation mark on its own.

    >>> t = "قال: «سنقدم»"
    >>> [t[s:e] for s, e in tokens(t)]
    ['قال', ':', '«', 'سنقدم', '»']
    """
    return [m.span() for m in _TOKEN_RE.finditer(text)]
