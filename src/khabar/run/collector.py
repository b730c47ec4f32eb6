"""The cyclic garbage collector in a batch worker: settled once the worker is warm.

Why: in a steady-state batch run the cyclic collector spent ~5.5 % of the CPU (session 7,
``benchmarks/RESULTS.md``): ~68 generation-0 collections per 300 pages, each one walking
the young token lists and records of the page in hand again (thousands of containers that
reference counting frees anyway) and, every tenth time, the stage resources and caches
loaded at start. Once a worker has processed a few pages every resource is loaded; then

* ``gc.collect()`` drops the garbage of the warm-up,
* ``gc.freeze()`` moves everything still alive (lexicons, models, caches) out of the
  collector's sight for good — reference counting still frees those objects, only a
  *cycle* among them would never be reclaimed, and resources are never dropped anyway,
* ``gc.set_threshold(10_000, 10, 10)`` lets ~14× more container allocations pass
  between two young collections, so a page's short-lived lists are mostly freed by
  reference counting before a collection ever looks at them.

This is process-global, which is why it lives here and not in ``Pipeline.run``: the engines
own their worker processes (the local pool's workers, Spark's Python workers), while
``Pipeline.run`` also serves the web API inside a process the engines do not own. The
in-process run (``khabar batch --workers 1``) settles for the length of the run and puts the
collector back as it was afterwards. ``KHABAR_WORKER_GC=default`` leaves the collector alone
(for comparisons, or should a workload ever build cycles page after page).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Generator, Iterable, Iterator
from typing import Final, TypeVar

T = TypeVar("T")

# Generation-0 threshold 10,000 (CPython's default is 700); the older generations keep theirs.
WORKER_THRESHOLDS: Final[tuple[int, int, int]] = (10_000, 10, 10)
# Records a worker produces before it settles: two of ``Pipeline.run``'s batches of 16, by
# which time every stage has run and loaded its resources.
WARM_RECORDS: Final = 32
ENV_SWITCH: Final = "KHABAR_WORKER_GC"

_state: dict[str, tuple[int, int, int] | None] = {"previous": None}
# Records this worker process has put out through ``settled_after``, over all its calls.
_seen: list[int] = [0]


def wanted() -> bool:
    """False when ``KHABAR_WORKER_GC=default`` asks to leave the collector as Python sets it."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in {"default", "0", "off"}


def is_settled() -> bool:
    """Whether this process's collector is currently settled by :func:`settle`."""
    return _state["previous"] is not None


def records_seen() -> int:
    """Records this process has put out through :func:`settled_after` so far."""
    return _seen[0]


def settle() -> bool:
    """Collect, freeze the survivors, raise the young threshold — once per process.

    Returns True when this call settled the collector (False: already settled, or not
    wanted). Call it in a process that does batch work only, after its warm-up.
    """
    if is_settled() or not wanted():
        return False
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*WORKER_THRESHOLDS)
    _state["previous"] = (previous[0], previous[1], previous[2])
    return True


def unsettle() -> None:
    """Put the collector back as :func:`settle` found it (frozen objects become ordinary
    old objects again, to be collected as usual). Does nothing when not settled."""
    previous = _state["previous"]
    if previous is None:
        return
    gc.unfreeze()
    gc.set_threshold(*previous)
    _state["previous"] = None


def settled_after(records: Iterable[T], warm: int = WARM_RECORDS) -> Iterator[T]:
    """``records`` unchanged; the collector is settled once this process has put out
    ``warm`` records through this function (counted over all calls: a worker fed small
    chunks or partitions settles too).

    For a worker process that does nothing but batch work: the collector stays settled
    when the records end (the next partition or chunk of the same worker profits too).
    """
    for record in records:
        if _seen[0] == warm:
            settle()
        _seen[0] += 1
        yield record


def settled_while(records: Iterable[T], warm: int = WARM_RECORDS) -> Generator[T, None, None]:
    """``records`` unchanged, the collector settled after ``warm`` of them and put back as
    it was when they end (or the consumer stops): for a run inside a process that does
    other things afterwards (the CLI's in-process run, a test).

    Leaves a collector that was already settled (by an enclosing run) as it is.
    """
    ours = False
    try:
        for count, record in enumerate(records):
            if count == warm:
                ours = settle()
            yield record
    finally:
        if ours:
            unsettle()
