"""Time entity recognition against a trivial baseline on the same tokens, in the same run.

Baseline: tokenise + normalise every token (the least any tagger does). Measured on one
core (this process) over the ANERcorp CamelLab test split:

- ``crf``: the CRF tagger alone (features + Viterbi), sentence by sentence;
- ``neural`` / ``ensemble``: the numpy neural tagger alone, and summed with the CRF
  (when ``ner_neural.npz`` is shipped); the neural forward pass is also timed alone
  (``neural-fwd``: label scores without Viterbi, every word type already cached);
- ``full``: the whole recogniser (tagger + gazetteer + patterns + canonical forms) on
  sentence windows joined into text, as ``khabar tag --mode full`` does;

and on SaudiNewsNet articles (``--articles``): the ``EntityStage`` in ms per 7 KB of text,
once on fresh articles (after warming up on as many others) and best-of-repeat on the same
articles again (every word type's scores cached).
Prints tokens/s (process CPU time, one thread) and the ratio to the baseline
(target: ≥ 20k tokens/s for tagging).

    .venv/bin/python benchmarks/bench_ner.py [--articles 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from _common import SHARED, best_of, corpus_texts

from khabar.arabic.normalise import normalise
from khabar.model import Article
from khabar.nlp.entities import EntityStage
from khabar.nlp.entities.conll import read_conll
from khabar.nlp.entities.neural import NEURAL_MODEL_PATH, shipped_neural
from khabar.nlp.entities.tagging import tag_sentences
from khabar.nlp.entities.tokens import tokenize

TEST = SHARED / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sentences = read_conll(TEST)
    n_tokens = sum(len(s.tokens) for s in sentences)
    lines = [" ".join(s.tokens) for s in sentences]

    def baseline() -> None:
        for line in lines:
            for token in tokenize(line):
                normalise(token.text)

    tag_sentences(sentences[:50], "full")  # load model, gazetteer, lexicon outside timing
    base = best_of(args.repeat, baseline)
    crf = best_of(args.repeat, lambda: tag_sentences(sentences, "crf"))
    timed = [("baseline", base), ("crf", crf)]
    if NEURAL_MODEL_PATH.is_file():
        words = [s.tokens for s in sentences]
        neural = shipped_neural()
        timed.append(("neural-fwd", best_of(args.repeat, lambda: neural.scores(words))))
        timed.append(("neural", best_of(args.repeat, lambda: tag_sentences(sentences, "neural"))))
        timed.append(
            ("ensemble", best_of(args.repeat, lambda: tag_sentences(sentences, "ensemble")))
        )
    timed.append(("full", best_of(args.repeat, lambda: tag_sentences(sentences, "full"))))
    print(f"ANERcorp test: {n_tokens} tokens, {len(sentences)} sentences, one core")
    for name, seconds in timed:
        print(
            f"  {name:<11}{n_tokens / seconds:>10.0f} tokens/s   ×{seconds / base:6.1f} baseline"
            f"   {1000 * seconds / n_tokens * 1000:.2f} ms per 1,000 tokens"
        )

    both = corpus_texts(2 * args.articles)
    texts, others = both[: args.articles], both[args.articles :]
    if texts:
        stage = EntityStage()
        articles = [Article(text=t, id="x") for t in texts]
        size_kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
        # fresh: the first pass over articles not seen before (after warming up on others),
        # as a pipeline worker meets them; new word types cost their feature rows once
        for other in others:
            stage(Article(text=other, id="w"))
        start = time.process_time()
        for a in articles:
            stage(a)
        fresh_s = time.process_time() - start
        stage_s = best_of(args.repeat, lambda: [stage(a) for a in articles])
        base_s = best_of(args.repeat, lambda: [normalise(t).split() for t in texts])
        print(f"SaudiNewsNet: {len(texts)} articles, {size_kb:.0f} KB")
        print(
            f"  EntityStage {1000 * stage_s / len(texts):.2f} ms/article, "
            f"{1000 * stage_s / (size_kb / 7):.2f} ms per 7 KB, "
            f"×{stage_s / base_s:.0f} the normalise+split baseline (articles seen before)"
        )
        print(
            f"  EntityStage {1000 * fresh_s / len(texts):.2f} ms/article, "
            f"{1000 * fresh_s / (size_kb / 7):.2f} ms per 7 KB on fresh articles, "
            f"×{fresh_s / base_s:.0f} the baseline"
        )


if __name__ == "__main__":
    main()
