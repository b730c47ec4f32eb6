"""Time the page-entity stage against a trivial baseline on the same texts, in the same run.

Baseline: ``normalise(text).split()`` (one fold and one tokenisation pass). The stage runs on
articles that already carry body entities (as in the pipeline) and a page's metadata (outlet,
dateline, credits), so its own cost is measured. Prints ms/page, ms per 7 KB, the ratio
stage / baseline, page entities and bare-«المملكة» entities per page.

    .venv/bin/python benchmarks/bench_page_entities.py [--articles 300] [--repeat 5]
"""

from __future__ import annotations

from dataclasses import replace

from _common import stage_bench_main, time_stage

from khabar.model import Article
from khabar.nlp.entities import EntityStage
from khabar.nlp.entities.page import PageEntityStage

# Metadata the extract layer reports for typical pages, cycled over the texts.
METADATA = (
    ("الوطن", "الرياض", ("وكالات",)),
    ("عكاظ", "جدة", ()),
    ("الشرق الأوسط", "لندن", ()),
    (None, "القاهرة", ("رويترز",)),
    ("سبق", None, ("واس",)),
)


def prepared(texts: list[str]) -> list[Article]:
    """Articles with body entities and page metadata: what the stage sees in a run."""
    entities = EntityStage()
    articles = []
    for i, text in enumerate(texts):
        outlet, dateline, credits = METADATA[i % len(METADATA)]
        article = entities(Article(text=text, id="x"))
        articles.append(replace(article, outlet=outlet, dateline=dateline, credits=credits))
    return articles


def measure(label: str, texts: list[str], repeat: int) -> None:
    articles = prepared(texts)
    stage = PageEntityStage()
    timing = time_stage(stage, articles, texts, repeat)
    done = [stage(a) for a in articles]
    page = sum(len(a.page_entities) for a in done) / len(done)
    kingdom = sum(1 for a in done for e in a.entities if e.source == "kingdom") / len(done)
    print(
        f"{label:<24} page entities={page:4.2f}/page  kingdom={kingdom:4.2f}/page  "
        f"{timing.describe()}"
    )


def main() -> None:
    stage_bench_main(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
