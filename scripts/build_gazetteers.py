"""Build the entity gazetteer, the tagger lexicon and the ambiguity stoplist.

Reproducible, offline:  ``.venv/bin/python scripts/build_gazetteers.py``

Inputs (public facts, see NOTICE.md):
- countries: ``gazetteers/countries_stefangabos/world.csv`` (canonical short names),
  Babel/CLDR ``Locale('ar').territories`` and pycountry's Arabic ISO 3166 names
  (variants); CLDR region names (numeric codes) become LOC regions;
- nisba adjectives derived from country names by rule (فرنسا → فرنسي/فرنسية),
  kept only when the adjective occurs in the SaudiNewsNet word counts;
- cities: ``gazetteers/world_cities_ar`` (LOC), ANERgazet cities (LOC), ANERgazet
  organisations (ORG);
- CAMEO actor dictionary: multi-word person names with dated roles (PER) and
  places coded with a bare country code (LOC);
- first names and name parts: ``gazetteers/arabic_names`` and ANERgazet PERS
  (lexicon features only, never entities on their own);
- hand-curated ``resources/entities/aliases.tsv``, ``titles.txt``, ``org_heads.txt``.

Outputs under ``src/khabar/nlp/resources/entities/``:
- ``gazetteer.tsv``: ``surface<TAB>label<TAB>canonical<TAB>kind``;
- ``lexicon.tsv``: ``normalised word<TAB>class,class`` (tagger features);
- ``stoplist.txt``: single-word gazetteer entries that are common words in news
  (e.g. أمل، سلام، الوطن), decided from SaudiNewsNet frequencies: a bare entry whose
  definite form is much more frequent than itself, or a definite entry whose bare
  form is frequent on its own, or any stopword. Such entries need the tagger's
  agreement before they count as entities.
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED_DATA, word_counts

from khabar.arabic.normalise import normalise

RES = Path(__file__).resolve().parents[1] / "src/khabar/nlp/resources/entities"
CACHE = Path("/tmp/khabar_build_counts.tsv")
GAZ = SHARED_DATA / "gazetteers"
CAMEO = SHARED_DATA / "cameo_arabic_dicts" / "actor_dict_ar_v4.txt"

# Lemmatised role and organisation words that mark a CAMEO entry as *not* a bare name.
NON_NAME = set(
    normalise(w)
    for w in (
        "رئيس وزير وزيرة نائب أمين عام مدير متحدث ناطق جيش قوة قوات شرطة حزب جهاز إذاعة"
        " اتحاد جامعة مجلس منظمة كتيبة حلف جمهورية منطقة حي مفوضية ممثل عضو قاعدة نظام جبهة"
        " حركة وزارة هيئة لجنة محكمة سفير قائد زعيم ملك أمير شيخ شيخة جنرال عاهل مبعوث"
        " حكومة دولة شعب مسؤول مصدر مركز صحيفة قناة وكالة بنك شركة مؤسسة جمعية في ل و"
        " سابق رسمي أعلى عسكري متشدد إرهابي مسلح معارضة سلطة رابطة ائتلاف تحالف تنظيم"
    ).split()
)


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _clean(name: str) -> str:
    """Underscores to spaces, diacritics (e.g. pycountry's shadda) dropped, spaces folded."""
    name = re.sub("[\u064b-\u0652\u0670]", "", name)
    return " ".join(name.replace("_", " ").split())


def countries() -> dict[str, tuple[str, set[str]]]:
    """alpha-2 code → (canonical name, every known spelling)."""
    import babel
    import pycountry

    out: dict[str, tuple[str, set[str]]] = {}
    with (GAZ / "countries_stefangabos" / "world.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            out[row["alpha2"].upper()] = (row["name"].strip(), {row["name"].strip()})
    territories = babel.Locale("ar").territories
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for country in pycountry.countries:
        code = country.alpha_2
        names = {territories.get(code, ""), translation.gettext(country.name)}
        if hasattr(country, "common_name"):
            names.add(translation.gettext(country.common_name))
        names = {n.strip() for n in names if n and re.search("[\u0600-\u06ff]", n)}
        if code in out:
            out[code][1].update(names)
        elif names:
            first = territories.get(code) or sorted(names)[0]
            out[code] = (first, names)
    return out


def regions() -> set[str]:
    import babel

    # 001 is "the world" (العالم), a common word rather than a place.
    return {
        name
        for code, name in babel.Locale("ar").territories.items()
        if code.isdigit() and code != "001"
    }


def nisba_forms(name: str) -> list[str]:
    """Adjectives derived from a one-word country name: فرنسا → فرنسي، فرنسية."""
    if " " in name:
        return []
    stem = name[2:] if name.startswith("ال") else name
    if stem.endswith("ة"):
        stem = stem[:-1]
    if stem.endswith(("ا", "ى")):
        stem = stem[:-1]
    if len(stem) < 3:
        return []
    base = stem if stem.endswith("ي") else stem + "ي"
    return [base, base + "ة"]


MAJOR_CITY = 750_000  # population from which a one-word city name is trusted on its own


def spelling_variants(surface: str) -> list[str]:
    """Regional spellings of a name: غ↔ج for the sound g, أمريك↔أميرك."""
    out = []
    if "غ" in surface:
        out.append(surface.replace("غ", "ج"))
    if "أمريك" in surface:
        out.append(surface.replace("أمريك", "أميرك"))
    if "أميرك" in surface:
        out.append(surface.replace("أميرك", "أمريك"))
    return [v for v in out if v != surface]


def cities() -> list[tuple[str, bool]]:
    """(city name, is a major city). Minor one-word cities (حلاوة، فتيل) are often common
    words, so they count only when the tagger agrees (kind ``city-minor``)."""
    out: list[tuple[str, bool]] = []
    with (GAZ / "world_cities_ar" / "world-cities.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("CityNameAr") or "").strip()
            try:
                population = int(float(row.get("Population") or 0))
            except ValueError:
                population = 0
            if name and not name.startswith(("ولاية ", "محافظة ", "مقاطعة ")):
                out.append((name, population >= MAJOR_CITY))
    lines = (GAZ / "anergazet" / "AlignedLocGazetteer.txt").read_text(encoding="utf-8").splitlines()
    in_cities = False
    for line in lines:
        line = line.strip()
        if line.startswith("****"):
            in_cities = True
        elif line.startswith("===="):
            in_cities = False
        elif in_cities and line:
            out.append((line, False))
    return out


def cameo() -> tuple[list[str], list[str], list[str]]:
    """(multi-word person names, one-word person names, places) from the CAMEO actors."""
    persons: list[str] = []
    surnames: list[str] = []
    places: list[str] = []
    entries: list[tuple[str, list[str]]] = []
    for raw in CAMEO.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0].isspace():
            if entries:
                entries[-1][1].append(raw.strip())
            continue
        name, _, code = raw.partition("[")
        entries.append((name.strip(), ["[" + code] if code else []))
    for name, codes in entries:
        words = _clean(name).split()
        if not words or not re.fullmatch("[\u0600-\u06ff ]+", " ".join(words)):
            continue
        dated = any(re.search(r"\d{8}", c) for c in codes)
        plain_country = len(codes) == 1 and re.fullmatch(r"\[[A-Z]{3}\]", codes[0].strip())
        if any(normalise(w) in NON_NAME for w in words):
            continue
        if dated and 2 <= len(words) <= 5:
            persons.append(" ".join(words))
        elif dated and len(words) == 1:
            surnames.append(words[0])
        elif plain_country and len(words) == 1:
            places.append(words[0])
    return persons, surnames, places


def name_parts() -> tuple[set[str], set[str]]:
    """(first names, other name parts) in Arabic script."""
    folder = GAZ / "arabic_names"
    first = set(_lines(folder / "male-first--names-in-arabic.txt"))
    first |= set(_lines(folder / "female-first-names-in-arabic.txt"))
    parts = set(_lines(folder / "last-names-in-arabic.txt"))
    parts |= set(_lines(GAZ / "anergazet" / "AlignedPersGazetteer.txt"))
    return first, parts


def stopwords() -> set[str]:
    folder = SHARED_DATA / "stopwords"
    words: set[str] = set()
    for path in (
        folder / "mohataher" / "list.txt",
        folder / "stopwords_iso" / "stopwords-ar.txt",
        folder / "newspaper3k" / "stopwords-ar.txt",
    ):
        words |= {normalise(w) for w in _lines(path)}
    return words


def is_common_word(entry: str, counts: Counter[str], stop: set[str]) -> bool:
    """A one-word entry that news text mostly uses as an ordinary word."""
    n = normalise(entry)
    if n in stop or len(n) < 3:
        return True
    own = counts.get(n, 0)
    if n.startswith("ال"):
        bare = n[2:]
        bare_uses = counts.get(bare, 0) + counts.get(bare + "ا", 0)
        return bare_uses > 0.15 * max(own, 1) and bare_uses >= 20
    definite = counts.get("ال" + n, 0) + counts.get("وال" + n, 0)
    return definite > 0.5 * max(own, 1) and definite >= 20


def main() -> None:
    counts = word_counts(CACHE)
    stop = stopwords()
    rows: dict[
        tuple[str, str], tuple[str, str]
    ] = {}  # (normalised surface, label) → (surface, canonical, kind)

    def add(surface: str, label: str, canonical: str, kind: str, override: bool = False) -> None:
        surface = _clean(surface)
        key = (normalise(surface), label)
        if not key[0] or (key in rows and not override):
            return
        rows[key] = (surface, canonical, kind)

    for line in _lines(RES / "aliases.tsv"):
        variant, canonical, label = line.split("\t")
        add(variant, label, canonical, "alias", override=True)
        add(canonical, label, canonical, "alias")
    country_names: dict[str, str] = {}
    spellings: dict[str, str] = {s: c for (_, lab), (s, c, _) in rows.items() if lab == "GPE"}
    for _code, (canonical, names) in sorted(countries().items()):
        for name in sorted(names):
            add(name, "GPE", canonical, "country")
            country_names[normalise(name)] = canonical
            spellings.setdefault(name, canonical)
    for spelling, canonical in sorted(spellings.items()):
        # Derive from the spelled form: the article is أل… only when written ال… .
        if is_common_word(spelling, counts, stop):
            continue  # مالي → مالية would be "financial"
        for adjective in nisba_forms(_clean(spelling)):
            folded = normalise(adjective)
            if counts.get(folded, 0) + counts.get("ال" + folded, 0) >= 20:
                add(adjective, "GPE", canonical, "nisba")
    for region in sorted(regions()):
        add(region, "LOC", region, "region")
    city_list = cities()
    major = {name for name, big in city_list if big}
    for city in sorted({name for name, _ in city_list}):
        add(city, "LOC", city, "city" if city in major or " " in city else "city-minor")
    persons, surnames, places = cameo()
    for place in sorted(set(places)):
        if normalise(place) not in country_names:
            add(place, "LOC", place, "cameo-place")
    for person in sorted(set(persons)):
        add(person, "PER", person, "cameo-person")
    for org in _lines(GAZ / "anergazet" / "AlignedOrgGazetteer.txt"):
        add(org, "ORG", org, "anergazet-org")

    # Regional spellings of foreign names: g as غ or ج (هونغ كونغ / هونج كونج), and
    # أمريكا / أميركا. Variants never replace an existing surface.
    for (_norm, label), (surface, canonical, kind) in list(rows.items()):
        for variant in spelling_variants(surface):
            add(variant, label, canonical, kind)

    # One surface, one label: countries and aliases win over cities, cities over orgs.
    rank = {
        "alias": 0,
        "country": 1,
        "nisba": 2,
        "region": 3,
        "city": 4,
        "city-minor": 4,
        "cameo-place": 5,
        "cameo-person": 6,
        "anergazet-org": 7,
    }
    best: dict[str, tuple[str, str, str, str]] = {}
    for (norm, label), (surface, canonical, kind) in rows.items():
        old = best.get(norm)
        if old is None or rank[kind] < rank[old[3]]:
            best[norm] = (surface, label, canonical, kind)
    stoplist = sorted(
        norm
        for norm, (surface, _label, _c, kind) in best.items()
        if " " not in surface and kind != "alias" and is_common_word(surface, counts, stop)
    )
    with (RES / "gazetteer.tsv").open("w", encoding="utf-8") as handle:
        handle.write("# surface\tlabel\tcanonical\tkind  (built by scripts/build_gazetteers.py)\n")
        for norm in sorted(best):
            surface, label, canonical, kind = best[norm]
            handle.write(f"{surface}\t{label}\t{canonical}\t{kind}\n")
    (RES / "stoplist.txt").write_text(
        "# one-word gazetteer entries that are common words (scripts/build_gazetteers.py)\n"
        + "".join(f"{w}\n" for w in stoplist),
        encoding="utf-8",
    )

    lexicon: dict[str, set[str]] = {}

    def mark(word: str, cls: str) -> None:
        n = normalise(_clean(word))
        if n and " " not in n:
            lexicon.setdefault(n, set()).add(cls)

    first, parts = name_parts()
    for w in first:
        mark(w, "first")
        mark(w, "given")  # only the clean given-name lists: the given-name pattern trusts these
    for w in parts | set(surnames):
        mark(w, "name")
    for person in persons:
        words = person.split()
        mark(words[0], "first")
        for w in words[1:]:
            mark(w, "name")
    for norm, (surface, label, _c, kind) in best.items():
        if " " in surface:
            words = surface.split()
            mark(words[0], f"{label}1")
            continue
        mark(surface, "nisba" if kind == "nisba" else label)
        if norm in stoplist:
            mark(surface, "common")
    for line in _lines(RES / "titles.txt"):
        mark(line.split()[-1], "title")
    for line in _lines(RES / "org_heads.txt"):
        mark(line.split()[0], "orghead")
    with (RES / "lexicon.tsv").open("w", encoding="utf-8") as handle:
        handle.write("# normalised word\tclasses  (built by scripts/build_gazetteers.py)\n")
        for word in sorted(lexicon):
            handle.write(f"{word}\t{','.join(sorted(lexicon[word]))}\n")
    kinds = Counter(kind for *_, kind in best.values())
    print(
        f"gazetteer: {len(best)} entries {dict(kinds)}; stoplist {len(stoplist)}; "
        f"lexicon {len(lexicon)} words"
    )


if __name__ == "__main__":
    main()
