"""Shared fixtures: where ../shared is, and skipping cleanly when it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
SEED_PAGE = SHARED / "seed" / "000_fd38ac84f22198a4.txt"
GOLD_DEV = SHARED / "gold-dev"

needs_shared = pytest.mark.skipif(
    not SEED_PAGE.exists(),
    reason=f"../shared is not beside this checkout ({SHARED} missing): gold and data tests skipped",
)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SEED_PAGE.exists():
        pytest.skip(f"../shared is not beside this checkout ({SHARED} missing)")
    return SHARED


@pytest.fixture
def collector_as_python_sets_it() -> Iterator[None]:
    """The garbage collector unsettled (``khabar.run.collector``) with its thresholds as they
    were, before and after a test that settles it."""
    import gc

    from khabar.run.collector import unsettle

    unsettle()
    before = gc.get_threshold()
    yield
    unsettle()
    gc.set_threshold(*before)
