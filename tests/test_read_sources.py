"""read_pages: files, folders, globs and stdin, dispatched by name or content, never stopping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import EXAMPLES, SEED_PAGE, needs_shared
from khabar.read import RawPage, decode_page, read_pages
from khabar.read.sources import kind_of_name, sniff_kind

ARTICLE = "الرياض: سارة العتيبي\nقال المتحدث إن «الخطوط الثلاثة ستعمل قبل رمضان»."
HTML = "<!DOCTYPE html><html lang='ar'><body><p>" + ARTICLE + "</p></body></html>"


def codes(page: RawPage) -> list[str]:
    return [w.code for w in page.warnings]


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.txt", "text"), ("b.HTML", "html"), ("c.htm", "html"), ("d.warc", "warc"),
     ("e.warc.gz", "warc"), ("CC.warc.wet.gz", "warc"), ("f.jsonl", "jsonl"),
     ("g.jsonl.gz", "jsonl"),
     ("h.gold.json", None), ("page", None), ("photo.jpg", None)],
)
def test_kind_of_name(name: str, kind: str | None) -> None:
    assert kind_of_name(name) == kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [(HTML.encode(), "html"), (b"\xef\xbb\xbf<html dir='rtl'>", "html"),
     (b"  <!-- x --><html>", "html"), (ARTICLE.encode(), "text"),
     (b'{"text": "\xd8\xae"}\n', "jsonl"), (b"WARC/1.0\r\nWARC-Type: response", "warc"),
     ("<p>نص</p>".encode(), "text")],
)
def test_sniff_kind(head: bytes, kind: str) -> None:
    assert sniff_kind(head) == kind


def test_text_and_html_files(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", ARTICLE.encode("utf-8"))
    write(tmp_path, "b.html", HTML.encode("windows-1256").replace(b"<body>", b"<body>"))
    pages = list(read_pages([tmp_path / "a.txt", tmp_path / "b.html"]))
    assert [(p.path, p.media_type) for p in pages] == [
        (str(tmp_path / "a.txt"), "text"), (str(tmp_path / "b.html"), "html")
    ]
    assert decode_page(pages[0]).text == ARTICLE
    decoded = decode_page(pages[1])
    assert ARTICLE in decoded.text and decoded.encoding == "windows-1256"


def test_meta_charset_becomes_the_declared_encoding(tmp_path: Path) -> None:
    html = HTML.replace("<body>", '<head><meta charset="windows-1256"></head><body>')
    path = write(tmp_path, "p.htm", html.encode("windows-1256"))
    (page,) = read_pages([path])
    assert page.declared_encoding == "windows-1256"
    assert decode_page(page).warnings == ()


def test_folder_is_recursed_in_sorted_order_skipping_other_files(tmp_path: Path) -> None:
    for name in ["b/2.txt", "b/1.html", "a.txt", "c/d/e.txt", "notes.gold.json", ".hidden.txt",
                 "image.png", "raw-page"]:
        write(tmp_path, name, ARTICLE.encode())
    names = [Path(p.path or "").relative_to(tmp_path).as_posix() for p in read_pages([tmp_path])]
    assert names == ["a.txt", "b/1.html", "b/2.txt", "c/d/e.txt", "raw-page"]


def test_glob_expands_sorted(tmp_path: Path) -> None:
    for name in ["x/2.txt", "x/1.txt", "y/3.txt", "x/skip.html"]:
        write(tmp_path, name, ARTICLE.encode())
    pages = list(read_pages([str(tmp_path / "**" / "*.txt")]))
    assert [Path(p.path or "").name for p in pages] == ["1.txt", "2.txt", "3.txt"]


@pytest.mark.parametrize("missing", ["no/such/file.txt", "no/such/*.txt"])
def test_missing_input_is_a_read_error_page_and_the_stream_goes_on(
    tmp_path: Path, missing: str
) -> None:
    good = write(tmp_path, "good.txt", ARTICLE.encode())
    pages = list(read_pages([str(tmp_path / missing), good]))
    assert codes(pages[0]) == ["read-error"] and pages[0].content == b""
    assert pages[1].path == str(good) and pages[1].warnings == ()


def test_empty_file_is_an_empty_page_without_warning(tmp_path: Path) -> None:
    (page,) = read_pages([write(tmp_path, "empty.txt", b"")])
    assert (page.content, page.warnings, page.media_type) == (b"", (), "text")


def test_ten_thousand_empty_files_stream(tmp_path: Path) -> None:
    for index in range(10_000):
        (tmp_path / f"{index:05d}.txt").touch()
    stream = read_pages([tmp_path])
    first = next(stream)  # a generator: the first page arrives before the rest are read
    assert first.path == str(tmp_path / "00000.txt")
    assert sum(1 for _ in stream) == 9_999


@pytest.mark.parametrize(
    ("content", "media_type"),
    [(ARTICLE.encode(), "text"), (HTML.encode(), "html")],
)
def test_stdin_is_sniffed(content: bytes, media_type: str) -> None:
    (page,) = read_pages(["-"], stdin=io.BytesIO(content))
    assert (page.path, page.media_type) == ("<stdin>", media_type)


def test_stdin_jsonl() -> None:
    lines = '{"text": "خبر أول", "url": "u1"}\n{"html": "<p>خبر ثان</p>"}\n'.encode()
    pages = list(read_pages(["-"], stdin=io.BytesIO(lines)))
    assert [(p.record, p.media_type, p.content) for p in pages] == [
        ("1", "text", "خبر أول"), ("2", "html", "<p>خبر ثان</p>")
    ]


def test_bundled_examples_all_read_without_warnings() -> None:
    folders = [EXAMPLES / kind for kind in ("html", "warc", "jsonl")]
    pages = list(read_pages(folders))
    assert len(pages) >= 7
    for page in pages:
        assert page.warnings == (), page.origin
        assert "\u0627\u0644" in decode_page(page).text  # "ال": Arabic came through


@needs_shared
def test_seed_page_reads_as_text() -> None:
    (page,) = read_pages([SEED_PAGE])
    decoded = decode_page(page)
    assert page.media_type == "text" and decoded.encoding.startswith("utf-8")
    assert "باريس" in decoded.text


def test_gzipped_single_pages(tmp_path: Path) -> None:
    import gzip

    write(tmp_path, "a.html.gz", gzip.compress(HTML.encode()))
    packed = gzip.compress(ARTICLE.encode() * 50)
    write(tmp_path, "b.txt.gz", packed[: len(packed) // 2])
    first, second = read_pages([tmp_path])
    assert (first.media_type, first.content, first.warnings) == ("html", HTML.encode(), ())
    assert second.media_type == "text"
    assert [w.code for w in second.warnings] == ["truncated-page"]
    assert ARTICLE.encode().startswith(bytes(second.content)[:20])


def test_utf16_html_without_extension_is_sniffed_as_html(tmp_path: Path) -> None:
    (page,) = read_pages([write(tmp_path, "page", HTML.encode("utf-16"))])
    assert page.media_type == "html"
    assert ARTICLE in decode_page(page).text
