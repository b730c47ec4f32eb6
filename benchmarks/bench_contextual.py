"""Time the contextual NER tagger (character LMs + small CRF tagger) against the neural one.

Same run, one process, one BLAS thread, process CPU time, best of ``--repeat``, over the
first ``--sentences`` sentences of the ANERcorp CamelLab test split (tokens only; no tags
are read): the baseline (tokenise + normalise every token), the two character LMs alone
(``lms``), the contextual tagger's label scores (``contextual``), the neural tagger's
(``neural``, word types cached after the first round, as in a long run) and the CRF's.
Prints tokens/s and ms per 1,000 tokens.

    .venv/bin/python benchmarks/bench_contextual.py --model /tmp/d5/ctx90.npz
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _common import SHARED, best_of
from threadpoolctl import threadpool_limits

from khabar.arabic.normalise import normalise
from khabar.nlp.entities import _tagger
from khabar.nlp.entities.conll import read_conll
from khabar.nlp.entities.contextual_tagger import (
    CONTEXTUAL_MODEL_PATH,
    ContextualTagger,
)
from khabar.nlp.entities.neural import load_neural_lexicon, shipped_neural
from khabar.nlp.entities.tokens import tokenize

TEST = SHARED / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=CONTEXTUAL_MODEL_PATH)
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    words = [list(s.tokens) for s in read_conll(TEST)[: args.sentences]]
    n_tokens = sum(map(len, words))
    lines = [" ".join(w) for w in words]
    ctx = ContextualTagger(args.model, load_neural_lexicon())
    neural = shipped_neural()
    crf = _tagger().compiled()

    def baseline() -> None:
        for line in lines:
            for token in tokenize(line):
                normalise(token.text)

    ctx.scores(words[:5])  # loads
    neural.scores(words)  # loads and caches every word type
    crf.scores(words)
    with threadpool_limits(1):
        timed = [
            ("baseline", best_of(args.repeat, baseline)),
            ("crf", best_of(args.repeat, lambda: crf.scores(words))),
            ("neural", best_of(args.repeat, lambda: neural.scores(words))),
            ("lms", best_of(args.repeat, lambda: ctx.lms.embed(words))),
            ("contextual", best_of(args.repeat, lambda: ctx.scores(words))),
        ]
    print(f"{n_tokens} tokens, {len(words)} sentences")
    for name, seconds in timed:
        print(
            f"{name:<11} {n_tokens / seconds:>10,.0f} tokens/s  "
            f"{seconds / n_tokens * 1e6:8.2f} ms / 1,000 tokens"
        )


if __name__ == "__main__":
    main()
