"""The Arabic web UI: search, article, speaker, entity and corpus overview pages.

Jinja2 with autoescape on; article text goes through :func:`khabar.web.render.annotate`
(escape each piece, then add markup); plots are JSON data blocks drawn by the bundled
plotly.js. Path parameters are only ever used as query values, never as file paths;
static files are served by Starlette's ``StaticFiles`` (which refuses traversal).
"""


import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from khabar.store import (
    Filters,
    entity_profile,
    get_article,
    search,
    speaker_profile,
    speakers,
    stats,
)
from khabar.web import plots
from khabar.web.render import ENTITY_LABELS, QUOTE_KINDS, annotate, script_json

WEB = Path(__file__).resolve().parent
PAGE_SIZE = 10

_env = Environment(
    loader=FileSystemLoader(WEB / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals.update(ENTITY_LABELS=ENTITY_LABELS, QUOTE_KINDS=QUOTE_KINDS, urlencode=urlencode)


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template to an HTML response."""
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status)


def add_web_routes(
    app: FastAPI, reader: Callable[[], Iterator[sqlite3.Connection]]
) -> None:
    """Register the UI pages, the static files and the bundled plotly.js on ``app``."""
    Conn = Annotated[sqlite3.Connection, Depends(reader)]

    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(plots.PLOTLY_JS, media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        conn: Conn, q: str = "", speaker: str = "", entity: str = "", outlet: str = "",
        since: str = "", until: str = "", page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        filters = Filters(speaker or None, entity or None, outlet or None, since or None,
                          until or None)
        results = search(conn, q, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        params = {"q": q, "speaker": speaker, "entity": entity, "outlet": outlet,
                  "since": since, "until": until}
        kept = {k: v for k, v in params.items() if v}
        pages = max(1, -(-results.total // PAGE_SIZE))
        return render(
            "search.html", title="بحث", results=results, form=params, page=page, pages=pages,
            prev_url=f"/?{urlencode(kept | {'page': page - 1})}" if page > 1 else None,
            next_url=f"/?{urlencode(kept | {'page': page + 1})}" if page < pages else None,
            top_speakers=speakers(conn, limit=10) if not q and not speaker else [],
        )

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(conn: Conn, article_id: str) -> HTMLResponse:
        stored = get_article(conn, article_id)
        if stored is None:
            return render("missing.html", 404, title="غير موجود", what="المقال")
        article = stored.article
        body = annotate(article.text, article.quotes, article.entities)
        return render(
            "article.html", title=article.title or "مقال", article=article,
            body=body, sightings=stored.sightings,
        )

    @app.get("/speaker/{name}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(conn: Conn, name: str) -> HTMLResponse:
        profile = speaker_profile(conn, name)
        if not profile.quotes:
            return render("missing.html", 404, title="غير موجود", what="المتحدث")
        figure = plots.quotes_over_time(profile.per_day)
        return render("speaker.html", title=name, profile=profile, plot=script_json(figure))

    @app.get("/entity/{key}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(conn: Conn, key: str) -> HTMLResponse:
        profile = entity_profile(conn, key)
        if profile is None:
            return render("missing.html", 404, title="غير موجود", what="الكيان")
        co = profile.co_mentioned[:15]
        figure = plots.bar([e.name for e in co], [e.articles for e in co],
                           title="كيانات مذكورة معه", x_title="", y_title="عدد المقالات")
        return render("entity.html", title=profile.entity.name, profile=profile,
                      plot=script_json(figure) if co else None)

    @app.get("/overview", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(conn: Conn) -> HTMLResponse:
        data = stats(conn)
        per_outlet = data["per_outlet"]
        per_day = data["per_day"]
        outlet_plot = plots.bar([o for o, _ in per_outlet], [n for _, n in per_outlet],
                                title="المقالات حسب المصدر", x_title="", y_title="عدد المقالات")
        day_plot = plots.bar([d for d, _ in per_day], [n for _, n in per_day],
                             title="المقالات حسب اليوم", x_title="التاريخ",
                             y_title="عدد المقالات", dates=True)
        return render("overview.html", title="نظرة عامة", stats=data,
                      outlet_plot=script_json(outlet_plot), day_plot=script_json(day_plot))

