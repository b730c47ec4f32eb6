"""Dates printed on Arabic news pages: Gregorian (every month-name family) and Hijri.

Month names are data (``resources/months.json``, built by ``scripts/build_months.py``
from Unicode CLDR). Matching runs on the normalised view (hamza/alef folded,
Arabic-Indic digits as ASCII, tatweel dropped) and spans are reported in original
offsets, so ``text[m.start:m.end]`` is exactly the date as printed.

>>> [m.iso for m in find_gregorian_dates("الأربعاء 18 يناير 2017 م")]
['2017-01-18']
>>> [m.iso for m in find_hijri_dates("١٩ ربيع الثانيI ١٤٣٨ هـ")]
['1438-04-19']
>>> [m.iso for m in find_gregorian_dates("١٢ تشرين الثاني ٢٠٢٥")]
['2025-11-12']
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from khabar.arabic.normalise import normalise, normalised_view

Calendar = Literal["gregorian", "hijri"]

# Years a news page plausibly prints; anything else is a number, not a date.
GREGORIAN_YEARS = range(1900, 2101)
HIJRI_YEARS = range(1300, 1601)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text: original span, ISO value and calendar."""

    start: int
    end: int
    iso: str
    calendar: Calendar


@dataclass(frozen=True, slots=True)
class MonthTables:
    """Normalised month spelling → month number, per calendar."""

    gregorian: dict[str, int]
    hijri: dict[str, int]


@lru_cache(maxsize=1)
def month_tables() -> MonthTables:
    """Load the month-name resource once; keys are normalised (and lower-cased) spellings."""
    raw = json.loads(
        resources.files("khabar.arabic").joinpath("resources/months.json").read_text("utf-8")
    )
    return MonthTables(
        gregorian={_fold(k): int(v) for k, v in raw["gregorian"].items()},
        hijri={_fold(k): int(v) for k, v in raw["hijri"].items()},
    )


def _fold(name: str) -> str:
    return " ".join(normalise(name).lower().split())


def _alternation(names: dict[str, int]) -> str:
    # Longest first so "ربيع الثاني" wins over a shorter prefix; spaces may vary on pages.
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    tables = month_tables()
    greg = _alternation(tables.gregorian)
    hijri = _alternation(tables.hijri)
    # Junk glued to a month ("الثانيI") is Latin letters; a paired form is "شباط/فبراير".
    day_month_year = re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})\s*[-/.]?\s*(?P<month>{greg})"
        rf"(?:\s*[/(]\s*(?P<month2>{greg})\s*\)?)?[A-Za-z]*\s*[,،]?\s*(?P<year>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    month_day_year = re.compile(
        rf"\b(?P<month>{greg})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*[,،]?\s*(?P<year>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    hijri_re = re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})\s*[-/.]?\s*(?:من\s+)?(?P<month>{hijri})[A-Za-z]*\s*[,،]?\s*"
        rf"(?:سنه\s+|عام\s+)?(?P<year>\d{{4}})(?!\d)(?:\s*(?:ه\b|هجري(?:ه)?\b))?",
    )
    return day_month_year, month_day_year, hijri_re


_NUMERIC_YMD = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
)
_NUMERIC_DMY = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})(?!\d)"
)


def gregorian_iso(year: int, month: int, day: int) -> str | None:
    """ISO date if it exists in the Gregorian calendar and a page could print it.

    >>> gregorian_iso(2017, 2, 30) is None
    True
    """
    if year not in GREGORIAN_YEARS:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def hijri_iso(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` in AH if the parts are a plausible Hijri date (day 1–30).

    >>> hijri_iso(1438, 4, 19)
    '1438-04-19'
    """
    if year not in HIJRI_YEARS or not 1 <= month <= 12 or not 1 <= day <= 30:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_gregorian_dates(text: str) -> list[DateMatch]:
    """Every Gregorian date written with a month name or as digits, in text order."""
    view = normalised_view(text)
    tables = month_tables()
    day_month_year, month_day_year, _ = _patterns()
    found: list[DateMatch] = []
    for pattern in (day_month_year, month_day_year):
        for m in pattern.finditer(view.text):
            month = tables.gregorian.get(_fold(m.group("month")))
            if month is None:
                continue
            iso = gregorian_iso(int(m.group("year")), month, int(m.group("day")))
            if iso:
                found.append(_match(view.to_original(m.start(), m.end()), iso, "gregorian"))
    for pattern in (_NUMERIC_YMD, _NUMERIC_DMY):
        for m in pattern.finditer(view.text):
            iso = gregorian_iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            if iso:
                found.append(_match(view.to_original(m.start(), m.end()), iso, "gregorian"))
    return _dedupe(found)


def find_hijri_dates(text: str) -> list[DateMatch]:
    """Every Hijri date written with a month name (or as digits with a هـ marker)."""
    view = normalised_view(text)
    tables = month_tables()
    _, _, hijri_re = _patterns()
    found: list[DateMatch] = []
    for m in hijri_re.finditer(view.text):
        month = tables.hijri.get(_fold(m.group("month")))
        if month is None:
            continue
        iso = hijri_iso(int(m.group("year")), month, int(m.group("day")))
        if iso:
            found.append(_match(view.to_original(m.start(), m.end()), iso, "hijri"))
    for pattern in (_NUMERIC_YMD, _NUMERIC_DMY):  # digits count as Hijri only with هـ after
        for m in pattern.finditer(view.text):
            tail = view.text[m.end() : m.end() + 3]
            if tail.strip().startswith("ه"):
                iso = hijri_iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
                if iso:
                    found.append(_match(view.to_original(m.start(), m.end()), iso, "hijri"))
    return _dedupe(found)


def _match(span: tuple[int, int], iso: str, calendar: Calendar) -> DateMatch:
    return DateMatch(span[0], span[1], iso, calendar)


def _dedupe(found: list[DateMatch]) -> list[DateMatch]:
    """Text order; a match inside an earlier, longer one is dropped."""
    kept: list[DateMatch] = []
    for match in sorted(found, key=lambda d: (d.start, -d.end)):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def hijri_to_gregorian(hijri: str) -> str | None:
    """Umm al-Qura conversion of an AH ``YYYY-MM-DD``; ``None`` outside the table's range.

    >>> hijri_to_gregorian("1438-04-19")
    '2017-01-17'
    """
    from hijridate import Hijri

    year, month, day = (int(part) for part in hijri.split("-"))
    try:
        return str(Hijri(year, month, day).to_gregorian().isoformat())
    except (ValueError, OverflowError):
        return None


def hijri_gap_days(hijri: str, gregorian: str) -> int | None:
    """Days between a printed Hijri date and a printed Gregorian one (``None``: unknown).

    Printed Hijri dates often differ from Umm al-Qura by a day or two (moon sighting),
    so callers compare the gap against a tolerance rather than expect zero.

    >>> hijri_gap_days("1438-04-19", "2017-01-18")
    1
    """
    converted = hijri_to_gregorian(hijri)
    if converted is None:
        return None
    delta = dt.date.fromisoformat(gregorian) - dt.date.fromisoformat(converted)
    return abs(delta.days)
