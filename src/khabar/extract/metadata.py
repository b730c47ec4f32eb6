"""The metadata cascade: small pure functions, each reading one clue.

Each ``find_*`` function looks at one kind of evidence (a header line, a breadcrumb, a
phrase in the body, a footer) and returns a value or ``None``; ``extract.article`` decides
the order. Datelines and bylines are read by ``extract.dateline`` (re-exported here).
Nothing here matches one outlet: places, agencies and outlets are word lists
(``resources/``), the rest is line shape.

>>> find_section("الرئيسية / الأولى / مؤتمر باريس", "مؤتمر باريس")
'الأولى'
>>> parse_dateline("حذيفة القرشي - جدة").byline
'حذيفة القرشي'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from khabar.arabic.dates import DateMatch, find_gregorian_dates, find_hijri_dates
from khabar.arabic.normalise import normalise
from khabar.extract.dateline import (
    FUNCTION_WORDS,
    PIECE_SPLIT_RE,
    QUOTE_CHARS,
    Dateline,
    bare_word,
    classify_segment,
    parse_dateline,
    split_glued_dateline,
)
from khabar.extract.lexicon import agency_of, is_place, key, outlet_of, ui_phrases

__all__ = [
    "Dateline",
    "breadcrumb_crumbs",
    "classify_segment",
    "find_credits",
    "find_hijri_date",
    "find_outlet_in_text",
    "find_page_date",
    "find_section",
    "is_breadcrumb",
    "is_date_banner",
    "parse_dateline",
    "same_text",
    "split_glued_dateline",
]

_TIME_WORDS = frozenset({"اليوم"})  # also a newspaper name ("اليوم")

# A date banner line is short ("الأربعاء 18 يناير 2017 م - ١٩ ربيع الثاني ١٤٣٨ هـ | 18:07").
MAX_BANNER_CHARS = 160

_SOURCE_LABEL_RE = re.compile(r"^\s*(?:المصدر|مصدر\s+الخبر|source)\s*[:：]\s*", re.IGNORECASE)


def find_credits(lines: Sequence[str]) -> tuple[str, ...]:
    """Agencies credited by footer lines (``المصدر: رويترز``, ``(أ ف ب)``).

    >>> find_credits(["المصدر: رويترز", "إلى الأعلى"]), find_credits(["(أ ف ب)"])
    (('رويترز',), ('أ ف ب',))
    """
    found: list[str] = []
    for line in lines:
        text = _SOURCE_LABEL_RE.sub("", line).strip().strip("()[]{} ")
        if not text or len(text.split()) > 6:
            continue
        for piece in PIECE_SPLIT_RE.split(text):
            agency = agency_of(piece.strip(" ()"))
            if agency and agency not in found:
                found.append(agency)
    return tuple(found)


def find_section(breadcrumb: str | None, title: str | None = None) -> str | None:
    """The section named in a breadcrumb: the first crumb after home that is not the title.

    >>> find_section("الرئيسية / الأولى / مؤتمر باريس", "مؤتمر باريس")
    'الأولى'
    """
    if not breadcrumb:
        return None
    crumbs = breadcrumb_crumbs(breadcrumb)
    home = ui_phrases().home
    title_key = key(title) if title else None
    for crumb in crumbs:
        k = key(crumb)
        if k in home or k == title_key or (title_key and title_key.startswith(k) and len(k) > 20):
            continue
        if len(crumb.split()) <= 4:
            return crumb
    return None


_CRUMB_SPLIT_RE = re.compile(r"\s+[/>|»\u203a]\s+|\s*\u203a\s*")
# Without guillemet quotes on the line, a glued » is a separator too ("الرئيسية»اقتصاد").
_CRUMB_SPLIT_LOOSE_RE = re.compile(r"\s+[/>|]\s+|\s*[»\u203a]\s*")


def breadcrumb_crumbs(line: str) -> list[str]:
    """The crumbs of a breadcrumb line, in order (« » used as quotes are not separators).

    >>> breadcrumb_crumbs("الرئيسية » اقتصاد » أسواق")
    ['الرئيسية', 'اقتصاد', 'أسواق']
    >>> breadcrumb_crumbs("«جيش الإسلام» و«النصرة» يطوقان خلافاتهما")
    ['«جيش الإسلام» و«النصرة» يطوقان خلافاتهما']
    """
    if not _has_crumb_separator(line):
        # Nothing to split at: most lines asked about are body paragraphs, which the split
        # regex (no literal prefix) would try at every position.
        whole = line.strip()
        return [whole] if whole else []
    pattern = _CRUMB_SPLIT_RE if "«" in line else _CRUMB_SPLIT_LOOSE_RE
    return [c.strip() for c in pattern.split(line) if c.strip()]


def _has_crumb_separator(line: str) -> bool:
    """Whether the line holds a character every crumb separator contains (/ > | » ›)."""
    return "/" in line or ">" in line or "|" in line or "\u00bb" in line or "\u203a" in line


def is_breadcrumb(line: str) -> bool:
    """A navigation trail: starts at home, or three short crumbs.

    >>> is_breadcrumb("الرئيسية / الأولى / مؤتمر باريس"), is_breadcrumb("قال: نعم / لا")
    (True, False)
    """
    crumbs = breadcrumb_crumbs(line)
    if len(crumbs) < 2:
        return False
    if key(crumbs[0]) in ui_phrases().home:
        return True
    return len(crumbs) >= 3 and all(len(c.split()) <= 3 for c in crumbs[:-1])


def find_page_date(lines: Sequence[str]) -> str | None:
    """The first Gregorian date printed in the header lines (never the body)."""
    for line in lines:
        dates = _gregorian_dates(line)
        if dates:
            return dates[0].iso
    return None


def find_hijri_date(lines: Sequence[str]) -> str | None:
    """The first Hijri date printed in the header lines."""
    for line in lines:
        dates = _hijri_dates(line)
        if dates:
            return dates[0].iso
    return None


# One page asks about the same header lines several times (is it a date banner? its
# Gregorian date? its Hijri date?): each line's dates are found once. Lines without a
# digit hold no date (every date pattern needs a year in digits) and are not looked at.
@lru_cache(maxsize=1024)
def _gregorian_dates(line: str) -> tuple[DateMatch, ...]:
    return tuple(find_gregorian_dates(line)) if _ANY_DIGIT.search(line) else ()


@lru_cache(maxsize=1024)
def _hijri_dates(line: str) -> tuple[DateMatch, ...]:
    return tuple(find_hijri_dates(line)) if _ANY_DIGIT.search(line) else ()


# Words a date line carries besides the dates: weekdays, "published/updated", times.
_DATE_LINE_WORDS = frozenset(
    normalise(w).lower()
    for w in (
        "السبت الأحد الاحد الإثنين الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة "
        "يوم م هـ ه ميلادي ميلادية هجري هجرية الموافق الموافقة تاريخ التاريخ النشر نشر نشرت "
        "بتاريخ في آخر اخر تحديث محدث تم الساعة صباحا صباحاً مساء مساءً ص "
        "saturday sunday monday tuesday wednesday thursday friday "
        "am pm published updated last update on at gmt"
    ).split()
)
# Other words a banner may hold (the site's name); more and the line is a headline.
MAX_BANNER_OTHER_WORDS = 3


_ANY_DIGIT = re.compile(r"\d")


def without_dates(line: str) -> str:
    """The line with every date blanked out (offsets kept).

    >>> without_dates("بريدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس").split()
    ['بريدة', 'ـ', 'الموافق', 'م', 'واس']
    """
    if not _ANY_DIGIT.search(line):
        return line  # every date pattern needs a year in digits
    dates = _gregorian_dates(line) + _hijri_dates(line)
    rest = list(line)
    for d in dates:
        rest[d.start : d.end] = [" "] * (d.end - d.start)
    return "".join(rest)


def _banner_words(text: str) -> list[str]:
    """Words with letters, punctuation and tatweel stripped."""
    words = (w.strip(":،,.|-()[]\u0640") for w in text.split())
    return [w for w in words if re.search(r"[^\W\d_]", w.replace("\u0640", ""))]


def dateline_in_banner(line: str) -> Dateline | None:
    """A dateline printed with the date (``الرياض 25 شوال 1436 هـ الموافق … واس``)."""
    pieces = []
    for run in re.split(r"\s{2,}|[|\-\u2013\u2014]", without_dates(line)):
        kept = [w for w in _banner_words(run) if normalise(w).lower() not in _DATE_LINE_WORDS]
        if kept:
            pieces.append(" ".join(kept))
    if not pieces:
        return None
    found = parse_dateline(" - ".join(pieces), strict=True)
    return found if found is not None and (found.place or found.credits) else None


def is_date_banner(line: str) -> bool:
    """A line that is just a date (weekday, Gregorian and/or Hijri, time, "نشر في").

    >>> is_date_banner("الأربعاء 18 يناير 2017 م - ١٩ ربيع الثانيI ١٤٣٨ هـ")
    True
    >>> is_date_banner("تاريخ النشر: الأربعاء 18 يناير 2017 - 10:30 صباحا")
    True
    >>> is_date_banner("انطلاق معرض الكتاب الدولي في 18 يناير 2017")
    False
    """
    if len(line) > MAX_BANNER_CHARS:
        return False  # a paragraph, not a banner (and not worth normalising here)
    rest = without_dates(line)
    if rest == line:
        return False
    others = [w for w in _banner_words(rest) if normalise(w).lower() not in _DATE_LINE_WORDS]
    return len(others) <= MAX_BANNER_OTHER_WORDS


_QUOTED_NAME = r"[«\"“”»]\s*(?P<name>[^«»\"“”\n:،,.]{2,30}?)\s*[»\"”“«]"
# The word boundary is checked by a lookbehind *after* the first letter (``ل(?<!\wل)`` is
# ``\bل``): a pattern that starts with a letter lets the regex engine skip ahead to the
# candidates, where a leading ``\b`` makes it try every position of the page.
_STATEMENT_TO_RE = re.compile(rf"ل(?<!\wل)\u0640*\s*{_QUOTED_NAME}")
_OBTAINED_VERBS = ("حصلت", "اطلعت", "علمت", "تلقت", "انفردت")
_OBTAINED_RE = re.compile(
    "(?:"
    + "|".join(rf"{verb}(?<!\w{verb})" for verb in _OBTAINED_VERBS)
    + r"|تحدثت(?<!\wتحدثت)\s+(?:إليه|اليه|إليها|اليها|إليهم|اليهم))"
    + rf"\s+{_QUOTED_NAME}"
)
_FOOTER_LINK_RE = re.compile(
    r"رابط\s+(?:الخبر|المقال|الموضوع)\s+(?:ب|في\s+|على\s+)?(?:صحيفة|جريدة|موقع)\s+"
    r"(?P<name>[^\s:،]+(?:\s+[^\s:،]+){0,2}?)\s*:"
)


_COPYRIGHT_RE = re.compile(
    r"(?:الحقوق|حقوق\s+النشر)\s+محفوظ[ةه]\s+ل\u0640*\s*(?:صحيفة|جريدة|موقع|مجلة|قناة)?\s*"
    r"[«\"“]?(?P<name>[^\s©\d«»\"“”.،,]+(?:\s+[^\s©\d«»\"“”.،,]+){0,2}?)[»\"”]?\s*(?:©|\d|$|[.،,])"
)


# Words that make "لـ«X»" a statement given to X (قال لـ«الوطن»، مصادر لـ«عكاظ»، في حديث لـ…).
_STATEMENT_WORDS = frozenset(
    normalise(w)
    for w in (
        "قال قالت وقال وقالت أكد أكدت وأكد وأكدت أوضح أوضحت وأوضح كشف كشفت وكشف وكشفت صرح "
        "صرحت وصرح تصريح تصريحات بتصريح حديث بحديث حوار أضاف وأضاف أفاد أفادت وأفاد ذكر ذكرت "
        "أشار أشارت وأشار بين بينت وبين أبلغ أبلغت وأبلغ مصدر مصادر خاص خاصة توقع توقعت "
        "أعلن أعلنت وأعلن نفى نفت ونفى أكدوا قالوا أوضحوا كشفوا أشاروا"
    ).split()
)
# How many words before "لـ" the reporting word may be.
STATEMENT_WINDOW_WORDS = 12


def _is_statement(text: str, at: int) -> bool:
    before = normalise(text[max(0, at - 120) : at]).split()[-STATEMENT_WINDOW_WORDS:]
    return any(w.strip("،,:«»\"") in _STATEMENT_WORDS for w in before)


# Words every match of a pattern contains: a substring test is far cheaper than a scan by
# a regex that starts with an alternation (no literal prefix for the engine to skip to).
_PATTERN_WORDS: dict[re.Pattern[str], tuple[str, ...]] = {
    _FOOTER_LINK_RE: ("رابط",),
    _COPYRIGHT_RE: ("محفوظ",),
    _OBTAINED_RE: (*_OBTAINED_VERBS, "تحدثت"),
}


def find_outlet_in_text(text: str) -> str | None:
    """An outlet named by the body: a statement given to it (``لـ«الوطن»``), a document it
    obtained (``حصلت «اليوم» على``), or a link footer (``رابط الخبر بصحيفة X:``).

    >>> find_outlet_in_text('وكشفت مصادر مطلعة لـ"الوطن" أن الوزارة')
    'الوطن'
    >>> find_outlet_in_text("وقال لـ«رويترز» إن") is None
    True
    """
    votes: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for pattern in (_FOOTER_LINK_RE, _COPYRIGHT_RE, _OBTAINED_RE, _STATEMENT_TO_RE):
        if not any(word in text for word in _PATTERN_WORDS.get(pattern, ("",))):
            continue  # a word every match contains is absent: skip the regex scan
        for m in pattern.finditer(text):
            if pattern is _STATEMENT_TO_RE and not _is_statement(text, m.start()):
                continue  # "التابع لـ«داعش»": belonging, not a statement to a paper
            name = m.group("name").strip()
            if not name or len(name.split()) > 3 or agency_of(name) or is_place(name):
                continue
            if any(bare_word(w) in FUNCTION_WORDS - _TIME_WORDS for w in name.split()):
                continue
            value = outlet_of(name) or name
            votes[value] += 1
            first_seen.setdefault(value, m.start())
    if not votes:
        return None
    return max(votes, key=lambda v: (votes[v], -first_seen[v]))


def same_text(a: str, b: str) -> bool:
    """Equal after normalisation and with spacing/quote marks folded (repeated titles)."""
    if abs(len(a) - len(b)) > max(len(a), len(b)) // 4 + 4:
        return False  # folding only removes marks and spaces: lengths stay close
    return _loose(a) == _loose(b)


_QUOTE_CHAR_RE = re.compile("[" + re.escape(QUOTE_CHARS) + "]")


def _loose(text: str) -> str:
    folded = normalise(text)
    folded = _QUOTE_CHAR_RE.sub("", folded)
    return " ".join(folded.split())
