"""The metadata cascade: small pure functions, each reading one clue.

Each ``find_*``/``parse_*`` function looks at one kind of evidence (a header line, a
breadcrumb, a dateline, a phrase in the body) and returns a value or ``None``;
``extract.article`` decides the order. Nothing here matches one outlet: places,
agencies and outlets are word lists (``resources/``), the rest is line shape.

>>> d = parse_dateline("باريس ـ (الوطن) ـ وكالات:")
>>> d.place, d.outlet, d.credits
('باريس', 'الوطن', ('وكالات',))
>>> d = parse_dateline("الرياض: محمد العواجي")
>>> d.place, d.byline
('الرياض', 'محمد العواجي')
>>> parse_dateline("حذيفة القرشي - جدة").byline
'حذيفة القرشي'
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from khabar.arabic import letters as L
from khabar.arabic.dates import find_gregorian_dates, find_hijri_dates
from khabar.arabic.normalise import normalise
from khabar.extract.lexicon import agency_of, is_place, key, outlet_of, ui_phrases

# A dateline is short: longer lines are body text even when they contain a colon.
MAX_DATELINE_WORDS = 12
MAX_NAME_WORDS = 6
# How far into the first paragraph a glued dateline ("فلان - جدة: انطلقت …") may reach.
MAX_GLUED_PREFIX_CHARS = 70
# A glued dateline is followed by running text; a short rest means a dateline line we
# could not read, which must not be cut in two.
MIN_GLUED_REST_WORDS = 4
# A date banner line is short ("الأربعاء 18 يناير 2017 م - ١٩ ربيع الثاني ١٤٣٨ هـ | 18:07").
MAX_BANNER_CHARS = 160

SegmentKind = Literal["place", "agency", "outlet", "person", "label", "unknown"]

# Words a dateline uses for the kind of piece, not for who or where: "كتب - فلان:".
LABELS = frozenset(
    key(w)
    for w in (
        "كتب كتبت كتبه بقلم متابعة متابعات تحرير إعداد اعداد تقرير ترجمة خاص حوار تصوير "
        "المحرر محرر مراسل مراسلنا"
    ).split()
)
_FROM_PLACE_RE = re.compile(r"^(?P<who>.+?)\s+من\s+(?P<place>[^\s:]+(?:\s+[^\s:]+)?)$")

_DASHES = "-\u2013\u2014\u2012\u2015"  # - – — ‒ ―
_DASH = re.escape(_DASHES)  # safe inside a character class after other characters
_SPLIT_RE = re.compile(rf"\s+\u0640+\s+|\s*[{_DASHES}]+\s*|\s*[\u060c,\t]\s*|\s*/\s*")
# An explicit name marker: (الوطن), «الشرق الأوسط», "سبق".
_PAREN_RE = re.compile(r"\(([^()]{1,40})\)|«([^«»]{1,40})»|\"([^\"]{1,40})\"")
# Between two "place: name" datelines on one line ("بغداد: فلان - أربيل: فلان").
_MULTI_SPLIT_RE = re.compile(rf"\s*(?:\.\.+|[{_DASHES}]|\s\s+|\t)\s*(?=[^:{_DASH}]{{1,40}}:)")
_WORD_RE = re.compile(r"[^\W_]")
_INVISIBLE = {ord(c): None for c in L.ZERO_WIDTH + L.BIDI_CONTROLS}
_ARABIC_NAME_RE = re.compile(r"^[\u0621-\u064a\u0640\u064b-\u0652\u0670\u0671 .]+$")
_LATIN_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 .&'-]{0,30}$")
_SENTENCE_END_RE = re.compile(r"[.!?\u061f\u061b]\s*$")
# Words that never occur in a person's name but do in ordinary sentences, compared as
# written (so the preposition "على" is not the name "علي"), with and without "و".
_FUNCTION_WORDS_RAW = (
    "في من إلى الى على عن مع أن إن ان التي الذي هذا هذه قال أكد أعلن كشف أضاف أوضح أشار "
    "تابع ذكر أفاد قالت أكدت أعلنت كشفت أضافت أوضحت أشارت خلال بعد قبل اليوم أمس حيث كما "
    "لا لم لن ما هو هي نحن هم كان كانت يكون تم عند حتى لكن بين"
).split()
_FUNCTION_WORDS = frozenset(
    [*_FUNCTION_WORDS_RAW, *("و" + w for w in _FUNCTION_WORDS_RAW)]
)
_TIME_WORDS = frozenset({"اليوم"})  # also a newspaper name ("اليوم")
_QUOTES = "\"'«»“”„"


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a dateline line and what it was read as."""

    text: str
    kind: SegmentKind
    value: str
    start: int
    end: int
    in_parens: bool = False


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline/byline line says. ``date`` is a Gregorian date printed in it."""

    place: str | None = None
    outlet: str | None = None
    byline: str | None = None
    credits: tuple[str, ...] = ()
    date: str | None = None


def _bare(word: str) -> str:
    """A word without diacritics and tatweel, spelling otherwise kept."""
    return "".join(c for c in word if not ("\u064b" <= c <= "\u0652" or c == "\u0640"))


def classify_segment(text: str, in_parens: bool = False) -> SegmentKind:
    """What one dateline segment is: a place, an agency, an outlet, a person or unknown.

    >>> classify_segment("جدة"), classify_segment("رويترز"), classify_segment("متعب البقمي")
    ('place', 'agency', 'person')
    >>> classify_segment("الوطن", in_parens=True)
    'outlet'
    """
    cleaned = text.strip(" :" + _QUOTES)
    if not cleaned:
        return "unknown"
    if key(cleaned) in LABELS:
        return "label"
    if is_place(cleaned):
        return "place"
    if agency_of(cleaned):
        return "agency"
    if in_parens or outlet_of(cleaned):
        return "outlet"
    if _LATIN_NAME_RE.match(cleaned):
        return "outlet" if cleaned.isupper() else "unknown"
    words = cleaned.split()
    if not _ARABIC_NAME_RE.match(cleaned) or len(words) > MAX_NAME_WORDS:
        return "unknown"
    if any(_bare(w) in _FUNCTION_WORDS for w in words):
        return "unknown"
    # A personal name starts with a given name, not an article: "الحد الجنوبي" is a place,
    # "المنسق الإعلامي" a title.
    if words[0].startswith("\u0627\u0644"):
        return "unknown"
    return "person" if len(words) >= 2 else "unknown"


def _segments(text: str, base: int = 0) -> list[Segment]:
    """Split a dateline on dashes, commas, slashes and parentheses, keeping offsets."""
    pieces: list[tuple[int, int, bool]] = []
    cursor = 0
    for m in _PAREN_RE.finditer(text):
        pieces.extend(_split_plain(text, cursor, m.start()))
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        pieces.append((m.start(group), m.end(group), True))
        cursor = m.end()
    pieces.extend(_split_plain(text, cursor, len(text)))
    segments: list[Segment] = []
    for start, end, in_parens in pieces:
        raw = text[start:end]
        lead = len(raw) - len(raw.lstrip(" :" + _QUOTES))
        stripped = raw.strip(" :" + _QUOTES)
        if not stripped:
            continue
        kind = classify_segment(stripped, in_parens)
        value = _value_of(stripped, kind)
        s = base + start + lead
        segments.append(Segment(stripped, kind, value, s, s + len(stripped), in_parens))
    return _qualified_places(segments)


def _qualified_places(segments: list[Segment]) -> list[Segment]:
    """``غولوفينكا (روسيا)``: an unknown word qualified by a place in parentheses is a place."""
    out = list(segments)
    for i in range(len(out) - 1):
        seg, nxt = out[i], out[i + 1]
        qualified = nxt.in_parens and nxt.kind == "place"
        if seg.kind == "unknown" and qualified and _could_be_place(seg.text):
            out[i] = Segment(seg.text, "place", seg.text, seg.start, seg.end)
    return out


def _split_plain(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    cursor = start
    for m in _SPLIT_RE.finditer(text, start, end):
        out.append((cursor, m.start(), False))
        cursor = m.end()
    out.append((cursor, end, False))
    return [(s, e, False) for s, e, _ in out if text[s:e].strip()]


def _value_of(text: str, kind: SegmentKind) -> str:
    if kind == "agency":
        return agency_of(text) or text
    if kind == "outlet":
        # Report the outlet as printed, without a generic "صحيفة/جريدة" in front.
        return _OUTLET_PREFIX_RE.sub("", text) or text
    return text


_OUTLET_PREFIX_RE = re.compile(r"^(?:صحيفة|جريدة|موقع|قناة|مجلة)\s+")


def parse_dateline(
    line: str, *, allow_bare_name: bool = False, strict: bool = False
) -> Dateline | None:
    """Read a dateline/byline line; ``None`` when the line is not one.

    Forms: ``باريس ـ (الوطن) ـ وكالات:``, ``الرياض: محمد العواجي``, ``حذيفة القرشي - جدة``,
    ``هناء البنهاوي (القاهرة)``, ``متعب البقمي - سبق - جدة:``, ``رويترز``,
    ``نايف عبدالله – سعد الفراج: عين اليوم``, ``باريس – الرياضية | Tuesday, 11 August 2015``.

    >>> d = parse_dateline("متعب البقمي - سبق - جدة:")
    >>> d.byline, d.outlet, d.place
    ('متعب البقمي', 'سبق', 'جدة')
    >>> parse_dateline("قال الوزير إن الاجتماع كان مثمرا.") is None
    True
    >>> parse_dateline("عادل الخنين من الرياض").place
    'الرياض'

    ``allow_bare_name`` accepts a line that is only a person's name (a byline under a
    title); without context such a line is not evidence enough. ``strict`` accepts only
    places the gazetteer knows (for a dateline glued to running text, where a wrong guess
    would cut the body).
    """
    text = html.unescape(line).replace("\u00a0", " ").translate(_INVISIBLE)
    text = text.strip().lstrip("*\u2022\u25cf\u25a0 ")
    date: str | None = None
    if "|" in text:
        text, _, rest = text.partition("|")
        dates = find_gregorian_dates(rest)
        date = dates[0].iso if dates else None
    text = text.strip().rstrip(":" + _DASHES + "\u0640 ").strip()
    words = [w for w in text.split() if _WORD_RE.search(w)]
    if not text or _SENTENCE_END_RE.search(text) or len(words) > MAX_DATELINE_WORDS:
        return None
    if text.count(":") >= 2:
        chunks = _MULTI_SPLIT_RE.split(text)
        if len(chunks) < 2 or any(c.count(":") > 1 for c in chunks):
            return None
        return _merge([parse_dateline(c, strict=strict) for c in chunks], date)
    left, colon, right = text.partition(":")
    segments: list[Segment]
    colon_at: int | None = None
    from_place = _FROM_PLACE_RE.match(text) if not colon else None
    if from_place and is_place(from_place.group("place")):
        who = from_place.group("who")
        segments = _segments(who)
        p = from_place.start("place")
        place = from_place.group("place")
        segments.append(Segment(place, "place", place, p, from_place.end("place")))
    elif colon and right.strip():
        left_segs = _segments(left)
        right_segs = _segments(right, base=len(left) + 1)
        segments = left_segs + right_segs
        colon_at = len(left)
    else:
        segments = _segments(text)
    if not segments:
        return None
    if allow_bare_name and len(segments) == 1 and segments[0].kind == "person":
        return Dateline(byline=segments[0].text, date=date)
    return _decide(text, segments, colon_at, date, strict)


def _could_be_place(text: str) -> bool:
    """A short piece of letters that is no function word or reporting verb."""
    words = text.split()
    return (
        len(words) <= 2
        and bool(_ARABIC_NAME_RE.match(text))
        and not any(_bare(w) in _FUNCTION_WORDS for w in words)
    )


def _merge(parts: list[Dateline | None], date: str | None) -> Dateline | None:
    """One dateline from several on a line: the first place, every byline and credit."""
    if not parts or any(p is None for p in parts):
        return None
    found = [p for p in parts if p is not None]
    bylines = [p.byline for p in found if p.byline]
    return Dateline(
        place=next((p.place for p in found if p.place), None),
        outlet=next((p.outlet for p in found if p.outlet), None),
        byline=" - ".join(bylines) if bylines else None,
        credits=tuple(dict.fromkeys(c for p in found for c in p.credits)),
        date=date,
    )


def _decide(
    text: str, segments: list[Segment], colon_at: int | None, date: str | None, strict: bool
) -> Dateline | None:
    labelled = any(s.kind == "label" for s in segments)
    segments = [s for s in segments if s.kind != "label"]
    if not segments:
        return None
    kinds = [s.kind for s in segments]
    strong: bool = bool({"place", "agency"} & set(kinds)) or any(
        s.kind == "outlet" and (s.in_parens or outlet_of(s.text)) for s in segments
    )
    # "كتب - فلان الفلاني:", "إعداد - المحرر الثقافي" — after a label word, one name (or
    # one short piece we cannot classify) is the byline.
    if labelled and len(segments) == 1 and segments[0].kind in ("person", "unknown"):
        only = segments[0]
        if only.kind == "person" or len(only.text.split()) <= 3:
            return Dateline(byline=only.text, date=date)
    # "أشيقر - عبدالله المقحم:" — a name and one short unknown piece (a place we do not know).
    unknown_short = [s for s in segments if s.kind == "unknown" and _could_be_place(s.text)]
    short_names = [s for s in segments if s.kind == "person" and len(s.text.split()) <= 4]
    strong = strong or (not strict and bool(short_names) and len(unknown_short) == 1)
    if not strong:
        # "نايف عبدالله – سعد الفراج: عين اليوم": names, a colon, then something that is
        # neither a place nor a name: the outlet.
        if colon_at is None or "person" not in kinds:
            return None
    # Unknown short pieces: with a known place, one sandwiched between a name and the
    # place, or an "ال…" word, or the piece after a colon is the outlet ("متعب البقمي -
    # سبق - جدة", "باريس – الرياضية"); without one, the first is the place the gazetteer
    # does not know ("أشيقر - عبدالله المقحم:", "كييف: «الشرق الأوسط»").
    has_place = "place" in kinds
    resolved: list[Segment] = []
    for i, seg in enumerate(segments):
        if seg.kind == "unknown":
            if len(seg.text.split()) > 3:
                return None  # a piece we cannot read: probably not a dateline
            after_colon = colon_at is not None and seg.start > colon_at
            before_colon = colon_at is not None and seg.start < colon_at
            between = 0 < i < len(segments) - 1
            last = i == len(segments) - 1 and len(seg.text.split()) == 1
            if not strict and not has_place and not after_colon and _could_be_place(seg.text):
                kind: SegmentKind = "place"
                has_place = True
            elif not strict and before_colon and has_place and _could_be_place(seg.text):
                kind = "place"  # "محايل، الباحة: فلان": several places before the colon
            elif _LATIN_NAME_RE.match(seg.text) and strong:
                kind = "outlet"  # "الوئام - sky": a source named in Latin letters
            elif has_place and i == len(segments) - 1 and len(seg.text.split()) <= 3:
                continue  # "الرياض - ثقافة اليوم": a desk or section after the place
            elif after_colon or (has_place and (between or seg.text.startswith("ال") or last)):
                kind = "outlet"
            else:
                return None
            seg = Segment(seg.text, kind, seg.text, seg.start, seg.end, seg.in_parens)
        resolved.append(seg)
    places = [s for s in resolved if s.kind == "place"]
    outlets = [s for s in resolved if s.kind == "outlet"]
    credits = tuple(dict.fromkeys(s.value for s in resolved if s.kind == "agency"))
    persons = [s for s in resolved if s.kind == "person"]
    byline = text[persons[0].start : persons[-1].end] if persons else None
    inner = [s for s in resolved if persons and persons[0].start < s.start < persons[-1].end]
    if byline and any(s.kind != "person" for s in inner):
        byline = persons[0].text
    return Dateline(
        place=places[0].value if places else None,
        outlet=outlets[0].value if outlets else None,
        byline=byline,
        credits=credits,
        date=date,
    )


# Where a glued dateline may end: a colon, a spaced tatweel or a dash.
_GLUED_CUT_RE = re.compile(rf"\s*:\s*|\s+\u0640+\s+|\s*[{_DASHES}]+\s*")


def split_glued_dateline(paragraph: str) -> tuple[Dateline, int] | None:
    """A dateline at the start of the first paragraph, and where the body text begins.

    The longest prefix (up to a dash, or the first colon) that reads as a dateline naming
    a place or an agency wins, so ``باريس ـ (الوطن) ـ وكالات: أعلنت`` keeps its credit.

    >>> d, at = split_glued_dateline("متعب البقمي - سبق - جدة: انطلقت مساء أمس فعاليات")
    >>> d.place, "متعب البقمي - سبق - جدة: انطلقت مساء أمس فعاليات"[at:at + 6]
    ('جدة', 'انطلقت')
    >>> split_glued_dateline("نيويورك ـ (أ ف ب) ـ أعلن مكتب الأمم المتحدة")[0].credits
    ('أ ف ب',)
    """
    best: tuple[Dateline, int] | None = None
    for m in _GLUED_CUT_RE.finditer(paragraph, 0, MAX_GLUED_PREFIX_CHARS + 8):
        if m.start() > MAX_GLUED_PREFIX_CHARS:
            break
        prefix = paragraph[: m.start()]
        if len(prefix.strip()) < 3 or m.end() >= len(paragraph):
            continue
        if len(paragraph[m.end() :].split()) < MIN_GLUED_REST_WORDS:
            continue  # "فلان - مكة المكرمة - الأحساء": a whole dateline line, not a glued one
        dateline = parse_dateline(prefix, strict=True)
        if dateline is not None and (dateline.place or dateline.credits):
            best = (dateline, m.end())
        if ":" in m.group():
            break  # a dateline ends at its colon: never look past the first one
    return best


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
        for piece in _SPLIT_RE.split(text):
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
    pattern = _CRUMB_SPLIT_RE if "«" in line else _CRUMB_SPLIT_LOOSE_RE
    return [c.strip() for c in pattern.split(line) if c.strip()]


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
        dates = find_gregorian_dates(line)
        if dates:
            return dates[0].iso
    return None


def find_hijri_date(lines: Sequence[str]) -> str | None:
    """The first Hijri date printed in the header lines."""
    for line in lines:
        dates = find_hijri_dates(line)
        if dates:
            return dates[0].iso
    return None


def is_date_banner(line: str) -> bool:
    """A header line that is just a date (weekday, Gregorian and/or Hijri, time).

    >>> is_date_banner("الأربعاء 18 يناير 2017 م - ١٩ ربيع الثانيI ١٤٣٨ هـ")
    True
    """
    if len(line) > MAX_BANNER_CHARS:
        return False  # a paragraph, not a banner (and not worth normalising here)
    dates = find_gregorian_dates(line) + find_hijri_dates(line)
    if not dates:
        return False
    rest = list(line)
    for d in dates:
        rest[d.start : d.end] = [" "] * (d.end - d.start)
    leftover = [w for w in "".join(rest).split() if re.search(r"[^\W\d_]{2,}", w)]
    return len(leftover) <= 4


_QUOTED_NAME = r"[«\"“”»]\s*(?P<name>[^«»\"“”\n:،,.]{2,30}?)\s*[»\"”“«]"
_STATEMENT_TO_RE = re.compile(rf"\bل\u0640*\s*{_QUOTED_NAME}")
_OBTAINED_RE = re.compile(
    rf"\b(?:حصلت|اطلعت|علمت|تلقت|انفردت|تحدثت\s+(?:إليه|اليه|إليها|اليها|إليهم|اليهم))\s+{_QUOTED_NAME}"
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
        for m in pattern.finditer(text):
            if pattern is _STATEMENT_TO_RE and not _is_statement(text, m.start()):
                continue  # "التابع لـ«داعش»": belonging, not a statement to a paper
            name = m.group("name").strip()
            if not name or len(name.split()) > 3 or agency_of(name) or is_place(name):
                continue
            if any(_bare(w) in _FUNCTION_WORDS - _TIME_WORDS for w in name.split()):
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


def _loose(text: str) -> str:
    folded = normalise(text)
    folded = "".join(c for c in folded if c not in _QUOTES)
    return " ".join(folded.split())
