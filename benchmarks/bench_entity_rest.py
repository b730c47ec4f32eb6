"""CPU time of the entity stage, and of everything in it but the tagger, on SaudiNewsNet bodies.

Three numbers per run, all in ms per page and per 6 KB of UTF-8 text, process CPU time:

- ``stage, fresh``: ``EntityStage`` on pages not seen before, after warming up on others (as
  a pipeline worker meets them: new word types cost their feature rows and cache entries);
- ``stage, again``: best of ``--repeat`` passes over the same pages (every cache warm);
- ``rest``: ``recognise()`` with the tagger's tags recorded once and replayed, best of
  ``--repeat`` passes: tokens, normalisation, gazetteer, patterns, combination, canonical
  forms — what is not the statistical tagger.

Baseline in the same run: ``normalise(text).split()`` over the same pages (one C-speed fold and
split: the least any token-level stage does); every line prints its ratio to it.

    .venv/bin/python benchmarks/bench_entity_rest.py [--pages 300] [--warm 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from _common import best_of, build_line, corpus_texts

import khabar.nlp.entities as entities
from khabar.arabic.normalise import normalise
from khabar.model import Article
from khabar.nlp.entities import EntityStage, recognise


class _Recorder:
    """Wraps the tagger and keeps every sentence's tags, to replay them later."""

    def __init__(self, tagger: object) -> None:
        self.tagger = tagger
        self.tags: dict[tuple[str, ...], list[str]] = {}

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        found: list[list[str]] = self.tagger.tag_many(sentences)  # type: ignore[attr-defined]
        for words, tags in zip(sentences, found, strict=True):
            self.tags[tuple(words)] = tags
        return found


class _Replay:
    """A tagger that answers from recorded tags: no feature or decoding cost."""

    def __init__(self, tags: dict[tuple[str, ...], list[str]]) -> None:
        self.tags = tags

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [list(self.tags[tuple(words)]) for words in sentences]


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

    # the function recognise() asks for its tagger (the CRF, or the CRF + neural ensemble)
    name = "_sequence_tagger" if hasattr(entities, "_sequence_tagger") else "_tagger"
    real = getattr(entities, name)
    recorder = _Recorder(real())
    setattr(entities, name, lambda: recorder)
    for text in pages:
        recognise(text)
    setattr(entities, name, real)

    replay = _Replay(recorder.tags)
    setattr(entities, name, lambda: replay)
    rest = best_of(args.repeat, lambda: [recognise(t) for t in pages])
    setattr(entities, name, real)
    base = best_of(args.repeat, lambda: [normalise(t).split() for t in pages])

    print(build_line())  # compiled: "rest" is not measurable (the patched tagger is bypassed)
    print(f"{len(pages)} SaudiNewsNet pages ({kb6 * 6:.0f} KB) after {len(warm)} warm-up pages")
    for name, seconds in (("stage, fresh", fresh), ("stage, again", again), ("rest", rest)):
        print(
            f"  {name:<13}{1000 * seconds / len(pages):7.2f} ms/page"
            f"{1000 * seconds / kb6:7.2f} ms/6KB   ×{seconds / base:5.0f} baseline"
        )
    per_page, per_6kb = 1000 * base / len(pages), 1000 * base / kb6
    print(f"  {'baseline':<13}{per_page:7.2f} ms/page{per_6kb:7.2f} ms/6KB")


if __name__ == "__main__":
    main()
