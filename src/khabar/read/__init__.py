"""Bytes in: text dumps, HTML, WARC, JSONL, encodings → RawPage.

``read_pages(inputs)`` streams pages from files, folders, globs and ``-``;
``decode_bytes(content, declared)`` / ``decode_page(page)`` turn bytes into text with the
encoding guess and its warnings recorded. Unreadable items become pages with empty
content and a ``read-error`` warning (see :mod:`khabar.read.sources`).
"""

from khabar.read.encoding import Decoded, decode_bytes, decode_page
from khabar.read.page import RawPage
from khabar.read.sources import read_pages

__all__ = ["Decoded", "RawPage", "decode_bytes", "decode_page", "read_pages"]
