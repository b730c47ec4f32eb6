"""Bytes → text for Arabic pages, with the guess recorded and never an exception.

Order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) — certain;
2. strict UTF-8 — legacy Arabic bytes almost never form valid UTF-8 sequences, so
   a clean UTF-8 decode is trusted even over a declared legacy charset (and Arabic
   UTF-8 that went through windows-1252 once, ``Ø§Ù„``, is repaired: ``mojibake-repaired``);
3. a declared charset (HTTP header, ``<meta charset>``) — a hint: kept when it
   yields plausible text, overruled by the Arabic legacy codecs when they score better
   (Arabic pages often declare ``iso-8859-1``/``windows-1252`` while being windows-1256);
4. a guess between windows-1256 and ISO-8859-6 by which decoding looks like Arabic
   (warning ``encoding-guess``).

Mostly-UTF-8 bytes with a few broken sequences are decoded as UTF-8 with U+FFFD and a
warning ``undecodable-bytes`` rather than mis-read as a legacy code page.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

from khabar.model import PageWarning
from khabar.read.page import RawPage

REPLACEMENT = "\ufffd"
ARABIC_COMMA = "\u060c"
ARABIC_SEMICOLON = "\u061b"
ARABIC_QUESTION_MARK = "\u061f"

# Enough text to tell code pages apart; scoring a whole long page adds nothing.
SCORE_SAMPLE_CHARS = 4_000

# Mojibake: Arabic UTF-8 lead bytes 0xD8-0xDB read as windows-1252 / latin-1.
_MOJIBAKE_LEADS = "\u00d8\u00d9\u00da\u00db"
MOJIBAKE_MIN_LEADS = 3
_ARABIC_LETTERS = re.compile("[\u0621-\u064a]")

# Floors of the plausibility score (per mille of letters in news text).
RARE_PER_MILLE = 0.05  # a letter seen (almost) never
PUNCTUATION_PER_MILLE = 5.0  # Arabic comma, guillemets …
WRONG_CODE_PAGE_LOG = math.log(1e-6)  # U+FFFD, C1 controls, Latin letters

# Legacy Arabic code pages, most common first (ties go to the earlier one).
ARABIC_LEGACY = ("windows-1256", "iso-8859-6")

# Share of broken UTF-8 sequences among non-ASCII characters below which bytes are
# still treated as UTF-8 (a page cut mid-character, one corrupted byte).
UTF8_DAMAGE_TOLERANCE = 0.05

# Labels a hostile page may declare that must never decode it: codecs that raise even
# with errors="replace" (idna, punycode), escape codecs that turn bytes into arbitrary code
# points, and UTF-7, which the web platform refuses (a classic filter-evasion vector).
REFUSED_CODECS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"})

# How many bytes to look at for a ``<meta charset>`` declaration.
META_SNIFF_BYTES = 4096

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (mark, codec to decode with, name recorded) — UTF-32 before UTF-16: FF FE 00 00 ⊃ FF FE
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and what was odd about it."""

    text: str
    encoding: str
    warnings: tuple[PageWarning, ...] = ()


def canonical_encoding(name: str | None) -> str | None:
    """A declared charset label as a Python codec name we record, or None if unknown.

    >>> canonical_encoding("CP1256"), canonical_encoding("ISO_8859-6"), canonical_encoding("x")
    ('windows-1256', 'iso-8859-6', None)
    """
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(label).name
        b"a".decode(codec)  # LookupError for codecs that are not text encodings (base64, zlib)
    except (LookupError, UnicodeError, ValueError):  # unknown, always failing, NUL in the label
        return None
    if codec in REFUSED_CODECS:
        return None
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    if codec.startswith("iso8859-"):
        return "iso-" + codec[3:]
    return codec


def sniff_meta_charset(content: bytes) -> str | None:
    """The charset an HTML ``<meta>`` tag declares in the first few KB, if any.

    >>> sniff_meta_charset(b'<html><head><meta charset="windows-1256">')
    'windows-1256'
    """
    match = _META_CHARSET.search(content[:META_SNIFF_BYTES])
    return canonical_encoding(match.group(1).decode("ascii", "replace")) if match else None


def decode_bom(content: bytes) -> Decoded | None:
    """Decode by byte-order mark; None when there is none."""
    for mark, codec, name in _BOMS:
        if content.startswith(mark):
            text, warnings = _decode_with(content, codec, name)
            if codec != "utf-8-sig" and text.startswith("\ufeff"):
                text = text[1:]
            return Decoded(text, name, warnings)
    return None


def arabic_plausibility(text: str) -> float:
    """How much a decoded string looks like Arabic prose: mean log-probability per character.

    Only non-ASCII characters count (ASCII decodes the same in every candidate). Arabic
    letters score by their frequency in news text, so a wrong code page that maps bytes to
    rare letters (``ظاجن`` for ``عاجل``) loses; U+FFFD, C1 controls and Latin letters in
    the middle of Arabic betray a wrong code page and cost most. 0.0 when nothing counts.
    """
    table = letter_log_frequency()
    total = 0.0
    counted = 0
    for char, count in Counter(text[:SCORE_SAMPLE_CHARS]).items():
        if char < "\x80":
            continue
        counted += count
        total += count * table.get(char, _log_cost_of_other(char))
    return total / counted if counted else 0.0


@functools.cache
def letter_log_frequency() -> dict[str, float]:
    """Natural log of each Arabic letter's share in news text (bundled, derived table)."""
    table: dict[str, float] = {}
    resource = files("khabar.read").joinpath("resources/letter_frequency.tsv")
    for line in resource.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        letter, per_mille, *_ = line.split("\t")
        table[letter] = math.log(max(float(per_mille), RARE_PER_MILLE) / 1000)
    for mark in (ARABIC_COMMA, ARABIC_SEMICOLON, ARABIC_QUESTION_MARK):
        table.setdefault(mark, math.log(PUNCTUATION_PER_MILLE / 1000))
    return table


def _log_cost_of_other(char: str) -> float:
    """Cost of a non-ASCII character that is not an Arabic letter."""
    if char == REPLACEMENT or "\x80" <= char <= "\x9f" or "\u00c0" <= char <= "\u024f":
        return WRONG_CODE_PAGE_LOG
    return math.log(PUNCTUATION_PER_MILLE / 1000)  # « » – … and the like: plausible


def utf8_damage(content: bytes) -> tuple[str, float]:
    """UTF-8 decoding with replacement, and the share of broken sequences.

    The share is broken sequences over all non-ASCII characters; 0.0 means clean.
    """
    text = content.decode("utf-8", errors="replace")
    originally = content.count(b"\xef\xbf\xbd")  # U+FFFD that was really in the bytes
    broken = text.count(REPLACEMENT) - originally
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return text, (broken / non_ascii if non_ascii else 0.0)


def best_legacy(content: bytes, candidates: Sequence[str]) -> tuple[str, float]:
    """The candidate code page whose decoding looks most like Arabic, with its score."""
    best_name, best_score = candidates[0], float("-inf")
    sample = content[: SCORE_SAMPLE_CHARS * 2]
    for name in candidates:
        score = arabic_plausibility(sample.decode(name, errors="replace"))
        if score > best_score:
            best_name, best_score = name, score
    return best_name, best_score


def decode_bytes(content: bytes, declared: str | None = None) -> Decoded:
    """Decode page bytes; never raises. See the module docstring for the order of evidence.

    >>> decode_bytes("خبر".encode("windows-1256")).encoding
    'windows-1256'
    >>> decode_bytes("خبر".encode("utf-8")).text
    'خبر'
    """
    by_bom = decode_bom(content)
    if by_bom is not None:
        return by_bom
    hint = canonical_encoding(declared)
    wide = utf16_without_bom(content, hint)
    if wide is not None:
        return wide
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        ascii_only = content.isascii()
        if ascii_only and hint:
            return Decoded(text, hint)
        repaired = repair_mojibake(text)
        if repaired is not None:
            note = PageWarning(
                "mojibake-repaired",
                "UTF-8 that had been read as windows-1252 and saved again was restored",
            )
            return Decoded(repaired, "utf-8", (note,))
        return Decoded(text, "utf-8", _mismatch(hint, "utf-8", ascii_only))
    utf8_text, damage = utf8_damage(content)
    if damage <= UTF8_DAMAGE_TOLERANCE:
        return Decoded(utf8_text, "utf-8", (_undecodable("utf-8"),))
    return _decode_legacy(content, hint)


def repair_mojibake(text: str) -> str | None:
    """Arabic UTF-8 that was once decoded as windows-1252 and encoded again, restored.

    Such text shows ``Ø§Ù„`` for ``ال``: the lead bytes 0xD8–0xDB of Arabic letters
    became ``Ø Ù Ú Û``. Repaired only when those dominate real Arabic letters and every
    character maps back to one byte; None when there is nothing (safe) to repair.

    >>> repair_mojibake("Ø§Ù„Ø®Ø¨Ø±")
    'الخبر'
    """
    leads = sum(text.count(char) for char in _MOJIBAKE_LEADS)
    if leads < MOJIBAKE_MIN_LEADS:
        return None
    if _ARABIC_LETTERS.subn("", text[:SCORE_SAMPLE_CHARS])[1] >= leads:
        return None
    table = _single_byte_table()
    try:
        raw = bytes(table[char] for char in text)
        fixed = raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    return fixed if arabic_plausibility(fixed) > arabic_plausibility(text) else None


@functools.cache
def _single_byte_table() -> dict[str, int]:
    """Character → byte as a windows-1252 reader produced them (latin-1 for its 5 holes)."""
    table = {bytes([byte]).decode("latin-1"): byte for byte in range(256)}
    for byte in range(128, 256):
        try:
            table[bytes([byte]).decode("windows-1252")] = byte
        except UnicodeDecodeError:
            continue
    return table


def utf16_without_bom(content: bytes, hint: str | None) -> Decoded | None:
    """UTF-16 without a mark, recognised by a declaration or by its byte pattern.

    Arabic in UTF-16 has ``0x06`` (letters) or ``0x00`` (ASCII) as every other byte;
    which half carries them tells little from big endian. A declared ``utf-16-le``/``-be``
    is used as is; undeclared, a guess needs that pattern on most byte pairs.
    """
    if hint in ("utf-16-le", "utf-16-be"):
        text, warnings = _decode_with(content, hint, hint)
        return Decoded(text, hint, warnings)
    pairs = len(content) // 2
    if pairs < 2:
        return None
    # Both halves' counts together are at most the whole content's: when even that is too
    # few (UTF-8 Arabic has neither byte), no half can pass, and no half-copy is made.
    if content.count(0x00) + content.count(0x06) < 0.8 * pairs:
        return None
    odd, even = content[1::2], content[0::2]
    high_odd = odd.count(0x00) + odd.count(0x06)
    high_even = even.count(0x00) + even.count(0x06)
    if max(high_odd, high_even) < 0.8 * pairs:
        return None
    codec = "utf-16-le" if high_odd >= high_even else "utf-16-be"
    text, warnings = _decode_with(content, codec, codec)
    guess = PageWarning("encoding-guess", f"no byte-order mark; guessed {codec} from NUL bytes")
    return Decoded(text, codec, (guess, *warnings))


def _decode_legacy(content: bytes, hint: str | None) -> Decoded:
    """Choose among the declared charset and the Arabic code pages by plausibility."""
    guessed, guessed_score = best_legacy(content, ARABIC_LEGACY)
    if hint and hint != "utf-8" and hint != guessed:
        sample = content[: SCORE_SAMPLE_CHARS * 2]
        hint_score = arabic_plausibility(sample.decode(hint, errors="replace"))
        if hint_score >= guessed_score:
            text, warnings = _decode_with(content, hint, hint)
            return Decoded(text, hint, warnings)
    text, warnings = _decode_with(content, guessed, guessed)
    if hint == guessed:
        return Decoded(text, guessed, warnings)
    reason = f"declared {hint!r} does not fit; " if hint else ""
    guess = PageWarning(
        "encoding-guess",
        f"{reason}not UTF-8; guessed {guessed} among {', '.join(ARABIC_LEGACY)}",
    )
    return Decoded(text, guessed, (guess, *warnings))


def _decode_with(content: bytes, codec: str, name: str) -> tuple[str, tuple[PageWarning, ...]]:
    """Decode strictly if possible, else with replacement and an ``undecodable-bytes`` warning."""
    try:
        return content.decode(codec), ()
    except UnicodeDecodeError:
        return content.decode(codec, errors="replace"), (_undecodable(name),)


def _undecodable(name: str) -> PageWarning:
    return PageWarning(
        "undecodable-bytes", f"some bytes are not valid {name}; replaced with U+FFFD"
    )


def _mismatch(hint: str | None, used: str, ascii_only: bool) -> tuple[PageWarning, ...]:
    if hint is None or hint in ("utf-8", "utf-8-sig") or ascii_only:
        return ()
    return (
        PageWarning(
            "encoding-mismatch", f"declared {hint!r} but the bytes are valid {used}; used {used}"
        ),
    )


def decode_page(page: RawPage) -> Decoded:
    """The text of a page: bytes decoded (declared charset or ``<meta charset>`` as hint).

    Content that a container already gave as ``str`` (JSONL) is returned as is, with the
    encoding the reader recorded. The page's own ``warnings`` are not repeated here.
    """
    if isinstance(page.content, str):
        return Decoded(page.content, page.declared_encoding or "utf-8")
    declared = page.declared_encoding
    if declared is None and page.media_type == "html":
        declared = sniff_meta_charset(page.content)
    return decode_bytes(page.content, declared)
