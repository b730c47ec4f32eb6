"""Time the quote stage against a trivial baseline on the same texts, in the same run.

Baseline: ``normalise(text).split()`` (one fold and one tokenisation pass, the least any
text stage does). Prints ms/page, ms per 7 KB and the ratio stage / baseline for the seed
body and for a sample of SaudiNewsNet articles (``--articles``, read from the zip files).

    .venv/bin/python benchmarks/bench_quotes.py [--articles 300] [--repeat 5]
"""

from __future__ import annotations

import argparse

from _common import CORPUS, corpus_texts, seed_body, time_stage

from khabar.model import Article
from khabar.nlp.quotes import QuoteStage


def measure(label: str, texts: list[str], repeat: int) -> None:
    stage = QuoteStage()
    articles = [Article(text=t, id="x") for t in texts]
    timing = time_stage(stage, articles, texts, repeat)
    found = sum(len(stage(a).quotes) for a in articles)
    print(
        f"{label:<28} pages={timing.pages:<5} avg={timing.chars / timing.pages / 1000:5.1f} KB  "
        f"quotes={found:<5} {timing.describe()}"
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
