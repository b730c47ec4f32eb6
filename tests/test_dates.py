"""Dates printed on Arabic pages: every month family, digits, Hijri, the Umm al-Qura check."""

from __future__ import annotations

import pytest

from khabar.arabic.dates import (
    find_gregorian_dates,
    find_hijri_dates,
    hijri_gap_days,
    hijri_to_gregorian,
    month_tables,
)
from khabar.extract.article import date_warnings

GREGORIAN_CASES = [
    ("الأربعاء 18 يناير 2017 م", "2017-01-18"),
    ("الاربعاء ١٨ يناير ٢٠١٧م", "2017-01-18"),
    ("١٢ تشرين الثاني ٢٠٢٥", "2025-11-12"),
    ("12 تشرين ثاني 2025", "2025-11-12"),
    ("3 كانون الأول 2019", "2019-12-03"),
    ("الخميس 3 شباط/فبراير 2022", "2022-02-03"),
    ("1 جانفي 2020", "2020-01-01"),
    ("14 جويلية 2021", "2021-07-14"),
    ("5 أوت 2018", "2018-08-05"),
    ("7 غشت 2019", "2019-08-07"),
    ("20 شتنبر 2016", "2016-09-20"),
    ("9 دجنبر 2023", "2023-12-09"),
    ("11 أغسطس 2015", "2015-08-11"),
    ("11 اغسطس 2015", "2015-08-11"),
    ("2 آب 2014", "2014-08-02"),
    ("30 إبريل 2012", "2012-04-30"),
    ("Tuesday, 11 August 2015 - 18:07 pm", "2015-08-11"),
    ("August 11, 2015", "2015-08-11"),
    ("2015-08-11", "2015-08-11"),
    ("11/08/2015", "2015-08-11"),
]


@pytest.mark.parametrize(("text", "iso"), GREGORIAN_CASES)
def test_gregorian_dates(text: str, iso: str) -> None:
    found = find_gregorian_dates(text)
    assert [m.iso for m in found] == [iso]
    assert text[found[0].start : found[0].end].strip()


HIJRI_CASES = [
    ("١٩ ربيع الثانيI ١٤٣٨ هـ", "1438-04-19"),
    ("19 ربيع الآخر 1438هـ", "1438-04-19"),
    ("19 ربيع الاخر 1438 ه", "1438-04-19"),
    ("٥ جمادى الأولى ١٤٤٥هـ", "1445-05-05"),
    ("5 جمادى الاولى 1445", "1445-05-05"),
    ("2 جمادى الآخرة 1440", "1440-06-02"),
    ("2 جمادى الثانية 1440 هـ", "1440-06-02"),
    ("10 ذو الحجة 1436", "1436-12-10"),
    ("10 ذي الحجة 1436 هـ", "1436-12-10"),
    ("1 ذي القعدة 1430", "1430-11-01"),
    ("27 رمضان 1444 هجري", "1444-09-27"),
    ("1 المحرم 1446", "1446-01-01"),
    ("1438/04/19 هـ", "1438-04-19"),
    ("19/4/1438هـ", "1438-04-19"),
    ("١٩-٠٤-١٤٣٨ هـ", "1438-04-19"),
]


@pytest.mark.parametrize(("text", "iso"), HIJRI_CASES)
def test_hijri_dates(text: str, iso: str) -> None:
    found = find_hijri_dates(text)
    assert [m.iso for m in found] == [iso]


@pytest.mark.parametrize(
    "text",
    [
        "قتل 18 شخصا في 2017",  # numbers, no month
        "32 يناير 2017",  # no such day
        "18 يناير 1066",  # not a year a page prints
        "صفر 1438",  # a Hijri month without a day
        "سجل 5 رجب 12 هدفا",  # a name, not a date
    ],
)
def test_not_dates(text: str) -> None:
    assert find_gregorian_dates(text) == []
    assert find_hijri_dates(text) == []


def test_both_calendars_in_one_banner() -> None:
    banner = "الأربعاء 18 يناير 2017 م - ١٩ ربيع الثانيI ١٤٣٨ هـ"
    assert [m.iso for m in find_gregorian_dates(banner)] == ["2017-01-18"]
    assert [m.iso for m in find_hijri_dates(banner)] == ["1438-04-19"]


def test_month_tables_cover_every_month() -> None:
    tables = month_tables()
    assert sorted(set(tables.gregorian.values())) == list(range(1, 13))
    assert sorted(set(tables.hijri.values())) == list(range(1, 13))


@pytest.mark.parametrize(
    ("hijri", "gregorian", "gap"),
    [
        ("1438-04-19", "2017-01-18", 1),
        ("1438-04-19", "2017-01-17", 0),
        ("1438-04-19", "2017-03-18", 60),
    ],
)
def test_hijri_gap(hijri: str, gregorian: str, gap: int) -> None:
    assert hijri_gap_days(hijri, gregorian) == gap


def test_hijri_outside_table_is_unknown() -> None:
    assert hijri_to_gregorian("1300-01-01") is None


@pytest.mark.parametrize(
    ("gregorian", "hijri", "codes"),
    [
        ("2017-01-18", "1438-04-19", []),
        ("2017-01-20", "1438-04-19", ["date-mismatch"]),
        ("2017-01-18", None, []),
        (None, "1438-04-19", []),
    ],
)
def test_date_mismatch_is_a_warning(
    gregorian: str | None, hijri: str | None, codes: list[str]
) -> None:
    assert [w.code for w in date_warnings(gregorian, hijri)] == codes
