"""WARC / WARC.gz → one RawPage per HTML or text response, truncation detected.

Records are parsed by fastwarc. Neither fastwarc nor warcio raises on a truncated file,
so this module checks two things itself:

* every record's payload is as long as its ``Content-Length`` promised — a shorter one
  is yielded with the warning ``truncated-record``;
* gzip is decompressed here, member by member (:class:`GunzipStream`), so a file cut
  inside a member is known at the end — when no yielded record already carried the
  damage, one more page is yielded with the warning ``read-error`` (empty content).

Only ``response`` (HTTP 2xx), ``resource`` and ``conversion`` (WET text) records whose
content type is HTML or plain text become pages; the WARC record id goes to
``RawPage.record``, the target URI to ``RawPage.url`` and the HTTP charset to
``RawPage.declared_encoding``.
"""

from __future__ import annotations

import io
import uuid
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

from khabar.model import PageWarning
from khabar.read.encoding import canonical_encoding, sniff_meta_charset
from khabar.read.page import MediaType, RawPage

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = 1 << 20
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


class GunzipStream(io.RawIOBase):
    """A readable stream of concatenated gzip members that remembers how it ended.

    Unlike :class:`gzip.GzipFile` it returns everything decompressible before a cut
    (instead of raising ``EOFError`` and losing the last buffer); ``truncated`` and
    ``corrupt`` say afterwards whether the input ended well. At most ``CHUNK_BYTES`` are
    inflated at a time (the rest of the input waits), so a gzip bomb — 1 MB that inflates
    to 1 GB — never sits in memory whole.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._inflater = zlib.decompressobj(_GZIP_WBITS)
        self._in_member = False
        self._pending = bytearray()
        self._unconsumed = b""  # input held back because its output would exceed a chunk
        self._finished = False
        self._position = 0
        self.truncated = False
        self.corrupt = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._finished:
            self._fill()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        del self._pending[:size]
        self._position += size
        return size

    def tell(self) -> int:
        """Decompressed bytes handed out so far (fastwarc asks once, at the start)."""
        return self._position

    def _fill(self) -> None:
        if self._unconsumed:
            data, self._unconsumed = self._unconsumed, b""
            self._feed(data)
            return
        chunk = self._raw.read(CHUNK_BYTES)
        if not chunk:
            self._pending += self._inflater.flush()
            self.truncated = self._in_member and not self._inflater.eof
            self._finished = True
            return
        self._feed(chunk)

    def _feed(self, data: bytes) -> None:
        while data and not self._finished:
            if not self._in_member:
                data = data.lstrip(b"\x00")  # some writers pad between members
                if not data:
                    return
            try:
                self._pending += self._inflater.decompress(data, CHUNK_BYTES)
            except zlib.error:
                self.corrupt = True
                self._finished = True
                return
            self._in_member = True
            if self._inflater.unconsumed_tail:
                self._unconsumed = self._inflater.unconsumed_tail
                return
            if not self._inflater.eof:
                return
            data = self._inflater.unused_data
            self._inflater = zlib.decompressobj(_GZIP_WBITS)
            self._in_member = False


def as_buffered(stream: BinaryIO) -> io.BufferedReader:
    """The stream itself when it can ``peek``, else wrapped in a buffer that can."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(cast("io.RawIOBase", stream))


def media_type_of(content_type: str | None) -> MediaType | None:
    """``html``/``text`` for page content types, None for anything else (images, CSS …)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in _HTML_TYPES:
        return "html"
    if kind in _TEXT_TYPES:
        return "text"
    return None


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header.

    >>> charset_of("text/html; charset=Windows-1256")
    'windows-1256'
    """
    for parameter in (content_type or "").split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            return canonical_encoding(value)
    return None


def dechunk(body: bytes) -> bytes:
    """Undo HTTP ``Transfer-Encoding: chunked``; a malformed tail is kept as is."""
    out = bytearray()
    position = 0
    while position < len(body):
        line_end = body.find(b"\r\n", position)
        if line_end < 0:
            break
        try:
            size = int(body[position:line_end].split(b";")[0].strip() or b"x", 16)
        except ValueError:
            return bytes(out) + body[position:]
        if size == 0:
            return bytes(out)
        start = line_end + 2
        out += body[start : start + size]
        position = start + size + 2
    return bytes(out)


def decode_content_encoding(body: bytes, encoding: str | None) -> bytes:
    """Undo HTTP ``Content-Encoding`` gzip/deflate; raises ``ValueError`` for others."""
    kind = (encoding or "identity").strip().lower()
    if kind in ("", "identity"):
        return body
    if kind in ("gzip", "x-gzip"):
        return zlib.decompressobj(_GZIP_WBITS).decompress(body)
    if kind == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    raise ValueError(f"unsupported Content-Encoding {encoding!r}")


def read_warc(stream: BinaryIO, path: str | None) -> Iterator[RawPage]:
    """Pages of a WARC stream (gzip or not, detected from the first bytes).

    The stream must be able to ``tell`` (a file, ``BytesIO``); fastwarc asks for it.
    A failure inside the WARC parser ends this file with a ``read-error`` page.
    """
    buffered = as_buffered(stream)
    gunzip: GunzipStream | None = None
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        gunzip = GunzipStream(buffered)
    damage_reported = False
    malformed = 0
    try:
        for page in _pages_of_records(gunzip if gunzip is not None else buffered, path):
            if page.record is None:
                malformed += 1
                continue
            damage_reported = damage_reported or any(
                w.code == "truncated-record" for w in page.warnings
            )
            yield page
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # fastwarc panics surface as BaseException
        yield RawPage(
            content=b"",
            path=path,
            record="end-of-file",
            warnings=(PageWarning("read-error", f"WARC parser failed: {error}"),),
        )
        return
    truncated = gunzip is not None and (gunzip.truncated or gunzip.corrupt)
    if malformed or (truncated and not damage_reported):
        yield _damage_page(path, gunzip, malformed)


def _pages_of_records(source: Any, path: str | None) -> Iterator[RawPage]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    records = ArchiveIterator(
        source,
        record_types=WarcRecordType.response
        | WarcRecordType.resource
        | WarcRecordType.conversion,
        parse_http=True,
        stream_detect=False,
    )
    for record in records:
        page = page_of_record(record, path)
        if page is not None:
            yield page


def page_of_record(record: Any, path: str | None) -> RawPage | None:
    """A RawPage for one fastwarc record, or None when it is not an HTML/text 2xx page.

    A record without an id or length (what a cut inside WARC headers leaves) comes back
    as a page with ``record=None`` for the caller to count as damage.
    """
    headers = record.headers
    record_id = headers.get("WARC-Record-ID")
    declared_length = headers.get("Content-Length")
    if not record_id or declared_length is None:
        return RawPage(content=b"", path=path)
    url = headers.get("WARC-Target-URI")
    if record.is_http:
        status = record.http_headers.status_code
        if not 200 <= status < 300:
            return None
        content_type = record.http_headers.get("Content-Type")
    else:
        content_type = headers.get("Content-Type")
    media_type = media_type_of(content_type)
    if media_type is None:
        return None
    expected = record.content_length
    body = record.reader.read()
    warnings: list[PageWarning] = []
    if len(body) < expected:
        warnings.append(
            PageWarning(
                "truncated-record",
                f"WARC record has {len(body)} of {expected} payload bytes: the file is cut",
            )
        )
    if record.is_http:
        body, problem = _undo_http_encodings(body, record.http_headers)
        if problem:
            warnings.append(PageWarning("read-error", problem))
            body = b""
    declared = charset_of(content_type)
    if declared is None and media_type == "html":
        declared = sniff_meta_charset(body)
    return RawPage(
        content=body,
        path=path,
        url=url,
        record=record_id.strip("<>"),
        media_type=media_type,
        declared_encoding=declared,
        meta=(("warc_date", headers.get("WARC-Date") or ""),),
        warnings=tuple(warnings),
    )


def _undo_http_encodings(body: bytes, http_headers: Any) -> tuple[bytes, str | None]:
    if "chunked" in (http_headers.get("Transfer-Encoding") or "").lower():
        body = dechunk(body)
    try:
        return decode_content_encoding(body, http_headers.get("Content-Encoding")), None
    except (ValueError, zlib.error) as error:
        return b"", f"cannot undo HTTP content encoding: {error}"


def _damage_page(path: str | None, gunzip: GunzipStream | None, malformed: int) -> RawPage:
    reasons = []
    if gunzip is not None and gunzip.truncated:
        reasons.append("gzip stream cut inside a member (truncated WARC.gz)")
    if gunzip is not None and gunzip.corrupt:
        reasons.append("gzip data corrupt")
    if malformed:
        reasons.append(f"{malformed} record(s) without WARC-Record-ID or Content-Length")
    return RawPage(
        content=b"",
        path=path,
        record="end-of-file",
        warnings=(PageWarning("read-error", "; ".join(reasons) + ": records may be missing"),),
    )


# --- writing (examples and tests build WARCs with this) -------------------------


def warc_response_record(
    url: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    date: str = "2024-01-01T00:00:00Z",
    record_id: str | None = None,
    status: str = "200 OK",
) -> bytes:
    """One uncompressed WARC/1.0 ``response`` record holding an HTTP response."""
    http = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("ascii") + body
    rid = record_id or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <{rid}>\r\nWARC-Date: {date}\r\nWARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"
