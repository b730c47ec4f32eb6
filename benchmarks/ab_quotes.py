"""Same-run A/B of the quote stage: another source tree against this one, interleaved.

On a shared box the load changes from minute to minute, so two benchmark runs minutes apart
do not compare. This runs the quote stage of both trees in alternating fresh processes
(``PYTHONPATH`` set to each tree's ``src``), CPU time, best of all rounds, on the same texts:
the seed body, SaudiNewsNet bodies without entities (what ``bench_quotes.py`` times) and, with
``--entities``, the same bodies after the sentence and entity stages (the pipeline's input;
annotated once, by this tree, so both sides get identical input).

    git archive ac32c41 | tar -x -C /tmp/old_tree
    .venv/bin/python benchmarks/ab_quotes.py /tmp/old_tree/src [--articles 300] [--rounds 3]

Compiled builds (``scripts/build_compiled.py --out DIR`` run in each tree): ``--old-build`` /
``--new-build`` point each side at its build (``KHABAR_COMPILED_DIR``), ``--new-src`` at a
snapshot of the new tree (a build serves only the sources it was compiled from); ``--pure``
runs both sides as pure Python. Every side prints which build ran: a stale build runs pure.

``--instructions`` counts instructions instead of timing (valgrind's callgrind; one pass per
side and row, after a warm-up that builds every table): deterministic to ~0.1 % compiled, where
CPU time on a shared box moves ±6 % between identical runs. Compiled, only the calls of
``QuoteStage.__call__`` are counted (``--toggle-collect``); pure Python has no such symbol, so
there a process without the pass is subtracted from one with it (±1 %: allocation patterns).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import corpus_texts, seed_body

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"

# Runs inside each tree: times the stage over the articles of a JSON-lines file.
_TIMER = """
import sys, time
import khabar
from khabar.model import Article
from khabar.nlp.quotes import QuoteStage
articles = [Article.from_json(line) for line in open(sys.argv[1], encoding="utf-8")]
repeat = int(sys.argv[2])
stage = QuoteStage()
stage(articles[0])
best = float("inf")
for _ in range(repeat):
    start = time.process_time()
    for article in articles:
        stage(article)
    best = min(best, time.process_time() - start)
print(khabar.build_kind())
print(best)
"""


def _write_inputs(folder: Path, articles: int, entities: bool) -> dict[str, tuple[Path, int]]:
    """JSON-lines inputs per row label, with the characters each row holds."""
    from khabar.model import Article

    corpus = f"saudinewsnet ({articles})"
    # The seed body is one short page: timed 30 times over, like bench_quotes.py does.
    rows = {"seed body (x30)": [seed_body()] * 30, corpus: corpus_texts(articles)}
    inputs: dict[str, tuple[Path, int]] = {}
    for label, texts in rows.items():
        path = folder / f"{len(inputs)}.jsonl"
        path.write_text("".join(Article(text=t, id="x").to_json() + "\n" for t in texts), "utf-8")
        inputs[label] = (path, sum(map(len, texts)))
    if entities:
        from khabar.nlp.entities import EntityStage
        from khabar.nlp.sentences import SentenceStage

        stages = (SentenceStage(), EntityStage())
        annotated = []
        for text in rows[corpus]:
            article = Article(text=text, id="x")
            for stage in stages:
                article = stage(article)
            annotated.append(article.to_json() + "\n")
        path = folder / "entities.jsonl"
        path.write_text("".join(annotated), "utf-8")
        inputs[f"{corpus} + entities"] = (path, inputs[corpus][1])
    return inputs


# Runs inside each tree under callgrind: a warm-up outside QuoteStage.__call__ (word lists, the
# tokenizer's tables, the presentation forms' expansions), then ``passes`` passes of the stage.
_COUNTER = """
import sys
import khabar
from khabar.model import Article
from khabar.nlp.quotes import QuoteStage
from khabar.nlp.quotes.finder import find_quotes
articles = [Article.from_json(line) for line in open(sys.argv[1], encoding="utf-8")]
find_quotes(articles[0].text, articles[0].entities)
find_quotes("\u0642\u0627\u0644 \ufefb " * 80)
stage = QuoteStage()
for _ in range(int(sys.argv[2])):
    for article in articles:
        stage(article)
print(khabar.build_kind())
"""
_TOGGLE = "--toggle-collect=CPyDef_quotes___stage___QuoteStage_____call__"


def _callgrind(env: dict[str, str], path: Path, passes: int, toggle: bool) -> tuple[int, str]:
    """Instructions callgrind collected in one process, and the build that ran."""
    with tempfile.TemporaryDirectory() as folder:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out"]
        command += [_TOGGLE] if toggle else []
        done = subprocess.run(
            [*command, sys.executable, "-c", _COUNTER, str(path), str(passes)],
            env={**env, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if collected is None:
        raise RuntimeError(f"no callgrind total in: {done.stderr[-500:]}")
    return int(collected.group(1)), done.stdout.strip().splitlines()[-1]


def _count(src: Path, build: Path | None, pure: bool, path: Path) -> tuple[int, str]:
    """Instructions of one pass of the stage over ``path``, and the build that ran."""
    env = _environment(src, build, pure)
    counted, kind = _callgrind(env, path, 1, toggle=True)
    if kind.startswith("compiled"):
        return counted, kind
    with_pass, _ = _callgrind(env, path, 1, toggle=False)
    without, _ = _callgrind(env, path, 0, toggle=False)
    return with_pass - without, kind


def _environment(src: Path, build: Path | None, pure: bool) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("KHABAR_COMPILED_DIR", None)
    if pure:
        env["KHABAR_COMPILED"] = "0"
    elif build is not None:
        env["KHABAR_COMPILED_DIR"] = str(build)
    return env


def _time(src: Path, build: Path | None, pure: bool, path: Path, repeat: int) -> tuple[float, str]:
    """Best CPU seconds of ``repeat`` passes in a fresh process, and the build that ran."""
    env = _environment(src, build, pure)
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, str(path), str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    *_, kind, seconds = done.stdout.strip().splitlines()
    return float(seconds), kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_src", type=Path, help="the other tree's src folder")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per process")
    parser.add_argument("--entities", action="store_true", help="also time with entities")
    parser.add_argument("--new-src", type=Path, default=NEW_SRC, help="the new tree's src")
    parser.add_argument("--old-build", type=Path, help="compiled build of the old tree")
    parser.add_argument("--new-build", type=Path, help="compiled build of the new tree")
    parser.add_argument("--pure", action="store_true", help="both sides pure Python")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (callgrind), not time"
    )
    args = parser.parse_args()
    sides = (("old", args.old_src, args.old_build), ("new", args.new_src, args.new_build))
    kinds: dict[str, str] = {}
    if args.instructions:
        _main_instructions(args, sides)
        return
    with tempfile.TemporaryDirectory() as folder:
        inputs = _write_inputs(Path(folder), args.articles, args.entities)
        best: dict[tuple[str, str], float] = {}
        for _ in range(args.rounds):
            for label, (path, _chars) in inputs.items():
                for side, src, build in sides:
                    seconds, kinds[side] = _time(src, build, args.pure, path, args.repeat)
                    key = (label, side)
                    best[key] = min(best.get(key, seconds), seconds)
    for side, kind in kinds.items():
        print(f"{side}: khabar build: {kind}")
    print(f"{'ms per 7 KB (best CPU time)':<40} {'old':>8} {'new':>8} {'change':>8}")
    for label, (_path, chars) in inputs.items():
        old, new = (best[(label, side)] / (chars / 7000) * 1000 for side in ("old", "new"))
        print(f"{label:<40} {old:8.3f} {new:8.3f} {(new / old - 1) * 100:+7.1f}%")
    print(json.dumps({"old_src": str(args.old_src), "rounds": args.rounds}))


def _main_instructions(
    args: argparse.Namespace, sides: tuple[tuple[str, Path, Path | None], ...]
) -> None:
    """One callgrind count per side and row, M instructions per 7 KB."""
    kinds: dict[str, str] = {}
    counts: dict[tuple[str, str], int] = {}
    with tempfile.TemporaryDirectory() as folder:
        inputs = _write_inputs(Path(folder), args.articles, args.entities)
        for label, (path, _chars) in inputs.items():
            for side, src, build in sides:
                counts[(label, side)], kinds[side] = _count(src, build, args.pure, path)
    for side, kind in kinds.items():
        print(f"{side}: khabar build: {kind}")
    print(f"{'M instructions per 7 KB (callgrind)':<40} {'old':>8} {'new':>8} {'change':>8}")
    for label, (_path, chars) in inputs.items():
        old, new = (counts[(label, side)] / (chars / 7000) / 1e6 for side in ("old", "new"))
        print(f"{label:<40} {old:8.3f} {new:8.3f} {(new / old - 1) * 100:+7.2f}%")
    print(json.dumps({"old_src": str(args.old_src), "instructions": True}))


if __name__ == "__main__":
    main()
