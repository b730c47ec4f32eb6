"""The page size limit (``KHABAR_MAX_PAGE_BYTES``): an oversized page is cut at a line or
word boundary and flagged ``page-truncated-size``; the article at its top survives."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zlib
from pathlib import Path

import pytest

from khabar.errors import ReadError
from khabar.extract.article import extract_article
from khabar.read import RawPage, read_pages
from khabar.read.page import DEFAULT_MAX_PAGE_BYTES, cut_point, max_page_bytes
from khabar.read.sources import read_bounded

TITLE = "وزير النقل يفتتح خط الحافلات الكهربائية"
LINE = "وقال الوزير إن المرحلة الثانية من المشروع ستبدأ في شهر مارس المقبل.\n"


def _codes(page: RawPage) -> list[str]:
    return [w.code for w in page.warnings]


@pytest.mark.parametrize(
    ("content", "limit", "cut"),
    [("سطر أول\nسطر ثان طويل", 12, 8),  # after the last line end before the limit
     ("كلمة كلمة كلمة", 12, 10),  # no line end: after the last space
     ("كلماتمتصلةبلامسافات", 7, 7),  # neither: at the limit
     ("أأأأ".encode(), 3, 2),  # bytes: never inside a two-byte letter
     ("أأأأ".encode(), 4, 4),
     ("قصير\nجدا".encode(), 100, 15)],  # under the limit: whole (15 bytes)
)
def test_cut_point(content: bytes | str, limit: int, cut: int) -> None:
    assert cut_point(content, limit) == cut
    if isinstance(content, bytes):
        content[:cut].decode("utf-8")  # a whole character sequence


@pytest.mark.parametrize("as_text", [False, True])
def test_an_oversized_page_is_cut_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, as_text: bool
) -> None:
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", "4096")
    text = TITLE + "\n\n" + LINE * 400  # about 50 KB
    page = RawPage(text if as_text else text.encode("utf-8"))
    assert _codes(page) == ["page-truncated-size"]
    assert 0 < len(page.content) <= 4096
    kept = page.content if isinstance(page.content, str) else page.content.decode("utf-8")
    assert kept.endswith(LINE)  # cut after a line end
    article = extract_article(page)
    assert article.title == TITLE and article.text.startswith(LINE.strip())
    assert "page-truncated-size" in [w.code for w in article.warnings]


def test_a_page_at_the_limit_is_whole_and_the_limit_can_be_lifted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = (TITLE + "\n" + LINE * 100).encode("utf-8")
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", str(len(data)))
    assert RawPage(data).content == data and not RawPage(data).warnings
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", "0")  # no limit
    assert max_page_bytes() == 0 and RawPage(data * 100).content == data * 100
    monkeypatch.delenv("KHABAR_MAX_PAGE_BYTES")
    assert max_page_bytes() == DEFAULT_MAX_PAGE_BYTES == 5 * 1024 * 1024
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", "5_000_000")
    assert max_page_bytes() == 5_000_000


@pytest.mark.parametrize("value", ["5MB", "-1", "خمسة"])
def test_a_bad_limit_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", value)
    with pytest.raises(ReadError, match="KHABAR_MAX_PAGE_BYTES"):
        RawPage(b"x")


@pytest.mark.parametrize("compressed", [False, True])
def test_a_file_reader_keeps_only_the_start_and_reports_the_full_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool
) -> None:
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", "10000")
    data = (TITLE + "\n\n" + LINE * 2000).encode("utf-8")  # about 250 KB
    path = tmp_path / ("page.txt.gz" if compressed else "page.txt")
    path.write_bytes(gzip.compress(data) if compressed else data)
    [page] = list(read_pages([str(path)]))
    assert isinstance(page.content, bytes) and len(page.content) <= 10000
    assert data.startswith(page.content)
    [warning] = [w for w in page.warnings if w.code == "page-truncated-size"]
    assert f"{len(data):,} bytes" in warning.message  # the full size, though not all kept


@pytest.mark.parametrize(
    ("size", "limit", "kept", "total", "whole"),
    [(100, 0, 100, 100, True), (100, 100, 100, 100, True), (100, 10, 11, 100, True),
     (3_000_000, 10, 11, 11 + (1 << 20), False),  # counting stops past 16 × the limit
     (150, 10, 11, 150, True)],
)
def test_read_bounded(size: int, limit: int, kept: int, total: int, whole: bool) -> None:
    data, length, complete = read_bounded(io.BytesIO(b"x" * size), limit)
    assert (len(data), length, complete) == (kept, total, whole)


def test_a_gzip_bomb_is_neither_inflated_whole_nor_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 MB of zeros in 200 KB of gzip: the reader keeps 1 MB, counts 16 MB, and never
    holds more than a few MB (gzip's inflater is bounded to a chunk at a time)."""
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", str(1 << 20))
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    bomb = b"".join(compressor.compress(zeros) for _ in range(200)) + compressor.flush()
    assert len(bomb) < 500_000
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(bomb)
    tracemalloc.start()
    try:
        [page] = list(read_pages([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(page.content, bytes) and len(page.content) <= 1 << 20
    [warning] = [w for w in page.warnings if w.code == "page-truncated-size"]
    assert "at least 16," in warning.message
    assert peak < 12 * (1 << 20), f"peak {peak:,} bytes"


def test_gzip_read_in_bounded_steps_gives_the_same_bytes() -> None:
    from khabar.read.warc import GunzipStream

    data = (TITLE + "\n" + LINE * 30000).encode("utf-8")  # about 4 MB, 2 members
    packed = gzip.compress(data[:1_000_000]) + gzip.compress(data[1_000_000:])
    stream = GunzipStream(io.BytesIO(packed))
    assert stream.read() == data
    assert not stream.truncated and not stream.corrupt
    cut = GunzipStream(io.BytesIO(packed[:-20]))
    assert data.startswith(cut.read()) and cut.truncated


def test_an_oversized_html_page_keeps_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", "65536")
    article_html = "".join(f"<p>{LINE.strip()} {i}</p>" for i in range(5))
    junk = '<div class="ad"><a href="/x">إعلان</a></div>' * 5000  # about 250 KB, one line
    html = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            f"{article_html}</article>{junk}</body></html>")
    page = RawPage(html.encode("utf-8"), media_type="html")
    assert len(page.content) <= 65536 and _codes(page) == ["page-truncated-size"]
    article = extract_article(page)
    assert article.title == TITLE and LINE.strip() in article.text
    assert "page-truncated-size" in [w.code for w in article.warnings]
