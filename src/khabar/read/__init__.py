"""Bytes in: text dumps, HTML, WARC, JSONL, encodings → RawPage."""

from khabar.read.encoding import Decoded, decode_bytes
from khabar.read.page import RawPage

__all__ = ["Decoded", "RawPage", "decode_bytes"]
