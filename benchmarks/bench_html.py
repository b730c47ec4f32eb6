"""CPU time of HTML extraction (``extract_article`` on HTML pages) beside trafilatura.

Pages: ``bench_pipeline.html_page`` renders SaudiNewsNet articles as HTML with realistic
chrome; the two real youm7 pages of ``../shared/data/html_dev`` are measured too.

Prints ms/page (CPU time, best of ``--repeat`` runs, after a warm-up) for

* ``trafilatura.extract(html, with_metadata=True)`` (the issue-6 yardstick),
* khabar ``extract_article`` on the same pages,

and the main-text token recall / precision on the html_dev gold.

``--snapshot FILE`` writes every page's ``Article.to_json()`` (one per line);
``--compare FILE`` checks the current output against such a snapshot and counts
differences, so a speed change can be shown to leave the output identical.

Usage::

    .venv/bin/python benchmarks/bench_html.py --pages 300
    .venv/bin/python benchmarks/bench_html.py --pages 300 --snapshot /tmp/before.jsonl
    .venv/bin/python benchmarks/bench_html.py --pages 300 --compare /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SHARED, best_of
from bench_pipeline import load_items, make_inputs

from khabar.extract.article import extract_article
from khabar.read.page import RawPage

HTML_DEV = SHARED / "data" / "html_dev"


def html_pages(count: int) -> list[RawPage]:
    """``count`` rendered SaudiNewsNet HTML pages, then the real html_dev pages."""
    _, htmls = make_inputs(load_items(count))
    pages = [RawPage(h, path=f"bench/{i}.html", media_type="html") for i, h in enumerate(htmls)]
    return pages + real_pages()


def real_pages() -> list[RawPage]:
    if not HTML_DEV.is_dir():
        return []
    gold = json.loads((HTML_DEV / "base_youm7.json").read_text(encoding="utf-8"))
    return [
        RawPage((HTML_DEV / f"{sha}.html").read_bytes(), path=f"html_dev/{sha[:8]}.html",
                url=entry["url"], media_type="html")
        for sha, entry in gold.items()
    ]


def token_overlap(reference: str, found: str) -> float:
    """Share of ``reference``'s tokens (with multiplicity) that ``found`` has."""
    ref, got = Counter(reference.split()), Counter(found.split())
    return sum((ref & got).values()) / max(1, sum(ref.values()))


def gold_scores() -> list[tuple[str, float, float]]:
    """(page, recall, precision) of the article text against the html_dev gold text."""
    if not HTML_DEV.is_dir():
        return []
    gold = json.loads((HTML_DEV / "base_youm7.json").read_text(encoding="utf-8"))
    scores = []
    for sha, entry in gold.items():
        page = RawPage((HTML_DEV / f"{sha}.html").read_bytes(), url=entry["url"],
                       media_type="html")
        article = extract_article(page)
        found = "\n".join(filter(None, [article.text]))
        scores.append((sha[:8], token_overlap(entry["content"], found),
                       token_overlap(found, entry["content"])))
    return scores


def via_container(pages: Sequence[RawPage]) -> str:
    """How many pages ``extract.content`` answers (the rest go to trafilatura)."""
    from khabar.extract.article import decode_page
    from khabar.extract.content import dense_paragraphs
    from khabar.extract.html import parse_html

    answered = 0
    for page in pages:
        tree = parse_html(decode_page(page)[0])
        answered += tree is not None and dense_paragraphs(tree) is not None
    return f"{answered}/{len(pages)}"


def outputs(pages: Sequence[RawPage]) -> list[str]:
    return [extract_article(page).to_json() for page in pages]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--snapshot", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--skip-trafilatura", action="store_true")
    args = parser.parse_args(argv)

    pages = html_pages(args.pages)
    rendered = [p for p in pages if p.path and p.path.startswith("bench/")]
    if args.snapshot:
        args.snapshot.write_text("\n".join(outputs(pages)) + "\n", encoding="utf-8")
        print(f"wrote {len(pages)} articles to {args.snapshot}")
    if args.compare:
        before = args.compare.read_text(encoding="utf-8").splitlines()
        after = outputs(pages)
        differ = [p.path for p, b, a in zip(pages, before, after, strict=True) if a != b]
        print(f"identity: {len(pages) - len(differ)}/{len(pages)} identical; differ: {differ[:10]}")
    if args.profile:
        outputs(rendered[:20])
        profiler = cProfile.Profile()
        profiler.enable()
        outputs(rendered)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue())
        return 0

    n = len(rendered)
    print(f"pages answered by the paragraphs' container (else trafilatura): {via_container(pages)}")
    outputs(rendered[:20])  # warm-up: resources loaded once
    ms = 1000 * best_of(args.repeat, lambda: outputs(rendered)) / n
    print(f"| khabar extract_article (HTML), {n} rendered pages | {ms:.2f} ms/page |")
    if not args.skip_trafilatura:
        import trafilatura

        texts = [str(p.content) for p in rendered]

        def traf() -> None:
            for text in texts:
                trafilatura.extract(text, with_metadata=True)

        traf()
        traf_ms = 1000 * best_of(args.repeat, traf) / n
        print(f"| trafilatura.extract(html, with_metadata=True) | {traf_ms:.2f} ms/page |")
        print(f"ratio khabar/trafilatura: {ms / traf_ms:.2f}")
    real = real_pages()
    if real:
        real_ms = 1000 * best_of(args.repeat, lambda: outputs(real)) / len(real)
        label = f"khabar extract_article, {len(real)} real html_dev pages"
        print(f"| {label} | {real_ms:.2f} ms/page |")
    for name, recall, precision in gold_scores():
        print(f"html_dev {name}: recall {recall:.3f} precision {precision:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
