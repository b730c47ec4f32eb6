"""HTTP API and server-rendered pages: endpoints, ingest token and size limit, hostile text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import SEED_PAGE, needs_shared
from khabar.api.app import create_app
from store_fixtures import corpus_db

TOKEN = "s3cret-token"
HOSTILE_QUERIES = [
    "OR", "ايران OR سوريا", "NEAR(ايران", "*", "ايران*", "^x", "a-b", "body:x", "text_norm:x",
    "(((", ")", '"', '"ايران', "AND NOT", "{title_norm}:x", "'; DROP TABLE articles; --",
    "<script>alert(1)</script>", "\x00", "%", "\\", "ـــ", "ً", "a" * 5000,
]
PAGE = (
    "الرئيسية / الأخبار\n"
    "وزير الخارجية يلتقي نظيره الإيراني\n"
    "طهران ـ وكالات: التقى وزير الخارجية اليوم نظيره الإيراني في العاصمة طهران، وقال الوزير "
    "إن \"العلاقات بين البلدين تشهد تطورا ملحوظا في مختلف المجالات\" مؤكدا أهمية التعاون "
    "الاقتصادي والتجاري بين إيران ودول المنطقة.\n"
    "وأضاف أن الجانبين بحثا سبل تعزيز التعاون في مجالات الطاقة والنقل والاستثمار.\n"
)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return corpus_db(tmp_path)


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, ingest_token=TOKEN, max_body_bytes=20_000)) as test_client:
        yield test_client


@pytest.fixture()
def readonly_client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def _lavrov_id(client: TestClient) -> str:
    hits = client.get("/api/search", params={"q": "لافروف"}).json()["hits"]
    return str(hits[0]["id"])


def test_search_endpoint_folds_hamza(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "ايران"}).json()
    assert body["total"] == 1
    assert "<mark>إيران</mark>" in body["hits"][0]["snippet_html"]


def test_search_filters_and_pagination(client: TestClient) -> None:
    body = client.get("/api/search", params={"speaker": "لافروف"}).json()
    assert [h["outlet"] for h in body["hits"]] == ["الوطن"]
    body = client.get("/api/search", params={"limit": 1, "offset": 1}).json()
    assert (body["total"], len(body["hits"])) == (3, 1)
    assert client.get("/api/search", params={"limit": 0}).status_code == 422
    assert client.get("/api/search", params={"outlet": "سبق"}).json()["total"] == 1
    wire = client.get("/api/search", params={"q": "كورونا"}).json()["hits"][0]
    assert {s["outlet"] for s in wire["also_in"]} == {"عكاظ"}


def test_article_endpoint(client: TestClient) -> None:
    article_id = _lavrov_id(client)
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["schema_version"] == 1 and body["id"] == article_id
    for item in body["quotes"]:
        assert body["text"][item["start"] : item["end"]] == item["text"]
    assert client.get("/api/articles/does-not-exist").status_code == 404


def test_quotes_speakers_entities_stats(client: TestClient) -> None:
    found = client.get("/api/quotes", params={"speaker": "لافروف", "about": "سوريا"}).json()
    assert [q["text"] for q in found["quotes"]] == ["الحل في سوريا يجب أن يكون سياسيا"]
    names = [s["name"] for s in client.get("/api/speakers").json()["speakers"]]
    assert names[0] == "سيرجي لافروف"
    profile = client.get("/api/speakers/لافروف").json()
    assert len(profile["quotes"]) == 2 and profile["per_day"] == [["2017-01-18", 2]]
    assert client.get("/api/speakers/لا أحد").status_code == 404
    top = client.get("/api/entities", params={"top": 2}).json()["entities"]
    assert top[0]["name"] == "الرياض"
    riyadh = client.get("/api/entities/Q6").json()
    assert riyadh["entity"]["articles"] == 2
    assert client.get("/api/entities/nothing-here").status_code == 404
    stats = client.get("/api/stats").json()
    assert (stats["articles"], stats["stories"], stats["quotes"]) == (4, 3, 3)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_500(client: TestClient, query: str) -> None:
    for path, params in [
        ("/api/search", {"q": query}), ("/api/search", {"speaker": query, "entity": query}),
        ("/api/quotes", {"speaker": query, "about": query}), ("/api/speakers", {"q": query}),
        ("/", {"q": query, "speaker": query, "outlet": query}),
    ]:
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, query, response.text[:200])
    segment = quote(query, safe="")
    for path in (f"/api/speakers/{segment}", f"/api/entities/{segment}", f"/speaker/{segment}",
                 f"/entity/{segment}", f"/article/{segment}"):
        assert client.get(path).status_code in (200, 404)


def test_script_in_article_text_is_inert(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "script"})
    assert response.headers["content-type"].startswith("application/json")
    hit = response.json()["hits"][0]
    assert "<script>" not in hit["snippet_html"] and "<img" not in hit["title_html"]
    page = client.get(f"/article/{hit['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "<img src=x" not in page.text
    assert "&lt;script&gt;alert(" in page.text
    assert "&lt;b&gt;تتزايد&lt;/b&gt;" in page.text  # inside the highlighted quote
    results = client.get("/", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in results.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_ingest_needs_the_token(client: TestClient) -> None:
    payload = {"pages": [{"text": PAGE, "url": "https://example.com/p"}]}
    assert client.post("/api/ingest", json=payload).status_code == 401
    wrong = client.post("/api/ingest", json=payload, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    also_wrong = client.post("/api/ingest", json=payload, headers={"X-Khabar-Token": TOKEN[:-1]})
    assert also_wrong.status_code == 401


def test_ingest_stores_pages_and_is_idempotent(client: TestClient) -> None:
    payload = {"pages": [{"text": PAGE, "url": "https://example.com/p"}]}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = client.post("/api/ingest", json=payload, headers=auth)
    assert first.status_code == 200, first.text
    assert (first.json()["pages"], first.json()["stored"]) == (1, 1)
    second = client.post("/api/ingest", json=payload, headers=auth).json()
    assert (second["stored"], second["duplicates"]) == (0, 1)
    found = client.get("/api/search", params={"q": "طهران"}).json()
    assert found["total"] == 1
    raw = client.post("/api/ingest", content=PAGE.replace("طهران", "بغداد").encode(),
                      headers=auth | {"Content-Type": "text/plain; charset=utf-8"})
    assert raw.json()["stored"] == 1


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"[]", b'{"pages": []}', b'{"pages": [1]}', b'{"pages": [{"url": "x"}]}',
     b'{"pages": [{"text": 5}]}'],
)
def test_ingest_rejects_bad_json(client: TestClient, payload: bytes) -> None:
    response = client.post("/api/ingest", content=payload, headers={
        "X-Khabar-Token": TOKEN, "Content-Type": "application/json"})
    assert response.status_code == 400


def test_ingest_size_limit_on_content_length(client: TestClient) -> None:
    big = json.dumps({"pages": [{"text": "كلمة " * 10_000}]}).encode()
    response = client.post("/api/ingest", content=big, headers={
        "X-Khabar-Token": TOKEN, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_ingest_size_limit_on_streamed_bytes(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for _ in range(100):
            yield ("كلمة " * 100).encode()

    response = client.post("/api/ingest", content=chunks(), headers={
        "X-Khabar-Token": TOKEN, "Content-Type": "text/plain"})
    assert response.status_code == 413


def test_no_ingest_route_without_a_token(readonly_client: TestClient) -> None:
    response = readonly_client.post("/api/ingest", json={"pages": [{"text": PAGE}]},
                                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (404, 405)


def test_openapi_served_and_no_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/quotes", "/api/stats", "/api/ingest"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    pages = ("/", "/overview", "/speaker/لافروف", "/entity/Q6", f"/article/{_lavrov_id(client)}")
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200
        assert 'dir="rtl"' in page.text and 'lang="ar"' in page.text
        assert "http://" not in page.text.replace("http://www.w3.org", "")
        assert "https://" not in page.text
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")


def test_static_files_refuse_traversal(client: TestClient) -> None:
    assert client.get("/static/khabar.css").status_code == 200
    for path in ("/static/../app.py", "/static/%2e%2e/routes.py", "/static/..%2f..%2fmodel.py"):
        assert client.get(path).status_code == 404


def test_article_page_highlights_quotes_and_entities(client: TestClient) -> None:
    page = client.get(f"/article/{_lavrov_id(client)}").text
    assert '<q class="quote quote-direct" title="سيرجي لافروف — مباشر"' in page
    assert 'class="ent ent-GPE" title="دولة/مدينة: سوريا"' in page
    assert 'class="ent ent-PER" title="شخص: محمد جواد ظريف"' in page


@needs_shared
def test_ingest_seed_page_over_http(client: TestClient) -> None:
    response = client.post("/api/ingest", content=SEED_PAGE.read_bytes(),
                           headers={"X-Khabar-Token": TOKEN, "Content-Type": "text/plain"})
    assert response.status_code == 200 and response.json()["stored"] == 1
    assert client.get("/api/search", params={"q": "باريس"}).json()["total"] >= 1


def test_search_page_filters(client: TestClient) -> None:
    page = client.get("/", params={"entity": "الرياض"}).text
    assert "تسجيل حالات جديدة من كورونا" in page and "لافروف: الحل" not in page
    page = client.get("/", params={"speaker": "لافروف", "q": "ايران"}).text
    assert "لافروف: الحل في سوريا سياسي" in page and "<mark>إيران</mark>" in page
    page = client.get("/", params={"since": "2017-01-19"}).text
    assert 'id="result-count">1 ' in page
