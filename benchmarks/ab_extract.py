"""Extraction of another tree against this one: alternating fresh processes, same pages.

Each process imports khabar from one tree (``PYTHONPATH``) and measures, in CPU time
(best of ``--repeat``) on the same SaudiNewsNet articles rendered by ``bench_pipeline``:

* HTML extraction (``extract_article`` on the HTML pages, given as bytes) and, in the
  same process, ``trafilatura.extract(html, with_metadata=True)`` — their ratio is the
  number that survives a busy machine;
* text extraction (``extract_article`` on the text pages as bytes);
* ``SentenceStage`` on the extracted text articles.

Usage (the old tree from ``git archive REV | tar -x -C /tmp/old``)::

    .venv/bin/python benchmarks/ab_extract.py --old /tmp/old/src --rounds 3 --pages 500
    # each tree with its own compiled build:
    .venv/bin/python benchmarks/ab_extract.py --old /tmp/old/src --old-build /tmp/old_build \
        --new-build /tmp/new_build

The first line of each child says which build it ran (check that it is the one meant).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def measure(label: str, pages: int, repeat: int) -> str:
    """One line of CPU milliseconds per page for the khabar importable in this process."""
    sys.path.insert(0, str(HERE))
    import trafilatura
    from bench_pipeline import load_items, make_inputs

    from khabar.extract.article import extract_article
    from khabar.nlp.sentences import SentenceStage
    from khabar.read.page import RawPage

    texts, htmls = make_inputs(load_items(pages))
    text_pages = [RawPage(t.encode("utf-8"), path=f"t/{i}.txt") for i, t in enumerate(texts)]
    html_pages = [
        RawPage(h.encode("utf-8"), path=f"h/{i}.html", media_type="html")
        for i, h in enumerate(htmls)
    ]
    clears = _cache_clears()

    def best(run: Callable[[], object]) -> float:
        result = float("inf")
        for _ in range(repeat):
            for clear in clears:  # per-line caches must not carry over between repeats
                clear()
            start = time.process_time()
            run()
            result = min(result, time.process_time() - start)
        return 1000 * result / len(texts)

    import khabar

    print(f"<!-- {label}: {khabar.build_kind()} -->", flush=True)
    for page in html_pages[:30] + text_pages[:30]:
        extract_article(page)
    html_ms = best(lambda: [extract_article(p) for p in html_pages])
    traf_ms = best(lambda: [trafilatura.extract(h, with_metadata=True) for h in htmls])
    text_ms = best(lambda: [extract_article(p) for p in text_pages])
    articles = [extract_article(p) for p in text_pages]
    stage = SentenceStage()
    sentences_ms = best(lambda: [stage(a) for a in articles])
    return (
        f"| {label} | {html_ms:.3f} | {traf_ms:.3f} | {html_ms / traf_ms:.3f} | "
        f"{text_ms:.3f} | {sentences_ms:.3f} |"
    )


def _cache_clears() -> list[Callable[[], None]]:
    try:
        from khabar.extract import metadata
    except ImportError:
        return []
    return [
        getattr(metadata, name).cache_clear
        for name in ("_gregorian_dates", "_hijri_dates")
        if hasattr(metadata, name)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, help="src/ directory of the other tree")
    parser.add_argument("--old-build", type=Path, help="the other tree's KHABAR_COMPILED_DIR")
    parser.add_argument("--new-build", type=Path, help="this tree's KHABAR_COMPILED_DIR")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(measure(args.child, args.pages, args.repeat), flush=True)
        return 0
    if args.old is None:
        parser.error("--old is required")
    print("| tree, round | HTML extract ms/page | trafilatura ms/page | ratio | text extract ms/page | sentences ms/page |")  # noqa: E501
    print("|---|---:|---:|---:|---:|---:|")
    for round_ in range(1, args.rounds + 1):
        for label, src, build in (
            ("before", args.old, args.old_build),
            ("after", SRC, args.new_build),
        ):
            env = {**os.environ, "PYTHONPATH": str(src)}
            if build is not None:
                env["KHABAR_COMPILED_DIR"] = str(build)
            command = [sys.executable, __file__, "--child", f"{label} r{round_}",
                       "--pages", str(args.pages), "--repeat", str(args.repeat)]  # fmt: skip
            subprocess.run(command, env=env, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
