"""``khabar.run.memory.bounded``: a batch worker empties its caches every N pages, so its
peak memory does not grow with the pages it has seen — and its output does not change."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from khabar.nlp.entities import recognise
from khabar.pipeline import Pipeline
from khabar.read.page import RawPage
from khabar.run import memory
from khabar.run.memory import RESET_ENV, bounded, cache_fills, clear_caches, reset_pages


def example_pages() -> list[RawPage]:
    paths = sorted(Path(EXAMPLES, "text").glob("*.txt"))
    assert len(paths) >= 4, "the bundled example pages are the input here"
    return [RawPage(content=p.read_text(encoding="utf-8"), path=str(p)) for p in paths]


def outputs(results: object) -> list[str]:
    return [result.to_json() for result in results]  # type: ignore[attr-defined]


def cached_entries() -> int:
    return sum(fill.entries for fill in cache_fills() if fill.kind != "container")


def test_output_is_the_same_when_every_cache_is_emptied_after_every_page() -> None:
    pages = example_pages()
    clear_caches()
    kept = outputs(Pipeline().run(pages))  # caches warm up over the pages
    clear_caches()
    emptied = outputs(bounded(Pipeline().run(pages), every=1))
    assert emptied == kept


def test_caches_are_emptied_after_every_n_records_and_left_alone_between() -> None:
    pages = example_pages()[:4]
    pipeline = Pipeline()
    clear_caches()
    memory._since_reset[0] = 0
    seen = []
    one_by_one = (pipeline.process_one(page) for page in pages)  # run() works in batches
    for _ in bounded(one_by_one, every=3):
        seen.append(cached_entries())
    # record k is taken before its count is emptied: record 4 shows one page's worth again
    assert 0 < seen[0] < seen[1] < seen[2]
    assert seen[3] < seen[2]
    assert memory._since_reset[0] == 1


def test_the_crf_word_table_is_emptied_too_and_tags_do_not_change() -> None:
    text = "قال وزير الخارجية الفرنسي جان إيف لودريان في باريس إن فرنسا تدعم الحل السياسي."
    before = recognise(text)
    clear_caches()  # includes the CRF's per-word-type score rows (forget_words)
    assert recognise(text) == before


@pytest.mark.parametrize(
    ("value", "pages"), [("", memory.RESET_PAGES), ("0", 0), ("250", 250), (" 40 ", 40)]
)
def test_reset_pages_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, pages: int
) -> None:
    monkeypatch.setenv(RESET_ENV, value)
    assert reset_pages() == pages


@pytest.mark.parametrize("value", ["many", "-1", "1.5"])
def test_reset_pages_refuses_what_is_not_a_page_count(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(RESET_ENV, value)
    with pytest.raises(ValueError, match=RESET_ENV):
        reset_pages()


def test_zero_never_empties(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RESET_ENV, "0")
    pages = example_pages()[:3]
    clear_caches()
    pipeline = Pipeline()
    sizes = [cached_entries() for _ in bounded(pipeline.process_one(p) for p in pages)]
    assert sizes == sorted(sizes) and sizes[-1] > 0
