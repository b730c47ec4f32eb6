"""What the benchmark scripts share: the SaudiNewsNet corpus in ../shared and CPU timing."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

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
