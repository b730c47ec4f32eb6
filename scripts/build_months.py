"""Build ``src/khabar/arabic/resources/months.json``: month names as data.

Sources: Unicode CLDR via Babel (``babel.dates.get_month_names`` for the Arabic locales
and English, for pages that print an English date line) and the CLDR extract in
``../shared/data/months/arabic_months_cldr.json`` (Islamic month names and press
variants). Spelling variants seen in the press are added below, each with its reason.
Run from the repository root: ``.venv/bin/python scripts/build_months.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.dates import get_month_names

REPO = Path(__file__).resolve().parent.parent
SHARED_MONTHS = REPO.parent / "shared" / "data" / "months" / "arabic_months_cldr.json"
OUT = REPO / "src" / "khabar" / "arabic" / "resources" / "months.json"

GREGORIAN_LOCALES = (
    "ar", "ar_EG", "ar_SA", "ar_DZ", "ar_TN", "ar_LB", "ar_SY", "ar_IQ", "ar_JO", "ar_PS",
    "ar_MA", "ar_MR", "en",
)

# Press spellings that CLDR does not list (hamza dropped, Egyptian/Gulf variants).
EXTRA_GREGORIAN: dict[int, list[str]] = {
    1: ["كانون ثاني", "جانفييه"],
    2: ["فيفرييه"],
    4: ["ابريل", "إبريل", "افريل"],
    5: ["مايو", "ماي"],
    6: ["يونية", "جوان"],
    7: ["يولية", "جويليه", "يوليوز"],
    8: ["اغسطس", "أغسطس", "آب", "اغشت"],
    9: ["سبتمر", "شتنبر"],
    10: ["اكتوبر", "تشرين أول"],
    11: ["نونبر", "تشرين ثاني"],
    12: ["كانون أول", "دجنبر"],
}
EXTRA_HIJRI: dict[int, list[str]] = {
    1: ["المحرم"],
    3: ["ربيع أول", "ربيع الاول"],
    4: ["ربيع الثاني", "ربيع ثاني", "ربيع آخر", "ربيع الآخر"],
    5: ["جمادى الأول", "جمادى أولى", "جماد الأول"],
    6: ["جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جماد الآخر", "جمادى آخرة"],
    11: ["ذي القعدة", "ذى القعدة"],
    12: ["ذي الحجة", "ذى الحجة"],
}


def main() -> int:
    gregorian: dict[str, int] = {}
    for locale in GREGORIAN_LOCALES:
        for number, name in get_month_names("wide", locale=locale).items():
            gregorian.setdefault(str(name), int(number))
        if locale == "en":
            for number, name in get_month_names("abbreviated", locale=locale).items():
                gregorian.setdefault(str(name).rstrip("."), int(number))
    hijri: dict[str, int] = {}
    if SHARED_MONTHS.exists():
        data = json.loads(SHARED_MONTHS.read_text(encoding="utf-8"))
        for family in data["gregorian"].values():
            for number, name in enumerate(family, start=1):
                gregorian.setdefault(name, number)
        for number, name in enumerate(data["islamic (ar, CLDR)"], start=1):
            hijri.setdefault(name, number)
        curated = data["_curated_variants_NOT_from_CLDR"]
        for number, names in curated["gregorian"].items():
            if number.isdigit():
                for name in names:
                    gregorian.setdefault(name, int(number))
        for number, names in curated["islamic"].items():
            for name in names:
                hijri.setdefault(name, int(number))
    else:
        print(f"note: {SHARED_MONTHS} missing; CLDR-via-Babel only", file=sys.stderr)
    for number, names in EXTRA_GREGORIAN.items():
        for name in names:
            gregorian.setdefault(name, number)
    for number, names in EXTRA_HIJRI.items():
        for name in names:
            hijri.setdefault(name, number)
    out = {
        "_source": "Unicode CLDR (Babel + ../shared/data/months); press variants: "
        "scripts/build_months.py",
        "gregorian": dict(sorted(gregorian.items(), key=lambda kv: (kv[1], kv[0]))),
        "hijri": dict(sorted(hijri.items(), key=lambda kv: (kv[1], kv[0]))),
        "gregorian_era": ["م", "ميلادي", "ميلادية"],
        "hijri_era": ["هـ", "ه", "هجري", "هجرية"],
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(gregorian)} Gregorian, {len(hijri)} Hijri month spellings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
