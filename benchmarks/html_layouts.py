# ruff: noqa: E501  (the HTML snippets read better unwrapped)
"""The paragraphs' container (``extract.content``) against trafilatura alone, per layout.

SaudiNewsNet articles are rendered as ``bench_pipeline.html_page`` does, then the story
block is rewritten into one of several layouts real news sites use (a byline paragraph,
a lead in a sibling block, ``<br>``-separated text, related stories or a tweet inside
the body, readers' comments, a wrapper ``<div>`` per paragraph …). Each page is
extracted twice in this run — ``HtmlSettings()`` (container first) and
``HtmlSettings(container=False)`` (trafilatura alone) — and the ``HtmlDocument``s are
compared; how many pages the container answered and the CPU time of both are printed.

Usage::

    .venv/bin/python benchmarks/html_layouts.py --pages 100
    .venv/bin/python benchmarks/html_layouts.py --pages 100 --show 2   # print differences
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import NewsItem, html_page, load_items

from khabar.extract.content import dense_paragraphs
from khabar.extract.html import HtmlDocument, HtmlSettings, extract_html, parse_html

e = html.escape


def _paragraphs(item: NewsItem) -> list[str]:
    return [p for p in item.content.split("\n") if p.strip()]


def _p(texts: Sequence[str]) -> str:
    return "".join(f"<p>{e(t)}</p>" for t in texts)


def _half(item: NewsItem, middle: str, wrapper: str) -> str:
    ps = _paragraphs(item)
    k = len(ps) // 2
    return f'<div class="{wrapper}">{_p(ps[:k])}{middle}{_p(ps[k:])}</div>'


Layout = Callable[[NewsItem, Sequence[NewsItem], str], str]
LAYOUTS: dict[str, Layout] = {
    "plain": lambda item, others, body: body,
    "byline": lambda item, others, body: f'<p class="byline">كتب: {e(item.author)}</p>{body}',
    "br": lambda item, others, body: '<div class="text">' + "<br><br>".join(e(p) for p in _paragraphs(item)) + "</div>",
    "lead": lambda item, others, body: f'<div class="excerpt">{_p(_paragraphs(item)[:1])}</div><div class="content">{_p(_paragraphs(item)[1:])}</div>',
    "related-inside": lambda item, others, body: body[:-6] + '<div class="related-posts"><h4>اقرأ أيضا</h4>' + "".join(f"<p>{e(o.title)} — {e(o.content[:90])}</p>" for o in others[:2]) + "</div></div>",
    "figure": lambda item, others, body: _half(item, f'<figure><img src="/a.jpg"><figcaption>{e(item.title)}</figcaption></figure>', "entry-content"),
    "tweet": lambda item, others, body: _half(item, f'<blockquote class="twitter-tweet"><p>{e(others[0].title)}</p>— حساب (@acc)</blockquote>', "td-post-content"),
    "comments": lambda item, others, body: body + "<section id='comments'>" + "".join(f"<div class='comment-body'><p>{e(o.content[:300])}</p></div>" for o in others[:4]) + "</section>",
    "wrapped": lambda item, others, body: '<div class="field field-name-body"><div class="field-items"><div class="field-item even">' + "".join(f"<div><p>{e(p)}</p></div>" for p in _paragraphs(item)) + "</div></div></div>",
}


def layout_page(name: str, item: NewsItem, others: Sequence[NewsItem], rng: random.Random) -> str:
    """``html_page`` with its story block (the ``<div>`` after the share bar, up to the
    tags) rewritten into layout ``name``."""
    page = html_page(item, others, rng)
    start = page.index("<div class=", page.index("</div>", page.index('<div class="share"')))
    end = page.index('<div class="tags">')
    return page[:start] + LAYOUTS[name](item, others, page[start:end]) + page[end:]


def differences(a: HtmlDocument, b: HtmlDocument) -> list[str]:
    return [f for f in HtmlDocument.__slots__ if getattr(a, f) != getattr(b, f)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages per layout")
    parser.add_argument("--show", type=int, default=0, help="differences to print per layout")
    args = parser.parse_args(argv)
    items = load_items(args.pages + 20)
    stories, others = items[: args.pages], items[args.pages :]
    container, alone = HtmlSettings(), HtmlSettings(container=False)
    print("| layout | pages | answered by the container | identical documents | container path ms/page | trafilatura ms/page |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in LAYOUTS:
        rng = random.Random(7)
        pages = [layout_page(name, item, others, rng) for item in stories]
        answered = sum(dense_paragraphs(parse_html(p)) is not None for p in pages)
        times = []
        docs = []
        for settings in (container, alone):
            extract_html(pages[0], settings=settings)
            start = time.process_time()
            docs.append([extract_html(p, settings=settings) for p in pages])
            times.append(1000 * (time.process_time() - start) / len(pages))
        same = sum(a == b for a, b in zip(*docs, strict=True))
        print(f"| {name} | {len(pages)} | {answered} | {same} | {times[0]:.2f} | {times[1]:.2f} |")
        shown = 0
        for i, (a, b) in enumerate(zip(*docs, strict=True)):
            if a != b and shown < args.show:
                shown += 1
                print(f"  {name}/{i}: differs in {differences(a, b)}")
                for p in b.paragraphs:
                    if p not in a.paragraphs:
                        print(f"    only trafilatura: {p[:120]}")
                for p in a.paragraphs:
                    if p not in b.paragraphs:
                        print(f"    only container:   {p[:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
