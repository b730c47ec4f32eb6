"""HTTP: the JSON API over the corpus, token-guarded ingest, and the Arabic web UI.

``create_app(db_path)`` builds a FastAPI app. Every request opens its own read-only
SQLite connection (WAL readers never block the writer). OpenAPI is served at
``/openapi.json``; Swagger's ``/docs`` is disabled because it loads from a CDN and
nothing here may reach the network. ``POST /api/ingest`` exists only when a token was
given at start: a wrong or missing token is 401 (constant-time compare), a body over
``max_body_bytes`` is 413 (checked on Content-Length *and* on the bytes streamed).
"""


import hmac
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from khabar.errors import StoreError
from khabar.store import (
    Filters,
    IngestCounts,
    Store,
    connect,
    entities,
    entity_profile,
    get_article,
    ingest_results,
    quotes,
    search,
    speaker_profile,
    speakers,
    stats,
)
from khabar.store import events as store_events

DEFAULT_MAX_BODY = 5 * 1024 * 1024
MAX_PAGES_PER_REQUEST = 500

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class PayloadTooLarge(Exception):
    """The request body went over the limit while being read."""


def create_app(
    db_path: str | Path, ingest_token: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY,
) -> FastAPI:
    """The API and web UI over the corpus at ``db_path`` (created empty if absent)."""
    db = Path(db_path)
    Store(db).close()  # create the schema once, so readers can open read-only

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(
        title="khabar", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        description="Arabic news corpus: articles, quotes with speakers, entities.",
        lifespan=lifespan,
    )
    app.state.db = db

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def reader() -> Iterator[sqlite3.Connection]:
        conn = connect(db, readonly=True)
        try:
            yield conn
        finally:
            conn.close()

    Conn = Annotated[sqlite3.Connection, Depends(reader)]
    Limit = Annotated[int, Query(ge=1, le=200)]
    Offset = Annotated[int, Query(ge=0, le=100_000)]

    @app.get("/api/search", tags=["search"])
    def api_search(
        conn: Conn, q: str = "", speaker: str | None = None, entity: str | None = None,
        outlet: str | None = None, since: str | None = None, until: str | None = None,
        limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Articles matching all words of ``q`` (Arabic-normalised), one per story."""
        page = search(conn, q, Filters(speaker, entity, outlet, since, until),
                      limit=limit, offset=offset)
        return page.to_dict()

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(conn: Conn, article_id: str) -> dict[str, Any]:
        """One article (Article JSON) with its cluster and where it appeared."""
        stored = get_article(conn, article_id)
        if stored is None:
            raise HTTPException(404, "no such article")
        return stored.to_dict()

    @app.get("/api/quotes", tags=["quotes"])
    def api_quotes(
        conn: Conn, speaker: str | None = None, about: str | None = None,
        outlet: str | None = None, since: str | None = None, until: str | None = None,
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Quotes by speaker (any of their names) and about a topic."""
        found = quotes(conn, speaker=speaker, about=about,
                       filters=Filters(None, None, outlet, since, until),
                       limit=limit, offset=offset)
        return {"quotes": [q.to_dict() for q in found]}

    @app.get("/api/speakers", tags=["quotes"])
    def api_speakers(conn: Conn, q: str | None = None, limit: Limit = 50) -> dict[str, Any]:
        """Speakers by number of quotes."""
        return {"speakers": [asdict(s) for s in speakers(conn, limit=limit, name=q)]}

    @app.get("/api/speakers/{name}", tags=["quotes"])
    def api_speaker(conn: Conn, name: str) -> dict[str, Any]:
        """All quotes of one speaker and their count per day and outlet."""
        profile = speaker_profile(conn, name)
        if not profile.quotes:
            raise HTTPException(404, "no quotes by this speaker")
        return profile.to_dict()

    @app.get("/api/entities", tags=["entities"])
    def api_entities(
        conn: Conn, top: Limit = 20, label: str | None = None
    ) -> dict[str, Any]:
        """The most mentioned entities."""
        return {"entities": [asdict(e) for e in entities(conn, top=top, label=label)]}

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def api_entity(conn: Conn, entity_id: str) -> dict[str, Any]:
        """One entity (by id, canonical name or spelling): co-mentions and articles."""
        profile = entity_profile(conn, entity_id)
        if profile is None:
            raise HTTPException(404, "no such entity")
        return profile.to_dict()

    @app.get("/api/events", tags=["events"])
    def api_events(
        conn: Conn, code: str | None = None, actor: str | None = None,
        target: str | None = None, outlet: str | None = None, since: str | None = None,
        until: str | None = None, limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        """CAMEO events (``code``: root name such as PROTEST, or a code prefix such as 14),
        by actor or target (name or entity key), newest articles first."""
        try:
            found = store_events(conn, code=code, actor=actor, target=target,
                                 filters=Filters(None, None, outlet, since, until),
                                 limit=limit, offset=offset)
        except StoreError as error:
            raise HTTPException(409, str(error)) from error
        return {"events": [e.to_dict() for e in found]}

    @app.get("/api/stats", tags=["corpus"])
    def api_stats(conn: Conn) -> dict[str, Any]:
        """Corpus counts, articles per outlet and per day."""
        return stats(conn)

    if ingest_token:
        _add_ingest(app, db, ingest_token, max_body_bytes)

    from khabar.web.routes import add_web_routes

    add_web_routes(app, reader)
    return app


def _add_ingest(app: FastAPI, db: Path, token: str, max_body_bytes: int) -> None:
    expected = token.encode("utf-8")

    @app.post("/api/ingest", tags=["ingest"])
    async def api_ingest(request: Request) -> JSONResponse:
        """Ingest pages: JSON ``{"pages": [{"text"|"html": …, "url": …}]}`` or one raw page.

        Needs ``Authorization: Bearer <token>`` (or ``X-Khabar-Token``).
        """
        if not _authorised(request, expected):
            return JSONResponse({"detail": "missing or wrong ingest token"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return JSONResponse({"detail": "bad Content-Length"}, status_code=400)
            if int(declared) > max_body_bytes:
                return _too_large(max_body_bytes)
        try:
            body = await _read_limited(request, max_body_bytes)
        except PayloadTooLarge:
            return _too_large(max_body_bytes)
        try:
            pages = _pages_from_body(body, request.headers.get("content-type", ""))
        except ValueError as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        counts = await run_in_threadpool(_ingest_pages, db, pages)
        return JSONResponse(counts.to_dict())


def _authorised(request: Request, expected: bytes) -> bool:
    header = request.headers.get("authorization", "")
    given = header[7:] if header[:7].lower() == "bearer " else request.headers.get(
        "x-khabar-token", "")
    return hmac.compare_digest(given.encode("utf-8"), expected)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"body over {limit} bytes"}, status_code=413)


async def _read_limited(request: Request, limit: int) -> bytes:
    """Read the body, counting the bytes actually received (Content-Length may lie)."""
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise PayloadTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _pages_from_body(body: bytes, content_type: str) -> list[Any]:
    """RawPages from a JSON ``{"pages": [...]}`` body or a raw text/HTML page."""
    from khabar.read.page import RawPage

    if "json" in content_type.lower():
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            # RecursionError: "[[[[…" nested deeper than the parser's stack — a 400, not a 500
            raise ValueError(f"body is not JSON: {error}") from error
        items = data.get("pages") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            raise ValueError('expected {"pages": [{"text" or "html": ..., "url": ...}, ...]}')
        if len(items) > MAX_PAGES_PER_REQUEST:
            raise ValueError(f"at most {MAX_PAGES_PER_REQUEST} pages per request")
        pages = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValueError(f"pages[{i}] is not an object")
            url = item.get("url")
            url = url if isinstance(url, str) else None
            if isinstance(item.get("html"), str):
                pages.append(RawPage(item["html"], url=url, media_type="html",
                                     record=f"request:{i}"))
            elif isinstance(item.get("text"), str):
                pages.append(RawPage(item["text"], url=url, media_type="text",
                                     record=f"request:{i}"))
            else:
                raise ValueError(f'pages[{i}] needs "text" or "html" (a string)')
        return pages
    if not body.strip():
        raise ValueError("empty body")
    if "html" in content_type.lower():
        return [RawPage(body, media_type="html", record="request")]
    return [RawPage(body, media_type="text", record="request")]


def _ingest_pages(db: Path, pages: list[Any]) -> IngestCounts:
    from khabar.pipeline import Pipeline

    with Store(db) as store:
        return ingest_results(store, Pipeline().run(pages))
