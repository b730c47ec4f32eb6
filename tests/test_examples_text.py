"""The bundled text-dump examples extract with the metadata their layouts print."""

from __future__ import annotations

from typing import Any

import pytest

import khabar
from conftest import EXAMPLES
from khabar.arabic.normalise import normalise

TEXT = EXAMPLES / "text"

EXPECTED: dict[str, dict[str, Any]] = {
    "01-vienna-conference-lavrov.txt": {
        "section": "الدولية",
        "page_date": "2025-03-09",
        "page_date_hijri": "1446-09-09",
        "dateline": "فيينا",
        "outlet": "الأفق",
        "byline": None,
        "credits": ["وكالات"],
    },
    "02-riyadh-health-ministry.txt": {
        "dateline": "الرياض",
        "byline": "ريم الحربي",
        "outlet": "صدى الخليج",
    },
    "03-jeddah-football-federation.txt": {
        "dateline": "جدة",
        "byline": "عبدالله الشهري",
        "outlet": "الواحة",
    },
    "04-cairo-economy-levantine-date.txt": {
        "section": "اقتصاد",
        "page_date": "2025-11-12",
        "dateline": "القاهرة",
        "byline": "منى عبد الرحمن",
    },
    "05-tunis-olive-oil-maghrebi-date.txt": {
        "page_date": "2025-01-14",
        "dateline": "تونس",
        "outlet": "الرابطة",
        "credits": ["وات"],
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_metadata(name: str) -> None:
    article = khabar.extract(TEXT / name)
    record = article.to_dict()
    for field, value in EXPECTED[name].items():
        assert record[field] == value, field
    assert article.title and article.title not in article.text
    assert article.warnings == ()
    for boilerplate in ("إلى الأعلى", "طباعة", "الرئيسية /", "الرئيسية ›", "جميع الحقوق"):
        assert boilerplate not in article.text
    lines = article.text.split("\n")
    assert all(line == line.strip() and line for line in lines)


def test_lavrov_example_is_found_by_a_hamza_free_search() -> None:
    article = khabar.extract(TEXT / "01-vienna-conference-lavrov.txt")
    assert "ايران" in normalise(article.text)
    assert "إيران" in article.text
    assert article.text.count("لافروف") >= 4
