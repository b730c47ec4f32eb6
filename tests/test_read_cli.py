"""``khabar pages``: one JSON line per page read, exit 1 when an item is unreadable."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import EXAMPLES
from khabar.cli import app


def run(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(app, ["pages", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines


def test_pages_of_the_bundled_examples() -> None:
    code, lines = run(str(EXAMPLES / "warc"), str(EXAMPLES / "html"))
    assert code == 0
    assert [line["media_type"] for line in lines] == ["html"] * 5
    assert {line["encoding"] for line in lines} == {"utf-8", "windows-1256"}
    assert all(line["warnings"] == [] for line in lines)


def test_unreadable_item_sets_exit_status(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("الرياض: قال المتحدث إن الخطة تسير كما هو مقرر", encoding="utf-8")
    code, lines = run(str(tmp_path / "missing.txt"), str(good))
    assert code == 1
    assert [w["code"] for w in lines[0]["warnings"]] == ["read-error"]  # type: ignore[index]
    assert lines[1]["chars"] == len(good.read_text(encoding="utf-8"))
