"""RawPage: the bytes of one page and where they came from, before any extraction."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Literal, overload

from khabar.errors import ReadError
from khabar.model import PageWarning

MediaType = Literal["text", "html"]

# The largest page khabar processes whole. Real articles are under 200 KB; a page of tens
# of MB (a dump, inline base64 images) would take gigabytes of parse trees. A longer page
# is cut at a line or word boundary before the limit and flagged ``page-truncated-size``:
# the analyst keeps the article (it sits near the top of any real page) and can filter on
# the warning. Bytes for raw pages, characters for text a container already decoded.
MAX_PAGE_BYTES_ENV = "KHABAR_MAX_PAGE_BYTES"
DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024
# How far back from the limit a line end (then a space) is looked for.
CUT_SEARCH_WINDOW = 64 * 1024

# Lone UTF-16 surrogates: what a file name with undecodable bytes becomes in Python
# (surrogateescape) and what JSON "\ud800" escapes decode to. No UTF-8 file, JSON
# output or SQLite text can hold them, so one would crash the write of a whole batch.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page as read: raw bytes (or text already decoded by a container format).

    ``media_type`` says which extractor applies; ``declared_encoding`` is what a
    container (HTTP header, ``<meta charset>``) claimed, if anything; ``meta`` carries
    fields a container gave (a JSONL ``title``/``date``); ``warnings`` what the reader noticed.
    """

    content: bytes | str
    path: str | None = None
    url: str | None = None
    record: str | None = None
    media_type: MediaType = "text"
    declared_encoding: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    warnings: tuple[PageWarning, ...] = ()

    def __post_init__(self) -> None:
        """Cut an oversized page (see ``MAX_PAGE_BYTES_ENV``); replace lone surrogates in
        every string field with U+FFFD (see ``_SURROGATE``)."""
        content, cut = limit_size(self.content)
        if cut is not None:
            object.__setattr__(self, "content", content)
            object.__setattr__(self, "warnings", (*self.warnings, cut))
        for name in ("path", "url", "record", "declared_encoding"):
            value = getattr(self, name)
            if value is not None and _SURROGATE.search(value):
                object.__setattr__(self, name, _SURROGATE.sub(REPLACEMENT, value))
        if any(_SURROGATE.search(k) or _SURROGATE.search(v) for k, v in self.meta):
            clean = tuple(
                (_SURROGATE.sub(REPLACEMENT, k), _SURROGATE.sub(REPLACEMENT, v))
                for k, v in self.meta
            )
            object.__setattr__(self, "meta", clean)
        if isinstance(self.content, str) and _SURROGATE.search(self.content):
            object.__setattr__(self, "content", _SURROGATE.sub(REPLACEMENT, self.content))
            found = PageWarning("undecodable-bytes", "lone surrogates replaced with U+FFFD")
            object.__setattr__(self, "warnings", (*self.warnings, found))

    @property
    def origin(self) -> str:
        """A human-readable place for messages: path, record and url when known."""
        where = self.path or self.url or "<memory>"
        return f"{where}#{self.record}" if self.record else where


def max_page_bytes() -> int:
    """The page size limit: ``KHABAR_MAX_PAGE_BYTES`` if set (``0`` = no limit), else 5 MiB.

    Read on every page (an environment lookup is cheap) so a process can change it.
    """
    raw = os.environ.get(MAX_PAGE_BYTES_ENV, "").strip().replace("_", "")
    if not raw:
        return DEFAULT_MAX_PAGE_BYTES
    try:
        value = int(raw)
    except ValueError:
        message = f"{MAX_PAGE_BYTES_ENV} must be a whole number of bytes, not {raw!r}"
        raise ReadError(message) from None
    if value < 0:
        raise ReadError(f"{MAX_PAGE_BYTES_ENV} must be 0 (no limit) or more, not {value}")
    return value


@overload
def limit_size(
    content: bytes, total: int | None = None, at_least: bool = False
) -> tuple[bytes, PageWarning | None]: ...
@overload
def limit_size(
    content: str, total: int | None = None, at_least: bool = False
) -> tuple[str, PageWarning | None]: ...
def limit_size(
    content: bytes | str, total: int | None = None, at_least: bool = False
) -> tuple[bytes | str, PageWarning | None]:
    """``content`` cut to the page size limit, with the ``page-truncated-size`` warning when
    it was cut. ``total`` is the page's full length when a reader kept only its start
    (``at_least`` when the reader stopped counting too)."""
    limit = max_page_bytes()
    size = len(content) if total is None else total
    if not limit or size <= limit:
        return content, None
    cut = cut_point(content, limit)
    unit = "bytes" if isinstance(content, bytes) else "characters"
    warning = PageWarning(
        "page-truncated-size",
        f"page of {'at least ' if at_least else ''}{size:,} {unit} cut to its first {cut:,} "
        f"({MAX_PAGE_BYTES_ENV}={limit:,})",
    )
    return content[:cut], warning


def cut_point(content: bytes | str, limit: int) -> int:
    """Where to cut ``content`` to at most ``limit``: after the last line end in the final
    ``CUT_SEARCH_WINDOW`` before the limit, else after the last space there, else at the
    limit itself (moved back to the start of a UTF-8 character for bytes).

    >>> cut_point("سطر أول\\nسطر ثان طويل", 12)
    8
    >>> cut_point("أأأأ".encode(), 3)  # two-byte letters: not inside the second one
    2
    """
    if len(content) <= limit:
        return len(content)
    start = max(0, limit - CUT_SEARCH_WINDOW)
    if isinstance(content, bytes):
        for mark in (b"\n", b" "):
            found = content.rfind(mark, start, limit)
            if found > 0:
                return found + 1
        cut = limit
        while cut > 0 and content[cut] & 0xC0 == 0x80:  # inside a UTF-8 character
            cut -= 1
        return cut or limit
    for char in ("\n", " "):
        found = content.rfind(char, start, limit)
        if found > 0:
            return found + 1
    return limit
