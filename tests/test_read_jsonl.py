"""JSONL: one page per line; a bad line becomes a read-error page and the stream goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import EXAMPLES
from khabar.read import RawPage, read_pages

GOOD = [
    {"text": "القاهرة - (خاص): قال الوزير إن الحوار مستمر", "url": "https://a.example/1",
     "title": "الحوار مستمر", "date": "2025-01-02", "views": 12},
    {"html": "<html><body><p>وأضاف: «لن نتراجع»</p></body></html>", "url": "https://a.example/2"},
]


def write_lines(path: Path, lines: list[str]) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def summary(pages: list[RawPage]) -> list[tuple[str | None, str, list[str]]]:
    return [(p.record, p.media_type, [w.code for w in p.warnings]) for p in pages]


def test_lines_become_pages_with_meta(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", [json.dumps(x, ensure_ascii=False) for x in GOOD])
    pages = list(read_pages([path]))
    assert summary(pages) == [("1", "text", []), ("2", "html", [])]
    assert pages[0].content == GOOD[0]["text"]
    assert pages[0].url == "https://a.example/1"
    assert pages[0].meta == (("title", "الحوار مستمر"), ("date", "2025-01-02"))
    assert pages[1].content == GOOD[1]["html"]


def test_bad_lines_do_not_stop_the_stream(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD[0], ensure_ascii=False),
        '{"text": "مقطوع',  # cut JSON
        "[1, 2]",  # not an object
        '{"url": "https://a.example/3"}',  # no content
        "",  # blank lines are skipped, not errors
        json.dumps(GOOD[1], ensure_ascii=False),
    ]
    pages = list(read_pages([write_lines(tmp_path / "p.jsonl", lines)]))
    assert summary(pages) == [
        ("1", "text", []),
        ("2", "text", ["read-error"]),
        ("3", "text", ["read-error"]),
        ("4", "text", ["read-error"]),
        ("6", "html", []),
    ]
    assert "line 2" in pages[1].warnings[0].message


def test_gzipped_jsonl_and_its_truncation(tmp_path: Path) -> None:
    lines = [json.dumps(GOOD[0], ensure_ascii=False)] * 200
    path = write_lines(tmp_path / "p.jsonl.gz", lines)
    assert len(list(read_pages([path]))) == 200
    path.write_bytes(path.read_bytes()[:-30])
    pages = list(read_pages([path]))
    assert [w.code for w in pages[-1].warnings] == ["read-error"]
    assert pages[-1].record == "end-of-file"


def test_legacy_encoded_line_is_decoded_with_a_warning(tmp_path: Path) -> None:
    line = json.dumps({"text": "قال الوزير إن الحوار مستمر"}, ensure_ascii=False)
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(line.encode("windows-1256") + b"\n")
    (page,) = read_pages([path])
    assert page.content == "قال الوزير إن الحوار مستمر"
    assert page.declared_encoding == "windows-1256"
    assert [w.code for w in page.warnings] == ["encoding-guess"]


def test_example_jsonl() -> None:
    pages = list(read_pages([EXAMPLES / "jsonl"]))
    assert [p.media_type for p in pages] == ["text", "html"]
    assert all(p.url and p.warnings == () for p in pages)


def test_mojibake_in_escaped_json_is_repaired(tmp_path: Path) -> None:
    text = "قال الوزير إن الحوار مستمر"
    garbled = text.encode("utf-8").decode("latin-1")
    path = write_lines(tmp_path / "m.jsonl", [json.dumps({"text": garbled})])  # \u00d8 escapes
    (page,) = read_pages([path])
    assert page.content == text
    assert [w.code for w in page.warnings] == ["mojibake-repaired"]
