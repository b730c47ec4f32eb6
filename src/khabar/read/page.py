"""RawPage: the bytes of one page and where they came from, before any extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from khabar.model import PageWarning

MediaType = Literal["text", "html"]

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
        """Replace lone surrogates in every string field with U+FFFD (see ``_SURROGATE``)."""
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
