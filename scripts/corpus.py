"""Shared helpers for the build scripts: stream SaudiNewsNet articles as normalised tokens.

SaudiNewsNet (``../shared/data/saudinewsnet``) has no stated licence: its text is read
here for statistics only (word frequencies, distributional clusters) and never shipped.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from khabar.arabic.normalise import normalise
from khabar.nlp.entities.tokens import tokenize

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SAUDINEWSNET = SHARED_DATA / "saudinewsnet" / "dataset"


def articles(folder: Path = SAUDINEWSNET) -> Iterator[str]:
    """Body text of every SaudiNewsNet article (zip → JSON array → ``content``)."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for record in json.loads(archive.read(name)):
                    content = record.get("content") or ""
                    if content:
                        yield content


def token_lines(folder: Path = SAUDINEWSNET) -> Iterator[list[str]]:
    """Normalised tokens, one list per paragraph line of every article."""
    for content in articles(folder):
        for line in content.splitlines():
            words = [normalise(t.text) for t in tokenize(line)]
            words = [w for w in words if w]
            if words:
                yield words


def word_counts(cache: Path | None = None) -> Counter[str]:
    """Frequency of every normalised token in SaudiNewsNet (cached as TSV when asked)."""
    if cache is not None and cache.is_file():
        counts: Counter[str] = Counter()
        for line in cache.read_text(encoding="utf-8").splitlines():
            word, _, n = line.rpartition("\t")
            counts[word] = int(n)
        return counts
    counts = Counter()
    for words in token_lines():
        counts.update(words)
    if cache is not None:
        cache.write_text("".join(f"{w}\t{n}\n" for w, n in counts.most_common()), encoding="utf-8")
    return counts
