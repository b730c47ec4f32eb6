"""Induce a name lexicon from unlabelled news with the tagger (semi-supervised gazetteer).

Reproducible, offline:  ``.venv/bin/python scripts/build_auto_lexicon.py [--articles N]``

The shipped CRF (trained on ANERcorp *train* only) tags SaudiNewsNet articles; for every
bare word (normalised, proclitics stripped) we count how often it is inside a predicted
PERS/LOC/ORG/MISC phrase and how often it occurs at all. A word that is mostly inside one
kind of name (≥ ``MIN_SHARE`` of its occurrences, at least ``MIN_COUNT`` times) gets the
lexicon class ``auto-<LABEL>``. These classes become tagger features after retraining,
so names the annotated corpus never saw but that news uses all the time are recognised.

Output: ``src/khabar/nlp/resources/entities/auto_lexicon.tsv`` (word, class). Only words
and counts-derived classes are shipped, never corpus text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles

from khabar.arabic.normalise import normalise
from khabar.nlp.entities import _sentences, _tagger
from khabar.nlp.entities.tokens import strip_proclitics, tokenize

OUT = Path(__file__).resolve().parents[1] / "src/khabar/nlp/resources/entities/auto_lexicon.tsv"
MIN_COUNT = 8
MIN_SHARE = 0.6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=12000)
    args = parser.parse_args()
    tagger = _tagger()
    inside: dict[str, Counter[str]] = {}
    total: Counter[str] = Counter()
    started = time.time()
    n_tokens = 0
    for k, content in enumerate(articles()):
        if k >= args.articles:
            break
        tokens = tokenize(content)
        bare = [strip_proclitics(normalise(t.text)) for t in tokens]
        total.update(bare)
        n_tokens += len(tokens)
        for begin, stop in _sentences(tokens, content):
            tags = tagger.tag([t.text for t in tokens[begin:stop]])
            for offset, tag in enumerate(tags):
                if tag != "O":
                    word = bare[begin + offset]
                    inside.setdefault(word, Counter())[tag[2:]] += 1
    lines = []
    for word, labels in sorted(inside.items()):
        label, count = labels.most_common(1)[0]
        if count >= MIN_COUNT and count >= MIN_SHARE * total[word] and len(word) > 2:
            lines.append(f"{word}\tauto-{label}\n")
    OUT.write_text(
        "# bare word\tclass  (scripts/build_auto_lexicon.py: CRF-tagged SaudiNewsNet)\n"
        + "".join(lines),
        encoding="utf-8",
    )
    print(
        f"{n_tokens} tokens tagged in {time.time() - started:.0f}s; "
        f"{len(lines)} words → {OUT} ({OUT.stat().st_size} bytes)"
    )


if __name__ == "__main__":
    main()
