"""Fuzzing the byte layer: ``decode_bytes`` never raises, whatever the bytes and the label.

Seeded and reproducible (``derandomize=True``): the same cases run on every machine.
"""

from __future__ import annotations

import codecs
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import (
    BIDI_AND_ZERO_WIDTH,
    SAMPLE_PARAGRAPH,
    break_utf8,
    encoding_variants,
    nested_html,
    real_pages,
    truncate_mid_character,
    truncated_warc,
    warc_bytes,
    write_empty_files,
)
from khabar.model import Article
from khabar.pipeline import Failure, Pipeline, process_partition
from khabar.read.encoding import Decoded, decode_bytes
from khabar.read.page import RawPage
from khabar.read.sources import read_pages, read_stream

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


# --- readers: files, folders, WARC, JSONL ------------------------------------------------------
def _pages_of(data: bytes, name: str, kind: str | None) -> list[RawPage]:
    return list(read_stream(io.BytesIO(data), name, kind))  # type: ignore[arg-type]


PREFIXES = st.sampled_from(
    [
        b"",
        b"\x1f\x8b",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        b"WARC/1.0\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n",
        b"{",
        b'{"text": ',
        b'{"html": "<p>',
        b"[" * 5000,
        b"<!DOCTYPE html><html>",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
    ]
)


@settings(FUZZ, max_examples=1500)
@given(
    prefix=PREFIXES,
    body=st.binary(max_size=1500),
    kind=st.sampled_from([None, "text", "html", "warc", "jsonl"]),
)
def test_readers_never_raise_on_random_streams(
    prefix: bytes, body: bytes, kind: str | None
) -> None:
    pages = _pages_of(prefix + body, "fuzz", kind)
    for page in pages:
        assert isinstance(page, RawPage)
        # Every string a page carries must be writable as UTF-8 (JSON lines, SQLite).
        for value in (page.path, page.url, page.record, *(v for kv in page.meta for v in kv)):
            if value is not None:
                value.encode("utf-8")
        if isinstance(page.content, str):
            page.content.encode("utf-8")


# Four records of equal length: cuts at 25/50/75 % fall between records and leave a valid,
# shorter WARC (undetectable by anyone); these fractions all cut inside a record.
@pytest.mark.parametrize("keep", [0.0, 0.1, 0.3, 0.45, 0.6, 0.9, 0.99])
@pytest.mark.parametrize("gzip_records", [True, False])
def test_truncated_warc_yields_the_whole_records_and_a_read_error(
    keep: float, gzip_records: bool, tmp_path: Path
) -> None:
    pages = [nested_html(3) for _ in range(4)]
    data = truncated_warc(pages, keep=keep, gzip_records=gzip_records)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data)
    read = list(read_pages([path]))
    complete = [p for p in read if p.content and not p.warnings]
    damaged = [p for p in read if p.warnings]
    assert len(complete) < len(pages)  # the cut lost something …
    assert damaged or not data, f"a cut at {keep:.0%} went unnoticed: {read}"  # … and said so
    for page in read:
        result = Pipeline(budget_seconds=30).process_one(page)
        assert isinstance(result, Article | Failure)
        if page.warnings and any(w.code == "read-error" for w in page.warnings):
            assert isinstance(result, Failure) and result.reason


def test_a_whole_warc_reads_every_record(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(warc_bytes([nested_html(3)] * 4))
    read = list(read_pages([path]))
    assert len(read) == 4 and not any(p.warnings for p in read)


def test_hostile_file_names_and_jsonl_lines_do_not_crash_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # A file name that is not UTF-8 (Python sees lone surrogates), and JSONL lines with
    # lone surrogate escapes, 100k nested brackets, and not-an-object values.
    odd_name = os.fsencode(folder) + b"/\xff\xfe page.txt"
    with open(odd_name, "wb") as handle:
        handle.write(SAMPLE_PARAGRAPH.encode("utf-8") * 3)
    lines = [
        b'{"text": "\\ud800 \\u0642\\u0627\\u0644 \\u201c\\u0646\\u0639\\u0645\\u201d", '
        b'"url": "http://x/\\udfff", "title": "\\udc80"}',
        b"[" * 100_000,
        b"42",
        b'{"text": 5}',
        b'{"html": "<p>\\udbff</p>"}',
    ]
    (folder / "lines.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    pages = list(read_pages([folder]))
    assert len(pages) == 1 + len(lines)
    records = list(process_partition(pages, Pipeline(budget_seconds=30)))
    assert len(records) == len(pages)
    for record in records:
        # What a batch writes: UTF-8 JSON lines. This used to raise UnicodeEncodeError.
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    articles = [r["article"] for r in records if "article" in r]
    assert len(articles) == 3
    failures = [r["failure"] for r in records if "failure" in r]
    assert len(failures) == 3 and all(f["reason"] for f in failures)
    assert any("\ufffd" in (a["source"]["path"] or "") for a in articles)


def test_gzip_magic_without_a_gzip_stream_is_read_as_bytes(tmp_path: Path) -> None:
    path = tmp_path / "no-suffix"
    path.write_bytes(b"\x1f\x8b\xff\xff\xff\xff" + SAMPLE_PARAGRAPH.encode("utf-8"))
    pages = list(read_pages([path]))
    assert len(pages) == 1 and pages[0].path == str(path)


def test_empty_file_and_folder_of_10k_empty_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.touch()
    result = Pipeline(budget_seconds=30).process_one(next(iter(read_pages([empty]))))
    if isinstance(result, Article):
        assert result.text == "" and any(w.code == "empty-body" for w in result.warnings)
    else:
        assert result.reason
    folder = tmp_path / "many"
    write_empty_files(folder, 10_000)
    pipeline = Pipeline(budget_seconds=30)
    count = 0
    for record in process_partition(read_pages([folder]), pipeline):
        count += 1
        if "article" in record:
            assert record["article"]["text"] == ""
            assert any(w["code"] == "empty-body" for w in record["article"]["warnings"])
        else:
            assert record["failure"]["reason"]
    assert count == 10_000
