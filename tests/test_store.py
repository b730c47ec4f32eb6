"""The SQLite corpus: idempotent ingest, near-duplicate clusters, Arabic search, quote search."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from khabar.model import Article, PageWarning, Source
from khabar.pipeline import Failure
from khabar.store import (
    Filters,
    Store,
    connect,
    dedup,
    entities,
    entity_profile,
    get_article,
    ingest_results,
    quotes,
    search,
    speakers,
    stats,
)
from khabar.store.schema import SCHEMA_VERSION
from khabar.store.search import fts_query, highlight, snippet
from store_fixtures import LAVROV_BODY, WIRE_BODY, corpus, corpus_db, make_article

TESTS = Path(__file__).resolve().parent


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return corpus_db(tmp_path)


@pytest.fixture()
def conn(db: Path) -> sqlite3.Connection:
    return connect(db, readonly=True)


def test_same_article_twice_is_one_article(db: Path) -> None:
    with Store(db) as store:
        results = store.add_articles(corpus())
    assert [r.new for r in results] == [False, False, False, False]
    reader = connect(db, readonly=True)
    assert stats(reader)["articles"] == 4
    assert stats(reader)["quotes"] == 3  # quotes were not stored a second time


def test_same_text_from_another_outlet_is_a_sighting_not_a_new_article(db: Path) -> None:
    lavrov = corpus()[0]
    copy = replace(lavrov, outlet="الرياض", page_date="2017-01-20",
                   source=Source(url="https://other.example/x"))
    assert copy.id == lavrov.id
    with Store(db) as store:
        result = store.add_article(copy)
    assert not result.new
    stored = get_article(connect(db, readonly=True), lavrov.id)
    assert stored is not None
    assert {s.outlet for s in stored.sightings} == {"الوطن", "الرياض"}


def test_body_differing_only_in_diacritics_and_hamza_is_the_same_article(db: Path) -> None:
    lavrov = corpus()[0]
    variant = Article(text=lavrov.text.replace("إيران", "ايران").replace("مُحَمَّد", "محمد"))
    assert variant.id == lavrov.id


def test_wire_copy_joins_the_cluster_and_search_shows_it_once(conn: sqlite3.Connection) -> None:
    page = search(conn, "كورونا")
    assert page.total == 1
    (hit,) = page.hits
    assert {hit.outlet, *(s.outlet for s in hit.also_in)} == {"سبق", "عكاظ"}
    assert {s.page_date for s in hit.also_in} <= {"2015-08-01", "2015-08-02"}


@pytest.mark.parametrize(
    ("text_a", "text_b", "same"),
    [
        (WIRE_BODY, WIRE_BODY.replace("أعلنت", "كشفت"), True),
        (WIRE_BODY, WIRE_BODY + " وأضافت الوزارة أن الوضع تحت السيطرة.", True),
        (WIRE_BODY, LAVROV_BODY, False),
    ],
)
def test_minhash_similarity(text_a: str, text_b: str, same: bool) -> None:
    similarity = dedup.jaccard(dedup.signature(text_a), dedup.signature(text_b))
    assert (similarity >= dedup.THRESHOLD) is same


def test_lsh_rebuilds_from_stored_signatures(db: Path) -> None:
    reader = connect(db, readonly=True)
    stored = reader.execute("SELECT article, minhash FROM signatures")
    rows = [(int(r[0]), bytes(r[1])) for r in stored]
    lsh = dedup.rebuild_lsh(rows)
    from datasketch import MinHash

    probe = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME,
                    hashvalues=dedup.signature(WIRE_BODY))
    wire_rows = {int(r[0]) for r in reader.execute(
        "SELECT rowid FROM articles WHERE outlet IN ('سبق', 'عكاظ')")}
    assert set(lsh.query(probe)) == wire_rows


@pytest.mark.parametrize(
    ("query", "found_in_original"),
    [
        ("ايران", "إيران"),
        ("الارهاب", "الإرهاب"),
        ("مُحَمَّد", "مُحَمَّد"),
        ("محمد", "مُحَمَّد"),
        ("إيران", "إيران"),
        ("ايران الارهاب", "إيران"),
    ],
)
def test_search_is_hamza_and_diacritic_insensitive(
    conn: sqlite3.Connection, query: str, found_in_original: str
) -> None:
    page = search(conn, query)
    assert page.total == 1
    assert f"<mark>{found_in_original}</mark>" in page.hits[0].snippet_html


@pytest.mark.parametrize(
    "query",
    ["OR", "ايران OR", "NEAR(ايران", "*", "ايران*", "^ايران", "a-b", "body:x", "text_norm:ايران",
     "(((", "ايران)", '"', '"ايران', "AND NOT", "{title_norm}: x", "ايران -سوريا", "'; DROP"],
)
def test_fts_syntax_in_queries_is_plain_text(conn: sqlite3.Connection, query: str) -> None:
    page = search(conn, query)  # never raises
    for token in ("OR", "NEAR", "body", "DROP"):
        if token in query:
            assert page.total == 0  # the word itself is looked for, and it is not there


def test_fts_query_quotes_every_token() -> None:
    assert fts_query('ايران OR "x') == '"ايران" "OR" """x"'
    assert fts_query("  ** ") is None


def test_snippets_escape_stored_text_before_marking(conn: sqlite3.Connection) -> None:
    (hit,) = search(conn, "script").hits
    assert "<script>" not in hit.snippet_html
    assert "&lt;<mark>script</mark>&gt;" in hit.snippet_html
    assert "<img" not in hit.title_html


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("قال إن <b>إيران</b> & غيرها", "ايران",
         "قال إن &lt;b&gt;<mark>إيران</mark>&lt;/b&gt; &amp; غيرها"),
        ("الإرهابيون والإرهاب و الإرهاب", "الارهاب",
         "الإرهابيون <mark>والإرهاب</mark> و <mark>الإرهاب</mark>"),
        ("زار لإيران وبإيران وإيرانيون", "ايران",
         "زار <mark>لإيران</mark> <mark>وبإيران</mark> وإيرانيون"),
        ("زار مُحَمَّد الرياض", "محمد", "زار <mark>مُحَمَّد</mark> الرياض"),
    ],
)
def test_highlight_marks_whole_words_in_the_original(text: str, query: str, expected: str) -> None:
    assert highlight(text, query) == expected


def test_snippet_is_a_window_around_the_first_match() -> None:
    text = "كلمة " * 200 + "إيران " + "كلمة " * 200
    cut = snippet(text, "ايران", width=120)
    assert "<mark>إيران</mark>" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) < 200


@pytest.mark.parametrize(
    ("filters", "expected_outlets"),
    [
        (Filters(outlet="الوطن"), {"الوطن"}),
        (Filters(outlet="سبق"), {"سبق"}),
        (Filters(since="2017-01-01"), {"الوطن"}),
        (Filters(until="2015-12-31"), {"سبق"}),
        (Filters(speaker="لافروف"), {"الوطن"}),
        (Filters(speaker="احمد علي"), {"الوطن"}),
        (Filters(entity="الرياض"), {"سبق"}),
        (Filters(entity="Q1"), {"الوطن"}),
        (Filters(entity="محمد جواد ظريف"), {"الوطن"}),
        (Filters(speaker="ترامب"), set()),
    ],
)
def test_filters(conn: sqlite3.Connection, filters: Filters, expected_outlets: set[str]) -> None:
    page = search(conn, "", filters)
    assert {hit.outlet for hit in page.hits} == expected_outlets


def test_speaker_filter_combines_with_the_query(conn: sqlite3.Connection) -> None:
    assert search(conn, "ايران", Filters(speaker="لافروف")).total == 1
    assert search(conn, "ايران", Filters(speaker="أحمد علي")).total == 0


def test_pagination(conn: sqlite3.Connection) -> None:
    everything = search(conn, "", limit=50)
    assert everything.total == 3  # four articles, three stories
    pages = [search(conn, "", limit=1, offset=i) for i in range(3)]
    assert [p.hits[0].id for p in pages] == [h.id for h in everything.hits]
    past_end = search(conn, "", limit=1, offset=10)
    assert past_end.hits == () and past_end.total == 3


@pytest.mark.parametrize(
    ("speaker", "about", "expected"),
    [
        ("لافروف", None, 2),
        ("سيرجي لافروف", None, 2),
        ("سيرجى لافروف", None, 2),  # alef maksura spelling
        ("لافروف", "سوريا", 1),
        ("لافروف", "استانا", 1),
        ("لافروف", "كورونا", 0),
        (None, "الهجمات", 1),
        ("احمد", None, 1),
        ("OR", None, 0),
    ],
)
def test_quote_search(
    conn: sqlite3.Connection, speaker: str | None, about: str | None, expected: int
) -> None:
    found = quotes(conn, speaker=speaker, about=about)
    assert len(found) == expected
    for quote in found:
        stored = get_article(conn, quote.article_id)
        assert stored is not None
        assert stored.article.text[quote.start : quote.end] == quote.text


def test_speaker_found_through_entity_alias(tmp_path: Path) -> None:
    body = "قال الوزير إن \"الاتفاق قريب\" في تصريح للصحفيين بعد لقائه نظيره في العاصمة."
    article = make_article(
        body, title="تصريح", outlet="الوطن", date="2017-02-01", url="u",
        quotes=(("الاتفاق قريب", "الوزير", "direct"),),
    )
    quote = replace(article.quotes[0], speaker_entity="Q1")
    minister = make_article(body, title="t", outlet="o", date="d", url="u",
                            entities=(("الوزير", "PER", "سيرجي لافروف", "Q1"),)).entities
    article = replace(article, quotes=(quote,), entities=minister)
    with Store(tmp_path / "k.db") as store:
        store.add_article(article)
    found = quotes(connect(tmp_path / "k.db", readonly=True), speaker="لافروف")
    assert [q.text for q in found] == ["الاتفاق قريب"]


def test_speakers_entities_and_profiles(conn: sqlite3.Connection) -> None:
    top = speakers(conn)
    assert (top[0].name, top[0].quotes) == ("سيرجي لافروف", 2)
    ranked = entities(conn, top=3)
    assert ranked[0].name == "الرياض" and ranked[0].articles == 2
    profile = entity_profile(conn, "الرياض")
    assert profile is not None
    assert "وزارة الصحة" in {e.name for e in profile.co_mentioned}
    assert entity_profile(conn, "لا يوجد") is None


def test_ingest_counts_failures_warnings_and_duplicates(tmp_path: Path) -> None:
    lavrov, wire, wire_copy, _ = corpus()
    warned = lavrov.with_warning("date-mismatch", "Hijri and Gregorian disagree")
    failure = Failure(origin="bad.txt", reason="ExtractError: empty body",
                      error_type="ExtractError", path="bad.txt")
    with Store(tmp_path / "k.db") as store:
        counts = ingest_results(store, [warned, wire, failure, wire_copy, lavrov], batch_size=2)
    assert counts.to_dict() | {"failed": []} == {
        "pages": 5, "stored": 3, "duplicates": 1, "near_duplicates": 1, "warnings": 1,
        "failures": 1, "failed": [],
    }
    reader = connect(tmp_path / "k.db", readonly=True)
    summary = stats(reader)
    assert (summary["failures"], summary["warnings"]) == (1, 1)
    assert summary["runs"][0]["stored"] == 3
    assert reader.execute("SELECT code FROM warnings").fetchone()[0] == "date-mismatch"


def test_warnings_survive_the_round_trip(tmp_path: Path) -> None:
    article = corpus()[0].with_warning("encoding-guess", "windows-1256")
    with Store(tmp_path / "k.db") as store:
        store.add_article(article)
    stored = get_article(connect(tmp_path / "k.db", readonly=True), article.id)
    assert stored is not None
    assert stored.article.warnings == (PageWarning("encoding-guess", "windows-1256"),)


_WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from dataclasses import replace
    from store_fixtures import corpus
    from khabar.store import Store
    base = corpus()
    tag = sys.argv[2]
    with Store(sys.argv[1]) as store:
        for i in range(int(sys.argv[3])):
            batch = [replace(a, id="", text=a.text + f" ({{tag}}{{i}})") for a in base]
            batch += base  # the same four articles in every batch: always duplicates
            store.add_articles(batch)
            print(i, flush=True)
    """
)


def _writer(db: Path, tag: str, batches: int) -> subprocess.Popen[str]:
    code = _WRITER.format(tests=str(TESTS))
    return subprocess.Popen([sys.executable, "-c", code, str(db), tag, str(batches)],
                            stdout=subprocess.PIPE, text=True)


def test_two_writers_at_once(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    writers = [_writer(db, tag, 15) for tag in ("a", "b")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    reader = connect(db, readonly=True)
    assert stats(reader)["articles"] == 4 + 2 * 15 * 4
    _assert_complete(reader)


def test_sigkill_leaves_no_partial_article(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    writer = _writer(db, "k", 10_000)
    assert writer.stdout is not None
    for _ in range(5):  # let a few batches land, then kill mid-run
        writer.stdout.readline()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    with Store(db) as store:  # the corpus opens and accepts writes after the crash
        store.add_articles(corpus())
    reader = connect(db, readonly=True)
    assert stats(reader)["articles"] >= 4 * 5
    _assert_complete(reader)


def _assert_complete(reader: sqlite3.Connection) -> None:
    """Every stored article has exactly its quotes, entities, FTS row and cluster."""
    for rowid, data, cluster in reader.execute("SELECT rowid, json, cluster_id FROM articles"):
        article = json.loads(data)
        n_quotes = reader.execute("SELECT count(*) FROM quotes WHERE article = ?", (rowid,))
        n_entities = reader.execute("SELECT count(*) FROM entities WHERE article = ?", (rowid,))
        assert n_quotes.fetchone()[0] == len(article["quotes"])
        assert n_entities.fetchone()[0] == len(article["entities"])
        assert reader.execute("SELECT 1 FROM clusters WHERE id = ?", (cluster,)).fetchone()
    assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db = reader.execute("PRAGMA database_list").fetchone()[2]
    writer = sqlite3.connect(db)
    for table in ("articles_fts", "quotes_fts"):  # FTS index agrees with its content table
        writer.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    writer.close()


def test_very_common_words_rank_only_the_newest_matches(conn: sqlite3.Connection) -> None:
    everything = search(conn, "في")  # in the Lavrov article and both wire copies
    assert not everything.capped and everything.total == 2
    capped = search(conn, "في", rank_cap=1)  # only the newest stored match is ranked
    assert capped.capped and capped.total == 1
    assert capped.hits[0].outlet == "عكاظ"  # the wire copy was stored after the others


def test_version_1_corpus_gains_article_facets(db: Path) -> None:
    raw = sqlite3.connect(db)
    raw.execute("DROP TABLE article_facets")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    with Store(db):  # opening for writing migrates
        pass
    reader = connect(db, readonly=True)
    assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert search(reader, "كورونا").total == 1
    assert reader.execute("SELECT count(*) FROM article_facets").fetchone()[0] == 4


def test_version_3_corpus_drops_the_stored_normalised_body_and_gains_lsh_recent(db: Path) -> None:
    raw = sqlite3.connect(db)  # what a version-3 file looked like: text_norm in articles
    raw.execute("ALTER TABLE articles ADD COLUMN text_norm TEXT NOT NULL DEFAULT ''")
    raw.execute("INSERT INTO lsh_buckets SELECT * FROM lsh_recent")  # v3 had only lsh_buckets
    raw.execute("DROP TABLE lsh_recent")
    raw.execute("PRAGMA user_version = 3")
    raw.commit()
    raw.close()
    with Store(db) as store:  # opening for writing migrates, then writing works
        store.add_article(Article(text=WIRE_BODY.replace("الرياض", "جدة"), title="نسخة"))
    reader = connect(db, readonly=True)
    assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = {row[1] for row in reader.execute("PRAGMA table_info(articles)")}
    assert "text_norm" not in columns and "text" in columns
    assert search(reader, "كورونا").total == 1  # the new copy joined the wire cluster
    _assert_complete(reader)
    assert _fts_config(reader, "automerge") == 16  # set on migrated files too


def _fts_config(reader: sqlite3.Connection, key: str) -> int | None:
    row = reader.execute("SELECT v FROM articles_fts_config WHERE k = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def test_new_corpus_merges_fts_segments_sixteen_at_a_time(conn: sqlite3.Connection) -> None:
    assert (_fts_config(conn, "automerge"), _fts_config(conn, "crisismerge")) == (16, 32)


@pytest.mark.parametrize("min_recent", [1, 3, 1000])
def test_near_duplicates_are_found_in_both_lsh_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, min_recent: int
) -> None:
    """Band keys move from lsh_recent to lsh_buckets in bulk; lookups see both tables."""
    monkeypatch.setattr(dedup, "_MIN_RECENT", min_recent)
    monkeypatch.setattr(dedup, "_RECENT_SHARE", 2)
    path = tmp_path / "k.db"
    with Store(path) as store:
        results = [store.add_article(article) for article in corpus()]
        copy = Article(text=WIRE_BODY.replace("الرياض", "جدة"), title="نسخة ثالثة")
        results.append(store.add_article(copy))
    wire = [i for i, a in enumerate(corpus()) if a.outlet in ("سبق", "عكاظ")]
    assert [r.near_duplicate for r in results] == [i in wire[1:] for i in range(4)] + [True]
    assert len({results[i].cluster_id for i in wire} | {results[-1].cluster_id}) == 1
    reader = connect(path, readonly=True)
    signatures = [dedup.from_blob(bytes(r[0])) for r in reader.execute(
        "SELECT minhash FROM signatures ORDER BY article")]
    keys = sorted(k for sig in signatures for k in dedup.band_keys(sig))
    buckets = sorted(r[0] for r in reader.execute(
        "SELECT key FROM lsh_buckets UNION ALL SELECT key FROM lsh_recent"))
    assert buckets == keys  # every band key is in exactly one of the two tables
    recent = reader.execute("SELECT count(*) FROM lsh_recent").fetchone()[0]
    assert (recent == len(keys)) is (min_recent == 1000)  # never merged with a big floor


ARABIC_BODIES = [
    LAVROV_BODY,
    WIRE_BODY,
    WIRE_BODY.replace(" ", "\u00a0", 5),  # no-break spaces split words too
    "قال\u2003المتحدث\u3000إن الوفد زار العاصمة أمس في إطار جولة إقليمية واسعة",
    "خبر قصير من سبع كلمات فقط هنا",  # too short for a signature
    "",
]


def test_batch_signatures_equal_datasketch_minhash_of_the_same_shingles() -> None:
    from datasketch import MinHash

    from khabar.arabic.normalise import normalise

    folded = [normalise(body) for body in ARABIC_BODIES]
    for body, sig in zip(folded, dedup.batch_signatures(folded), strict=True):
        words = body.split()
        if len(words) < 8:
            assert sig is None
            continue
        reference = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME,
                            hashfunc=lambda value: value)
        reference.update_batch(dedup.shingle_hashes(body).tolist())
        assert sig is not None
        assert sig.tolist() == reference.hashvalues.tolist()
        assert dedup.band_keys(sig) == dedup.batch_band_keys(sig.reshape(1, -1))[0]


def test_duplicates_inside_one_batch_are_found_like_across_batches(tmp_path: Path) -> None:
    articles = corpus()
    copy = replace(articles[0], outlet="الرياض", source=Source(url="https://other.example/y"))
    in_one = tmp_path / "one.db"
    with Store(in_one) as store:
        together = store.add_articles([*articles, copy])
    one_by_one = []
    with Store(tmp_path / "many.db") as store:
        for article in [*articles, copy]:
            one_by_one.append(store.add_article(article))
    assert together == one_by_one
    assert [r.new for r in together][-1] is False  # the copy is a sighting
    assert any(r.near_duplicate for r in together)  # the wire copies share a cluster
    _assert_complete(connect(in_one, readonly=True))


@pytest.mark.parametrize(
    ("query", "written"),
    [
        ("ايران", "وإيران"),
        ("ايران", "لإيران"),
        ("ايران", "بإيران"),
        ("الارهاب", "للإرهاب"),
        ("ارهاب", "والإرهاب"),
        ("المملكه", "بالمملكة"),
        ("لبنان", "ولبنان"),
        ("ايران", "وبإيران"),
        ("المره", "وللمرة"),
    ],
)
def test_search_finds_words_behind_proclitics(tmp_path: Path, query: str, written: str) -> None:
    body = f"قال المتحدث إن الوفد زار العاصمة {written} أمس في إطار جولة إقليمية واسعة."
    with Store(tmp_path / "k.db") as store:
        store.add_article(Article(text=body, title="جولة"))
    page = search(connect(tmp_path / "k.db", readonly=True), query)
    assert page.total == 1
    assert f"<mark>{written}</mark>" in page.hits[0].snippet_html


@pytest.mark.parametrize(
    ("query", "other"),
    [("وزير", "زيارة"), ("لبنان", "بنان"), ("بيت", "يت"), ("حزب الله", "حزب يقول له")],
)
def test_proclitic_stripping_keeps_other_words_apart(
    tmp_path: Path, query: str, other: str
) -> None:
    body = f"نشرت الصحيفة تقريرا مطولا يتناول {other} في سياق الأحداث الأخيرة بالمنطقة."
    with Store(tmp_path / "k.db") as store:
        store.add_article(Article(text=body, title="تقرير"))
    assert search(connect(tmp_path / "k.db", readonly=True), query).total == 0
