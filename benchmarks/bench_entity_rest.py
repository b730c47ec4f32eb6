"""CPU time of the entity stage, and of everything in it but the tagger, on SaudiNewsNet bodies.

Three numbers per run, all in ms per page and per 6 KB of UTF-8 text, process CPU time:

- ``stage, fresh``: ``EntityStage`` on pages not seen before, after warming up on others (as
  a pipeline worker meets them: new word types cost their feature rows and cache entries);
- ``stage, again``: best of ``--repeat`` passes over the same pages (every cache warm);
- ``tagger``: the sequence tagger alone, warm, on the input ``recognise()`` gives it (the
  CRF's ``tag_flat`` on the page's normalised tokens and its spans; the ensemble's
  ``tag_many``): numpy work, the same in the pure and the compiled build;
- ``rest``: ``stage, again`` minus ``tagger``: tokens, normalisation, gazetteer, patterns,
  combination, canonical forms — what is not the statistical tagger. Measured this way (not
  by patching the tagger) it means the same in the mypyc build, whose compiled callers
  never look a patched module attribute up;
- ``tokens``, ``gazetteer``: two parts of ``rest`` that are C-level bulk work (one regex pass;
  the Aho–Corasick scan and its hit filter), for scale.

Baseline in the same run: ``normalise(text).split()`` over the same pages (one C-speed fold and
split: the least any token-level stage does); every line prints its ratio to it.

    .venv/bin/python benchmarks/bench_entity_rest.py [--pages 300] [--warm 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from _common import best_of, build_line, corpus_texts

import khabar.nlp.entities as entities
from khabar.arabic.normalise import normalise
from khabar.arabic.tokens import normalise_words, split_tokens, text_view, token_arrays
from khabar.model import Article
from khabar.nlp.entities import EntityStage
from khabar.nlp.entities.crf import CrfTagger
from khabar.nlp.entities.gazetteer import match


def _tagger_run(pages: list[str]) -> Callable[[], object]:
    """The sequence tagger's work on ``pages`` as ``recognise()`` asks for it, ready to time."""
    tagger = entities._sequence_tagger()
    inputs = []
    for text in pages:
        words, starts, _ = token_arrays(text)
        inputs.append((words, entities._sentence_ranges(words, starts, text)))
    if isinstance(tagger, CrfTagger):
        compiled = tagger.compiled()
        flats = [(normalise_words(w), r, [b - a for a, b in r]) for w, r in inputs]
        return lambda: [
            entities._label_spans(compiled.tag_flat(n, sizes), compiled.labels, r)
            for n, r, sizes in flats
        ]
    return lambda: [entities._tagged_spans(tagger, w, r) for w, r in inputs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = corpus_texts(args.warm + args.pages)
    warm, pages = texts[: args.warm], texts[args.warm :]
    kb6 = sum(len(t.encode("utf-8")) for t in pages) / 1024 / 6
    stage = EntityStage()
    for text in warm:
        stage(Article(text=text, id="warm"))
    articles = [Article(text=t, id="x") for t in pages]

    start = time.process_time()
    for article in articles:
        stage(article)
    fresh = time.process_time() - start
    again = best_of(args.repeat, lambda: [stage(a) for a in articles])

    tagger = best_of(args.repeat, _tagger_run(pages))
    # token_arrays() is cached per text: time the regex pass itself
    tokens = best_of(args.repeat, lambda: [split_tokens(t) for t in pages])
    views = [text_view(t) for t in pages]
    gazetteer = best_of(args.repeat, lambda: [match(v) for v in views])
    rest = again - tagger
    base = best_of(args.repeat, lambda: [normalise(t).split() for t in pages])

    print(build_line())
    print(f"{len(pages)} SaudiNewsNet pages ({kb6 * 6:.0f} KB) after {len(warm)} warm-up pages")
    rows = (
        ("stage, fresh", fresh),
        ("stage, again", again),
        ("tagger", tagger),
        ("rest", rest),
        ("tokens", tokens),
        ("gazetteer", gazetteer),
    )
    for name, seconds in rows:
        print(
            f"  {name:<13}{1000 * seconds / len(pages):7.2f} ms/page"
            f"{1000 * seconds / kb6:7.2f} ms/6KB   ×{seconds / base:5.0f} baseline"
        )
    per_page, per_6kb = 1000 * base / len(pages), 1000 * base / kb6
    print(f"  {'baseline':<13}{per_page:7.2f} ms/page{per_6kb:7.2f} ms/6KB")


if __name__ == "__main__":
    main()
