"""The web UI in real Chromium (Debian ``chromium`` via Playwright) against a real uvicorn.

Skipped with a reason when ``/usr/bin/chromium`` is absent (``scripts/test.sh`` installs it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from khabar.store import Store
from store_fixtures import corpus, protest_article

pytest.importorskip("playwright.sync_api", reason="playwright (python) not installed")
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium missing (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from khabar.api.app import create_app

    db = tmp_path_factory.mktemp("web") / "khabar.db"
    with Store(db) as store:
        store.add_articles([*corpus(), protest_article()])
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(locale="ar", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    requested: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert errors == [], errors  # no script error, no CSP violation
    assert all(url.startswith(server) for url in requested), requested  # nothing off-site


def test_search_finds_the_quote_and_the_article_highlights_it(page: Page, server: str) -> None:
    p = page
    p.goto(server + "/")
    assert p.get_attribute("html", "dir") == "rtl"
    p.fill("input[name=q]", "سوريا")
    p.fill("input[name=speaker]", "لافروف")
    p.click("button[type=submit]")
    p.wait_for_selector(".hit")
    assert p.locator(".hit").count() == 1
    assert "سوريا" in p.inner_text(".hit .snippet mark")
    p.click(".hit-title")
    p.wait_for_selector("#article-body")
    quote = p.locator("#article-body q.quote-direct").first
    assert quote.inner_text() == "الحل في سوريا يجب أن يكون سياسيا"
    assert (quote.get_attribute("title") or "").startswith("سيرجي لافروف")
    colour = quote.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    person = p.locator("#article-body .ent-PER").first
    place = p.locator("#article-body .ent-GPE").first
    assert person.evaluate("e => getComputedStyle(e).backgroundColor") != place.evaluate(
        "e => getComputedStyle(e).backgroundColor")
    direction = p.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"


def test_hamza_folding_in_the_browser(page: Page, server: str) -> None:
    page.goto(server + "/?q=" + "ايران")
    assert page.inner_text(".hit .snippet mark") == "إيران"


def test_speaker_page_plots(page: Page, server: str) -> None:
    page.goto(server + "/speaker/لافروف")
    page.wait_for_selector("#quotes-plot svg.main-svg", timeout=15_000)
    assert page.locator("#quotes-plot .bars path").count() >= 1
    assert page.locator(".quote-item").count() == 2


def test_entity_and_overview_pages_plot(page: Page, server: str) -> None:
    page.goto(server + "/entity/Q6")
    page.wait_for_selector("#comention-plot svg.main-svg", timeout=15_000)
    page.goto(server + "/overview")
    page.wait_for_selector("#outlet-plot svg.main-svg", timeout=15_000)
    page.wait_for_selector("#day-plot svg.main-svg", timeout=15_000)


def test_hostile_article_runs_no_script(page: Page, server: str) -> None:
    page.goto(server + "/?q=script")
    page.click(".hit-title")
    page.wait_for_selector("#article-body")
    injected = page.locator("#article-body script, #article-body img, #article-body b")
    assert injected.count() == 0
    assert "<script>alert('x')</script>" in page.inner_text("#article-body")


def test_article_page_lists_its_events(page: Page, server: str) -> None:
    page.goto(server + "/article/" + protest_article().id)
    page.wait_for_selector(".event-list")
    items = page.locator(".event-list li")
    assert items.count() == 2
    assert items.nth(0).locator("code").inner_text() == "PROTEST 141"
    assert "آلاف الطلاب" in items.nth(0).inner_text()
    assert items.nth(1).locator("b").inner_text() == "اعتقلت"
