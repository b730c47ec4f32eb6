"""Corpus commands: ingest, search, quotes, entities, stats, report, serve.

Thin: parse arguments, call :mod:`khabar.store` (or :mod:`khabar.api`), print a rich
table, or JSON with ``--json``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from khabar.cli.app import app
from khabar.errors import KhabarError, StoreError
from khabar.store import (
    DEFAULT_DB,
    Filters,
    IngestCounts,
    connect,
    entities,
    ingest_extracted,
    ingest_paths,
    quotes,
    search,
    speakers,
    stats,
)
from khabar.store import events as store_events
from khabar.store.search import dumps

DbOption = Annotated[Path, typer.Option("--db", help="SQLite corpus file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

_out = Console()
_err = Console(stderr=True)


def _reader(db: Path) -> sqlite3.Connection:
    try:
        return connect(db, readonly=True)
    except StoreError as error:
        _err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


def _plain(html_text: str) -> str:
    """Snippet HTML to terminal markup: marks become bold, entities decoded."""
    import html
    import re

    from rich.markup import escape

    pieces = re.split(r"(<mark>|</mark>)", html_text)
    out = []
    bold = False
    for piece in pieces:
        if piece in ("<mark>", "</mark>"):
            bold = piece == "<mark>"
            continue
        text = escape(html.unescape(piece))
        out.append(f"[bold yellow]{text}[/bold yellow]" if bold else text)
    return "".join(out)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Pages: files, folders, globs (- for stdin).")],
    db: DbOption = Path(DEFAULT_DB),
    batch: Annotated[int, typer.Option(help="Articles per transaction.")] = 200,
    extracted: Annotated[
        bool,
        typer.Option(
            "--extracted",
            help="PATHS are `khabar batch` output folders: store their articles as they are "
            "(no pipeline run; a second process prepares batches while this one writes).",
        ),
    ] = False,
    summary: Annotated[bool, typer.Option(help="Print the report (articles, speakers).")] = False,
    allow_failures: Annotated[
        bool, typer.Option(help="Exit 0 even when some pages could not be processed.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Run the pipeline on pages and store articles, quotes and entities.

    Idempotent: the same page twice is one article. Exit status: 0 when every page was
    processed (duplicates and warnings are normal), 1 when at least one page failed
    (the others are stored; failures are listed and kept in the corpus), unless
    --allow-failures.
    """
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
        TimeElapsedColumn(), console=_err, transient=True,
        auto_refresh=not extracted,  # a refresh thread would keep the store from forking
    ) as progress:
        task = progress.add_task("ingest", total=None)

        def report(counts: IngestCounts) -> None:
            progress.update(task, refresh=extracted, description=(
                f"pages {counts.pages} · stored {counts.stored} · "
                f"duplicates {counts.duplicates} · failures {counts.failures}"
            ))

        if extracted:
            try:
                counts = ingest_extracted(db, paths, batch_size=batch, progress=report)
            except KhabarError as error:
                _err.print(f"[red]error:[/red] {error}", highlight=False)
                raise typer.Exit(2) from error
        else:
            counts = ingest_paths(db, paths, batch_size=batch, progress=report)
    if as_json:
        _out.print_json(dumps(counts.to_dict()))
    else:
        _print_counts(counts, db)
        if summary:
            _print_report(_reader(db))
    if counts.failures and not allow_failures:
        raise typer.Exit(1)


def _print_counts(counts: IngestCounts, db: Path) -> None:
    table = Table(title=f"ingest → {db}", show_header=False)
    for name, value in [
        ("pages read", counts.pages), ("stored", counts.stored),
        ("duplicates", counts.duplicates), ("near-duplicates", counts.near_duplicates),
        ("warnings", counts.warnings), ("failures", counts.failures),
    ]:
        table.add_row(name, str(value))
    _out.print(table)
    for line in counts.failed[:20]:
        _err.print(f"[red]failed:[/red] {line}", markup=False, highlight=False)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Words to find (all of them); plain text.")] = "",
    speaker: Annotated[str | None, typer.Option(help="Only articles quoting this speaker.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only articles naming this entity.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: int = 10,
    offset: int = 0,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Search articles (Arabic-normalised: ايران finds إيران); one row per story."""
    page = search(_reader(db), query, Filters(speaker, entity, outlet, since, until),
                  limit=limit, offset=offset)
    if as_json:
        _out.print_json(dumps(page.to_dict()))
        return
    note = " (very common words: only the newest matches ranked)" if page.capped else ""
    table = Table(title=f"{page.total} stories{note}", show_lines=True)
    for column in ("date", "outlet", "title / snippet", "also in"):
        table.add_column(column)
    for hit in page.hits:
        also = "، ".join(f"{s.outlet or '?'} {s.page_date or ''}".strip() for s in hit.also_in)
        table.add_row(hit.page_date or "", hit.outlet or "",
                      f"[bold]{_plain(hit.title_html)}[/bold]\n{_plain(hit.snippet_html)}\n"
                      f"[dim]{hit.id}[/dim]", also)
    _out.print(table)


@app.command("quotes")
def quotes_cmd(
    speaker: Annotated[str | None, typer.Option(help="Speaker (any part of any name).")] = None,
    about: Annotated[str | None, typer.Option(help="Words the quote must contain.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: int = 50,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Who said what: quotes by speaker (لافروف finds سيرجي لافروف) and topic."""
    found = quotes(_reader(db), speaker=speaker, about=about,
                   filters=Filters(None, None, outlet, since, until), limit=limit)
    if as_json:
        _out.print_json(dumps([q.to_dict() for q in found]))
        return
    table = Table(title=f"{len(found)} quotes", show_lines=True)
    for column in ("date", "outlet", "speaker", "kind", "quote"):
        table.add_column(column)
    for q in found:
        table.add_row(q.page_date or "", q.outlet or "", q.speaker or "?", q.kind,
                      _plain(q.text_html))
    _out.print(table)


@app.command("events")
def events_cmd(
    code: Annotated[
        str | None, typer.Option(help="CAMEO root name (PROTEST, ASSAULT …) or code prefix (14).")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name or entity key.")] = None,
    target: Annotated[str | None, typer.Option(help="Target name or entity key.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: int = 50,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Who did what to whom: stored CAMEO events, newest articles first."""
    try:
        found = store_events(_reader(db), code=code, actor=actor, target=target,
                             filters=Filters(None, None, outlet, since, until), limit=limit)
    except StoreError as error:
        _err.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from error
    if as_json:
        _out.print_json(dumps([e.to_dict() for e in found]))
        return
    table = Table(title=f"{len(found)} events", show_lines=True)
    for column in ("date", "outlet", "type", "actor", "cue", "target"):
        table.add_column(column)
    for e in found:
        table.add_row(e.page_date or "", e.outlet or "", f"{e.type} {e.code or ''}".strip(),
                      e.actor or "?", e.cue, e.target or "?")
    _out.print(table)


@app.command("entities")
def entities_cmd(
    top: Annotated[int, typer.Option(help="How many.")] = 20,
    label: Annotated[str | None, typer.Option(help="PER, ORG, GPE, LOC …")] = None,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """The most mentioned entities (by articles, then mentions)."""
    found = entities(_reader(db), top=top, label=label)
    if as_json:
        _out.print_json(dumps([asdict(e) for e in found]))
        return
    table = Table(title=f"top {len(found)} entities")
    for column in ("entity", "label", "articles", "mentions", "key"):
        table.add_column(column)
    for e in found:
        table.add_row(e.name, e.label, str(e.articles), str(e.mentions), e.key)
    _out.print(table)


@app.command("stats")
def stats_cmd(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Corpus counts, articles per outlet and per day."""
    data = stats(_reader(db))
    if as_json:
        _out.print_json(dumps(data))
        return
    table = Table(title=f"corpus {db}", show_header=False)
    for key, value in data.items():
        if not isinstance(value, list):
            table.add_row(key, str(value))
    _out.print(table)
    outlets = Table(title="articles per outlet")
    outlets.add_column("outlet")
    outlets.add_column("articles")
    for name, count in data["per_outlet"]:
        outlets.add_row(name, str(count))
    _out.print(outlets)


@app.command("report")
def report_cmd(
    db: DbOption = Path(DEFAULT_DB),
    articles: Annotated[int, typer.Option(help="How many articles to list.")] = 20,
    per_speaker: Annotated[int, typer.Option(help="Quotes shown per speaker.")] = 2,
    as_json: JsonOption = False,
) -> None:
    """What the corpus holds: articles (title, date, outlet) and who said what."""
    conn = _reader(db)
    if as_json:
        _out.print_json(dumps(_report_data(conn, articles, per_speaker)))
        return
    _print_report(conn, articles, per_speaker)


def _report_data(conn: sqlite3.Connection, articles: int, per_speaker: int) -> dict[str, Any]:
    page = search(conn, "", limit=articles)
    return {
        "articles": [
            {"id": h.id, "title": h.title, "page_date": h.page_date, "outlet": h.outlet}
            for h in page.hits
        ],
        "speakers": [
            asdict(s) | {"examples": [q.text for q in quotes(conn, speaker=s.name,
                                                             limit=per_speaker)]}
            for s in speakers(conn, limit=20)
        ],
    }


def _print_report(conn: sqlite3.Connection, articles: int = 20, per_speaker: int = 2) -> None:
    data = _report_data(conn, articles, per_speaker)
    table = Table(title="articles")
    for column in ("date", "outlet", "title"):
        table.add_column(column)
    for a in data["articles"]:
        table.add_row(a["page_date"] or "", a["outlet"] or "", a["title"] or "")
    _out.print(table)
    who = Table(title="who said what", show_lines=True)
    for column in ("speaker", "quotes", "for example"):
        who.add_column(column)
    for s in data["speakers"]:
        examples = "\n".join(f"«{_clip(t)}»" for t in s["examples"])
        who.add_row(s["name"], str(s["quotes"]), examples)
    _out.print(who)


def _clip(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("serve")
def serve_cmd(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    ingest_token: Annotated[
        str | None,
        typer.Option(help="Enable POST /api/ingest with this bearer token "
                          "(or env KHABAR_INGEST_TOKEN)."),
    ] = None,
) -> None:
    """Serve the JSON API (/api, /openapi.json) and the Arabic web UI."""
    import uvicorn

    from khabar.api.app import create_app

    token = ingest_token or os.environ.get("KHABAR_INGEST_TOKEN") or None
    if not db.exists() and token is None:
        _err.print(f"[red]error:[/red] no corpus at {db}: run `khabar ingest` first")
        raise typer.Exit(2)
    application = create_app(db, ingest_token=token)
    _err.print(f"khabar: serving {db} on http://{host}:{port}/"
               + (" (ingest enabled)" if token else ""))
    uvicorn.run(application, host=host, port=port, log_level="warning")
