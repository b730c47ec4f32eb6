"""Build the entity gazetteer, the tagger lexicon and the ambiguity stoplist.

Reproducible, offline:  ``.venv/bin/python scripts/build_gazetteers.py``

Inputs (public facts, see NOTICE.md):
- countries: ``gazetteers/countries_stefangabos/world.csv`` (canonical short names),
  Babel/CLDR ``Locale('ar').territories`` and pycountry's Arabic ISO 3166 names
  (variants); CLDR region names (numeric codes) become LOC regions;
- nisba adjectives derived from country names by rule (فرنسا → فرنسي/فرنسية),
  kept only when the adjective occurs in the SaudiNewsNet word counts;
- cities: ``gazetteers/world_cities_ar`` (LOC), ANERgazet cities (LOC), ANERgazet
  organisations (ORG); the bare names of the provinces the city list gives with their head
  (محافظة لحج → لحج, kind ``province``); a minor city that SaudiNewsNet often writes right
  after a place head (محافظة الطائف، مدينة تعز) counts as a trusted ``city``;
- official long country names (pycountry's Arabic ISO 3166: سلطنة عمان، دولة الكويت);
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

from corpus import SHARED_DATA, token_lines, word_counts

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


LATE_MARK = "# --- late"
"""Lines of a hand list after a comment starting with this were added after the shipped
tagger was trained: they go into the gazetteer (and the rules) but not into ``lexicon.tsv``."""


def _early_late(path: Path) -> tuple[list[str], list[str]]:
    """A hand list's entries before and after its :data:`LATE_MARK` line."""
    text = path.read_text(encoding="utf-8-sig")
    early, _, late = text.partition("\n" + LATE_MARK)
    return _entries(early), _entries(late.partition("\n")[2])


def _entries(text: str) -> list[str]:
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


def official_names() -> list[tuple[str, str]]:
    """(official long name, alpha-2 code) from pycountry's Arabic ISO 3166 names: سلطنة عمان،
    دولة الكويت، مملكة البحرين، جمهورية مصر العربية (names news writes in full)."""
    import pycountry

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    out: list[tuple[str, str]] = []
    for country in pycountry.countries:
        if hasattr(country, "official_name"):
            name = _clean(translation.gettext(country.official_name))
            if re.search("[\u0600-\u06ff]", name):
                out.append((name, country.alpha_2))
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


PROVINCE_HEADS = ("ولاية ", "محافظة ", "مقاطعة ", "إقليم ")
PROVINCE_MAX_COUNT = 1000  # a one-word province name more frequent in news is mostly a word
PROVINCE_MIN_EVIDENCE = 3  # times SaudiNewsNet writes the name right after a province head
PLACE_SHARE = 0.15  # share of a minor city's occurrences right after a place head to trust it
PROMOTE_MIN_EVIDENCE = 7  # times after a place head for a minor city to be trusted
# heads of places other than provinces
PLACE_HEADS = ("مدينة ", "بلدة ", "قرية ", "مديرية ", "منطقة ")
HEAD_CACHE = Path("/tmp/khabar_build_province_heads.tsv")


def _clitic_reading(folded: str, counts: Counter[str]) -> bool:
    """Whether a name reads more often as و/ف/ب/ل/ك + a word (بعقوبة: ب + عقوبة "penalty")."""
    return (
        len(folded) > 3
        and folded[0] in "وفبلك"
        and counts.get(folded[1:], 0) > counts.get(folded, 0)
    )


def province_evidence(cache: Path | None = None) -> Counter[str]:
    """How often each normalised word follows a place head (محافظة، ولاية، مقاطعة، إقليم،
    مدينة، بلدة، قرية، مديرية, with و/ب/ل/ف attached) in SaudiNewsNet (cached as TSV when
    asked)."""
    if cache is not None and cache.is_file():
        found: Counter[str] = Counter()
        for line in cache.read_text(encoding="utf-8").splitlines():
            word, _, n = line.rpartition("\t")
            found[word] = int(n)
        return found
    heads = {normalise(h.strip()) for h in (*PROVINCE_HEADS, *PLACE_HEADS)}
    found = Counter()
    for words in token_lines():
        for i in range(len(words) - 1):
            word = words[i]
            if word in heads or (word[:1] in "وبلف" and word[1:] in heads):
                found[words[i + 1]] += 1
    if cache is not None:
        cache.write_text("".join(f"{w}\t{n}\n" for w, n in found.most_common()), encoding="utf-8")
    return found


def provinces() -> list[str]:
    """Bare names of the provinces the city list labels with their head (محافظة لحج → لحج,
    ولاية قندهار → قندهار): news names them without it (``kind`` ``province``)."""
    out: list[str] = []
    with (GAZ / "world_cities_ar" / "world-cities.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            name = _clean(row.get("CityNameAr") or "")
            for head in PROVINCE_HEADS:
                if name.startswith(head) and len(name) > len(head) + 2:
                    out.append(name[len(head) :])
    return out


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
        tuple[str, str], tuple[str, str, str]
    ] = {}  # (normalised surface, label) → (surface, canonical, kind)

    def add(surface: str, label: str, canonical: str, kind: str, override: bool = False) -> None:
        surface = _clean(surface)
        key = (normalise(surface), label)
        if not key[0] or (key in rows and not override):
            return
        rows[key] = (surface, canonical, kind)

    early_aliases, late_aliases = _early_late(RES / "aliases.tsv")
    for line in early_aliases:
        variant, canonical, label = line.split("\t")
        add(variant, label, canonical, "alias", override=True)
        add(canonical, label, canonical, "alias")
    country_names: dict[str, str] = {}
    spellings: dict[str, str] = {s: c for (_, lab), (s, c, _) in rows.items() if lab == "GPE"}
    country_table = countries()
    for _code, (canonical, names) in sorted(country_table.items()):
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

    # Sources added after the shipped tagger was trained (official country names, provinces):
    # they go into the gazetteer, but the tagger's lexicon is made from the table without
    # them, so its features stay those the model was trained with.
    early_rows = dict(rows)
    for line in late_aliases:  # (after the tagger was trained; aliases win over any other kind)
        variant, canonical, label = line.split("\t")
        add(variant, label, canonical, "alias", override=True)
        add(canonical, label, canonical, "alias")
    for name, code in sorted(official_names()):
        if code in country_table:
            add(name, "GPE", country_table[code][0], "country")
    first_names, name_words = name_parts()
    person_words = {normalise(w) for w in first_names | name_words | set(surnames)}
    after_heads = province_evidence(HEAD_CACHE)
    for province in sorted(set(provinces())):
        # A one-word province name counts on its own only when news names it after its head
        # (محافظة لحج، ولاية إدلب) and it is no person's name (بدر) or frequent word (العزيز
        # of عبد العزيز); else it needs the tagger's agreement, as a minor city does
        # (خصب "fertile", قيصرية "caesarean" are Omani and Turkish provinces too).
        folded = normalise(province)
        weak = " " not in province and (
            after_heads.get(folded, 0) < PROVINCE_MIN_EVIDENCE
            or folded in person_words
            or counts.get(folded, 0) > PROVINCE_MAX_COUNT
        )
        add(province, "LOC", province, "city-minor" if weak else "province")
    for key in set(rows) - set(early_rows):
        surface, canonical, kind = rows[key]
        for variant in spelling_variants(surface):
            add(variant, key[1], canonical, kind)
    # A city listed with its place head (مدينة حمص، منطقة الرياض) is the bare name's place:
    # the headed form takes the bare name's canonical, and a bare name no list has (حمص) is
    # added as a minor city when it is one word (promoted below when news names it after a
    # head). Not when the bare name is a country (مدينة الكويت، مدينة بنما), a person's name
    # (مدينة حمد) or a frequent word.
    heads = {h.strip() for h in PLACE_HEADS} | {"محافظة"}
    by_form: dict[str, dict[str, str]] = {}
    for (form, label), (_s, canonical, _k) in rows.items():
        by_form.setdefault(form, {})[label] = canonical
    for key, (surface, canonical, kind) in list(rows.items()):
        head, _, rest = surface.partition(" ")
        if key[1] != "LOC" or kind not in ("city", "city-minor") or head not in heads or not rest:
            continue
        bare = normalise(rest)
        known = by_form.get(bare)
        if known is not None:
            if "LOC" in known and "GPE" not in known:
                rows[key] = (surface, known["LOC"], kind)
            continue
        if bare in person_words or counts.get(bare, 0) > PROVINCE_MAX_COUNT:
            continue
        name = canonical.partition(" ")[2] if canonical.startswith(head + " ") else rest
        rows[key] = (surface, name, kind)
        if " " not in rest:  # (السادس من أكتوبر is a date more often than the city)
            add(rest, "LOC", name, "city-minor")
    # A minor city news often names right after a place head (محافظة الطائف، مدينة تعز) is a
    # place news knows: it counts without the tagger (kind ``city``). Not a person's name,
    # nor the first word of a longer place (حفر الباطن، دير الزور، خميس مشيط).
    starts = {n.split()[0] for (n, _label) in rows if " " in n}
    for key, (surface, canonical, kind) in list(rows.items()):
        folded = key[0]
        if (
            kind == "city-minor"
            and key[1] == "LOC"
            and len(folded) > 2  # اب (Ibb) is also أب "father"
            and folded not in person_words
            and folded not in starts
            and after_heads.get(folded, 0) >= PROMOTE_MIN_EVIDENCE
            and after_heads[folded] >= PLACE_SHARE * counts.get(folded, 0)
            and not _clitic_reading(folded, counts)
        ):
            rows[key] = (surface, canonical, "city")

    # One surface, one label: countries and aliases win over cities, cities over orgs.
    rank = {
        "alias": 0,
        "country": 1,
        "nisba": 2,
        "region": 3,
        "city": 4,
        "city-minor": 4,
        "province": 4,
        "cameo-place": 5,
        "cameo-person": 6,
        "anergazet-org": 7,
    }

    def one_label(
        table: dict[tuple[str, str], tuple[str, str, str]],
    ) -> dict[str, tuple[str, str, str, str]]:
        chosen: dict[str, tuple[str, str, str, str]] = {}
        for (norm, label), (surface, canonical, kind) in table.items():
            old = chosen.get(norm)
            if old is None or rank[kind] < rank[old[3]]:
                chosen[norm] = (surface, label, canonical, kind)
        return chosen

    def common_words(chosen: dict[str, tuple[str, str, str, str]]) -> list[str]:
        return sorted(
            norm
            for norm, (surface, _label, _c, kind) in chosen.items()
            if " " not in surface and kind != "alias" and is_common_word(surface, counts, stop)
        )

    best = one_label(rows)
    stoplist = common_words(best)
    early_best = one_label(early_rows)  # the tagger's lexicon, as trained
    early_stoplist = set(common_words(early_best))
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
    for norm, (surface, label, _c, kind) in early_best.items():
        if " " in surface:
            words = surface.split()
            mark(words[0], f"{label}1")
            continue
        mark(surface, "nisba" if kind == "nisba" else label)
        if norm in early_stoplist:
            mark(surface, "common")
    for line in _early_late(RES / "titles.txt")[0]:
        mark(line.split()[-1], "title")
    for line in _early_late(RES / "org_heads.txt")[0]:
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
