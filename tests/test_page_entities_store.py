"""Page entities in the consumers: the SQLite corpus (rows with null offsets, entity search,
schema migration 6 → 7), the HTTP API, the web article page and the Parquet schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from khabar.api.app import create_app
from khabar.model import Article, Source
from khabar.nlp.entities.page import PageEntityStage
from khabar.store.schema import SCHEMA_VERSION, connect
from khabar.store.search import Filters, entities, entity_profile, get_article, search
from khabar.store.sqlite import Store

BODY = (
    "أكد وزير المالية أن المملكة ستواصل دعم المشاريع التنموية في مختلف المناطق خلال العام "
    "المقبل، مشيرا إلى أن الميزانية الجديدة تركز على التعليم والصحة والبنية التحتية.\n"
    "وأضاف أن الإنفاق الحكومي سيرتفع بنسبة ملحوظة مقارنة بالعام الماضي."
)


def _article() -> Article:
    raw = Article(
        text=BODY,
        title="الميزانية الجديدة",
        outlet="عكاظ",
        dateline="جدة",
        credits=("واس", "وكالات"),
        page_date="2016-03-01",
        source=Source(url="https://example.test/a"),
    )
    return PageEntityStage()(raw)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    with Store(path) as store:
        store.add_article(_article())
    return path


def test_the_stage_output_this_file_relies_on() -> None:
    article = _article()
    assert [(e.text, e.label, e.source) for e in article.page_entities] == [
        ("عكاظ", "ORG", "outlet"),
        ("جدة", "LOC", "dateline"),
        ("واس", "ORG", "credit"),
    ]
    assert [(e.text, e.canonical) for e in article.entities] == [("المملكة", "السعودية")]


def test_page_entities_are_rows_with_null_offsets(db: Path) -> None:
    conn = connect(db, readonly=True)
    rows = conn.execute(
        'SELECT text, label, start, "end" FROM entities ORDER BY start IS NULL, rowid'
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("المملكة", "GPE", BODY.index("المملكة"), BODY.index("المملكة") + len("المملكة")),
        ("عكاظ", "ORG", None, None),
        ("جدة", "LOC", None, None),
        ("واس", "ORG", None, None),
    ]


def test_entity_search_finds_the_article_by_outlet_and_dateline(db: Path) -> None:
    conn = connect(db, readonly=True)
    assert {e.name for e in entities(conn, label="ORG")} == {"عكاظ", "وكالة الأنباء السعودية"}
    profile = entity_profile(conn, "جدة")
    assert profile is not None and profile.entity.label == "LOC"
    assert [hit.title for hit in profile.articles] == ["الميزانية الجديدة"]
    assert search(conn, "الميزانية", Filters(entity="عكاظ")).total == 1
    assert search(conn, "الميزانية", Filters(entity="الدمام")).total == 0


def test_stored_article_keeps_its_page_entities(db: Path) -> None:
    stored = get_article(connect(db, readonly=True), _article().id)
    assert stored is not None
    assert stored.article.page_entities == _article().page_entities
    assert stored.article.entities == _article().entities


def test_api_article_json_carries_page_entities(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        data = client.get(f"/api/articles/{_article().id}").json()
    rows = data["entities"]
    unlocated = [(r["text"], r["source"]) for r in rows if r["start"] is None]
    assert unlocated == [("عكاظ", "outlet"), ("جدة", "dateline"), ("واس", "credit")]


def test_web_article_page_lists_page_entities_apart(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        page = client.get(f"/article/{_article().id}").text
    assert "من رأس الصفحة" in page
    aside = page[page.index("من رأس الصفحة") :]
    assert "وكالة الأنباء السعودية" in aside and "(الناشر)" in aside and "(مكان الخبر)" in aside
    body = page[page.index('id="article-body"') : page.index("</article>")]
    assert "عكاظ" not in body  # nothing in the body text to highlight


def test_version_6_corpus_migrates_to_nullable_offsets_with_page_entities(db: Path) -> None:
    old = sqlite3.connect(db)  # what a version-6 file looked like: NOT NULL offsets, no rows
    layers = json.loads(old.execute("SELECT json FROM articles").fetchone()[0])
    layers["entities"] = []
    old.execute("UPDATE articles SET json = ?", (json.dumps(layers, ensure_ascii=False),))
    old.execute("DROP TABLE entities")
    old.execute(
        "CREATE TABLE entities (rowid INTEGER PRIMARY KEY, "
        "article INTEGER NOT NULL REFERENCES articles(rowid), "
        'start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, '
        "text_norm TEXT NOT NULL, label TEXT NOT NULL, canonical TEXT NOT NULL, "
        "canonical_norm TEXT NOT NULL, entity_id TEXT, entity_key TEXT NOT NULL)"
    )
    old.execute("CREATE INDEX entities_key ON entities(entity_key)")
    old.execute("PRAGMA user_version = 6")
    old.commit()
    old.close()
    Store(db).close()  # opening for writing migrates
    reader = connect(db, readonly=True)
    assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    not_null = {row[1]: row[3] for row in reader.execute("PRAGMA table_info(entities)")}
    assert not_null["start"] == 0 and not_null["end"] == 0
    indexes = {
        row[0] for row in reader.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert {"entities_article", "entities_key", "entities_canonical", "entities_text"} <= indexes
    assert reader.execute("SELECT count(*) FROM entities WHERE start IS NULL").fetchone()[0] == 3
    stored = get_article(reader, _article().id)
    assert stored is not None and stored.article.page_entities == _article().page_entities
    assert [e.text for e in stored.article.entities] == ["المملكة"]


def test_parquet_schema_takes_page_entities_with_null_offsets() -> None:
    import pyarrow as pa

    from khabar.run.schema import arrow_schema, row_to_article_dict

    article = _article()
    table = pa.Table.from_pylist([article.to_dict()], schema=arrow_schema())
    assert "page_entities" not in table.column_names
    back = Article.from_dict(row_to_article_dict(table.to_pylist()[0]))
    assert back.page_entities == article.page_entities
    assert back.entities == article.entities
