"""The page-entities stage: entities the page names outside its body, and a bare «المملكة».

Annotators of Arabic news list the page's outlet as ORG, its dateline place as LOC (a
country as GPE), credited agencies as ORG and the byline's reporters as PER, although these
stand in the page's chrome (``Article.outlet``/``dateline``/``credits``/``byline``), not in
``Article.text``. This stage adds
them as :class:`~khabar.model.PageEntity` records (no offsets), with the canonical form and
id a body mention of the same name would get, unless the body already has that entity.

Second, a bare «المملكة» (والمملكة، للمملكة; not «المملكة المتحدة/العربية/الأردنية …»)
names a kingdom the reader knows from context. It becomes a located GPE entity of
``Article.entities`` resolved, in order, to

1. the page's home kingdom (dateline place or outlet) when the body also names it;
2. else the kingdom the body names most (first named on a tie);
3. else the home kingdom;
4. else nothing.

The word lists are data (``resources/entities/page_entities.txt``, ``kingdom_places.tsv``);
the functions here are small and pure, so each rule is tested on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from khabar.arabic.normalise import normalise, normalise_words
from khabar.arabic.tokens import folded_text
from khabar.errors import ResourceError
from khabar.extract.lexicon import agencies, agency_of, is_place, outlet_of
from khabar.model import Article, Entity, PageEntity, with_fields
from khabar.nlp.entities.canonical import FOLDED, entity_id
from khabar.nlp.entities.resources import RESOURCES, load_gazetteer

__all__ = [
    "PageEntityStage",
    "PageLists",
    "bare_kingdom_spans",
    "byline_persons",
    "home_kingdom",
    "kingdom_of_article",
    "load_page_lists",
    "page_entities",
    "resolve_kingdom",
]

_SOURCE_KINGDOM: Final = "kingdom"
_PLACE_LABELS: Final = frozenset({"GPE", "LOC"})
_DATELINE_SPLIT: Final = re.compile(r"\s*[،,/|]\s*|\s+[-\u0640\u2013\u2014]\s+")
# «المملكة» with its clitics on the raw text: any marks or tatweel between letters (what
# normalise() would drop), ة or ه at the end. Group "word" is the span: from ال, or from لل
# where the article's alef fell (للمملكة); و/ف/ب/ك stay outside, as for other entities.
_M: Final = "[\u064b-\u0652\u0670\u0640]*"
_BARE_RAW: Final = re.compile(
    rf"(?<![\w\u064b-\u0652\u0670\u0640])[\u0648\u0641]?{_M}(?:[\u0628\u0643]{_M}(?=\u0627))?"
    rf"(?P<word>(?:\u0627{_M}\u0644|\u0644{_M}\u0644){_M}"
    + _M.join("\u0645\u0645\u0644\u0643")
    + rf"{_M}[\u0629\u0647]{_M})(?!\w)"
)
# The letters مملك with any marks between: a literal first letter, so the regex engine finds
# candidates fast; the full pattern is then tried only at the few word starts just before.
_CORE: Final = re.compile(_M.join("\u0645\u0645\u0644\u0643"))
_PREFIX_REACH: Final = 16  # at most و ب ال (or لل) with marks before the core
_NEXT_RAW: Final = re.compile(r"\s*(\w[\w\u064b-\u0652\u0670\u0640]*)")
_PREVIOUS_RAW: Final = re.compile(r"(\w[\w\u064b-\u0652\u0670\u0640]*)\s*$")
_WINDOW: Final = 48  # characters before «المملكة» searched for a name head


@dataclass(frozen=True, slots=True)
class PageLists:
    """The hand-written lists of ``page_entities.txt``, folded (see the file for what each is)."""

    kingdoms: frozenset[str]
    qualifiers: frozenset[str]
    not_after: frozenset[str]
    outlets: dict[str, str]
    generic: frozenset[str]
    clues: dict[str, str]
    byline_titles: frozenset[str]
    byline_not_first: frozenset[str]


def parse_page_lists(lines: Iterable[str]) -> PageLists:
    """Parse the sectioned list file (``[section]`` headers, ``#`` comments)."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif current is None:
            raise ResourceError(f"page_entities.txt: entry before any section: {line!r}")
        else:
            sections[current].append(line)
    return PageLists(
        kingdoms=frozenset(map(normalise_words, sections.get("kingdoms", []))),
        qualifiers=frozenset(map(normalise_words, sections.get("qualifiers", []))),
        not_after=frozenset(map(normalise_words, sections.get("not_after", []))),
        outlets=_pairs(sections.get("outlets", []), "outlets"),
        generic=frozenset(map(normalise_words, sections.get("generic", []))),
        clues=_pairs(sections.get("clues", []), "clues"),
        byline_titles=frozenset(map(_title_key, sections.get("byline_titles", []))),
        byline_not_first=frozenset(map(normalise_words, sections.get("byline_not_first", []))),
    )


def _title_key(word: str) -> str:
    """A title as compared: folded, dots and spaces dropped (أ. د. → اد)."""
    return normalise_words(word).replace(".", "").replace(" ", "")


def _pairs(rows: list[str], section: str) -> dict[str, str]:
    """``name|kingdom`` rows as folded name → kingdom."""
    table: dict[str, str] = {}
    for row in rows:
        name, sep, kingdom = row.partition("|")
        if not sep or not kingdom.strip():
            raise ResourceError(f"page_entities.txt [{section}]: row without a kingdom: {row!r}")
        table[normalise_words(name)] = kingdom.strip()
    return table


def _read(name: str) -> str:
    path = RESOURCES / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceError(f"entity resource missing: {path}") from error


@lru_cache(maxsize=1)
def load_page_lists() -> PageLists:
    return parse_page_lists(_read("page_entities.txt").splitlines())


@lru_cache(maxsize=1)
def load_kingdom_places() -> dict[str, str]:
    """Folded place name → the kingdom it is in (``kingdom_places.tsv``)."""
    table: dict[str, str] = {}
    for line in _read("kingdom_places.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            place, _, kingdom = line.partition("\t")
            table[normalise_words(place)] = kingdom.strip()
    return table


@lru_cache(maxsize=1)
def _surfaces() -> dict[str, tuple[str, str]]:
    """Folded gazetteer surface → (label, canonical); the first entry of a surface wins."""
    index: dict[str, tuple[str, str]] = {}
    for entry in load_gazetteer():
        index.setdefault(normalise_words(entry.surface), (entry.label, entry.canonical))
    return index


@lru_cache(maxsize=1)
def _agency_canonicals() -> dict[str, str]:
    """Agency (as ``credits`` reports it) → the gazetteer's canonical of any of its spellings
    (أ ف ب → وكالة فرانس برس), so a credit and a body mention get the same entity id."""
    surfaces = _surfaces()
    out: dict[str, str] = {}
    for spelling, reported in agencies().items():
        hit = surfaces.get(spelling)
        if hit is not None and hit[0] == "ORG":
            out.setdefault(reported, hit[1])
    return out


# --- entities of the page's chrome ------------------------------------------------------------


def _named(text: str, label: str, source: str, surfaces: dict[str, tuple[str, str]]) -> PageEntity:
    """A page entity of ``label``; canonical from the gazetteer when it knows the name so."""
    name = " ".join(text.split())
    hit = surfaces.get(normalise_words(name))
    canonical = hit[1] if hit is not None and hit[0] == label else name
    return PageEntity(name, label, canonical, entity_id(label, canonical), source)


def dateline_places(dateline: str) -> list[str]:
    """The place names of a dateline field (``الرياض``, ``لندن، واشنطن``)."""
    return [part for part in _DATELINE_SPLIT.split(dateline.strip()) if part]


def _place(text: str, surfaces: dict[str, tuple[str, str]]) -> PageEntity | None:
    """A dateline place as GPE/LOC (the gazetteer's label), LOC for other known places."""
    name = " ".join(text.split())
    hit = surfaces.get(normalise_words(name))
    if hit is not None:
        if hit[0] not in _PLACE_LABELS:
            return None
        return PageEntity(name, hit[0], hit[1], entity_id(hit[0], hit[1]), "dateline")
    if is_place(name):
        return PageEntity(name, "LOC", name, entity_id("LOC", name), "dateline")
    return None


# Between two names of a byline: a comma, or a dash with spaces around it.
_BYLINE_SPLIT: Final = re.compile(r"\s*[\u060c,\u061b;]\s*|\s+[-\u2013\u2014\u0640]+\s+")
_MAX_NAME_WORDS: Final = 5


def byline_persons(byline: str, lists: PageLists | None = None) -> list[str]:
    """The person names of a byline field, leading titles dropped.

    The extract layer keeps a byline only when it reads as people (see
    ``khabar.extract.dateline``); here a part is also refused when it is an outlet, an agency
    or a place, starts with an outlet or agency (الرياض الإلكتروني), a desk word or a place
    prefix (مكتب، سان), has a digit, or is one word or more than five words long.

    >>> byline_persons("نايف عبدالله – سعد الفراج")
    ['نايف عبدالله', 'سعد الفراج']
    >>> byline_persons("د. حسن محمد صندقجي")
    ['حسن محمد صندقجي']
    """
    lists = lists or load_page_lists()
    names: list[str] = []
    for part in _BYLINE_SPLIT.split(byline.strip()):
        words = part.split()
        while words and _title_key(words[0]) in lists.byline_titles:
            words = words[1:]
        name = " ".join(words)
        if not 2 <= len(words) <= _MAX_NAME_WORDS or any(c.isdigit() for c in name):
            continue
        if normalise_words(words[0]) in lists.byline_not_first or name in names:
            continue
        if outlet_of(name) or agency_of(name) or is_place(name):
            continue
        if outlet_of(words[0]) or agency_of(words[0]):  # a place first is fine: هالة، بيجي
            continue
        names.append(name)
    return names


def page_entities(
    outlet: str | None,
    dateline: str | None,
    credits: Sequence[str],
    body: Sequence[Entity] = (),
    byline: str | None = None,
) -> list[PageEntity]:
    """Outlet → ORG, dateline places → GPE/LOC, credited agencies → ORG, byline → PER.

    Generic credits and datelines (وكالات، عواصم) are no entity. An entity already among
    ``body`` (same label and canonical) or already added is skipped.

    >>> [(e.text, e.label, e.source) for e in page_entities("الوطن", "باريس", ["وكالات"])]
    [('الوطن', 'ORG', 'outlet'), ('باريس', 'LOC', 'dateline')]
    """
    lists = load_page_lists()
    surfaces = _surfaces()
    proposed: list[PageEntity] = []
    if outlet and outlet.strip():
        proposed.append(_named(outlet, "ORG", "outlet", surfaces))
    for place in dateline_places(dateline or ""):
        found = _place(place, surfaces)
        if found is not None:
            proposed.append(found)
    for credit in credits:
        reported = agency_of(credit)
        if reported is not None and credit.strip():
            name = " ".join(credit.split())
            canonical = _agency_canonicals().get(reported, name)
            proposed.append(
                PageEntity(name, "ORG", canonical, entity_id("ORG", canonical), "credit")
            )
    for person in byline_persons(byline or "", lists):
        proposed.append(PageEntity(person, "PER", person, entity_id("PER", person), "byline"))
    if not proposed:
        return []
    labels = {e.label for e in proposed}
    # Only body entities of a proposed label are folded (FOLDED: a C-level cache), not all.
    named = {(e.label, e.canonical) for e in body}
    seen = {(label, " ".join(FOLDED[c].split())) for label, c in named if label in labels}
    out: list[PageEntity] = []
    for entity in proposed:
        key = (entity.label, normalise_words(entity.canonical))
        if key in seen or normalise_words(entity.text) in lists.generic:
            continue
        seen.add(key)
        out.append(entity)
    return out


# --- a bare «المملكة» ---------------------------------------------------------------------------


def bare_kingdom_spans(text: str) -> list[tuple[int, int]]:
    """Spans of «المملكة» used alone (clitics و/ف/ب/ك outside the span, لل inside).

    Not bare: followed by a qualifier (المتحدة) or a definite adjective in -ية (العربية،
    الأردنية، الحيوانية), or after a head that makes it part of a name (برج المملكة).

    >>> text = "وقال إن المملكة ستدعم للمملكة المتحدة والمملكة العربية برج المملكة"
    >>> [text[a:b] for a, b in bare_kingdom_spans(text)]
    ['المملكة']
    """
    return _bare_spans(text)


def _bare_spans(text: str) -> list[tuple[int, int]]:
    lists = load_page_lists()
    spans: list[tuple[int, int]] = []
    for found in _bare_matches(text):
        after = _NEXT_RAW.match(text, found.end())
        if after is not None and _qualifies(normalise(after.group(1)), lists.qualifiers):
            continue
        window = text[max(0, found.start() - _WINDOW) : found.start()]
        before = _PREVIOUS_RAW.search(window)
        if before is not None and _is_head(normalise(before.group(1)), lists.not_after):
            continue
        spans.append((found.start("word"), found.end("word")))
    return spans


def _bare_matches(text: str) -> list[re.Match[str]]:
    """Matches of ``_BARE_RAW``, tried only just before each «مملك» (a page has few)."""
    out: list[re.Match[str]] = []
    for core in _CORE.finditer(text):
        for start in range(max(0, core.start() - _PREFIX_REACH), core.start()):
            found = _BARE_RAW.match(text, start)
            if found is not None and found.end("word") > core.start():  # this «مملك»
                out.append(found)
                break
    return out


def _qualifies(word: str, qualifiers: frozenset[str]) -> bool:
    """A word after المملكة that names the kingdom: a listed one or a definite -ية adjective."""
    return word in qualifiers or (word.startswith("ال") and word.endswith("يه"))


def _is_head(word: str, heads: frozenset[str]) -> bool:
    """The word before المملكة is a name head, also with a conjunction or preposition."""
    return word in heads or (word[:1] in "وفبل" and word[1:] in heads)


def home_kingdom(outlet: str | None, dateline: str | None) -> str | None:
    """The kingdom the page is published or datelined in: dateline place first, then outlet."""
    lists = load_page_lists()
    places = load_kingdom_places()
    surfaces = _surfaces()
    for place in dateline_places(dateline or ""):
        folded = normalise_words(place)
        if folded in places:
            return places[folded]
        hit = surfaces.get(folded)
        if hit is not None and hit[0] == "GPE" and normalise_words(hit[1]) in lists.kingdoms:
            return hit[1]
    if outlet:
        return lists.outlets.get(normalise_words(outlet))
    return None


def kingdom_of_article(entities: Sequence[Entity], folded_text: str = "") -> Counter[str]:
    """How often the body names each kingdom: GPE entities whose canonical is a kingdom,
    and clue phrases (``[clues]``: خادم الحرمين → السعودية) in the normalised text."""
    lists = load_page_lists()
    counts: Counter[str] = Counter()
    for entity in entities:
        if entity.label == "GPE" and normalise_words(entity.canonical) in lists.kingdoms:
            counts[entity.canonical] += 1
    if lists.clues and folded_text:
        for found in _clue_pattern().finditer(folded_text):
            counts[lists.clues[found.group(1)]] += 1
    return counts


@lru_cache(maxsize=1)
def _clue_pattern() -> re.Pattern[str]:
    """One alternation of the clue phrases (longest first), with an optional proclitic."""
    clues = sorted(load_page_lists().clues, key=len, reverse=True)
    return re.compile(rf"(?<!\w)[وفبل]?({'|'.join(map(re.escape, clues))})(?!\w)")


def resolve_kingdom(named: Counter[str], home: str | None) -> str | None:
    """The kingdom a bare «المملكة» means (see the module docstring for the order).

    >>> resolve_kingdom(Counter({"الأردن": 2, "السعودية": 1}), "السعودية")
    'السعودية'
    >>> resolve_kingdom(Counter({"الأردن": 2, "السعودية": 1}), None)
    'الأردن'
    """
    if home is not None and (not named or named[home] > 0):
        return home
    if named:
        return named.most_common(1)[0][0]  # Counter keeps first-seen order on ties
    return None


def bare_kingdom_entities(
    text: str, body: Sequence[Entity], outlet: str | None, dateline: str | None
) -> list[Entity]:
    """GPE entities for each bare «المملكة» not inside a body entity, when resolvable."""
    spans = _bare_spans(text)
    if not spans:
        return []
    named = kingdom_of_article(body, folded_text(text))  # the body's fold, made once
    kingdom = resolve_kingdom(named, home_kingdom(outlet, dateline))
    if kingdom is None:
        return []
    ident = entity_id("GPE", kingdom)
    return [
        Entity(start, end, text[start:end], "GPE", kingdom, ident, _SOURCE_KINGDOM)
        for start, end in spans
        if not any(e.start < end and start < e.end for e in body)
    ]


class PageEntityStage:
    """Pipeline stage ``page_entities``: fills ``Article.page_entities`` and adds the bare
    «المملكة» entities to ``Article.entities`` (after :class:`EntityStage`, which it reads).

    Picklable (no state). A failure is recorded as a page warning, never raised.
    """

    name = "page_entities"

    def __call__(self, article: Article) -> Article:
        try:
            kingdoms = bare_kingdom_entities(
                article.text, article.entities, article.outlet, article.dateline
            )
            entities = article.entities
            if kingdoms:
                entities = tuple(sorted((*entities, *kingdoms), key=lambda e: (e.start, e.end)))
            found = page_entities(
                article.outlet, article.dateline, article.credits, entities, article.byline
            )
        except Exception as error:  # a broken resource must not sink the batch
            return article.with_warning("page-entities-failed", f"{type(error).__name__}: {error}")
        if not kingdoms and not found:
            return article
        return with_fields(article, entities=entities, page_entities=tuple(found))
