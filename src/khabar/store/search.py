"""Reading the corpus: Arabic full-text search, quote search, speakers, entities, statistics.

Search runs on the normalised view (``khabar.arabic.normalise``), so ``ايران`` finds
``إيران`` and ``مُحَمَّد`` finds ``محمد``. User text never reaches FTS5 syntax: the query
is normalised, split at white space, and every token becomes a quoted FTS5 string
(``"tok"``, ``"`` doubled), so ``OR``, ``NEAR(``, ``*``, ``a-b`` or ``body:x`` are plain words.
Snippets are cut from the *original* text: matches are found on the normalised view and
mapped back through its offset map; each piece is HTML-escaped before ``<mark>`` is added.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from khabar.arabic.normalise import normalise, normalised_view
from khabar.errors import StoreError
from khabar.model import Article
from khabar.store.sqlite import norm_words
from khabar.store.stem import PREFIX_PATTERN, keys_of_normalised, word_key

_WORD = re.compile(r"[^\W_]+")
MAX_LIMIT = 200
RANK_CAP = 4000


# --- query text ---------------------------------------------------------------
def query_tokens(text: str) -> list[str]:
    """White-space tokens of the query as search keys (normalised, proclitics stripped),
    keeping only those with at least one word character.

    >>> query_tokens("  والإرهاب  OR ** ")
    ['ارهاب', 'OR']
    """
    return [tok for tok in keys_of_normalised(normalise(text)).split() if _WORD.search(tok)]


def fts_query(text: str) -> str | None:
    """An FTS5 expression matching every token of ``text`` as a literal string (AND).

    >>> fts_query('لإيران OR a-b')
    '"ايران" "OR" "a-b"'
    """
    tokens = query_tokens(text)
    if not tokens:
        return None
    return " ".join('"' + tok.replace('"', '""') + '"' for tok in tokens)


def fts_column_query(column: str, text: str) -> str | None:
    """Like :func:`fts_query` but restricted to one FTS column (``column`` is ours, not user's)."""
    inner = fts_query(text)
    return None if inner is None else f"{column} : ({inner.replace(' ', ' AND ')})"


def _match_words(text: str) -> list[str]:
    """The words FTS5 would match for a query: word runs of the normalised tokens."""
    words: list[str] = []
    for tok in query_tokens(text):
        words.extend(_WORD.findall(tok))
    return words


# --- highlighting ---------------------------------------------------------------
def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Original-text spans of the words whose search key is a query key (found on the view).

    A broad pattern (any proclitic, then a key) finds candidates on the normalised view;
    each is kept only if its own key is a query key, so highlighting agrees with FTS.
    """
    keys = {w.lower() for w in _match_words(query)}
    if not keys or not text:
        return []
    view = normalised_view(text)
    alternatives = "|".join(re.escape(w) for w in sorted(keys, key=len, reverse=True))
    pattern = re.compile(
        r"(?<![^\W_])" + PREFIX_PATTERN + "(?:" + alternatives + r")(?![^\W_])", re.IGNORECASE
    )
    return [
        view.to_original(m.start(), m.end()) for m in pattern.finditer(view.text)
        if word_key(m.group()).lower() in keys
    ]


def mark(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """HTML of ``text`` with ``spans`` wrapped in ``<mark>``: every piece escaped first."""
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(html.escape(text[position:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def highlight(text: str, query: str) -> str:
    """The whole text as escaped HTML with query matches marked."""
    return mark(text, match_spans(text, query))


def snippet(text: str, query: str, width: int = 240) -> str:
    """Escaped HTML excerpt of about ``width`` characters around the first match."""
    spans = match_spans(text, query)
    if not spans:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space > 0 else end
    inside = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    body = mark(text[start:end], inside)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


# --- results ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sighting:
    """Where a story (or a copy of it) appeared."""

    article_id: str
    outlet: str | None
    page_date: str | None
    url: str | None
    path: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str | None
    title_html: str
    outlet: str | None
    page_date: str | None
    snippet_html: str
    score: float
    cluster_id: int
    also_in: tuple[Sighting, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    total: int
    limit: int
    offset: int
    hits: tuple[SearchHit, ...]
    capped: bool = False  # a very common word: only its newest matches were ranked

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Filters:
    """Search filters; ``since``/``until`` are ISO dates (inclusive)."""

    speaker: str | None = None
    entity: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None


def _filter_sql(filters: Filters) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``article_facets f`` (narrow rows: cluster, date, outlet)."""
    where: list[str] = []
    params: list[Any] = []
    if filters.outlet:
        where.append("f.outlet_norm = ?")
        params.append(norm_words(filters.outlet))
    if filters.since:
        where.append("f.page_date >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("f.page_date <= ?")
        params.append(filters.until)
    if filters.entity:
        # entity_key is the entity id when there is one, so an id matches it too; every
        # term of the OR has its own index (no scan of the entities table).
        key = norm_words(filters.entity)
        where.append(
            "f.article IN (SELECT article FROM entities WHERE entity_key = ? OR "
            "canonical_norm = ? OR text_norm = ?)"
        )
        params.extend([key, key, key])
    if filters.speaker:
        speaker_match = fts_column_query("speaker_names", filters.speaker)
        if speaker_match is None:
            where.append("0")
        else:
            where.append(
                "f.article IN (SELECT q.article FROM quotes q WHERE q.rowid IN "
                "(SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?))"
            )
            params.append(speaker_match)
    return where, params


def search(
    conn: sqlite3.Connection, query: str, filters: Filters | None = None, *,
    limit: int = 20, offset: int = 0, rank_cap: int = RANK_CAP,
) -> SearchPage:
    """Articles matching ``query`` (all words) and the filters, one per near-duplicate cluster.

    Ranked by BM25 (title words weigh more); with an empty query, newest first. A word
    found in more than ``rank_cap`` articles (a near stop word) is ranked among its
    ``rank_cap`` most recently stored matches only (``capped`` in the result): ranking every
    article that says ``قال`` costs far more than it tells.
    """
    filters = filters or Filters()
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    where, params = _filter_sql(filters)
    match = fts_query(query)
    capped = False
    if match is None and query_tokens(query) == [] and query.strip():
        return SearchPage(query, 0, limit, offset, ())  # only punctuation: nothing to find
    if match is not None:
        floor = conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC "
            "LIMIT 1 OFFSET ?", (match, max(1, rank_cap) - 1),
        ).fetchone()
        capped = floor is not None
        source = (
            "SELECT f.article AS rowid, f.cluster_id AS cluster, m.score AS score, "
            "f.page_date AS day FROM matched m JOIN article_facets f ON f.article = m.rowid "
            "WHERE 1"
        )
        prefix = (
            "matched AS MATERIALIZED (SELECT rowid, bm25(articles_fts, 3.0, 1.0) AS score "
            "FROM articles_fts WHERE articles_fts MATCH ?"
            + (" AND rowid >= ?" if capped else "") + "), "
        )
        params = [match, *([int(floor[0])] if floor is not None else []), *params]
        order = "score, rowid"
    else:
        source = (
            "SELECT f.article AS rowid, f.cluster_id AS cluster, 0.0 AS score, "
            "f.page_date AS day FROM article_facets f WHERE 1"
        )
        order = "day DESC, rowid DESC"
        prefix = ""
    if where:
        source += " AND " + " AND ".join(where)
    sql = (
        f"WITH {prefix}hits AS ({source}), best AS (SELECT cluster, rowid, min(score) AS score, "
        f"day FROM hits GROUP BY cluster) SELECT rowid, score, count(*) OVER () AS total "
        f"FROM best ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, [*params, limit, offset]).fetchall()
    total = int(rows[0]["total"]) if rows else _count_when_past_end(conn, sql, params, offset)
    hits = _hits(conn, [(int(r["rowid"]), float(r["score"])) for r in rows], query)
    return SearchPage(query, total, limit, offset, tuple(hits), capped)


def _count_when_past_end(
    conn: sqlite3.Connection, sql: str, params: list[Any], offset: int
) -> int:
    if offset == 0:
        return 0
    row = conn.execute(sql, [*params, 1, 0]).fetchone()
    return int(row["total"]) if row else 0


def _hits(conn: sqlite3.Connection, ranked: list[tuple[int, float]], query: str) -> list[SearchHit]:
    if not ranked:
        return []
    ids = [rowid for rowid, _ in ranked]
    marks = ",".join("?" * len(ids))
    rows = {
        int(r["rowid"]): r
        for r in conn.execute(
            f"SELECT rowid, id, title, outlet, page_date, text, cluster_id FROM articles "
            f"WHERE rowid IN ({marks})", ids,
        )
    }
    clusters = sorted({int(rows[i]["cluster_id"]) for i in ids})
    provenance = _cluster_sightings(conn, clusters)
    hits = []
    for rowid, score in ranked:
        row = rows[rowid]
        own = (row["id"], row["outlet"], row["page_date"])
        also = tuple(
            s for s in provenance.get(int(row["cluster_id"]), [])
            if (s.article_id, s.outlet, s.page_date) != own
        )
        hits.append(
            SearchHit(
                id=row["id"], title=row["title"], title_html=highlight(row["title"] or "", query),
                outlet=row["outlet"], page_date=row["page_date"],
                snippet_html=snippet(row["text"], query), score=score,
                cluster_id=int(row["cluster_id"]), also_in=_unique_outlets(also),
            )
        )
    return hits


def _unique_outlets(sightings: tuple[Sighting, ...]) -> tuple[Sighting, ...]:
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for s in sightings:
        if (s.outlet, s.page_date) not in seen:
            seen.add((s.outlet, s.page_date))
            out.append(s)
    return tuple(out)


def _cluster_sightings(conn: sqlite3.Connection, clusters: list[int]) -> dict[int, list[Sighting]]:
    if not clusters:
        return {}
    marks = ",".join("?" * len(clusters))
    result: dict[int, list[Sighting]] = {}
    for r in conn.execute(
        f"SELECT a.cluster_id, a.id, s.outlet, s.page_date, s.url, s.path FROM articles a "
        f"JOIN sightings s ON s.article = a.rowid WHERE a.cluster_id IN ({marks}) "
        f"ORDER BY s.page_date, a.rowid", clusters,
    ):
        result.setdefault(int(r[0]), []).append(Sighting(r[1], r[2], r[3], r[4], r[5]))
    return result


# --- one article ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with where it (and its near-duplicates) appeared."""

    article: Article
    cluster_id: int
    sightings: tuple[Sighting, ...]

    def to_dict(self) -> dict[str, Any]:
        data = self.article.to_dict()
        data["cluster_id"] = self.cluster_id
        data["appeared_in"] = [asdict(s) for s in self.sightings]
        return data


def get_article(conn: sqlite3.Connection, article_id: str) -> StoredArticle | None:
    row = conn.execute(
        "SELECT json, text, cluster_id FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    cluster = int(row["cluster_id"])
    sightings = _cluster_sightings(conn, [cluster]).get(cluster, [])
    data = json.loads(row["json"])
    data["text"] = row["text"]  # the body is stored once, outside the JSON
    return StoredArticle(Article.from_dict(data), cluster, tuple(sightings))


# --- quotes and speakers ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuoteHit:
    article_id: str
    title: str | None
    outlet: str | None
    page_date: str | None
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker: str | None
    speaker_title: str | None
    speaker_entity: str | None
    text_html: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def quotes(
    conn: sqlite3.Connection, *, speaker: str | None = None, about: str | None = None,
    filters: Filters | None = None, limit: int = 50, offset: int = 0,
) -> list[QuoteHit]:
    """Quotes by a speaker (any of their names, word-matched) about a topic (FTS on the quote)."""
    filters = filters or Filters()
    limit = max(1, min(limit, MAX_LIMIT * 5))
    parts: list[str] = []
    if speaker and speaker.strip():
        speaker_match = fts_column_query("speaker_names", speaker)
        if speaker_match is None:
            return []
        parts.append(speaker_match)
    if about and about.strip():
        about_match = fts_column_query("text_norm", about)
        if about_match is None:
            return []
        parts.append(about_match)
    where, params = _filter_sql(Filters(None, filters.entity, filters.outlet, filters.since,
                                        filters.until))
    if parts:
        where.insert(0, "q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.insert(0, " AND ".join(parts))
    sql = (
        'SELECT a.id, a.title, a.outlet, a.page_date, q.start, q."end", q.text, q.kind, q.cue, '
        "q.speaker, q.speaker_title, q.speaker_entity FROM quotes q JOIN article_facets f "
        "ON f.article = q.article JOIN articles a ON a.rowid = q.article"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY f.page_date DESC, f.article DESC, q.start LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, [*params, limit, max(0, offset)]).fetchall()
    return [
        QuoteHit(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
            text_html=highlight(r[6], about) if about else html.escape(r[6]),
        )
        for r in rows
    ]


# --- events ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventHit:
    """One stored event with its article and the sentence it was found in."""

    article_id: str
    title: str | None
    outlet: str | None
    page_date: str | None
    start: int
    end: int
    cue: str
    type: str
    code: str | None
    actor: str | None
    actor_entity: str | None
    target: str | None
    target_entity: str | None
    sentence: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def events(
    conn: sqlite3.Connection, *, code: str | None = None, actor: str | None = None,
    target: str | None = None, filters: Filters | None = None, limit: int = 50,
    offset: int = 0,
) -> list[EventHit]:
    """Events, newest articles first: ``code`` is a CAMEO root name (``PROTEST``) or a code
    (``14`` matches 14, 141, 1411 …); ``actor``/``target`` match the normalised name or the
    entity key of the mention (an entity id matches too)."""
    filters = filters or Filters()
    limit = max(1, min(limit, MAX_LIMIT * 5))
    where, params = _filter_sql(Filters(None, filters.entity, filters.outlet, filters.since,
                                        filters.until))
    if code and code.strip():
        wanted = code.strip()
        where.append("(e.type = ? OR e.code = ? OR e.code LIKE ? ESCAPE '\\')")
        like = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([wanted.upper(), wanted, like + "%"])
    for column, name in (("actor", actor), ("target", target)):
        if name and name.strip():
            where.append(f"(e.{column}_norm = ? OR e.{column}_entity = ? OR e.{column}_entity = ?)")
            params.extend([norm_words(name), name.strip(), norm_words(name)])
    sql = (
        'SELECT a.id, a.title, a.outlet, a.page_date, e.start, e."end", e.cue, e.type, e.code, '
        "e.actor, e.actor_entity, e.target, e.target_entity, "
        "CASE WHEN e.sentence_start IS NULL THEN NULL "
        "ELSE substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) END "
        "FROM events e JOIN article_facets f ON f.article = e.article "
        "JOIN articles a ON a.rowid = e.article"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY f.page_date DESC, f.article DESC, e.start LIMIT ? OFFSET ?"
    )
    try:
        rows = conn.execute(sql, [*params, limit, max(0, offset)]).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table: events" not in str(error):
            raise
        raise StoreError(
            "this corpus predates stored events (schema < 6): open it once for writing "
            "(e.g. `khabar ingest`) to migrate it"
        ) from error
    return [EventHit(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    name: str
    key: str
    quotes: int
    articles: int
    first: str | None
    last: str | None


def speakers(
    conn: sqlite3.Connection, *, limit: int = 50, name: str | None = None
) -> list[SpeakerCount]:
    """Speakers by number of quotes (grouped by normalised name; the most common spelling shown)."""
    where = "WHERE q.speaker_norm IS NOT NULL"
    params: list[Any] = []
    if name and name.strip():
        match = fts_column_query("speaker_names", name)
        if match is None:
            return []
        where += " AND q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"
        params.append(match)
    rows = conn.execute(
        f"SELECT q.speaker_norm AS key, count(*) AS n, count(DISTINCT q.article) AS arts, "
        f"min(f.page_date) AS first, max(f.page_date) AS last FROM quotes q "
        f"JOIN article_facets f ON f.article = q.article {where} GROUP BY q.speaker_norm "
        f"ORDER BY n DESC, key LIMIT ?", [*params, max(1, limit)],
    ).fetchall()
    result = []
    for r in rows:
        spelling = conn.execute(
            "SELECT speaker FROM quotes WHERE speaker_norm = ? GROUP BY speaker "
            "ORDER BY count(*) DESC LIMIT 1", (r["key"],),
        ).fetchone()
        result.append(SpeakerCount(spelling[0], r["key"], int(r["n"]), int(r["arts"]),
                                   r["first"], r["last"]))
    return result


@dataclass(frozen=True, slots=True)
class SpeakerProfile:
    name: str
    quotes: tuple[QuoteHit, ...]
    per_day: tuple[tuple[str, int], ...]
    outlets: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "quotes": [q.to_dict() for q in self.quotes],
            "per_day": [list(p) for p in self.per_day], "outlets": [list(p) for p in self.outlets],
        }


def speaker_profile(conn: sqlite3.Connection, name: str, *, limit: int = 500) -> SpeakerProfile:
    """All quotes of a speaker, their count per day and per outlet."""
    found = quotes(conn, speaker=name, limit=limit)
    per_day: dict[str, int] = {}
    outlets: dict[str, int] = {}
    for q in found:
        per_day[q.page_date or "?"] = per_day.get(q.page_date or "?", 0) + 1
        outlets[q.outlet or "?"] = outlets.get(q.outlet or "?", 0) + 1
    return SpeakerProfile(
        name, tuple(found), tuple(sorted(per_day.items())),
        tuple(sorted(outlets.items(), key=lambda kv: -kv[1])),
    )


# --- entities --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EntityCount:
    key: str
    name: str
    label: str
    mentions: int
    articles: int


def entities(
    conn: sqlite3.Connection, *, top: int = 20, label: str | None = None
) -> list[EntityCount]:
    """The most mentioned entities (by number of articles, then mentions)."""
    where, params = ("WHERE label = ?", [label]) if label else ("", [])
    rows = conn.execute(
        f"SELECT entity_key, count(*) AS n, count(DISTINCT article) AS arts FROM entities "
        f"{where} GROUP BY entity_key ORDER BY arts DESC, n DESC, entity_key LIMIT ?",
        [*params, max(1, top)],
    ).fetchall()
    return [_entity_count(conn, r[0], int(r[1]), int(r[2])) for r in rows]


def _entity_count(conn: sqlite3.Connection, key: str, mentions: int, articles: int) -> EntityCount:
    name, label = conn.execute(
        "SELECT canonical, label FROM entities WHERE entity_key = ? GROUP BY canonical, label "
        "ORDER BY count(*) DESC LIMIT 1", (key,),
    ).fetchone()
    return EntityCount(key, name, label, mentions, articles)


@dataclass(frozen=True, slots=True)
class EntityProfile:
    entity: EntityCount
    spellings: tuple[tuple[str, int], ...]
    co_mentioned: tuple[EntityCount, ...]
    articles: tuple[SearchHit, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_entity_key(conn: sqlite3.Connection, name: str) -> str | None:
    """The entity key for an id, a canonical name or a surface form (normalised)."""
    folded = norm_words(name)
    row = conn.execute(
        "SELECT entity_key FROM entities WHERE entity_key = ? "
        "OR canonical_norm = ? OR text_norm = ? GROUP BY entity_key ORDER BY count(*) DESC "
        "LIMIT 1", (folded, folded, folded),
    ).fetchone()
    return None if row is None else str(row[0])


def entity_profile(
    conn: sqlite3.Connection, name: str, *, top: int = 20, articles: int = 20
) -> EntityProfile | None:
    """One entity: its spellings, the entities named in the same articles, its articles."""
    key = resolve_entity_key(conn, name)
    if key is None:
        return None
    mentions, arts = conn.execute(
        "SELECT count(*), count(DISTINCT article) FROM entities WHERE entity_key = ?", (key,)
    ).fetchone()
    entity = _entity_count(conn, key, int(mentions), int(arts))
    spellings = conn.execute(
        "SELECT text, count(*) FROM entities WHERE entity_key = ? GROUP BY text "
        "ORDER BY count(*) DESC LIMIT 20", (key,),
    ).fetchall()
    co = conn.execute(
        "SELECT e.entity_key, count(*) AS n, count(DISTINCT e.article) AS arts FROM entities e "
        "WHERE e.article IN (SELECT article FROM entities WHERE entity_key = ?) "
        "AND e.entity_key != ? GROUP BY e.entity_key ORDER BY arts DESC, n DESC LIMIT ?",
        (key, key, top),
    ).fetchall()
    page = search(conn, "", Filters(entity=key), limit=articles)
    return EntityProfile(
        entity, tuple((s[0], int(s[1])) for s in spellings),
        tuple(_entity_count(conn, r[0], int(r[1]), int(r[2])) for r in co), page.hits,
    )


# --- statistics -------------------------------------------------------------------
def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Corpus counts, articles per outlet and per day, last ingest runs."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return {
        "articles": one("SELECT count(*) FROM articles"),
        "stories": one("SELECT count(DISTINCT cluster_id) FROM articles"),
        "sightings": one("SELECT count(*) FROM sightings"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "speakers": one("SELECT count(DISTINCT speaker_norm) FROM quotes"),
        "entities": one("SELECT count(DISTINCT entity_key) FROM entities"),
        "entity_mentions": one("SELECT count(*) FROM entities"),
        "warnings": one("SELECT count(*) FROM warnings"),
        "failures": one("SELECT count(*) FROM failures"),
        "per_outlet": [
            [r[0], int(r[1])] for r in conn.execute(
                "SELECT coalesce(outlet, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
            )
        ],
        "per_day": [
            [r[0], int(r[1])] for r in conn.execute(
                "SELECT page_date, count(*) FROM articles WHERE page_date IS NOT NULL "
                "GROUP BY 1 ORDER BY 1"
            )
        ],
        "runs": [
            dict(r) for r in conn.execute(
                "SELECT rowid AS run, started, finished, pages, stored, duplicates, "
                "near_duplicates, warnings, failures FROM ingest_runs ORDER BY rowid DESC LIMIT 5"
            )
        ],
    }


def dumps(data: Any) -> str:
    """JSON for the CLI's ``--json`` (Arabic kept readable)."""
    return json.dumps(data, ensure_ascii=False, indent=2)
