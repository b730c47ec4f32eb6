"""The public Python API behind ``khabar.extract`` and ``khabar.read_pages``.

>>> article = extract("عنوان الخبر\\nالرياض: محمد العلي\\nقال الوزير إن الاجتماع مثمر.")
>>> article.dateline, article.byline, len(article.sentences)
('الرياض', 'محمد العلي', 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    names = [str(p) for p in paths]
    try:
        from khabar.read import read_pages as _read_pages
    except ImportError:  # the full reader (WARC, JSONL) is not installed in this tree yet
        return _simple_read_pages(names)
    pages: Iterator[RawPage] = _read_pages(names)
    return pages


def _simple_read_pages(names: list[str]) -> Iterator[RawPage]:
    """Files, folders, globs and ``-`` only: a stand-in until ``khabar.read.read_pages``."""
    import glob
    import sys

    for name in names:
        if name == "-":
            yield RawPage(sys.stdin.buffer.read(), path="-")
            continue
        matches = sorted(glob.glob(name, recursive=True)) if glob.has_magic(name) else [name]
        if not matches:
            raise ReadError(f"no file matches {name}")
        for match in matches:
            path = Path(match)
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                yield page_from(file)


def page_from(source: PageSource) -> RawPage:
    """One RawPage from a path, raw bytes or page text (HTML is recognised by its tags)."""
    if isinstance(source, PathLike) or (
        isinstance(source, str) and len(source) < MAX_PATH_CHARS and "\n" not in source
        and _is_file(source)
    ):
        path = Path(source)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise ReadError(f"cannot read {path}: {error}") from error
        media: MediaType = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
        return RawPage(content, path=str(path), media_type=media)
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
