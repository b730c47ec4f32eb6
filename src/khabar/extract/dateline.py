"""Datelines and bylines: ``باريس ـ (الوطن) ـ وكالات:``, ``الرياض: محمد العواجي`` …

A dateline line is split into pieces (dashes, spaced tatweel, commas, slashes, tabs, a
colon, ``(…)``/``«…»`` markers); each piece is classified with the word lists of
``extract.lexicon`` (places, agencies, outlets) and by shape (a person's name, a label
word such as ``كتب``); pieces nothing knows are resolved by their position. Nothing here
matches one outlet.

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
from dataclasses import dataclass, replace
from typing import Literal

from khabar.arabic import letters as L
from khabar.arabic.dates import find_gregorian_dates
from khabar.extract.lexicon import agency_of, given_names, is_place, key, outlet_of

# A dateline is short: longer lines are body text even when they contain a colon.
MAX_DATELINE_WORDS = 12
MAX_NAME_WORDS = 5
# A name with a lineage (بن، آل، عبد) may be longer: "عبد الوهاب بن عبد الله الخميس".
MAX_LINEAGE_NAME_WORDS = 8
# How far into the first paragraph a glued dateline ("فلان - جدة: انطلقت …") may reach.
MAX_GLUED_PREFIX_CHARS = 70
# A glued dateline is followed by running text; a short rest means a dateline line we
# could not read, which must not be cut in two.
MIN_GLUED_REST_WORDS = 4

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
PIECE_SPLIT_RE = re.compile(rf"\s+\u0640+\s+|\s*[{_DASHES}]+\s*|\s*[\u060c,\t]\s*|\s*/\s*")
# An explicit name marker: (الوطن), «الشرق الأوسط», "سبق".
_PAREN_RE = re.compile(r"\(([^()]{1,40})\)|«([^«»]{1,40})»|\"([^\"]{1,40})\"")
# Between two "place: name" datelines on one line ("بغداد: فلان - أربيل: فلان").
_MULTI_DATELINE_RE = re.compile(rf"\s*(?:\.\.+|[{_DASHES}]|\s\s+|\t)\s*(?=[^:{_DASH}]{{1,40}}:)")
_WORD_RE = re.compile(r"[^\W_]")
_INVISIBLE_CHARS = L.ZERO_WIDTH + L.BIDI_CONTROLS
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
FUNCTION_WORDS = frozenset(
    [*_FUNCTION_WORDS_RAW, *("و" + w for w in _FUNCTION_WORDS_RAW)]
)
QUOTE_CHARS = "\"'«»“”„"


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


def bare_word(word: str) -> str:
    """A word without diacritics and tatweel, spelling otherwise kept."""
    return "".join(c for c in word if not ("\u064b" <= c <= "\u0652" or c == "\u0640"))


def classify_segment(text: str, in_parens: bool = False) -> SegmentKind:
    """What one dateline segment is: a place, an agency, an outlet, a person or unknown.

    >>> classify_segment("جدة"), classify_segment("رويترز"), classify_segment("متعب البقمي")
    ('place', 'agency', 'person')
    >>> classify_segment("الوطن", in_parens=True)
    'outlet'
    """
    cleaned = text.strip(" :" + QUOTE_CHARS)
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
    lineage = any(key(w) in _NAME_PARTICLES for w in words)
    longest = MAX_LINEAGE_NAME_WORDS if lineage else MAX_NAME_WORDS
    if not _ARABIC_NAME_RE.match(cleaned) or len(words) > longest:
        return "unknown"
    if any(bare_word(w) in FUNCTION_WORDS for w in words):
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
        lead = len(raw) - len(raw.lstrip(" :" + QUOTE_CHARS))
        stripped = raw.strip(" :" + QUOTE_CHARS)
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
    for m in PIECE_SPLIT_RE.finditer(text, start, end):
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


def _drop_invisible(text: str) -> str:
    """``text`` without zero-width and bidi controls: a ``str.replace`` per control that
    occurs is a C scan, where ``translate`` with a deletion table looks every character of
    the line up in a dictionary."""
    for char in _INVISIBLE_CHARS:
        if char in text:
            text = text.replace(char, "")
    return text


def _more_words_than(text: str, count: int) -> bool:
    """Whether more than ``count`` whitespace-separated pieces of ``text`` hold a letter or
    digit. A paragraph (the line under a title is often the story's first one) is split
    only as far as needed: the first pieces alone may already hold too many words."""
    reach = 4 * count
    pieces = text.split(None, reach)
    if len(pieces) > reach:
        del pieces[reach]  # the unsplit rest: not one piece
        if sum(1 for piece in pieces if _WORD_RE.search(piece)) > count:
            return True
        pieces = text.split()
    return sum(1 for piece in pieces if _WORD_RE.search(piece)) > count


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

    Short lines are remembered: an outlet's datelines and its reporters' bylines come back
    page after page (a ``Dateline`` is immutable, so the reading is shared).
    """
    if len(line) > _MEMO_CHARS:
        return _parse_dateline(line, allow_bare_name, strict)
    memo_key = (line, allow_bare_name, strict)
    if memo_key in _MEMO:
        return _MEMO[memo_key]
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    found = _MEMO[memo_key] = _parse_dateline(line, allow_bare_name, strict)
    return found


# Lines up to this length have their reading remembered, at most this many at a time.
_MEMO_CHARS = 120
_MEMO_SIZE = 20_000
_MEMO: dict[tuple[str, bool, bool], Dateline | None] = {}


def _parse_dateline(line: str, allow_bare_name: bool, strict: bool) -> Dateline | None:
    """The reading of :func:`parse_dateline`, not remembered."""
    text = _drop_invisible(html.unescape(line).replace("\u00a0", " "))
    text = text.strip().strip("*\u2022\u25cf\u25a0 ")
    date: str | None = None
    if "|" in text:
        text, _, rest = text.partition("|")
        dates = find_gregorian_dates(rest)
        date = dates[0].iso if dates else None
    text = _PHOTO_CREDIT_RE.sub("", text)
    text = text.strip().rstrip(":" + _DASHES + "\u0640 ").strip()
    if not text or _SENTENCE_END_RE.search(text) or _more_words_than(text, MAX_DATELINE_WORDS):
        return None
    by_comma = _per_reporter(text, strict)
    if by_comma is not None:
        return replace(by_comma, date=date)
    if text.count(":") >= 2:
        chunks = _MULTI_DATELINE_RE.split(text)
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
        if looks_like_a_name(segments[0].text):
            return Dateline(byline=segments[0].text, date=date)
        return None
    return _decide(text, segments, colon_at, date, strict)


# A photo credit after the dateline ("… - الرياض تصوير - حسن إبراهيم", "… عدسة: فلان"):
# the photographer is no byline and "تصوير" no part of the place.
_PHOTO_CREDIT_RE = re.compile(
    rf"(?<=[^\s{_DASH}])(?:\s*\.\.+)?[\s(\u060c,{_DASH}]+(?:تصوير|عدسة)\s*[:/{_DASH}]?\s*[^:{_DASH}]+$"
)
# Reporters in several places, one "place - name" (or "name - place") each, between commas.
_REPORTER_SPLIT_RE = re.compile(r"\s*[\u060c,]\s*")


def _per_reporter(text: str, strict: bool) -> Dateline | None:
    """"فيفاء - عافية الفيفي، الرياض - منصور الحسين": comma-separated datelines that each
    name a reporter and a place, merged; ``None`` when the line is not of that shape."""
    if "\u060c" not in text and "," not in text:
        return None
    chunks = _REPORTER_SPLIT_RE.split(text)
    if len(chunks) < 2:
        return None
    parts = [parse_dateline(c, strict=strict) for c in chunks]
    if not all(p is not None and p.byline and p.place for p in parts):
        return None
    return _merge(list(parts), None)


# Pieces of compound names: عبد الله، أبو بكر، آل سعود، بن علي.
_NAME_PARTICLES = frozenset({"عبد", "ابو", "ابن", "بن", "بنت", "ال", "ام"})
_TITLES = frozenset({"د", "دكتور", "الدكتور", "م", "أ", "ا", "الشيخ", "الاستاذ", "استاذ"})


def looks_like_a_name(text: str) -> bool:
    """A bare line that reads as a person: a known given name first, a particle
    (عبد، أبو، بن، آل), or a family name in -ي (العواجي، القرشي).

    >>> looks_like_a_name("محمد العواجي"), looks_like_a_name("فهد عامر الأحمدي")
    (True, True)
    >>> looks_like_a_name("تداخل الأمعاء"), looks_like_a_name("هشاشة الأيديولوجيا")
    (False, False)
    """
    words = [key(w).strip(".") for w in text.replace(".", ". ").split()]
    words = [w for w in words if w and w not in _TITLES]
    if len(words) < 2:
        return False
    if words[0] in given_names():
        return True
    if any(w in _NAME_PARTICLES or w.startswith(("عبد", "ابو")) for w in words):
        return True
    last = words[-1]
    return last.startswith("ال") and last.endswith("ي") and len(last) > 4


def _could_be_place(text: str) -> bool:
    """A short piece of letters that is no function word or reporting verb."""
    words = text.split()
    return (
        len(words) <= 2
        and bool(_ARABIC_NAME_RE.match(text))
        and not any(bare_word(w) in FUNCTION_WORDS for w in words)
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
        names_first = [s for s in segments if s.kind == "person" and colon_at and s.end <= colon_at]
        if colon_at is None or not names_first:
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


# Words of a desk, a role or an author box, not of a person: "فريق التحرير", "محرر الموقع",
# "كل مقالات الكاتب".
STAFF_WORDS = frozenset(
    key(w)
    for w in (
        "فريق تحرير التحرير محرر المحرر محررو الموقع موقع إدارة الإدارة قسم القسم مكتب "
        "مراسل مراسلو مراسلنا وحدة خدمة الخدمة مركز المركز بوابة صحيفة جريدة مجلة أخبار "
        "الأخبار منصة المنصة زائر ضيف كاتب الكاتب كتاب الكتاب مقالات المقالات مقال كل جميع "
        "المزيد مزيد"
    ).split()
)
_AUTHOR_LIST_SPLIT_RE = re.compile(r"\s*[\u060c,\u061b;]\s*")


def byline_from_author(author: str, site_name: str | None = None) -> str | None:
    """The byline an HTML page states outside its text (``<meta name="author">``, JSON-LD
    ``author``, a byline element), read like a byline line of the text.

    Each comma-separated name goes through :func:`parse_dateline` (so ``كتب: فلان`` loses
    its label and ``الرياض: فلان`` its place); a bare name is kept when it reads as a person
    (``classify_segment``) and holds no desk word (``فريق التحرير``). The outlet itself, an
    agency (``واس``) or a place is no byline: ``None`` when no name is left.

    >>> byline_from_author("كتب: أحمد سمير"), byline_from_author("آية دعبس، محمد علي")
    ('أحمد سمير', 'آية دعبس، محمد علي')
    >>> byline_from_author("اليوم السابع", "اليوم السابع"), byline_from_author("فريق التحرير")
    (None, None)
    """
    text = " ".join(html.unescape(author).split())
    site_key = key(site_name) if site_name else None
    names: list[str] = []
    for part in _AUTHOR_LIST_SPLIT_RE.split(text):
        name = _person_of(part.strip())
        if name and key(name) != site_key and name not in names:
            names.append(name)
    return "، ".join(names) if names else None


def _person_of(part: str) -> str | None:
    """The person one piece of an author field names, if it names one."""
    if not part:
        return None
    parsed = parse_dateline(part, allow_bare_name=True)
    if parsed is not None:
        return parsed.byline
    if classify_segment(part) != "person":
        return None
    if any(key(word) in STAFF_WORDS or key(word) in LABELS for word in part.split()):
        return None
    return part
