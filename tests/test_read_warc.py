"""WARC / WARC.gz: one page per HTML/text response; truncation detected and reported."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from conftest import EXAMPLES
from khabar.read import RawPage, decode_page, read_pages
from khabar.read.warc import (
    GunzipStream,
    charset_of,
    dechunk,
    decode_content_encoding,
    warc_response_record,
)

STORIES = [
    "بيروت - رويترز: قال وزير الطاقة إن «الماء لا يعرف الحدود» " * 40,
    "تونس ـ (وات) ـ أكد الديوان أن الصادرات ستبلغ مستوى قياسيا هذا الموسم " * 40,
    "الرياض: سارة العتيبي\nوأوضح المتحدث أن نسبة الالتزام بلغت 99 في المئة " * 40,
]


def page_html(story: str) -> str:
    return f"<html lang='ar'><body><article><p>{story}</p></article></body></html>"


def records(charset: str = "utf-8") -> list[bytes]:
    built = [
        warc_response_record(
            f"https://news.example/{index}",
            page_html(story).encode(charset),
            content_type=f"text/html; charset={charset}",
        )
        for index, story in enumerate(STORIES)
    ]
    built.insert(1, warc_response_record("https://news.example/logo.png", b"\x89PNG",
                                         content_type="image/png"))
    built.insert(2, warc_response_record("https://news.example/gone", b"", status="404 Not Found"))
    return built


def gz(parts: list[bytes]) -> bytes:
    return b"".join(gzip.compress(part) for part in parts)


def read_bytes(tmp_path: Path, name: str, content: bytes) -> list[RawPage]:
    path = tmp_path / name
    path.write_bytes(content)
    return list(read_pages([path]))


def codes(pages: list[RawPage]) -> list[list[str]]:
    return [[w.code for w in page.warnings] for page in pages]


@pytest.mark.parametrize(("name", "pack"), [("a.warc", b"".join), ("a.warc.gz", gz)])
def test_one_page_per_html_response(tmp_path: Path, name: str, pack: object) -> None:
    content = pack(records())  # type: ignore[operator]
    pages = read_bytes(tmp_path, name, content)
    assert [p.url for p in pages] == [f"https://news.example/{i}" for i in range(3)]
    assert all(p.media_type == "html" and p.record and p.record.startswith("urn:uuid:")
               for p in pages)
    assert codes(pages) == [[], [], []]
    for page, story in zip(pages, STORIES, strict=True):
        assert story.strip() in decode_page(page).text


def test_http_charset_is_declared_encoding(tmp_path: Path) -> None:
    pages = read_bytes(tmp_path, "a.warc.gz", gz(records("windows-1256")))
    assert {p.declared_encoding for p in pages} == {"windows-1256"}
    decoded = decode_page(pages[0])
    assert (decoded.encoding, decoded.warnings) == ("windows-1256", ())
    assert STORIES[0].strip() in decoded.text


def test_uncompressed_warc_cut_mid_record_flags_the_last_page(tmp_path: Path) -> None:
    whole = b"".join(records())
    pages = read_bytes(tmp_path, "cut.warc", whole[: len(whole) - 700])
    assert len(pages) == 3
    assert codes(pages) == [[], [], ["truncated-record"]]


def test_gzip_cut_inside_a_member_is_reported(tmp_path: Path) -> None:
    whole = gz(records())
    pages = read_bytes(tmp_path, "cut.warc.gz", whole[: len(whole) - 120])
    flagged = [page for page in pages if page.warnings]
    assert flagged, "a truncated WARC.gz must not pass silently"
    assert flagged[-1] is pages[-1]
    assert codes([pages[-1]])[0][0] in ("truncated-record", "read-error")
    assert [p.url for p in pages[:2]] == ["https://news.example/0", "https://news.example/1"]


def test_gzip_cut_inside_the_headers_of_a_record_is_reported(tmp_path: Path) -> None:
    parts = records()
    first_member = gzip.compress(parts[0])
    whole = first_member + gzip.compress(parts[1])
    pages = read_bytes(tmp_path, "cut.warc.gz", whole[: len(first_member) + 30])
    assert [p.url for p in pages] == ["https://news.example/0", None]
    assert codes(pages) == [[], ["read-error"]]
    assert pages[-1].content == b""


def test_garbage_after_gzip_is_reported_not_raised(tmp_path: Path) -> None:
    pages = read_bytes(tmp_path, "bad.warc.gz", gz(records()) + b"\x1f\x8bnot gzip at all")
    assert len([p for p in pages if p.url]) == 3
    assert codes(pages)[-1] == ["read-error"]


def test_chunked_and_gzip_http_payloads_are_undone(tmp_path: Path) -> None:
    body = page_html(STORIES[0]).encode()
    compressed = gzip.compress(body)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(compressed), compressed)
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Encoding: gzip\r\n\r\n" + chunked
    )
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"WARC-Target-URI: https://news.example/z\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: %d\r\n\r\n" % len(http)
    )
    (page,) = read_bytes(tmp_path, "z.warc", head + http + b"\r\n\r\n")
    assert page.content == body and page.warnings == ()


def test_example_warc_has_its_three_pages() -> None:
    pages = list(read_pages([EXAMPLES / "warc"]))
    assert len(pages) == 3
    assert {p.declared_encoding for p in pages} == {"utf-8", "windows-1256"}


@pytest.mark.parametrize(
    ("header", "charset"),
    [("text/html; charset=UTF-8", "utf-8"), ("text/html;charset=\"cp1256\"", "windows-1256"),
     ("text/html", None), (None, None)],
)
def test_charset_of(header: str | None, charset: str | None) -> None:
    assert charset_of(header) == charset


def test_dechunk() -> None:
    assert dechunk("4\r\nخب\r\n3\r\nر!\r\n0\r\n\r\n".encode()) == "خبر!".encode()


def test_unknown_content_encoding_raises_value_error() -> None:
    with pytest.raises(ValueError, match="br"):
        decode_content_encoding(b"x", "br")


def test_gunzip_stream_returns_what_it_can_before_a_cut() -> None:
    data = "نص عربي طويل ".encode() * 5000
    packed = gzip.compress(data)
    stream = GunzipStream(io.BytesIO(packed[: len(packed) // 2]))
    out = stream.read()
    assert 0 < len(out) < len(data) and data.startswith(out)
    assert stream.truncated and not stream.corrupt


def test_wet_conversion_records_are_text_pages(tmp_path: Path) -> None:
    text = "الرياض: سارة العتيبي\nقال المتحدث إن الخطوط ستعمل قبل رمضان".encode()
    head = (
        b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:wet-1>\r\n"
        b"WARC-Target-URI: https://news.example/wet\r\nContent-Type: text/plain\r\n"
        b"Content-Length: %d\r\n\r\n" % len(text)
    )
    (page,) = read_bytes(tmp_path, "a.warc.wet.gz", gzip.compress(head + text + b"\r\n\r\n"))
    assert (page.media_type, page.url, page.content) == ("text", "https://news.example/wet", text)
