"""Build ``src/khabar/extract/resources/places.txt``: place names for dateline parsing.

Derived (not copied) from ``../shared/data/gazetteers``: Arabic city labels of
world_cities_ar (CC BY 4.0, jamsshhayd/world-cities-translations) with a population
floor, province prefixes (ولاية/محافظة) stripped, and Arabic country names of
countries_stefangabos (CC BY-SA 4.0). Labels that are also common Arabic first names
(arabic_names, MIT) are dropped: a dateline parser must not read a person as a place.
A short hand list adds Arab cities and regions that datelines use and the source
misses or spells differently. Output: one normalised-spelling-agnostic name per line.
Run: ``.venv/bin/python scripts/build_places.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GAZ = REPO.parent / "shared" / "data" / "gazetteers"
OUT = REPO / "src" / "khabar" / "extract" / "resources" / "places.txt"
MIN_POPULATION = 20_000
PREFIXES = ("ولاية ", "محافظة ", "مقاطعة ", "إقليم ", "منطقة ")
# Arab cities, regions and dateline spellings (public geography, hand-written).
EXTRA = """
الرياض، جدة، مكة، مكة المكرمة، المدينة المنورة، الدمام، الخبر، الظهران، الأحساء، الطائف
تبوك، أبها، حائل، بريدة، القصيم، جازان، نجران، الباحة، الجوف، عرعر
سكاكا، ينبع، القطيف، الجبيل، خميس مشيط، المنطقة الشرقية، عنيزة، الخرج، القريات، حفر الباطن
بيشة، الرس، المجمعة، رابغ، القاهرة، الإسكندرية، الجيزة، أسوان، الأقصر، بورسعيد
السويس، الإسماعيلية، المنصورة، طنطا، سيناء، دبي، أبوظبي، أبو ظبي، الشارقة، عجمان
رأس الخيمة، الفجيرة، العين، الدوحة، المنامة، الكويت، مسقط، بغداد، البصرة، الموصل
أربيل، كركوك، النجف، كربلاء، الفلوجة، الرمادي، السليمانية، تكريت، دمشق، حلب
حمص، حماة، اللاذقية، طرطوس، إدلب، الرقة، دير الزور، درعا، القامشلي، بيروت
طرابلس، صيدا، صور، بعلبك، عمان، إربد، الزرقاء، العقبة، القدس، رام الله
غزة، نابلس، الخليل، صنعاء، عدن، تعز، الحديدة، مأرب، المكلا، حضرموت
صعدة، الخرطوم، أم درمان، الرباط، الدار البيضاء، مراكش، فاس، طنجة، أغادير، الجزائر
وهران، قسنطينة، تونس، صفاقس، سوسة، بنغازي، مصراتة، نواكشوط، مقديشو، جيبوتي
واشنطن، نيويورك، لندن، باريس، موسكو، برلين، روما، مدريد، جنيف، بروكسل
فيينا، أنقرة، إسطنبول، اسطنبول، طهران، كابول، إسلام آباد، نيودلهي، بكين، طوكيو
سيول، الأمم المتحدة، عواصم، القدس المحتلة
"""


def main() -> int:
    names: set[str] = set()
    first_names = set()
    for fname in ("male-first--names-in-arabic.txt", "female-first-names-in-arabic.txt"):
        path = GAZ / "arabic_names" / fname
        first_names |= {line.strip() for line in path.read_text("utf-8-sig").splitlines()}
    with (GAZ / "world_cities_ar" / "world-cities.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            name = (row["CityNameAr"] or "").strip()
            country = (row["CountryNameAr"] or "").strip()
            if country:
                names.add(country)
            try:
                population = int(float(row["Population"] or 0))
            except ValueError:
                population = 0
            if not name or population < MIN_POPULATION:
                continue
            for prefix in PREFIXES:
                if name.startswith(prefix):
                    name = name[len(prefix) :]
            if name and name not in first_names and len(name) > 2:
                names.add(name)
    with (GAZ / "countries_stefangabos" / "world.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            names.add(row["name"].strip())
    # EXTRA: names separated by the Arabic comma (some names have two words).
    for line in EXTRA.strip().splitlines():
        names.update(part.strip() for part in line.split("\u060c") if part.strip())
    names.add("الإمارات العربية المتحدة")
    # "المدينة" alone is also a newspaper name and a common noun; only the full form is a place.
    names.discard("المدينة")
    names.discard("الأمم")
    names.discard("المتحدة")
    names.discard("الدار")
    names.discard("البيضاء")
    names = {n for n in names if n and n not in first_names}
    OUT.write_text(
        "# Place names for dateline parsing; built by scripts/build_places.py (see NOTICE.md)\n"
        + "\n".join(sorted(names)) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(names)} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
