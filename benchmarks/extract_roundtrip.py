"""Extraction on pages rebuilt from SaudiNewsNet: quality of the layout split, and speed.

Each article becomes a text dump ``title / author line / blank / content`` (the common
layout of the gold pages). We check that extraction gives back the title, a body that
starts where the content starts, and the author line removed from the body; and we time
``extract_article`` against a baseline measured in the same run (decoding + splitting the
same bytes into lines), printing the ratio. Research data, not shipped.
Run: ``.venv/bin/python benchmarks/extract_roundtrip.py [--limit 3000]``.
"""

from __future__ import annotations

import argparse
import json
import time
import zipfile
from pathlib import Path

from khabar.arabic.normalise import normalise
from khabar.extract.article import extract_article
from khabar.read.encoding import decode_bytes
from khabar.read.page import RawPage

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = SHARED / "data" / "saudinewsnet" / "dataset"


def pages(limit: int) -> list[tuple[dict[str, str], bytes]]:
    out: list[tuple[dict[str, str], bytes]] = []
    for archive in sorted(DATA.glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                for article in json.loads(z.read(name)):
                    title = (article.get("title") or "").strip()
                    content = (article.get("content") or "").strip()
                    if not title or len(content) < 200:
                        continue
                    author = (article.get("author") or "").strip()
                    parts = [title, author, "", content] if author else [title, "", content]
                    text = "\n".join(parts)
                    out.append((article, text.encode("utf-8")))
                    if len(out) >= limit:
                        return out
    return out


def fold(text: str) -> str:
    return " ".join(normalise(text).split())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=3000)
    args = parser.parse_args()
    sample = pages(args.limit)
    started = time.perf_counter()
    for _, raw in sample:
        decode_bytes(raw).text.splitlines()
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    results = [extract_article(RawPage(raw)) for _, raw in sample]
    elapsed = time.perf_counter() - started
    title_ok = body_ok = end_ok = author_gone = with_author = 0
    for (source, _), article in zip(sample, results, strict=True):
        title_ok += fold(article.title or "") == fold(source["title"])
        first = fold(source["content"].strip().splitlines()[0])
        # The content may itself start with the dateline (sabq): removing it is right too.
        after_colon = first.split(":", 1)[1].strip() if ":" in first[:80] else first
        start = fold(article.text[:200])
        body_ok += start.startswith(first[:30]) or start.startswith(after_colon[:30])
        # The last line of five words or more (SaudiNewsNet keeps links like "...المزيد").
        last = [ln for ln in source["content"].splitlines() if len(ln.split()) >= 5][-1:]
        folded = fold(article.text)
        end_ok += folded.endswith(fold(source["content"])[-30:]) or (
            bool(last) and folded.endswith(fold(last[0])[-30:])
        )
        author = (source.get("author") or "").strip()
        if author:
            with_author += 1
            author_gone += author not in article.text.split("\n")[0]
    n = len(sample)
    print(f"pages: {n}")
    print(f"title right:            {title_ok / n:6.1%}")
    print(f"body starts right:      {body_ok / n:6.1%}")
    print(f"body ends right:        {end_ok / n:6.1%}")
    print(f"author line removed:    {author_gone / max(with_author, 1):6.1%} of {with_author}")
    print(f"extract_article: {n / elapsed:8.0f} pages/s; "
          f"{elapsed / baseline:5.1f}x the decode+split baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
