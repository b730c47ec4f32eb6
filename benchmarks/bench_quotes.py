"""Time the quote stage against a trivial baseline on the same texts, in the same run.

Baseline: ``normalise(text).split()`` (one fold and one tokenisation pass, the least any
text stage does). Prints ms/page, ms per 7 KB and the ratio stage / baseline for the seed
body and for a sample of SaudiNewsNet articles (``--articles``, read from the zip files).

    .venv/bin/python benchmarks/bench_quotes.py [--articles 300] [--repeat 5]
"""

from __future__ import annotations

from _common import stage_bench_main, time_stage

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
    stage_bench_main(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
