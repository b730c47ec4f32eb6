"""Derive Arabic letter frequencies (per mille) for the encoding guesser.

Reads the SaudiNewsNet articles in ../shared/data/saudinewsnet (research use; only the
aggregate counts below are shipped, never the text) and writes
src/khabar/read/resources/letter_frequency.tsv: ``letter<TAB>per-mille`` for U+0621–U+0652.

    .venv/bin/python scripts/derive_letter_frequency.py [--zips 3]
"""

from __future__ import annotations

import argparse
import collections
import json
import unicodedata
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "data" / "saudinewsnet" / "dataset"
TARGET = REPO / "src" / "khabar" / "read" / "resources" / "letter_frequency.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--zips", type=int, default=3, help="how many daily zips to count")
    args = parser.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(SOURCE.glob("*.zip"))[: args.zips]:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for article in json.loads(archive.read(name).decode("utf-8")):
                    counts.update(ch for ch in article["content"] if "\u0621" <= ch <= "\u0652")
    total = sum(counts.values())
    lines = ["# letter\tper_mille\tname  (derived from SaudiNewsNet letter counts)"]
    for letter in sorted(counts):
        per_mille = 1000 * counts[letter] / total
        lines.append(f"{letter}\t{per_mille:.2f}\t{unicodedata.name(letter)}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{total} letters → {TARGET}")


if __name__ == "__main__":
    main()
