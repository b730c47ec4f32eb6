"""Time the events stage against a trivial baseline on the same texts, in the same run.

Baseline: ``normalise(text).split()`` (one fold and one tokenisation pass, the least any text
stage does). The events stage runs on articles that already carry entities and quotes (as in
the pipeline), so its own cost is measured, not theirs. Prints ms/page, ms per 7 KB, events
per page and the ratio stage / baseline, for the seed body and a sample of SaudiNewsNet; the
cue rules without the incident filter are timed first in the same run (the filter's cost).

    .venv/bin/python benchmarks/bench_events.py [--articles 300] [--repeat 5]
"""

from __future__ import annotations

from collections import Counter

from _common import stage_bench_main, time_stage

from khabar.model import Article
from khabar.nlp.entities import EntityStage
from khabar.nlp.events import EventStage
from khabar.nlp.quotes import QuoteStage
from khabar.nlp.sentences import SentenceStage


def prepared(texts: list[str]) -> list[Article]:
    """Articles with sentences, entities and quotes: what the events stage sees in a run."""
    stages = (SentenceStage(), EntityStage(), QuoteStage())
    articles = []
    for text in texts:
        article = Article(text=text, id="x")
        for stage in stages:
            article = stage(article)
        articles.append(article)
    return articles


def measure(label: str, texts: list[str], repeat: int) -> None:
    articles = prepared(texts)
    rules = EventStage(incidents_only=False)
    timing = time_stage(rules, articles, texts, repeat)
    print(f"{label + ' (rules alone)':<28} {timing.describe()}")
    stage = EventStage()
    timing = time_stage(stage, articles, texts, repeat)
    found = [e for a in articles for e in stage(a).events]
    with_actor = sum(1 for e in found if e.actor)
    pages = timing.pages
    print(
        f"{label:<28} pages={pages:<5} avg={timing.utf8_bytes / pages / 1000:5.1f} KB "
        f"({timing.chars / pages / 1000:4.1f}k chars)  "
        f"events={len(found) / pages:5.2f}/page (actor {with_actor / max(len(found), 1):.0%})  "
        f"{timing.describe()}"
    )
    top = Counter(e.type for e in found).most_common(8)
    print("  types: " + ", ".join(f"{name} {count}" for name, count in top))


def main() -> None:
    stage_bench_main(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
