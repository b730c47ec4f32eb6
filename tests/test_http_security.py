"""The HTTP surface against a real ``khabar serve`` (uvicorn) on a free localhost port.

Ingest needs the token; bodies over the limit are 413 however they arrive; FTS5 syntax
in queries is text; page markup renders inert in a real Chromium; no path reaches
files outside the package's static folder. Requests go through httpx, and through a
raw socket where httpx would clean the request up (``..`` segments, lying lengths).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

pytestmark = pytest.mark.slow

TOKEN = "s3cret-t0ken-for-tests"
MAX_BODY = 5 * 1024 * 1024  # khabar.api.app.DEFAULT_MAX_BODY, what `khabar serve` uses
CHROMIUM = Path("/usr/bin/chromium")

# Payloads that must stay text wherever page data is shown.
XSS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload="window.__pwned=3">',
    "</textarea><iframe srcdoc='<script>parent.__pwned=4</script>'>",
    "javascript:window.__pwned=5",
)
TITLE = (
    "\u0639\u0627\u062c\u0644 "
    + XSS[0]
    + " \u0645\u0624\u062a\u0645\u0631 \u0641\u064a\u064a\u0646\u0627"
)
BODY = (
    "\u0641\u064a\u064a\u0646\u0627 \u0640 (\u0627\u0644\u0648\u0637\u0646) \u0640 "
    "\u0648\u0643\u0627\u0644\u0627\u062a:\n"
    "\u0642\u0627\u0644 \u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 "
    "\u0627\u0644\u0631\u0648\u0633\u064a \u0633\u064a\u0631\u062c\u064a "
    "\u0644\u0627\u0641\u0631\u0648\u0641 \u201c"
    + XSS[1]
    + " \u0633\u0646\u0648\u0627\u0635\u0644 \u0627\u0644\u062d\u0648\u0627\u0631 "
    "\u0645\u0639 \u0643\u0644 \u0627\u0644\u0623\u0637\u0631\u0627\u0641\u201d.\n"
    "\u0648\u0623\u0636\u0627\u0641 \u0644\u0627\u0641\u0631\u0648\u0641 \u0623\u0646 "
    + XSS[2]
    + " \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0633\u062a\u0633\u062a"
    "\u0623\u0646\u0641 \u0627\u0644\u0623\u0633\u0628\u0648\u0639 \u0627\u0644\u0645"
    "\u0642\u0628\u0644 " + XSS[3] + " " + XSS[4] + ".\n"
)  # فيينا ـ (الوطن) ـ وكالات: قال وزير الخارجية الروسي سيرجي لافروف “…” …
LAVROV = "\u0644\u0627\u0641\u0631\u0648\u0641"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db: Path, token: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("KHABAR_INGEST_TOKEN", None)
    if token:
        env["KHABAR_INGEST_TOKEN"] = token  # the documented way: not on the command line
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"khabar serve exited: {proc.stderr.read()!r}")  # type: ignore[union-attr]
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("khabar serve did not answer within 60 s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("http")
    pages = folder / "pages"
    pages.mkdir()
    (pages / "hostile.txt").write_text(TITLE + "\n\n" + BODY, encoding="utf-8")
    html = (
        "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>"
        "\u062e\u0628\u0631 &lt;script&gt;window.__pwned=6&lt;/script&gt;</title></head>"
        "<body><article><h1>\u062e\u0628\u0631 &lt;img src=x onerror=window.__pwned=7&gt;</h1>"
        "<p>" + BODY.replace("<", "&lt;").replace(">", "&gt;").replace("\n", "</p><p>") + "</p>"
        "<script>window.__pwned=8</script></article></body></html>"
    )
    (pages / "hostile.html").write_text(html, encoding="utf-8")
    db = folder / "corpus.db"
    done = subprocess.run(
        [sys.executable, "-m", "khabar", "ingest", str(pages), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    proc, base = _serve(db, TOKEN)
    yield base
    _stop(proc)


def _raw(base: str, request: bytes, timeout: float = 10.0) -> tuple[int, bytes]:
    """Send bytes as they are and return (status, whole response)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading everything: read the answer
        chunks = []
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                chunks.append(data)
        except (TimeoutError, ConnectionResetError):
            pass
    response = b"".join(chunks)
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return status, response


def _article_ids(base: str) -> list[str]:
    found = httpx.get(base + "/api/search", params={"q": LAVROV}, timeout=30).json()
    return [hit["id"] for hit in found["hits"]]


# --- the ingest token -------------------------------------------------------------------------
PAGE = {
    "pages": [{"text": TITLE + "\n\n" + BODY.replace(LAVROV, LAVROV + " \u0623\u064a\u0636\u0627")}]
}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Bearer " + TOKEN[:-1]},
        {"Authorization": "Bearer " + TOKEN + "x"},
        {"Authorization": "Basic " + TOKEN},
        {"Authorization": TOKEN},
        {"Authorization": "Bearer"},
        {"X-Khabar-Token": "wrong"},
        {"X-Khabar-Token": ""},
    ],
    ids=lambda h: next(iter(h.values()), "none")[:14] if h else "no-header",
)
def test_ingest_without_the_right_token_is_401(server: str, headers: dict[str, str]) -> None:
    before = httpx.get(server + "/api/stats", timeout=30).json()
    response = httpx.post(server + "/api/ingest", json=PAGE, headers=headers, timeout=30)
    assert response.status_code == 401, response.text
    assert httpx.get(server + "/api/stats", timeout=30).json() == before  # nothing stored


def test_ingest_with_the_token_stores(server: str) -> None:
    response = httpx.post(
        server + "/api/ingest",
        json=PAGE,
        headers={"Authorization": "Bearer " + TOKEN},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.json()["pages"] == 1


def test_ingest_does_not_exist_without_a_configured_token(tmp_path: Path) -> None:
    from khabar.store import Store

    Store(tmp_path / "empty.db").close()
    proc, base = _serve(tmp_path / "empty.db", None)
    try:
        for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer None"}):
            response = httpx.post(base + "/api/ingest", json=PAGE, headers=headers, timeout=30)
            assert response.status_code in (401, 404, 405), response.text
    finally:
        _stop(proc)


# --- request size -----------------------------------------------------------------------------
AUTH = "Authorization: Bearer " + TOKEN


def test_oversized_body_with_honest_length_is_413(server: str) -> None:
    body = b"x" * (MAX_BODY + 1)
    response = httpx.post(
        server + "/api/ingest",
        content=body,
        headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "text/plain"},
        timeout=60,
    )
    assert response.status_code == 413


def test_oversized_declared_length_is_refused_before_the_body(server: str) -> None:
    request = (
        "POST /api/ingest HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
        f"Content-Type: text/plain\r\nContent-Length: {MAX_BODY * 100}\r\n\r\n"
    ).encode()
    status, _ = _raw(server, request + b"x" * 1000)
    assert status == 413


def test_oversized_chunked_body_without_length_is_413(server: str) -> None:
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(MAX_BODY // 65536 + 2))
    request = (
        "POST /api/ingest HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
        "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    status, _ = _raw(server, request + body + b"0\r\n\r\n", timeout=30)
    assert status == 413


def test_oversized_body_with_lying_small_length_is_not_read_past_the_length(server: str) -> None:
    # Content-Length says 10; 6 MB follow. The server must take 10 bytes (a tiny page) and
    # treat the rest as a broken next request: never read it as one body, never a 500.
    request = (
        "POST /api/ingest HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
        "Content-Type: text/plain\r\nContent-Length: 10\r\n\r\n"
    ).encode()
    status, response = _raw(server, request + b"x" * (MAX_BODY + 1024 * 1024), timeout=30)
    assert status in (200, 400, 413), response[:300]
    assert b" 500 " not in response


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"pages": ' + b"[" * 100_000, b'{"pages": [{"text": "\\ud800"}]}'],
    ids=["deep-array", "deep-pages", "lone-surrogate"],
)
def test_hostile_json_bodies_are_4xx_or_stored_never_500(server: str, body: bytes) -> None:
    response = httpx.post(
        server + "/api/ingest",
        content=body,
        headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code in (200, 400, 413, 422), response.text[:300]


# --- queries ----------------------------------------------------------------------------------
FTS_SYNTAX = [
    '"',
    '""',
    '"unterminated',
    "*",
    LAVROV + "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "OR",
    "a OR b",
    "AND",
    "NOT",
    "^",
    "^" + LAVROV,
    "(",
    ")",
    "((a)",
    "body:x",
    "text_norm:x",
    "title_norm:" + LAVROV,
    "a-b",
    "-",
    "+",
    "{a b}: c",
    ":",
    "' OR 1=1 --",
    "'; DROP TABLE articles; --",
    '") OR ("1"="1',
    "\x00",
    "%",
    "_",
    "\\",
    "\u202e" + LAVROV,
    "\ufffd",
    LAVROV * 1000,
    " ".join([LAVROV] * 250),
]
QUERY_ENDPOINTS = [
    ("/api/search", "q"),
    ("/api/search", "speaker"),
    ("/api/search", "entity"),
    ("/api/search", "outlet"),
    ("/api/search", "since"),
    ("/api/quotes", "about"),
    ("/api/quotes", "speaker"),
    ("/api/speakers", "q"),
    ("/", "q"),
    ("/", "speaker"),
]


@pytest.mark.parametrize(("path", "param"), QUERY_ENDPOINTS)
def test_fts_syntax_in_queries_is_text_never_a_500(server: str, path: str, param: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        for query in FTS_SYNTAX:
            response = client.get(path, params={param: query})
            assert response.status_code in (200, 400, 404, 414, 422), (
                f"{path}?{param}={query[:40]!r} → {response.status_code}: {response.text[:200]}"
            )
            assert response.status_code != 500


@pytest.mark.parametrize("name", FTS_SYNTAX[:20], ids=range(20))
def test_names_in_paths_are_text_never_a_500(server: str, name: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        for prefix in ("/api/speakers/", "/api/entities/", "/speaker/", "/entity/", "/article/"):
            response = client.get(prefix + quote(name, safe=""))
            assert response.status_code in (200, 404, 422), (prefix, name, response.text[:200])


def test_query_operators_do_not_widen_the_search(server: str) -> None:
    """As FTS5 syntax ``xyzzy OR لافروف`` would match every Lavrov article; as text it must
    match none (no article has both words), and ``*`` must not match everything."""
    with httpx.Client(base_url=server, timeout=60) as client:
        plain = client.get("/api/search", params={"q": LAVROV}).json()["total"]
        assert plain >= 1
        for query in ("xyzzy OR " + LAVROV, "xyzzy NOT qqq", "*", "NEAR(xyzzy " + LAVROV + ")"):
            assert client.get("/api/search", params={"q": query}).json()["total"] == 0, query
        before = client.get("/api/stats").json()
        client.get("/api/search", params={"q": "'; DROP TABLE articles; --"})
        assert client.get("/api/stats").json() == before


# --- paths outside the data -----------------------------------------------------------------
TRAVERSALS = [
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/....//....//....//etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/..\\..\\..\\..\\..\\..\\etc\\passwd",
    "/static/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/static/khabar.css%00.txt",
    "/static/../../../../../../proc/self/environ",
    "/static/../api/app.py",
    "/static/../../khabar/store/sqlite.py",
    "/vendor/../../../../../../etc/passwd",
    "/vendor/plotly.min.js/../../../../etc/passwd",
    "/article/..%2f..%2f..%2fetc%2fpasswd",
    "/article/../../../../etc/passwd",
    "/api/articles/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/api/articles/../../../../etc/passwd",
    "/api/entities/..%2f..%2fetc%2fpasswd",
    "/speaker/..%2f..%2f..%2fetc%2fpasswd",
]
SECRETS = (
    b"root:x:0:0",
    b"root:",
    b"SQLite format 3",
    b"import ",
    b"KHABAR_INGEST_TOKEN",
    TOKEN.encode(),
)


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_cannot_reach_files_outside_the_data(server: str, path: str) -> None:
    status, response = _raw(
        server, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    assert status != 500, response[:300]
    body = response.split(b"\r\n\r\n", 1)[-1]
    for secret in SECRETS:
        assert secret not in body, f"{path} leaked {secret!r}"


def test_static_files_are_still_served(server: str) -> None:
    assert httpx.get(server + "/static/khabar.css", timeout=30).status_code == 200


# --- markup in articles, in a real browser ---------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium missing (apt-get install chromium): browser checks skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


INJECTED = "img[onerror], svg[onload], iframe, script:not([src]):not([type='application/json'])"


def _visit(browser: object, url: str) -> tuple[object, str, int, list[str]]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    pwned = page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")
    injected = page.locator(INJECTED).count()
    text = page.inner_text("body")
    context.close()
    return pwned, text, injected, dialogs


def test_article_markup_renders_as_inert_text(server: str, browser: object) -> None:
    ids = _article_ids(server)
    assert ids, "the hostile articles were not stored"
    urls = [server + "/article/" + article_id for article_id in ids]
    urls += [
        server + "/?" + "q=" + quote(LAVROV),
        server + "/?q=" + quote(XSS[0]),
        server + "/?q=" + quote(XSS[1]) + "&speaker=" + quote(XSS[2]),
        server + "/speaker/" + quote(XSS[0], safe=""),
        server + "/entity/" + quote(XSS[1], safe=""),
    ]
    shown_as_text = 0
    for url in urls:
        pwned, text, injected, dialogs = _visit(browser, url)
        assert pwned is None, f"{url}: script ran (window.__pwned = {pwned})"
        assert dialogs == [], f"{url}: dialog {dialogs}"
        assert injected == 0, f"{url}: {injected} injected element(s) in the DOM"
        shown_as_text += any(payload in text for payload in XSS) or "window.__pwned" in text
    # The payloads reached the pages (as visible text), so the checks above meant something.
    assert shown_as_text >= 2
