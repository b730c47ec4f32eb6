"""Events in the corpus: the ``events`` table, ``search.events``, ``/api/events``,
``khabar events`` and the schema 5 → 6 migration that fills the table from stored JSON."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from khabar.api.app import create_app
from khabar.cli import app
from khabar.errors import StoreError
from khabar.store import Store, connect, events
from khabar.store.schema import SCHEMA_VERSION
from store_fixtures import PROTEST_BODY, corpus, protest_article


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    with Store(path) as store:
        store.add_articles([*corpus(), protest_article()])
    return path


@pytest.mark.parametrize(
    ("query", "cues"),
    [
        ({"code": "PROTEST"}, ["تظاهر"]),
        ({"code": "protest"}, ["تظاهر"]),
        ({"code": "14"}, ["تظاهر"]),
        ({"code": "173"}, ["اعتقلت"]),
        ({"code": "1%"}, []),  # LIKE wildcards are plain text
        ({"actor": "الشرطة المصريه"}, ["اعتقلت"]),  # normalised name
        ({"target": "عشرة محتجين"}, ["اعتقلت"]),
        ({}, ["تظاهر", "اعتقلت"]),
        ({"code": "ASSAULT"}, []),
    ],
)
def test_events_by_code_actor_target(db: Path, query: dict[str, str], cues: list[str]) -> None:
    found = events(connect(db, readonly=True), **query)  # type: ignore[arg-type]
    assert [e.cue for e in found] == cues


def test_event_rows_carry_sentence_and_entity_keys(db: Path) -> None:
    arrest, = events(connect(db, readonly=True), code="COERCE")
    assert arrest.sentence == PROTEST_BODY.split("\n")[1]
    assert arrest.actor_entity == "الشرطه المصريه"  # entity_key: no id, normalised canonical
    assert arrest.target_entity is None  # no entity covers «عشرة محتجين»
    assert (arrest.article_id, arrest.outlet, arrest.code) == (
        protest_article().id, "الأهرام", "173")
    protest, = events(connect(db, readonly=True), code="PROTEST")
    assert protest.sentence == PROTEST_BODY.split("\n")[0]
    assert protest.actor == "آلاف الطلاب" and protest.actor_entity is None


def test_version_5_corpus_gains_events_from_its_stored_json(db: Path) -> None:
    old = sqlite3.connect(db)
    old.execute("DROP TABLE events")
    old.execute("PRAGMA user_version = 5")
    old.commit()
    old.close()
    with pytest.raises(StoreError, match="schema < 6"):
        events(connect(db, readonly=True))
    Store(db).close()  # opening for writing migrates
    reader = connect(db, readonly=True)
    assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [e.cue for e in events(reader)] == ["تظاهر", "اعتقلت"]


def test_api_events(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        response = client.get("/api/events", params={"code": "PROTEST"})
        assert response.status_code == 200
        listed = response.json()["events"]
        assert [(e["cue"], e["type"], e["actor"]) for e in listed] == [
            ("تظاهر", "PROTEST", "آلاف الطلاب")]
        assert client.get("/api/events", params={"limit": 0}).status_code == 422
        page = client.get(f"/article/{protest_article().id}")
        assert page.status_code == 200
        assert "الأحداث (2)" in page.text and "PROTEST 141" in page.text


def test_cli_events(db: Path) -> None:
    result = CliRunner().invoke(app, ["events", "--code", "PROTEST", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert [e["cue"] for e in json.loads(result.stdout)] == ["تظاهر"]
    table = CliRunner().invoke(app, ["events", "--db", str(db)])
    assert table.exit_code == 0 and "2 events" in table.stdout


def test_real_events_stage_output_is_stored_event_for_event(tmp_path: Path) -> None:
    from khabar.nlp.events import EventStage

    article = EventStage()(protest_article())
    with Store(tmp_path / "k.db") as store:
        store.add_article(article)
    reader = connect(tmp_path / "k.db", readonly=True)
    assert article.events  # the stage finds at least the protest
    stored = {(e.start, e.cue, e.type, e.actor, e.target) for e in events(reader)}
    assert stored == {(e.start, e.text, e.type, e.actor, e.target) for e in article.events}
