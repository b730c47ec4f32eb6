"""The public Python API behind ``khabar.extract`` and ``khabar.read_pages``.

>>> article = extract("عنوان الخبر\\nالرياض: محمد العلي\\nقال الوزير إن الاجتماع مثمر.")
>>> article.dateline, article.byline, len(article.sentences)
('الرياض', 'محمد العلي', 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import Union

from khabar.errors import ReadError
from khabar.model import Article
from khabar.pipeline import Pipeline
from khabar.read.page import MediaType, RawPage

PageSource = Union[str, bytes, "PathLike[str]"]
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A str is read as a path only if it looks like one (one short line naming an existing file).
MAX_PATH_CHARS = 4096


def read_pages(paths: Iterable[str | PathLike[str]] | str | PathLike[str]) -> Iterator[RawPage]:
    """Pages from files, folders (recursed), globs, ``-`` (stdin), WARC and JSONL.

    Delegates to ``khabar.read.read_pages``; a single path may be given bare.
    """
    from khabar.read import read_pages as _read_pages

    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    return _read_pages([str(p) for p in paths])


def page_from(source: PageSource) -> RawPage:
    """One RawPage from a path, raw bytes or page text (HTML is recognised by its tags).

    A path goes through the reader (text, HTML, WARC, JSONL); a container holding several
    pages is an error here — iterate ``read_pages`` for those.
    """
    if isinstance(source, PathLike) or (
        isinstance(source, str)
        and len(source) < MAX_PATH_CHARS
        and "\n" not in source
        and _is_file(source)
    ):
        pages = list(islice(read_pages([source]), 2))
        if not pages:
            raise ReadError(f"no page in {source}")
        if len(pages) > 1:
            raise ReadError(f"{source} holds several pages: iterate khabar.read_pages() instead")
        return pages[0]
    if isinstance(source, bytes):
        return RawPage(source, media_type=_sniff_media(source[:2048].decode("latin-1")))
    return RawPage(source, media_type=_sniff_media(source[:2048]))


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def _sniff_media(head: str) -> MediaType:
    lowered = head.lstrip().lower()
    is_html = lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered
    return "html" if is_html else "text"


def extract(source: PageSource, pipeline: Pipeline | None = None) -> Article:
    """Extract and annotate one page (path, bytes or text) with the default stages."""
    return (pipeline or Pipeline()).process_page(page_from(source))
