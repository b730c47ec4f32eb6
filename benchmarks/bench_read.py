"""Speed of the read layer and the HTML path, each beside a baseline measured in the same run.

1. ``decode_bytes`` on Arabic text (UTF-8 and windows-1256) vs a bare ``bytes.decode``
   with the right codec already known (the floor: no guessing at all);
2. ``read_pages`` over a WARC.gz of N HTML pages vs iterating the same file with bare
   fastwarc (gzip detected by fastwarc, no truncation checks, no page records);
3. ``extract_html`` on the two real youm7 pages in ``../shared/data/html_dev`` vs
   ``trafilatura.extract(html, with_metadata=True)``, plus the token recall/precision of the
   main text against the gold (all tokens, and Arabic-script tokens only: the gold also
   holds a video player's English UI strings).

    .venv/bin/python benchmarks/bench_read.py [--pages 300]

Nothing is asserted: the numbers are for reading.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from khabar.extract.html import extract_html
from khabar.read import decode_bytes, read_pages
from khabar.read.warc import warc_response_record

REPO = Path(__file__).resolve().parent.parent
HTML_DEV = REPO.parent / "shared" / "data" / "html_dev"
ARABIC = re.compile("[\u0621-\u064a]")
SENTENCE = (
    "وقال وزير الخارجية في مؤتمر صحفي عقده في العاصمة إن «الحوار هو السبيل الوحيد "
    "لإنهاء الأزمة»، وأضاف أن بلاده مستعدة لاستضافة جولة جديدة من المحادثات الشهر المقبل. "
)


def per_second(func: Callable[[], object], repeat: int) -> float:
    """Calls per second of ``func`` after one warm-up call."""
    func()
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return repeat / (time.perf_counter() - start)


def bench_decode() -> None:
    text = SENTENCE * 200  # ~30 KB, a long article
    print("## decode_bytes (pages/s; ratio = khabar / bare decode with the codec known)")
    for codec in ("utf-8", "windows-1256"):
        data = text.encode(codec)
        ours = per_second(lambda data=data: decode_bytes(data), 200)
        bare = per_second(lambda data=data, codec=codec: data.decode(codec), 200)
        print(f"- {codec}: {ours:,.0f}/s vs {bare:,.0f}/s → ratio {ours / bare:.3f}")


def bench_warc(pages: int) -> None:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    body = f"<html lang='ar'><body><article><p>{SENTENCE * 20}</p></article></body></html>"
    members = [
        gzip.compress(warc_response_record(f"https://news.example/{i}", body.encode()))
        for i in range(pages)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.warc.gz"
        path.write_bytes(b"".join(members))

        def ours() -> int:
            return sum(1 for _ in read_pages([path]))

        def bare() -> int:
            with path.open("rb") as stream:
                records = ArchiveIterator(stream, record_types=WarcRecordType.response)
                return sum(1 for record in records if record.reader.read())

        assert ours() == bare() == pages
        ours_rate = per_second(ours, 5) * pages
        bare_rate = per_second(bare, 5) * pages
    print(f"\n## WARC.gz reading, {pages} HTML records (records/s)")
    print(f"- read_pages: {ours_rate:,.0f}/s vs bare fastwarc {bare_rate:,.0f}/s "
          f"→ ratio {ours_rate / bare_rate:.3f}")


def token_overlap(gold: str, found: str, arabic_only: bool) -> tuple[float, float]:
    def tokens(text: str) -> Counter[str]:
        return Counter(t for t in text.split() if not arabic_only or ARABIC.search(t))

    gold_tokens, found_tokens = tokens(gold), tokens(found)
    common = sum((gold_tokens & found_tokens).values())
    return common / max(1, sum(gold_tokens.values())), common / max(1, sum(found_tokens.values()))


def bench_html() -> None:
    import trafilatura

    gold_file = HTML_DEV / "base_youm7.json"
    if not gold_file.exists():
        print(f"\n## extract_html: skipped ({HTML_DEV} absent)")
        return
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    print("\n## extract_html on real youm7 pages (pages/s; recall/precision of gold tokens)")
    for sha, entry in gold.items():
        html = (HTML_DEV / f"{sha}.html").read_text(encoding="utf-8")
        url = entry["url"]
        ours = per_second(lambda html=html, url=url: extract_html(html, url), 10)
        peer = per_second(
            lambda html=html, url=url: trafilatura.extract(html, url=url, with_metadata=True), 10
        )
        text = "\n".join(extract_html(html, url).paragraphs)
        recall, precision = token_overlap(entry["content"], text, arabic_only=False)
        ar_recall, ar_precision = token_overlap(entry["content"], text, arabic_only=True)
        print(
            f"- {sha[:8]}: {ours:,.1f}/s vs trafilatura.extract {peer:,.1f}/s → ratio "
            f"{ours / peer:.2f}; tokens R={recall:.3f} P={precision:.3f}; "
            f"Arabic tokens R={ar_recall:.3f} P={ar_precision:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300, help="records in the WARC benchmark")
    args = parser.parse_args()
    bench_decode()
    bench_warc(args.pages)
    bench_html()


if __name__ == "__main__":
    main()
