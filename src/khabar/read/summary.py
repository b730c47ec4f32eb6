"""What the reader made of a page, as a small record: for ``khabar pages`` and debugging."""

from __future__ import annotations

from typing import Any

from khabar.read.encoding import decode_page
from khabar.read.page import RawPage


def page_summary(page: RawPage) -> dict[str, Any]:
    """Origin, kind, encoding (declared and used), size and warnings of one page.

    Warnings are the reader's and the decoder's together, as ``{"code", "message"}``.
    """
    decoded = decode_page(page)
    warnings = [*page.warnings, *decoded.warnings]
    return {
        "origin": page.origin,
        "path": page.path,
        "url": page.url,
        "record": page.record,
        "media_type": page.media_type,
        "declared_encoding": page.declared_encoding,
        "encoding": decoded.encoding,
        "bytes": len(page.content.encode("utf-8") if isinstance(page.content, str)
                     else page.content),
        "chars": len(decoded.text),
        "meta": dict(page.meta),
        "warnings": [{"code": w.code, "message": w.message} for w in warnings],
    }
