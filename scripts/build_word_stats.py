"""Build per-word corpus statistics for the NER tagger from SaudiNewsNet.

Reproducible, offline:  ``.venv/bin/python scripts/build_word_stats.py``

Arabic has no capital letters; two corpus counts stand in for them:

- **frequency** of the bare word (normalised, proclitics stripped), as the number of
  decimal digits of its count (``1`` = 3–9 … ``6`` = a million or more): names the
  annotated corpus never saw are mostly rare words;
- **article share**: how often the word carries the definite article (ال، وال، بال …).
  Personal and most place names never do (سوريا، محمد، لندن: 0 %), common nouns usually
  do (كتاب 92 %), and a few names always do (العراق، الأردن). Bucketed ``0`` (< 2 %),
  ``1`` (< 20 %), ``2`` (< 60 %), ``3``; only for words seen five times or more.

Output: ``src/khabar/nlp/resources/entities/word_stats.tsv`` (bare word, frequency digits,
article bucket or empty) for bare words seen at least three times. Only these buckets
are shipped, never corpus text.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import token_lines

from khabar.nlp.entities.features import article_bucket, frequency_bucket
from khabar.nlp.entities.tokens import has_article, strip_proclitics

OUT = Path(__file__).resolve().parents[1] / "src/khabar/nlp/resources/entities/word_stats.tsv"
MIN_COUNT = 3


def main() -> None:
    started = time.time()
    forms: Counter[str] = Counter()
    for words in token_lines():
        forms.update(words)
    total: Counter[str] = Counter()
    with_article: Counter[str] = Counter()
    for word, n in forms.items():
        bare = strip_proclitics(word)
        total[bare] += n
        if has_article(word):
            with_article[bare] += n
    rows = []
    for bare, n in total.most_common():
        if n < MIN_COUNT:
            break
        rows.append(f"{bare}\t{frequency_bucket(n)}\t{article_bucket(with_article[bare], n)}\n")
    OUT.write_text(
        "# bare word\tfrequency digits\tarticle share bucket "
        "(scripts/build_word_stats.py, SaudiNewsNet)\n" + "".join(rows),
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(rows)} words, {time.time() - started:.0f}s)")


if __name__ == "__main__":
    main()
