"""Inputs → a stream of RawPage: files, folders, globs and ``-`` (stdin).

What each input becomes:

* a **folder** is walked recursively in sorted order (deterministic), one entry at a
  time, so a folder of 10,000 files streams without being listed into memory at once
  beyond one directory's names; hidden entries and files of other kinds (``.json``
  gold files, images …) are skipped, extension-less files are sniffed;
* a **file** is dispatched by its name — ``.txt`` text dump, ``.html``/``.htm`` HTML,
  ``.warc``/``.warc.gz`` one page per response record, ``.jsonl``/``.jsonl.gz`` one page
  per line — and by its first bytes when the name says nothing;
* a **glob** (``pages/**/*.html``) expands to its sorted matches;
* ``-`` reads standard input (sniffed like a file without extension).

**Unreadable items do not stop the stream.** A missing file, an unreadable folder, a bad
JSONL line or a truncated WARC yields a page with empty content and the warning
``read-error`` (its message says why); callers treat such a page as a failure of that
item and go on. Empty files yield pages with empty content and no warning (extraction
flags them ``empty-body``).
"""

from __future__ import annotations

import codecs
import glob
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from khabar.model import PageWarning
from khabar.read.encoding import sniff_meta_charset
from khabar.read.jsonl import read_error_page, read_jsonl
from khabar.read.page import RawPage, limit_size, max_page_bytes
from khabar.read.warc import (
    CHUNK_BYTES,
    GZIP_MAGIC,
    GunzipStream,
    as_buffered,
    read_warc,
)

Kind = Literal["text", "html", "warc", "jsonl"]

SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".wet": "warc",
    ".wet.gz": "warc",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson": "jsonl",
    ".ndjson.gz": "jsonl",
    ".txt.gz": "text",
    ".html.gz": "html",
    ".htm.gz": "html",
}
SNIFF_BYTES = 1024
STDIN_NAME = "<stdin>"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<meta")
_GLOB_CHARS = frozenset("*?[")


def read_pages(inputs: Iterable[str | Path], stdin: BinaryIO | None = None) -> Iterator[RawPage]:
    """Every page of every input, in order; see the module docstring for what inputs can be.

    ``stdin`` replaces ``sys.stdin.buffer`` for ``-`` (a seam for tests and callers).
    """
    for item in inputs:
        yield from read_input(item, stdin)


def read_input(item: str | Path, stdin: BinaryIO | None = None) -> Iterator[RawPage]:
    """The pages of one input: ``-``, a folder, a file or a glob."""
    name = str(item)
    if name == "-":
        # Read whole: a pipe cannot tell or seek, which the WARC parser needs.
        source = stdin if stdin is not None else sys.stdin.buffer
        yield from read_stream(io.BytesIO(source.read()), STDIN_NAME)
        return
    path = Path(item)
    if path.is_dir():
        yield from read_folder(path)
    elif path.exists():
        yield from read_file(path)
    elif _GLOB_CHARS & set(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield read_error_page(name, None, f"no file matches {name!r}")
        for match in matches:
            yield from read_folder(Path(match)) if os.path.isdir(match) else read_file(Path(match))
    else:
        yield read_error_page(name, None, f"no such file or folder: {name}")


def kind_of_name(name: str) -> Kind | None:
    """The kind of page a file name announces, or None when its suffix says nothing.

    >>> kind_of_name("crawl.warc.gz"), kind_of_name("a.HTM"), kind_of_name("notes.json")
    ('warc', 'html', None)
    """
    lowered = name.lower()
    for suffix, kind in sorted(SUFFIX_KINDS.items(), key=lambda pair: -len(pair[0])):
        if lowered.endswith(suffix):
            return kind
    return None


def sniff_kind(head: bytes) -> Kind:
    """The kind of a stream from its first bytes (gzip looked inside).

    >>> sniff_kind(b"WARC/1.0\\r\\n"), sniff_kind(b'{"text": "x"}'), sniff_kind(b"<!DOCTYPE html>")
    ('warc', 'jsonl', 'html')
    """
    if head[:2] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:  # gzip magic but no gzip stream: sniff the bytes as they are
            pass
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = start[:SNIFF_BYTES].lower()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lowered.startswith(_HTML_STARTS) and b"<html" in lowered:
        return "html"
    return "text"


def read_folder(folder: Path) -> Iterator[RawPage]:
    """Pages of every page file under ``folder``, depth first, entries sorted by name."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield read_error_page(str(folder), None, f"cannot list folder: {error}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from read_folder(path)
        elif entry.is_file() and is_page_file(entry.name):
            yield from read_file(path)


def is_page_file(name: str) -> bool:
    """Whether a folder walk reads this file: a page suffix, or no suffix at all."""
    return kind_of_name(name) is not None or "." not in name


def read_file(path: Path) -> Iterator[RawPage]:
    """The pages of one file; an unreadable file becomes one ``read-error`` page."""
    try:
        stream = path.open("rb")
    except OSError as error:
        yield read_error_page(str(path), None, f"cannot open: {error.strerror or error}")
        return
    with stream:
        try:
            yield from read_stream(stream, str(path), kind_of_name(path.name))
        except OSError as error:
            yield read_error_page(str(path), None, f"cannot read: {error}")


def read_stream(stream: BinaryIO, path: str, kind: Kind | None = None) -> Iterator[RawPage]:
    """The pages of an open binary stream of a known kind, or sniffed when None."""
    buffered = as_buffered(stream)
    if kind is None:
        kind = sniff_kind(buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES])
    if kind == "warc":
        yield from read_warc(buffered, path)
    elif kind == "jsonl":
        yield from read_jsonl(buffered, path)
    else:
        yield single_page(buffered, path, kind)


def single_page(stream: io.BufferedReader, path: str, kind: Kind) -> RawPage:
    """A text or HTML file as one page, gunzipped first when it is gzip (``page.html.gz``)."""
    warnings: tuple[PageWarning, ...] = ()
    if stream.peek(2)[:2] == GZIP_MAGIC:
        gunzip = GunzipStream(stream)
        kept, total, whole = read_bounded(gunzip, max_page_bytes())
        if gunzip.truncated or gunzip.corrupt:
            problem = "cut short" if gunzip.truncated else "corrupt"
            warnings = (PageWarning("truncated-page", f"gzip data {problem}: page incomplete"),)
    else:
        kept, total, whole = read_bounded(stream, max_page_bytes())
    content, cut = limit_size(kept, total, at_least=not whole)
    warnings = (*warnings, cut) if cut else warnings
    declared = sniff_meta_charset(content) if kind == "html" else None
    return RawPage(
        content=content,
        path=path,
        media_type="html" if kind == "html" else "text",
        declared_encoding=declared,
        warnings=warnings,
    )


def read_bounded(stream: BinaryIO | io.RawIOBase, limit: int) -> tuple[bytes, int, bool]:
    """The first ``limit`` + 1 bytes of a stream (all of it when ``limit`` is 0), the length
    seen and whether that is the stream's full length.

    Past the limit the stream is read on and counted but not kept, so an oversized page
    never sits in memory whole; counting stops at ``DRAIN_FACTOR`` × ``limit`` (a gzip bomb
    would otherwise be inflated to the end), and the length is then a lower bound.
    """
    if not limit:
        data = stream.read() or b""
        return data, len(data), True
    parts: list[bytes] = []
    kept = 0
    while kept <= limit:
        chunk = stream.read(min(CHUNK_BYTES, limit + 1 - kept))
        if not chunk:
            return b"".join(parts), kept, True
        parts.append(chunk)
        kept += len(chunk)
    total = kept
    while total < DRAIN_FACTOR * limit:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            return b"".join(parts), total, True
        total += len(chunk)
    return b"".join(parts), total, False


# How far past the size limit a reader counts a page's length before it stops reading.
DRAIN_FACTOR = 16
