"""What a long batch run holds in memory: the per-word and per-line caches, and how full.

A worker's memory grows with the pages it has seen for one reason by design: the stages
remember what they computed for a word type or a header line (``functools.lru_cache``
functions, :class:`khabar.arabic.tokens.WordCache` tables, a few module-level memo dicts),
each up to a fixed number of entries. News vocabulary keeps growing for tens of thousands of
pages, so these fill slowly; once full they stay at their limit (an LRU cache drops its
oldest entry, a ``WordCache`` or memo starts again empty). :func:`cache_fills` lists them with
their sizes, :func:`clear_caches` empties them — what is left afterwards is what the run
holds besides caches, which must not grow (``benchmarks/bench_pipeline.py``, section 4).
:func:`bounded` empties them every 1,000 pages in the batch engines' workers, so that a
worker's peak memory does not grow with the number of pages it processes.

Inspection of loaded modules: nothing here loads a resource or calls a stage.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from khabar.arabic.tokens import WordCache

# Module-level memo dicts that bound themselves (emptied when full) but are plain dicts:
# (module, name, limit). A memo added elsewhere shows up in ``cache_fills`` as a large
# dict all the same (limit unknown), so an unbounded one cannot hide.
KNOWN_MEMOS: tuple[tuple[str, str, str], ...] = (
    ("khabar.extract.lexicon", "_KEYS", "_KEY_CACHE_SIZE"),
    ("khabar.extract.dateline", "_MEMO", "_MEMO_SIZE"),
)
# A module-level dict, list or set this large is reported even when it is no known cache.
LARGE_CONTAINER = 1_000

RESET_ENV: Final = "KHABAR_CACHE_RESET_PAGES"
# Records a batch worker puts out between two emptyings of its caches (see ``bounded``).
RESET_PAGES: Final = 1_000

T = TypeVar("T")
# Records this process has put out through ``bounded`` since its caches were last emptied.
_since_reset: list[int] = [0]


@dataclass(frozen=True, slots=True)
class CacheFill:
    """One cache: where it is, its entries now, its limit (``None``: not known)."""

    name: str
    kind: str  # lru | wordcache | memo | container
    entries: int
    limit: int | None


def _khabar_modules() -> Iterator[tuple[str, Any]]:
    for name, module in list(sys.modules.items()):
        if (name == "khabar" or name.startswith("khabar.")) and module is not None:
            yield name, module


def _is_lru(value: Any) -> bool:
    return callable(getattr(value, "cache_info", None)) and callable(
        getattr(value, "cache_clear", None)
    )


def _held_word_caches(lru: Any) -> Iterator[WordCache[Any]]:
    """The ``WordCache`` a loader cached by ``lru_cache(maxsize=1)`` returns
    (``_spellings_cache()``).

    Asked only of a loader that takes no parameters and has its value already: the call is
    then a cache hit, which loads nothing.
    """
    if lru.cache_info().currsize != 1:
        return
    try:
        parameters = inspect.signature(lru.__wrapped__).parameters
    except (AttributeError, TypeError, ValueError):
        return
    if parameters:
        return
    value = lru()
    if isinstance(value, WordCache):
        yield value


def _memo_names() -> set[tuple[str, str]]:
    return {(module, name) for module, name, _ in KNOWN_MEMOS}


def cache_fills() -> list[CacheFill]:
    """Every cache of the loaded khabar modules, largest first."""
    found: list[CacheFill] = []
    seen: set[int] = set()
    memos = {(module, name): limit for module, name, limit in KNOWN_MEMOS}
    for module_name, module in _khabar_modules():
        for attr, value in list(vars(module).items()):
            if id(value) in seen or attr.startswith("__"):
                continue
            where = f"{module_name}.{attr}"
            if _is_lru(value):
                seen.add(id(value))
                info = value.cache_info()
                if info.maxsize is None or info.maxsize > 1:
                    found.append(CacheFill(where, "lru", info.currsize, info.maxsize))
                    continue
                for held in _held_word_caches(value):
                    if id(held) not in seen:
                        seen.add(id(held))
                        found.append(CacheFill(f"{where}()", "wordcache", len(held), held.limit))
            elif isinstance(value, WordCache):
                seen.add(id(value))
                found.append(CacheFill(where, "wordcache", len(value), value.limit))
            elif (module_name, attr) in memos and isinstance(value, dict):
                seen.add(id(value))
                limit = getattr(module, memos[(module_name, attr)], None)
                found.append(CacheFill(where, "memo", len(value), limit))
            elif isinstance(value, dict | list | set) and len(value) >= LARGE_CONTAINER:
                seen.add(id(value))
                found.append(CacheFill(where, "container", len(value), None))
    found.sort(key=lambda fill: (-fill.entries, fill.name))
    return found


def clear_caches() -> int:
    """Empty every cache :func:`cache_fills` names (not the loaders' ``maxsize=1`` caches:
    those hold the loaded resources, not per-page results). Returns how many were emptied.
    The stages refill them as they go; results do not change."""
    cleared = 0
    memos = _memo_names()
    for module_name, module in _khabar_modules():
        for attr, value in list(vars(module).items()):
            if _is_lru(value):
                info = value.cache_info()
                if info.maxsize is None or info.maxsize > 1:
                    value.cache_clear()
                    cleared += 1
                else:
                    for held in _held_word_caches(value):
                        held.clear()
                        cleared += 1
            elif isinstance(value, WordCache) or (
                (module_name, attr) in memos and isinstance(value, dict)
            ):
                value.clear()
                cleared += 1
    entities = sys.modules.get("khabar.nlp.entities")
    if entities is not None:  # the CRF's word-type score table is an object's, not a module's
        entities.forget_words()
        cleared += 1
    return cleared


def reset_pages() -> int:
    """Records between two emptyings of the caches in a batch worker: ``KHABAR_CACHE_RESET_PAGES``
    (``0``: never), else :data:`RESET_PAGES`."""
    raw = os.environ.get(RESET_ENV, "").strip()
    if not raw:
        return RESET_PAGES
    try:
        pages = int(raw)
    except ValueError:
        raise ValueError(f"{RESET_ENV} must be a whole number of pages, not {raw!r}") from None
    if pages < 0:
        raise ValueError(f"{RESET_ENV} must be 0 (never) or more, not {pages}")
    return pages


def bounded(records: Iterable[T], every: int | None = None) -> Iterator[T]:
    """``records`` unchanged; this process's caches are emptied (:func:`clear_caches`) after
    every ``every`` records it puts out through here (default :func:`reset_pages`).

    Why: the caches are bounded, but their limits add up to ~1.5 M entries, which a worker
    fills only after 100k+ pages — so a worker's peak memory kept growing with the pages it
    had seen (session 9: 272 / 328 / 414 MB after 1k / 10k / 30k pages). Emptied every 1,000
    pages they hold at most what 1,000 pages fill, and the peak is the same for 1k pages and
    for a million; refilling costs about what the first 1,000 pages of a run pay
    (``benchmarks/bench_pipeline.py`` section 4 measures both). Results do not change: every
    cache is a memo of a pure function. The count runs across calls (a pool worker is given
    many chunks).
    """
    limit = reset_pages() if every is None else every
    for record in records:
        yield record
        if limit:
            _since_reset[0] += 1
            if _since_reset[0] >= limit:
                clear_caches()
                _since_reset[0] = 0


def rss_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB (Linux ``/proc``; zeros
    where it is not available)."""
    now = peak = 0.0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    now = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    return now, peak
