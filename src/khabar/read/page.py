"""RawPage: the bytes of one page and where they came from, before any extraction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from khabar.model import PageWarning

MediaType = Literal["text", "html"]


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

    @property
    def origin(self) -> str:
        """A human-readable place for messages: path, record and url when known."""
        where = self.path or self.url or "<memory>"
        return f"{where}#{self.record}" if self.record else where
