"""Time the quote stage against a trivial baseline on the same texts, in the same run.

Baseline: ``normalise(text).split()`` (one fold and one tokenisation pass, the least any
text stage does). Prints ms/page, ms per 7 KB (UTF-8 bytes: the seed page is a 7.3 KB
file; also per 7,000 characters, the stricter unit printed as "7 KB" up to session 8) and
the ratio stage / baseline for the seed body and for a sample of SaudiNewsNet articles
(``--articles``, read from the zip files), then where the time goes: tokenising, the rest of
the evidence (hits, quotation marks, cue checks, the person registry) and the rule walk, each
in ms per 7 KB (UTF-8 bytes). Last, the stage as the pipeline runs it: on the same articles
after the sentence and entity stages (annotated once, outside the timing), so the speaker
lookups see the entity layer.

    .venv/bin/python benchmarks/bench_quotes.py [--articles 300] [--repeat 5]
"""

from __future__ import annotations

from collections.abc import Callable

from _common import best_of, stage_bench_main, time_stage

from khabar.model import Article
from khabar.nlp.quotes import QuoteStage
from khabar.nlp.quotes.evidence import gather
from khabar.nlp.quotes.finder import find_quotes
from khabar.nlp.quotes.tokens import tokenize


def measure(label: str, texts: list[str], repeat: int) -> None:
    stage = QuoteStage()
    articles = [Article(text=t, id="x") for t in texts]
    timing = time_stage(stage, articles, texts, repeat)
    found = sum(len(stage(a).quotes) for a in articles)
    print(
        f"{label:<28} pages={timing.pages:<5} "
        f"avg={timing.utf8_bytes / timing.pages / 1000:5.1f} KB "
        f"({timing.chars / timing.pages / 1000:4.1f}k chars)  quotes={found:<5} {timing.describe()}"
    )
    per_7kb = 7000 / timing.utf8_bytes * 1000
    # Interleaved rounds: the parts are differences of timings, which a load change between
    # three separate best-of runs would swamp.
    # Each result is dropped at once, as in the stage: a list keeping 300 pages' tokens alive
    # times the allocator growing the heap, not the tokenizer (it doubled the token share).
    tokens = evidence = finder = float("inf")
    for _ in range(repeat):
        tokens = min(tokens, best_of(1, lambda: _each(tokenize, texts)))
        evidence = min(evidence, best_of(1, lambda: _each(lambda t: gather(t, ()), texts)))
        finder = min(finder, best_of(1, lambda: _each(find_quotes, texts)))
    print(
        f"{'':<28} ms per 7 KB: tokens {tokens * per_7kb:.3f}, rest of the evidence "
        f"{(evidence - tokens) * per_7kb:.3f}, rule walk {(finder - evidence) * per_7kb:.3f}"
    )
    annotated = _after_entities(articles)
    in_pipeline = time_stage(stage, annotated, texts, repeat)
    print(f"{'  after sentences + entities':<28} {'':<36} {in_pipeline.describe()}")


def _after_entities(articles: list[Article]) -> list[Article]:
    """The articles as the quote stage gets them in the pipeline: sentences and entities set."""
    from khabar.nlp.entities import EntityStage
    from khabar.nlp.sentences import SentenceStage

    stages = (SentenceStage(), EntityStage())
    annotated = []
    for article in articles:
        for stage in stages:
            article = stage(article)
        annotated.append(article)
    return annotated


def _each(run: Callable[[str], object], texts: list[str]) -> None:
    """``run`` over every text, keeping no result."""
    for text in texts:
        run(text)


def main() -> None:
    stage_bench_main(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
