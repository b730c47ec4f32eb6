"""How many real dateline/byline forms the dateline parser reads.

Reads the ``author`` field of SaudiNewsNet (../shared/data/saudinewsnet, research use,
not shipped) and prints how many distinct forms parse, and how many yield a place,
a byline, an outlet or credits, plus a sample of forms that do not parse.
Run: ``.venv/bin/python benchmarks/byline_coverage.py [--sample 30]``.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections import Counter
from pathlib import Path

from khabar.extract.metadata import parse_dateline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = SHARED / "data" / "saudinewsnet" / "dataset"


def authors() -> Counter[str]:
    counts: Counter[str] = Counter()
    for archive in sorted(DATA.glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                for article in json.loads(z.read(name)):
                    author = (article.get("author") or "").strip()
                    if author:
                        counts[author] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=25)
    args = parser.parse_args()
    counts = authors()
    total = sum(counts.values())
    stats: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for form, n in counts.items():
        d = parse_dateline(form)
        if d is None:
            failed[form] = n
            continue
        stats["parsed"] += n
        stats["place"] += n if d.place else 0
        stats["byline"] += n if d.byline else 0
        stats["outlet"] += n if d.outlet else 0
        stats["credits"] += n if d.credits else 0
    print(f"author fields: {total} ({len(counts)} distinct forms)")
    for name in ("parsed", "place", "byline", "outlet", "credits"):
        print(f"  {name:8s} {stats[name]:6d}  {stats[name] / total:6.1%}")
    print("most frequent forms that do not parse:")
    for form, n in failed.most_common(args.sample):
        print(f"  {n:5d}  {form}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
