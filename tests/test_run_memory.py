"""``khabar.run.memory``: the caches a long run fills, their limits, and emptying them."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from khabar.pipeline import Pipeline
from khabar.read.page import RawPage
from khabar.run.memory import LARGE_CONTAINER, cache_fills, clear_caches, rss_mb

PAGE = (
    "الرياض - واس\n"
    "قال وزير الخارجية الأمير فيصل بن فرحان إن المحادثات مع الجانب الفرنسي مستمرة.\n"
    "وتظاهر آلاف الطلاب أمس في العاصمة احتجاجا على القرار، بحسب وكالة رويترز.\n"
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def run(pipeline: Pipeline) -> str:
    (result,) = pipeline.run([RawPage(content=PAGE, path="m/1.txt")])
    return result.to_json()  # type: ignore[union-attr]


def test_fills_name_the_per_word_and_per_line_caches_with_their_limits(
    pipeline: Pipeline,
) -> None:
    run(pipeline)
    fills = {fill.name: fill for fill in cache_fills()}
    keys = fills["khabar.extract.lexicon._KEYS"]
    assert (keys.kind, keys.limit) == ("memo", 50_000) and keys.entries > 0
    stem = fills["khabar.nlp.events.incident._stem"]
    assert stem.kind == "lru" and stem.limit == 1 << 16
    assert any(fill.kind == "wordcache" and fill.limit for fill in fills.values())
    entries = [f.entries for f in cache_fills()]
    assert entries == sorted(entries, reverse=True)


def test_clear_empties_them_and_results_do_not_change(pipeline: Pipeline) -> None:
    before = run(pipeline)
    assert sum(fill.entries for fill in cache_fills()) > 0
    assert clear_caches() > 0
    left = [fill for fill in cache_fills() if fill.kind != "container" and fill.entries]
    assert left == []
    assert run(pipeline) == before


@pytest.fixture
def module_with_a_large_dict() -> Iterator[str]:
    name = "khabar._memory_test_module"
    module = types.ModuleType(name)
    module.TABLE = {str(i): i for i in range(LARGE_CONTAINER)}  # type: ignore[attr-defined]
    module.SMALL = {"a": 1}  # type: ignore[attr-defined]
    sys.modules[name] = module
    yield name
    del sys.modules[name]


def test_a_large_module_level_container_is_reported_with_no_known_limit(
    module_with_a_large_dict: str,
) -> None:
    fills = {fill.name: fill for fill in cache_fills()}
    table = fills[f"{module_with_a_large_dict}.TABLE"]
    assert (table.kind, table.entries, table.limit) == ("container", LARGE_CONTAINER, None)
    assert f"{module_with_a_large_dict}.SMALL" not in fills
    clear_caches()  # a container that is no known cache is left alone
    assert len(sys.modules[module_with_a_large_dict].TABLE) == LARGE_CONTAINER  # type: ignore[attr-defined]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_rss_is_read() -> None:
    now, peak = rss_mb()
    assert 0 < now <= peak
