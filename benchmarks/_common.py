"""What the benchmark scripts share: the SaudiNewsNet corpus in ../shared and CPU timing."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "data" / "saudinewsnet" / "dataset"


def corpus_texts(limit: int) -> list[str]:
    """The first ``limit`` non-empty SaudiNewsNet bodies (zips in date order), read at run time."""
    texts: list[str] = []
    for archive in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(archive) as zipped:
            for name in zipped.namelist():
                for record in json.loads(zipped.read(name)):
                    content = record.get("content") or ""
                    if content.strip():
                        texts.append(content)
                    if len(texts) >= limit:
                        return texts
    return texts


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Best CPU time over ``repeat`` runs (other jobs on a shared box do not count)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


SEED = SHARED / "seed" / "000_fd38ac84f22198a4.txt"


def seed_body() -> str:
    """The seed page's body: header (dates, crumbs, titles, dateline) and footer cut off."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[7:-2])


@dataclass(frozen=True)
class StageTiming:
    """Best CPU seconds of a stage over some articles and of the baseline over their texts."""

    pages: int
    chars: int
    stage: float
    baseline: float
    utf8_bytes: int

    def describe(self) -> str:
        """ms per page, per 7 KB of text (UTF-8 bytes, as a page's size on disk: the seed page
        is a 7.3 KB file of 3,975 characters) and per 7,000 characters (the stricter unit the
        benchmarks printed as "ms/7KB" up to session 8: an Arabic letter is two bytes)."""
        per_7kb = self.stage / (self.utf8_bytes / 7000) * 1000
        per_7k_chars = self.stage / (self.chars / 7000) * 1000
        return (
            f"stage={self.stage / self.pages * 1000:7.3f} ms/page ({per_7kb:6.3f} ms/7KB, "
            f"{per_7k_chars:6.3f} ms/7k chars)  "
            f"baseline={self.baseline / self.pages * 1000:7.3f} ms/page  "
            f"ratio={self.stage / self.baseline:5.2f}x"
        )


def time_stage(
    stage: Callable[[Any], object], articles: Sequence[Any], texts: Sequence[str], repeat: int
) -> StageTiming:
    """Time ``stage`` over ``articles`` against ``normalise(text).split()`` over ``texts`` —
    one fold and one tokenisation pass, the least any text stage does."""
    from khabar.arabic.normalise import normalise

    stage(articles[0])  # load word lists and tables outside the timing

    def baseline() -> None:
        for text in texts:
            normalise(text).split()

    def run() -> None:
        for article in articles:
            stage(article)

    return StageTiming(
        pages=len(texts),
        chars=sum(len(t) for t in texts),
        stage=best_of(repeat, run),
        baseline=best_of(repeat, baseline),
        utf8_bytes=sum(len(t.encode("utf-8")) for t in texts),
    )


def build_line() -> str:
    """Which khabar build runs (mypyc-compiled modules or pure Python), for every header."""
    import khabar

    return f"khabar build: {khabar.build_kind()}"


def stage_bench_main(description: str, measure: Callable[[str, list[str], int], None]) -> None:
    """Command line of a stage benchmark: the seed body, then ``--articles`` SaudiNewsNet."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(build_line())
    measure("seed body", [seed_body()], args.repeat * 10)
    if CORPUS.exists():
        measure(f"saudinewsnet ({args.articles})", corpus_texts(args.articles), args.repeat)
    else:
        print(f"{CORPUS} missing: corpus benchmark skipped")
