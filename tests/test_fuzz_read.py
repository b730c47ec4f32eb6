"""Fuzzing the byte layer: ``decode_bytes`` never raises, whatever the bytes and the label.

Seeded and reproducible (``derandomize=True``): the same cases run on every machine.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import (
    BIDI_AND_ZERO_WIDTH,
    break_utf8,
    encoding_variants,
    real_pages,
    truncate_mid_character,
)
from khabar.read.encoding import Decoded, decode_bytes

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Charset labels as they appear in the wild, plus hostile ones a page can declare: codecs
# that are not text encodings (base64, zlib, rot13), that always fail (undefined), that
# reject error handlers (idna) or that are historically abused (utf-7).
LABELS = (
    "utf-8",
    "UTF8",
    "windows-1256",
    "cp1256",
    "ISO-8859-6",
    "iso_8859-6:1987",
    "arabic",
    "utf-16",
    "utf-16le",
    "utf-16-be",
    "utf-32",
    "latin-1",
    "windows-1252",
    "ascii",
    "x-user-defined",
    "base64",
    "zlib",
    "rot13",
    "hex",
    "bz2",
    "uu",
    "quopri",
    "undefined",
    "idna",
    "punycode",
    "utf-7",
    "unicode_escape",
    "raw_unicode_escape",
    "",
    "   ",
    '"windows-1256"',
    "charset=utf-8",
    "\u0639\u0631\u0628\u064a",
    "utf-8\x00",
)

ARABIC_CHUNKS = st.sampled_from(
    [
        "\u0642\u0627\u0644 ",  # قال
        "\u0627\u0644\u0648\u0632\u064a\u0631 ",  # الوزير
        "\u201c",
        "\u201d",
        "\u00ab",
        "\u00bb",
        '"',
        "\u060c ",
        ".",
        "\n",
        "\u0661\u0664\u0663\u0668 ",  # ١٤٣٨
        *BIDI_AND_ZERO_WIDTH,
    ]
)


def _check(decoded: Decoded) -> None:
    assert isinstance(decoded, Decoded)
    assert isinstance(decoded.text, str)
    assert decoded.encoding
    codecs.lookup(decoded.encoding)  # the recorded name is a real codec
    for warning in decoded.warnings:
        assert warning.code and warning.message


@settings(FUZZ, max_examples=2000)
@given(content=st.binary(max_size=2048), label=st.sampled_from((None, *LABELS)))
def test_decode_bytes_never_raises_on_random_bytes(content: bytes, label: str | None) -> None:
    _check(decode_bytes(content, label))


@settings(FUZZ, max_examples=1500)
@given(
    parts=st.lists(ARABIC_CHUNKS, max_size=60),
    encodings=st.lists(
        st.sampled_from(["utf-8", "windows-1256", "iso-8859-6", "utf-16", "utf-16-le"]),
        min_size=1,
        max_size=3,
    ),
    label=st.sampled_from((None, *LABELS)),
    cut=st.integers(min_value=0, max_value=400),
)
def test_decode_bytes_never_raises_on_mixed_and_cut_arabic(
    parts: list[str], encodings: list[str], label: str | None, cut: int
) -> None:
    text = "".join(parts)
    # Each third of the text in a different encoding, then cut at an arbitrary byte.
    step = max(1, len(text) // len(encodings))
    pieces = [
        text[i * step : (i + 1) * step if i < len(encodings) - 1 else None].encode(
            enc, errors="replace"
        )
        for i, enc in enumerate(encodings)
    ]
    content = b"".join(pieces)
    _check(decode_bytes(content[: len(content) - cut] if cut < len(content) else content, label))


def _long_pages() -> list[tuple[str, str]]:
    pages = [p for p in real_pages() if p.media_type == "text" and len(p.data) > 2000]
    return [(p.name, p.data.decode("utf-8")) for p in pages[:4]]


@pytest.mark.parametrize(("name", "text"), _long_pages(), ids=lambda v: str(v)[:20])
@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "windows-1256", "iso-8859-6"]
)
def test_real_pages_in_every_encoding_decode_to_their_text(
    name: str, text: str, encoding: str
) -> None:
    data = encoding_variants(text)[encoding]
    decoded = decode_bytes(data)
    _check(decoded)
    codec = {"utf-8-bom": "utf-8", "utf-16-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(
        encoding, encoding
    )
    expected = text.encode(codec, errors="replace").decode(codec)
    assert decoded.text == expected, f"{name} as {encoding} decoded as {decoded.encoding}"


@pytest.mark.parametrize(("name", "text"), _long_pages(), ids=lambda v: str(v)[:20])
def test_damaged_and_mixed_utf8_is_read_as_utf8_with_a_warning(name: str, text: str) -> None:
    variants = encoding_variants(text)
    for kind in ("broken-utf-8", "mixed-utf8-cp1256"):
        decoded = decode_bytes(variants[kind])
        _check(decoded)
        assert decoded.warnings, f"{name}: {kind} decoded silently as {decoded.encoding}"
    cut = decode_bytes(truncate_mid_character(text.encode("utf-8")))
    _check(cut)
    assert cut.encoding == "utf-8"
    assert text.startswith(cut.text.rstrip("\ufffd"))
    few_breaks = decode_bytes(break_utf8(text.encode("utf-8"), seed=7, count=2))
    assert few_breaks.encoding == "utf-8"
    assert any(w.code == "undecodable-bytes" for w in few_breaks.warnings)
