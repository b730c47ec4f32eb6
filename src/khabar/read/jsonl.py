"""JSONL / JSONL.gz → one RawPage per line ``{"text"|"html": …, "url": …, …}``.

``content`` is the ``html`` string (media type ``html``) or else the ``text`` string;
``url`` goes to ``RawPage.url``; every other string field (``title``, ``date`` …) is kept
in ``RawPage.meta``; the 1-based line number is ``RawPage.record``. A line that is not
a JSON object with a ``text`` or ``html`` string becomes a page with empty content and
the warning ``read-error`` — the stream goes on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from khabar.model import PageWarning
from khabar.read.encoding import decode_bytes, repair_mojibake
from khabar.read.page import RawPage
from khabar.read.warc import CHUNK_BYTES, GZIP_MAGIC, GunzipStream, as_buffered

CONTENT_FIELDS = ("html", "text")


def read_jsonl(stream: BinaryIO, path: str | None) -> Iterator[RawPage]:
    """Pages of a JSON Lines stream (gzip or not, detected from the first bytes)."""
    buffered = as_buffered(stream)
    gunzip: GunzipStream | None = None
    lines: BinaryIO = buffered
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        gunzip = GunzipStream(buffered)
        lines = io.BufferedReader(gunzip, CHUNK_BYTES)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield page_of_line(line, path, number)
    if gunzip is not None and (gunzip.truncated or gunzip.corrupt):
        problem = "truncated" if gunzip.truncated else "corrupt"
        yield read_error_page(path, "end-of-file", f"gzip stream {problem}: lines may be missing")


def page_of_line(line: bytes, path: str | None, number: int) -> RawPage:
    """One JSONL line as a page, or a ``read-error`` page saying what is wrong with it."""
    decoded = decode_bytes(line.strip(), declared="utf-8")
    try:
        data: Any = json.loads(decoded.text)
    except (ValueError, RecursionError) as error:  # RecursionError: nesting too deep
        return read_error_page(path, str(number), f"line {number} is not JSON: {error}")
    if not isinstance(data, dict):
        return read_error_page(path, str(number), f"line {number} is not a JSON object")
    field = next((f for f in CONTENT_FIELDS if isinstance(data.get(f), str)), None)
    if field is None:
        return read_error_page(
            path, str(number), f"line {number} has no string field 'text' or 'html'"
        )
    content: str = data[field]
    warnings = decoded.warnings
    repaired = repair_mojibake(content)  # JSON written with \u00d8\u00a7… escapes
    if repaired is not None:
        content = repaired
        warnings = (*warnings, PageWarning("mojibake-repaired", "windows-1252 mojibake restored"))
    url = data.get("url")
    meta = tuple(
        (key, value)
        for key, value in data.items()
        if key not in (*CONTENT_FIELDS, "url") and isinstance(value, str)
    )
    return RawPage(
        content=content,
        path=path,
        url=url if isinstance(url, str) else None,
        record=str(number),
        media_type="html" if field == "html" else "text",
        declared_encoding=decoded.encoding,
        meta=meta,
        warnings=warnings,
    )


def read_error_page(path: str | None, record: str | None, message: str) -> RawPage:
    """An empty page that stands for something unreadable, so the caller can record it."""
    return RawPage(
        content=b"", path=path, record=record, warnings=(PageWarning("read-error", message),)
    )
