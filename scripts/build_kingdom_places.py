"""Build ``src/khabar/nlp/resources/entities/kingdom_places.tsv``: place → the kingdom it is in.

For the page-entity stage (:mod:`khabar.nlp.entities.page`): a bare «المملكة» on a page
datelined in a Saudi (Moroccan, Jordanian, Bahraini) city means that kingdom.

Derived (not copied) from ``../shared/data/gazetteers/world_cities_ar`` (CC BY 4.0,
jamsshhayd/world-cities-translations): the Arabic labels of the cities of the four Arab
kingdoms, province prefixes (محافظة/منطقة …) stripped; a name shared with cities of other
countries is kept only for a kingdom with ten times their population (else a dateline
there is ambiguous). A hand list adds Saudi cities and regions that datelines use and
the source misses or spells differently.
Run: ``.venv/bin/python scripts/build_kingdom_places.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "data" / "gazetteers" / "world_cities_ar" / "world-cities.csv"
OUT = REPO / "src" / "khabar" / "nlp" / "resources" / "entities" / "kingdom_places.tsv"
# A name several countries share counts for the one that has this many times the people of
# all the others together (الرباط: Morocco's capital, a Maltese town); else it is dropped.
DOMINANT = 10
PREFIXES = ("ولاية ", "محافظة ", "مقاطعة ", "إقليم ", "منطقة ")
# Source country label → the kingdom's canonical (as the gazetteer's aliases write it).
KINGDOMS = {
    "المملكة العربية السعودية": "السعودية",
    "المغرب": "المغرب",
    "الأردن": "الأردن",
    "البحرين": "البحرين",
}
# Saudi dateline places (public geography, hand-written).
HAND_SAUDI = """
الرياض، جدة، مكة، مكة المكرمة، المدينة المنورة، الدمام، الخبر، الظهران، الأحساء، الهفوف
الطائف، تبوك، أبها، حائل، بريدة، القصيم، جازان، جيزان، نجران، الباحة، الجوف، عرعر، سكاكا
ينبع، القطيف، الجبيل، خميس مشيط، المنطقة الشرقية، عنيزة، الخرج، القريات، حفر الباطن
بيشة، الرس، المجمعة، رابغ، الدوادمي، الزلفي، صبيا، القنفذة، الليث، محايل عسير، عسير
الحدود الشمالية، المنطقة الشمالية، رفحاء، طريف، الوجه، أملج، ضباء، تيماء، العلا، شرورة
وادي الدواسر، الأفلاج، شقراء، حوطة بني تميم، النماص، بلجرشي، المخواة، أحد رفيدة، صامطة
رأس تنورة، بقيق، النعيرية، الخفجي، تاروت، سيهات، صفوى، العيص، بدر، خيبر، الحناكية
"""


def _population(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def _bare(name: str) -> str:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name.strip()


def main() -> int:
    countries: dict[str, dict[str, int]] = {}
    with SOURCE.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            name = _bare(row["CityNameAr"] or "")
            country = (row["CountryNameAr"] or "").strip()
            if name:
                sizes = countries.setdefault(name, {})
                sizes[country] = sizes.get(country, 0) + _population(row["Population"])
    table: dict[str, str] = {}
    for name, sizes in countries.items():
        country = max(sizes, key=lambda c: sizes[c])
        rest = sum(sizes.values()) - sizes[country]
        if country in KINGDOMS and sizes[country] >= DOMINANT * rest:
            table[name] = KINGDOMS[country]
    for name in HAND_SAUDI.replace("\n", "،").split("،"):
        if name.strip():
            table[name.strip()] = "السعودية"
    rows = [f"{name}\t{kingdom}\n" for name, kingdom in sorted(table.items())]
    header = "# place\tkingdom  (scripts/build_kingdom_places.py: world_cities_ar, hand)\n"
    OUT.write_text(header + "".join(rows), encoding="utf-8")
    print(f"{len(rows)} places → {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
