"""Screenshots of the web UI for the README: ingest the bundled examples, serve, capture.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [extra pages …]

Runs the real pipeline on ``examples/`` (and any extra paths given), starts uvicorn on a
free localhost port, and captures the search, article, speaker, entity and overview
pages with Chromium (``/usr/bin/chromium``). Nothing is faked: a page that has nothing
to show (no speakers yet, say) is skipped with a message. The committed PNGs were taken
with Debian's ``fonts-noto-core`` installed (Noto Naskh Arabic, first in the CSS stack);
without it Chromium falls back to DejaVu Sans, which also has Arabic glyphs.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import uvicorn
from playwright.sync_api import Page, sync_playwright

from khabar.api.app import create_app
from khabar.store import connect, entities, ingest_paths, search, speakers

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db: Path) -> tuple[str, uvicorn.Server]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _shoot(page: Page, url: str, path: Path, wait_for: str | None = None) -> None:
    page.goto(url)
    if wait_for:
        page.wait_for_selector(wait_for, timeout=20_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    print(f"saved {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--query", default="ايران", help="search shown on the search page")
    parser.add_argument("extra", nargs="*", help="more pages to ingest")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "khabar.db"
        counts = ingest_paths(db, [str(REPO / "examples"), *args.extra])
        print(f"ingested {counts.stored} articles ({counts.failures} failures)")
        conn = connect(db, readonly=True)
        top_speakers = speakers(conn, limit=1)
        top_entities = entities(conn, top=1)
        hits = search(conn, "", limit=50).hits
        conn.close()
        base, server = _serve(db)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(locale="ar", viewport={"width": 1280, "height": 900})
            _shoot(page, f"{base}/?q={quote(args.query)}", args.out / "search.png", ".hits")
            if hits:
                article = _article_with_quotes(base, page, [h.id for h in hits])
                _shoot(page, f"{base}/article/{article}", args.out / "article.png",
                       "#article-body")
            if top_speakers:
                _shoot(page, f"{base}/speaker/{quote(top_speakers[0].name, safe='')}",
                       args.out / "speaker.png", "#quotes-plot svg.main-svg")
            else:
                print("no speakers in the corpus yet: speaker page skipped", file=sys.stderr)
            if top_entities:
                _shoot(page, f"{base}/entity/{quote(top_entities[0].key, safe='')}",
                       args.out / "entity.png", ".entity-list")
            else:
                print("no entities in the corpus yet: entity page skipped", file=sys.stderr)
            _shoot(page, f"{base}/overview", args.out / "overview.png", "#day-plot svg.main-svg")
            browser.close()
        server.should_exit = True


def _article_with_quotes(base: str, page: Page, ids: list[str]) -> str:
    """The article with the most highlighted quotes (the most telling screenshot)."""
    best, most = ids[0], -1
    for article_id in ids:
        page.goto(f"{base}/article/{article_id}")
        count = page.locator("#article-body q.quote").count()
        if count > most:
            best, most = article_id, count
    return best


if __name__ == "__main__":
    main()
