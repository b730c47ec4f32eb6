"""Bytes in: text dumps, HTML, WARC, JSONL, encodings → RawPage."""

from khabar.read.page import RawPage

__all__ = ["RawPage"]
