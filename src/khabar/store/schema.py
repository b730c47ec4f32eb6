"""The SQLite schema of the khabar corpus and how a connection is opened.

Tables::

    article_facets  cluster, date and outlet of each article in narrow rows (what search
                 ranks, groups and filters on)
    articles     one row per distinct body (id = hash of the normalised body), metadata,
                 original text, normalised title, the Article JSON minus its text (layers:
                 quotes, entities, sentences …), cluster. The normalised body is not stored:
                 FTS indexes its search keys, and it is recomputed from ``text`` when needed
    sightings    every page that produced an article (path, url, outlet, date): provenance
                 of exact copies, so a second outlet printing the same text is not lost
    quotes       one row per quote, with the normalised speaker names used for search
    entities     one row per entity mention; the page's own entities (outlet, dateline
                 place, credited agencies) have null offsets
    warnings     PageWarning rows of stored articles
    events       one row per CAMEO event (cue, type, code, sentence, actor and target with
                 their offsets and entity keys), so events can be listed across articles
    failures     pages that could not be processed, with the reason
    clusters     near-duplicate groups (MinHash LSH); articles.cluster_id points here
    signatures   MinHash signature of each article (blob), to rebuild an LSH index
    lsh_buckets  the persisted LSH index: one row per (band key, article) …
    lsh_recent   … with the newest articles' rows here until moved over in bulk (see dedup)
    ingest_runs  one row per ingest run with its counts
    meta         key/value settings (schema version, MinHash parameters)

Full-text tables (FTS5, contentless) are ``articles_fts(title_norm, text_norm)`` and
``quotes_fts(text_norm, speaker_names)``; they index *search keys*: the normalised text
(``khabar.arabic.normalise``: SQLite's tokenizer neither folds hamza nor joins words split
by diacritics) with proclitics stripped (``khabar.store.stem``: وإيران → ايران).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from khabar.errors import StoreError

SCHEMA_VERSION = 7
BUSY_TIMEOUT_MS = 60_000
CACHE_KIB = 65_536  # 64 MiB upper bound, allocated as used
MMAP_BYTES = 256 * 1024 * 1024
FTS_AUTOMERGE = 16

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    representative INTEGER NOT NULL
);

-- Small columns first: SQLite reads a row's columns in order, and a column stored after
-- the big texts costs a walk through their overflow pages (search joins on cluster_id,
-- page_date and outlet_norm for every hit).
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    cluster_id INTEGER NOT NULL,
    page_date TEXT, outlet TEXT, outlet_norm TEXT,
    title TEXT, section TEXT, page_date_hijri TEXT,
    dateline TEXT, byline TEXT, credits TEXT NOT NULL,
    source_path TEXT, source_url TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    title_norm TEXT NOT NULL,
    json TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles(cluster_id);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet_norm);
CREATE INDEX IF NOT EXISTS articles_date ON articles(page_date);

-- The few per-article values search groups, sorts and filters on, in narrow rows: ranking
-- a common word touches thousands of articles, and these rows fit ~100 to a page.
CREATE TABLE IF NOT EXISTS article_facets (
    article INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL,
    page_date TEXT,
    outlet_norm TEXT
);
CREATE INDEX IF NOT EXISTS facets_cluster ON article_facets(cluster_id);

CREATE TABLE IF NOT EXISTS sightings (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    outlet TEXT, page_date TEXT, path TEXT, url TEXT, record TEXT,
    key TEXT NOT NULL,
    PRIMARY KEY (article, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS quotes (
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(rowid),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, text_norm TEXT NOT NULL,
    kind TEXT NOT NULL, cue TEXT,
    speaker TEXT, speaker_norm TEXT, speaker_title TEXT, speaker_entity TEXT,
    speaker_names TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_norm);

-- start/end are null for a page entity (named by the page's chrome, not its body text).
CREATE TABLE IF NOT EXISTS entities (
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(rowid),
    start INTEGER, "end" INTEGER,
    text TEXT NOT NULL, text_norm TEXT NOT NULL,
    label TEXT NOT NULL, canonical TEXT NOT NULL, canonical_norm TEXT NOT NULL,
    entity_id TEXT,
    entity_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article);
CREATE INDEX IF NOT EXISTS entities_key ON entities(entity_key);
CREATE INDEX IF NOT EXISTS entities_canonical ON entities(canonical_norm);
CREATE INDEX IF NOT EXISTS entities_text ON entities(text_norm);

-- type is the CAMEO root name (PROTEST, ASSAULT …), code the fine code ("141"); actor and
-- target are as the events stage reported them, *_entity the entity_key of the entity
-- mention that covers them (None when none does).
CREATE TABLE IF NOT EXISTS events (
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(rowid),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    cue TEXT NOT NULL, type TEXT NOT NULL, code TEXT,
    sentence_start INTEGER, sentence_end INTEGER,
    actor TEXT, actor_norm TEXT, actor_start INTEGER, actor_end INTEGER, actor_entity TEXT,
    target TEXT, target_norm TEXT, target_start INTEGER, target_end INTEGER,
    target_entity TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events(article);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS events_code ON events(code);

CREATE TABLE IF NOT EXISTS warnings (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    code TEXT NOT NULL, message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS warnings_article ON warnings(article);

CREATE TABLE IF NOT EXISTS failures (
    rowid INTEGER PRIMARY KEY,
    run INTEGER,
    origin TEXT NOT NULL, reason TEXT NOT NULL, error_type TEXT NOT NULL,
    path TEXT, url TEXT, record TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE IF NOT EXISTS signatures (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid),
    minhash BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS lsh_buckets (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS lsh_recent (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ingest_runs (
    rowid INTEGER PRIMARY KEY,
    started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished TEXT,
    pages INTEGER NOT NULL DEFAULT 0, stored INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0, near_duplicates INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0
);

-- Contentless: the index holds search keys (normalised words without proclitics, see
-- khabar.store.stem), which no table column stores. Rowids are those of articles, quotes.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title_norm, text_norm, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text_norm, speaker_names, content='', tokenize='unicode61 remove_diacritics 0'
);
"""


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the corpus, creating the schema on first use (WAL, busy timeout).

    Connections are in autocommit mode (``isolation_level=None``): writers open
    explicit ``BEGIN IMMEDIATE`` transactions so two ingest processes serialise
    cleanly instead of failing on a lock upgrade.
    """
    path = Path(path)
    if readonly:
        if not path.exists():
            raise StoreError(f"no corpus at {path}: run `khabar ingest` first")
        uri = f"file:{path.resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # A bigger page cache and memory-mapped reads: index pages (FTS segments, the random
    # article-id and LSH keys) stay in memory instead of being re-read for every insert/query.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.row_factory = sqlite3.Row
    if not readonly:
        _prepare(conn)
    return conn


def _prepare(conn: sqlite3.Connection) -> None:
    _use_wal(conn)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    version = _user_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StoreError(f"corpus schema {version} is newer than this khabar ({SCHEMA_VERSION})")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = _user_version(conn)  # another process may have done it meanwhile
        if current < SCHEMA_VERSION:
            _migrate(conn, current)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    """Bring a corpus of schema ``current`` (0 = new file) to ``SCHEMA_VERSION``, in place.

    1 → 2 added ``article_facets`` (filled from ``articles``); 2 → 3 made the FTS tables
    index search keys (re-indexed); 3 → 4 dropped ``articles.text_norm`` (the normalised
    body, stored twice for nothing: about a third of a corpus file; the table is rewritten
    once, which takes a while on a big corpus); 4 → 5 added ``lsh_recent`` (empty: every
    stored band key stays in ``lsh_buckets``); 5 → 6 added ``events``, filled from the events
    layer of the stored Article JSON; 6 → 7 made ``entities.start``/``end`` nullable (the
    table is rebuilt) and ran the page-entity stage over the stored articles (their outlet,
    dateline place and credited agencies, and a bare «المملكة», become entity rows and join
    the stored JSON).
    """
    if current in (1, 2):  # their FTS indexed normalised words, not search keys
        conn.execute("DROP TABLE IF EXISTS articles_fts")
        conn.execute("DROP TABLE IF EXISTS quotes_fts")
    for statement in _statements(SCHEMA):  # every statement is IF NOT EXISTS
        conn.execute(statement)
    if current == 1:  # version 1 had no article_facets: fill it from articles
        conn.execute(
            "INSERT OR IGNORE INTO article_facets(article, cluster_id, page_date, "
            "outlet_norm) SELECT rowid, cluster_id, page_date, outlet_norm FROM articles"
        )
    if current in (1, 2):
        _reindex(conn)
    # FTS5 merges a level's segments once it has ``automerge`` of them (default 4): every
    # posting was rewritten about log4(batches) times, most of what an ingest wrote to disk.
    # 16 halves that for a few more segments per query (search p95 still far under 50 ms).
    for option, value in (("automerge", FTS_AUTOMERGE), ("crisismerge", 2 * FTS_AUTOMERGE)):
        conn.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('{option}', {value})")
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    if "text_norm" in columns:
        conn.execute("ALTER TABLE articles DROP COLUMN text_norm")
    if 0 < current < 6:
        _fill_events(conn)
    if 0 < current < 7:
        _nullable_entity_offsets(conn)
        _fill_page_entities(conn)


def _nullable_entity_offsets(conn: sqlite3.Connection) -> None:
    """Rebuild ``entities`` with nullable offsets (schema 7); SQLite cannot drop a NOT NULL."""
    not_null = {row[1]: row[3] for row in conn.execute("PRAGMA table_info(entities)")}
    if not not_null.get("start"):
        return
    ddl = [
        s
        for s in _statements(SCHEMA)
        if s.startswith("CREATE TABLE IF NOT EXISTS entities (") or " ON entities(" in s
    ]
    conn.execute("ALTER TABLE entities RENAME TO entities_v6")
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entities_v6' "
        "AND sql IS NOT NULL"
    ).fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    for statement in ddl:
        conn.execute(statement)
    conn.execute("INSERT INTO entities SELECT * FROM entities_v6")
    conn.execute("DROP TABLE entities_v6")


def _fill_page_entities(conn: sqlite3.Connection, batch: int = 500) -> None:
    """Run the page-entity stage over the stored articles (schema migration to 7): an
    article it changes gets its entity rows rewritten and its stored JSON updated. Read in
    rowid pages, so no open read walks the rows being updated."""
    from khabar.model import Article
    from khabar.nlp.entities.page import PageEntityStage
    from khabar.store.sqlite import ENTITY_INSERT, entity_rows, layers_json

    stage = PageEntityStage()
    last = 0
    while True:
        rows = conn.execute(
            "SELECT rowid, json, text FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (last, batch),
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        for rowid, data, text in rows:
            before = Article.from_dict({**json.loads(data), "text": text})
            after = stage(before)
            if after is before:
                continue
            conn.execute("DELETE FROM entities WHERE article = ?", (rowid,))
            conn.executemany(ENTITY_INSERT, [(rowid, *row) for row in entity_rows(after)])
            conn.execute(
                "UPDATE articles SET json = ? WHERE rowid = ?", (layers_json(after), rowid)
            )


def _fill_events(conn: sqlite3.Connection) -> None:
    """Event rows of the articles already stored (schema migration to 6)."""
    from khabar.model import Article
    from khabar.store.sqlite import EVENT_INSERT, event_rows

    # Row by row (a big corpus does not fit in memory at once); the layers JSON of an
    # article without events says so literally, which skips parsing most of them.
    rows = conn.execute(
        "SELECT rowid, json, text FROM articles WHERE instr(json, '\"events\": []') = 0"
    )
    for rowid, data, text in rows:
        layers = json.loads(data)
        if not layers.get("events"):
            continue
        article = Article.from_dict({**layers, "text": text})
        conn.executemany(EVENT_INSERT, [(rowid, *row) for row in event_rows(article)])


def _reindex(conn: sqlite3.Connection) -> None:
    """Fill the full-text indexes from the stored texts (schema migration)."""
    from khabar.arabic.normalise import normalise
    from khabar.store.stem import keys_of_normalised

    for rowid, title_norm, text in conn.execute(
        "SELECT rowid, title_norm, text FROM articles"
    ).fetchall():
        conn.execute(
            "INSERT INTO articles_fts(rowid, title_norm, text_norm) VALUES (?, ?, ?)",
            (rowid, keys_of_normalised(title_norm), keys_of_normalised(normalise(text))),
        )
    for rowid, text_norm, names in conn.execute(
        "SELECT rowid, text_norm, speaker_names FROM quotes"
    ).fetchall():
        conn.execute(
            "INSERT INTO quotes_fts(rowid, text_norm, speaker_names) VALUES (?, ?, ?)",
            (rowid, keys_of_normalised(text_norm), keys_of_normalised(names)),
        )


def _use_wal(conn: sqlite3.Connection, attempts: int = 200) -> None:
    """Switch to WAL; a second process opening a brand-new file at the same moment can get
    "database is locked" here without the busy handler being called, so retry briefly."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise StoreError(f"cannot open the corpus in WAL mode: {error}") from error
            time.sleep(0.05)


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _statements(script: str) -> list[str]:
    """Split the schema script into statements (no ';' inside literals; comments dropped)."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
