"""decode_bytes: real Arabic strings encoded every supported way come back intact."""

from __future__ import annotations

import codecs

import pytest

from khabar.read import decode_bytes
from khabar.read.encoding import (
    arabic_plausibility,
    canonical_encoding,
    sniff_meta_charset,
)

# Letters that sit differently in windows-1256 and ISO-8859-6 (ك ف ق غ ه و ى ي), tatweel,
# Arabic comma and question mark, and harakat.
NEWS = "قال وزير الخارجية إن المملكة ترحب بالاتفاق، وأضاف أن الحوار هو السبيل الوحيد؟ كَتَبَ غـزة"
SHORT = "خبر عاجل"

BOM_CASES = [
    (codecs.BOM_UTF8 + NEWS.encode("utf-8"), "utf-8-sig"),
    (NEWS.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + NEWS.encode("utf-16-be"), "utf-16"),
    (NEWS.encode("utf-32"), "utf-32"),
]


@pytest.mark.parametrize(("content", "encoding"), BOM_CASES)
def test_byte_order_mark_decides(content: bytes, encoding: str) -> None:
    decoded = decode_bytes(content)
    assert (decoded.text, decoded.encoding, decoded.warnings) == (NEWS, encoding, ())


@pytest.mark.parametrize("text", [NEWS, SHORT, "العدد ٢٠١٧ في يناير"])
def test_plain_utf8_has_no_warning(text: str) -> None:
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, "utf-8", ())


@pytest.mark.parametrize("codec", ["windows-1256", "iso-8859-6"])
@pytest.mark.parametrize("text", [NEWS, SHORT, "وقالت الوكالة إن القوات وصلت إلى المدينة"])
def test_legacy_code_page_is_guessed_with_warning(codec: str, text: str) -> None:
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == codec
    assert [w.code for w in decoded.warnings] == ["encoding-guess"]


@pytest.mark.parametrize("codec", ["windows-1256", "iso-8859-6"])
def test_declared_legacy_encoding_is_used_without_guess_warning(codec: str) -> None:
    decoded = decode_bytes(NEWS.encode(codec), declared=codec.upper())
    assert (decoded.text, decoded.encoding, decoded.warnings) == (NEWS, codec, ())


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "utf-8"])
def test_wrong_declaration_is_overruled(declared: str) -> None:
    decoded = decode_bytes(NEWS.encode("windows-1256"), declared=declared)
    assert decoded.text == NEWS
    assert decoded.encoding == "windows-1256"
    assert decoded.warnings[0].code == "encoding-guess"
    assert declared in decoded.warnings[0].message or "iso" in decoded.warnings[0].message


def test_utf8_bytes_beat_a_legacy_declaration() -> None:
    decoded = decode_bytes(NEWS.encode("utf-8"), declared="windows-1256")
    assert (decoded.text, decoded.encoding) == (NEWS, "utf-8")
    assert [w.code for w in decoded.warnings] == ["encoding-mismatch"]


def test_ascii_keeps_the_declared_name() -> None:
    assert decode_bytes(b"<p>hello</p>", declared="windows-1256").encoding == "windows-1256"


def test_broken_utf8_is_replaced_not_raised() -> None:
    good = NEWS.encode("utf-8")
    damaged = good[:20] + b"\xff" + good[20:] + good[:-1]  # a stray byte and a cut character
    decoded = decode_bytes(damaged)
    assert decoded.encoding == "utf-8"
    assert [w.code for w in decoded.warnings] == ["undecodable-bytes"]
    assert "\ufffd" in decoded.text
    assert decoded.text.startswith(NEWS[:5])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    decoded = decode_bytes(NEWS.encode(codec))
    assert (decoded.text, decoded.encoding) == (NEWS, codec)
    assert decoded.warnings[0].code == "encoding-guess"


@pytest.mark.parametrize(
    "content", [b"", b"\x00", bytes(range(256)), b"\xff" * 100, b"\x81\x8d\x8f\x90\x9d"]
)
def test_never_raises(content: bytes) -> None:
    decoded = decode_bytes(content, declared="no-such-charset")
    assert isinstance(decoded.text, str)


def test_plausibility_prefers_right_decoding() -> None:
    as_1256 = NEWS.encode("windows-1256")
    right = arabic_plausibility(as_1256.decode("windows-1256"))
    wrong = arabic_plausibility(as_1256.decode("iso-8859-6", errors="replace"))
    assert right > wrong


@pytest.mark.parametrize(
    ("label", "name"),
    [("CP1256", "windows-1256"), ("ISO_8859-6", "iso-8859-6"), ("utf8", "utf-8"),
     ("Windows-1252", "windows-1252"), ("bogus", None), (None, None)],
)
def test_canonical_encoding(label: str | None, name: str | None) -> None:
    assert canonical_encoding(label) == name


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<html><head><meta charset="windows-1256"></head>', "windows-1256"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-6'>", "iso-8859-6"),
        (b"<html><head><title>x</title></head>", None),
    ],
)
def test_sniff_meta_charset(head: bytes, charset: str | None) -> None:
    assert sniff_meta_charset(head) == charset


def _as_windows_1252_reader_saw_it(text: str) -> str:
    """UTF-8 bytes read one byte per character: windows-1252 where defined, else latin-1."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("windows-1252"))
        except UnicodeDecodeError:
            out.append(bytes([byte]).decode("latin-1"))
    return "".join(out)


@pytest.mark.parametrize(
    "garble",
    [_as_windows_1252_reader_saw_it, lambda text: text.encode("utf-8").decode("latin-1")],
)
def test_mojibake_is_repaired(garble: object) -> None:
    page = "<p>" + garble(NEWS) + "</p>"  # type: ignore[operator]
    decoded = decode_bytes(page.encode("utf-8"))
    assert decoded.text == "<p>" + NEWS + "</p>"
    assert [w.code for w in decoded.warnings] == ["mojibake-repaired"]


@pytest.mark.parametrize(
    "text",
    ["Ødegaard scored for Norway", NEWS + " Øresund ÙÚÛ", "café crème brûlée à Paris"],
)
def test_real_latin_letters_are_left_alone(text: str) -> None:
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.warnings) == (text, ())
