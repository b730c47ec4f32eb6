"""Same-run A/B of the mypyc build against pure Python, stage by stage, interleaved.

Runs the same texts through fresh processes with ``KHABAR_COMPILED=0`` and ``=1`` in turn
(CPU time, best of all rounds): each default stage on the input the pipeline gives it (the
earlier stages run first, untimed), the whole pipeline on the texts as pages, and the
baseline ``normalise(text).split()``. Needs a fresh build (``scripts/build_compiled.py``).

    .venv/bin/python benchmarks/ab_compiled.py [--articles 300] [--rounds 3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import corpus_texts

# Runs in each build: prints the build kind, then {row: best CPU seconds} as JSON.
_TIMER = """
import json, sys, time
import khabar
from khabar.arabic.normalise import normalise
from khabar.model import Article
from khabar.pipeline import Pipeline, default_stages
from khabar.read.page import RawPage

texts = json.load(open(sys.argv[1], encoding="utf-8"))
repeat = int(sys.argv[2])
sys.path.insert(0, sys.argv[3])  # benchmarks/, for _common
from _common import best_of

def best(run):
    return best_of(repeat, run)

times = {}
articles = [Article(text=t, id="x") for t in texts]
for stage in default_stages():
    [stage(a) for a in articles[:20]]  # lazy loads outside the timing
    times[stage.name] = best(lambda: [stage(a) for a in articles])
    articles = [stage(a) for a in articles]
pipeline = Pipeline(budget_seconds=None)
pages = [RawPage(content=t, path=f"ab/{i}.txt") for i, t in enumerate(texts)]
times["pipeline (text pages)"] = best(lambda: [pipeline.process_page(p) for p in pages])
times["baseline normalise+split"] = best(lambda: [normalise(t).split() for t in texts])
print(khabar.build_kind())
print(json.dumps(times))
"""


def _run(path: Path, compiled: bool, repeat: int) -> tuple[str, dict[str, float]]:
    env = {**os.environ, "KHABAR_COMPILED": "1" if compiled else "0"}
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, str(path), str(repeat), str(Path(__file__).parent)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    kind, times = done.stdout.strip().splitlines()[-2:]
    return kind, json.loads(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = corpus_texts(args.articles)
    chars = sum(map(len, texts))
    best: dict[bool, dict[str, float]] = {False: {}, True: {}}
    kinds: dict[bool, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.json"
        path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        for _ in range(args.rounds):
            for compiled in (False, True):
                kinds[compiled], times = _run(path, compiled, args.repeat)
                for row, seconds in times.items():
                    best[compiled][row] = min(best[compiled].get(row, seconds), seconds)
    if not kinds[True].startswith("compiled"):
        print(f"no compiled build ran ({kinds[True]}): run scripts/build_compiled.py first")
        return 1
    print(f"{len(texts)} SaudiNewsNet articles ({chars / len(texts) / 1000:.1f} K chars avg), ")
    print(f"best of {args.rounds} rounds x {args.repeat} runs, alternating processes")
    print(f"pure: {kinds[False]}\ncompiled: {kinds[True]}\n")
    print("| row | pure ms/7K chars | compiled ms/7K chars | pure / compiled |")
    print("|---|---:|---:|---:|")
    per_7k = 7000 / chars * 1000
    for row, pure in best[False].items():
        fast = best[True][row]
        print(f"| {row} | {pure * per_7k:.3f} | {fast * per_7k:.3f} | {pure / fast:.2f}x |")
    base = best[False]["baseline normalise+split"]
    for compiled in (False, True):
        ratio = base / best[compiled]["pipeline (text pages)"]
        print(f"\nbaseline / pipeline ({'compiled' if compiled else 'pure'}): {ratio:.3f}x", end="")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
