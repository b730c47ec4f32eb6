"""Same-run A/B of the entity stage: another source tree against this one, interleaved.

On a shared box the load changes from minute to minute, so two benchmark runs minutes apart
do not compare. This runs ``recognise()`` of both trees in alternating fresh processes
(``PYTHONPATH`` set to each tree's ``src``), CPU time, best of all rounds, on the same
SaudiNewsNet bodies, and prints one Markdown row per measure (ms/page, old → new, ratio):

- ``recognise, fresh pages``: each page once after ``--warm`` other pages (new word types
  cost their score rows, as in a pipeline worker);
- ``recognise, warm``: best of ``--repeat`` passes over the same pages (every cache warm);
- ``tagger``: the sequence tagger alone, warm, as ``recognise()`` calls it: the CRF's
  ``tag_flat`` on the page's normalised tokens where the tree has it, else ``tag_many``
  on each page's sentences;
- ``rest``: ``recognise()`` with the tagger's tags recorded once and replayed, warm:
  tokens, gazetteer, patterns, combination, propagation, canonical forms. In a mypyc build
  the replay is bypassed (compiled callers never look the patched attribute up), so there it
  is ``warm`` minus ``tagger``.

``--old-build`` / ``--new-build`` run a side against its compiled build (``KHABAR_COMPILED_DIR``;
without them each side runs as the environment says); each side's build is printed, so a stale
build that fell back to pure Python shows.

    git archive ac32c41 | tar -x -C /tmp/old_tree
    .venv/bin/python benchmarks/ab_entities.py /tmp/old_tree/src [--new-src DIR] [--rounds 2]
        [--old-build DIR] [--new-build DIR]

The same four measures are then taken for the **batch path** (``--batch N``, default 16;
0 skips it), in another fresh process per side: ``recognise_many`` over ``N`` pages at a time
(what ``Pipeline.run`` gives the entity stage), its tagger row one ``tag_flat`` per batch. A
tree without ``recognise_many`` runs page by page there (its row then says so), so the
batch rows compare what each tree's pipeline does.

Run with ``KHABAR_NER_TAGGER=ensemble`` in the environment to time the ensemble instead.
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

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"

# Runs inside each tree: prints the four timings (seconds for all pages) as JSON.
_TIMER = """
import json, sys, time
import khabar
import khabar.nlp.entities as entities
from khabar.arabic.tokens import split_tokens
texts = json.load(open(sys.argv[1], encoding="utf-8"))
warm, repeat, size = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5])
batched = size > 0 and hasattr(entities, "recognise_many")
chunks = lambda items: [items[i : i + size] for i in range(0, len(items), size)]

def run_all(texts):
    if batched:
        for chunk in chunks(texts):
            entities.recognise_many(chunk)
    else:
        for text in texts:
            entities.recognise(text)

run_all(texts[:warm])
pages = texts[warm:]

sys.path.insert(0, sys.argv[4])  # this benchmarks folder: _common imports no khabar code
from _common import best_of
best = lambda run: best_of(repeat, run)

start = time.process_time()
run_all(pages)
fresh = time.process_time() - start
again = best(lambda: run_all(pages))
name = "_sequence_tagger" if hasattr(entities, "_sequence_tagger") else "_tagger"
real = getattr(entities, name)()
batches = []
for text in pages:
    words, starts, _ = split_tokens(text)
    ranges = entities._sentence_ranges(words, starts, text)
    batches.append([words[a:b] for a, b in ranges])
compiled = real.compiled() if hasattr(real, "compiled") else None
if compiled is not None and hasattr(compiled, "tag_flat"):
    # as recognise() runs the CRF: normalised tokens (made there anyway), one flat decode
    from khabar.arabic.tokens import normalise_words

    flats = [normalise_words([w for words in batch for w in words]) for batch in batches]
    sizes = [[len(words) for words in batch] for batch in batches]
    if batched:  # one decode per batch of pages
        flats = [[w for flat in chunk for w in flat] for chunk in chunks(flats)]
        sizes = [[n for lengths in chunk for n in lengths] for chunk in chunks(sizes)]
    tagger = best(lambda: [compiled.tag_flat(f, n) for f, n in zip(flats, sizes)])
else:
    tagger = best(lambda: [real.tag_many(batch) for batch in batches])
recorded = {}
for batch in batches:
    for words, tags in zip(batch, real.tag_many(batch)):
        recorded[tuple(words)] = tags

class Replay:
    def tag_many(self, sentences):
        return [list(recorded[tuple(words)]) for words in sentences]

replay = Replay()
setattr(entities, name, lambda *args: replay)
rest = best(lambda: run_all(pages))
# trees from before the compiled build have neither function
if getattr(khabar, "compiled_modules", tuple)():  # the replay was bypassed: not the tagger
    rest = again - tagger
print(getattr(khabar, "build_kind", lambda: "pure Python")())
print(json.dumps({"fresh": fresh, "warm": again, "tagger": tagger, "rest": rest,
                  "batched": batched}))
"""

_ROWS = (
    ("fresh", "recognise, fresh pages"),
    ("warm", "recognise, warm"),
    ("tagger", "tagger alone, warm"),
    ("rest", "rest (tags replayed), warm"),
)


def _time(
    src: Path, build: Path | None, path: Path, warm: int, repeat: int, batch: int
) -> tuple[str, dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    if build is not None:
        env.update(KHABAR_COMPILED="1", KHABAR_COMPILED_DIR=str(build))
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, str(path), str(warm), str(repeat), str(HERE), str(batch)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    timings: dict[str, float] = json.loads(lines[-1])
    return lines[-2], timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old_src", type=Path, help="the other tree's src directory")
    parser.add_argument("--new-src", type=Path, default=NEW_SRC, help="default: this tree's")
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--warm", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--old-build", type=Path, help="the old side's compiled build folder")
    parser.add_argument("--new-build", type=Path, help="the new side's compiled build folder")
    parser.add_argument("--batch", type=int, default=16, help="pages per batch (0: no batch rows)")
    args = parser.parse_args()

    texts = corpus_texts(args.warm + args.pages)
    pages = texts[args.warm :]
    kb = sum(len(t.encode("utf-8")) for t in pages) / len(pages) / 1024
    modes = [0, args.batch] if args.batch > 0 else [0]
    best: dict[tuple[str, int], dict[str, float]] = {}
    batched: dict[tuple[str, int], bool] = {}
    builds: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.json"
        path.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        for round_ in range(args.rounds):
            # alternate which tree goes first, so neither always meets the warmer box
            order = (
                ("old", args.old_src, args.old_build),
                ("new", args.new_src, args.new_build),
            )
            for mode in modes:
                for side, src, build in order if round_ % 2 == 0 else order[::-1]:
                    builds[side], timings = _time(src, build, path, args.warm, args.repeat, mode)
                    batched[(side, mode)] = bool(timings.pop("batched"))
                    slot = best.setdefault((side, mode), {})
                    for key, seconds in timings.items():
                        slot[key] = min(seconds, slot.get(key, float("inf")))
    tagger = os.environ.get("KHABAR_NER_TAGGER") or "crf"
    print(
        f"{len(pages)} SaudiNewsNet bodies ({kb:.1f} KB each on average) after {args.warm} "
        f"warm-up pages, tagger {tagger}; CPU ms/page, best of {args.rounds} rounds"
    )
    print(f"old: {builds['old']}\nnew: {builds['new']}")
    print(f"\n| measure | {args.old_src} | {args.new_src} | ratio |\n|---|---:|---:|---:|")
    ms = 1000 / len(pages)
    for mode in modes:
        for key, label in _ROWS:
            old, new = best[("old", mode)][key], best[("new", mode)][key]
            if mode:
                how = {s: "batches" if batched[(s, mode)] else "per page" for s in ("old", "new")}
                label = f"{label} [batch {mode}: old {how['old']}, new {how['new']}]"
            print(f"| {label} | {old * ms:.2f} | {new * ms:.2f} | {old / new:.2f}x |")


if __name__ == "__main__":
    main()
