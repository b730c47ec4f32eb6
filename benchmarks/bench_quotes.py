"""Time the quote stage against a trivial baseline on the same texts, in the same run.

Baseline: ``normalise(text).split()`` (one fold and one tokenisation pass, the least any
text stage does). Prints ms/page, ms per 7 KB and the ratio stage / baseline for the seed
body and for a sample of SaudiNewsNet articles (``--articles``, read from the zip files).

    .venv/bin/python benchmarks/bench_quotes.py [--articles 300] [--repeat 5]
"""

from __future__ import annotations

import argparse

from _common import CORPUS, SHARED, best_of, corpus_texts

from khabar.arabic.normalise import normalise
from khabar.model import Article
from khabar.nlp.quotes import QuoteStage

SEED = SHARED / "seed" / "000_fd38ac84f22198a4.txt"


def seed_body() -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[7:-2])  # header (dates, crumbs, titles, dateline) and footer off


def measure(label: str, texts: list[str], repeat: int) -> None:
    stage = QuoteStage()
    articles = [Article(text=t, id="x") for t in texts]
    stage(articles[0])  # load the word lists outside the timing

    def baseline() -> None:
        for text in texts:
            normalise(text).split()

    def quotes() -> None:
        for article in articles:
            stage(article)

    chars = sum(len(t) for t in texts)
    base = best_of(repeat, baseline)
    took = best_of(repeat, quotes)
    pages = len(texts)
    per_7kb = took / (chars / 7000) * 1000
    found = sum(len(stage(a).quotes) for a in articles)
    print(
        f"{label:<28} pages={pages:<5} avg={chars / pages / 1000:5.1f} KB  "
        f"quotes={found:<5} stage={took / pages * 1000:7.3f} ms/page "
        f"({per_7kb:6.3f} ms/7KB)  baseline={base / pages * 1000:7.3f} ms/page  "
        f"ratio={took / base:5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    measure("seed body", [seed_body()], args.repeat * 10)
    if CORPUS.exists():
        measure(f"saudinewsnet ({args.articles})", corpus_texts(args.articles), args.repeat)
    else:
        print(f"{CORPUS} missing: corpus benchmark skipped")


if __name__ == "__main__":
    main()
