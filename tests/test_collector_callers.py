"""The in-process batch runs outside the engines — ``khabar extract`` and ``khabar ingest``
(``store.ingest_paths``) — settle the garbage collector once warm and put it back after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.run.collector import WARM_RECORDS, WORKER_THRESHOLDS, is_settled
from khabar.store.ingest import ingest_paths
from khabar.store.sqlite import IngestCounts

PLACES = ["الرياض", "جدة", "الدمام", "أبها", "تبوك", "مكة المكرمة"]


def _write_pages(folder: Path, count: int) -> list[str]:
    """``count`` small invented text pages, each a different story."""
    paths = []
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        page = (
            f"افتتاح المركز الصحي رقم {n + 1} في {place}\n"
            f"{place}: فريق التحرير\n"
            f"افتتح أمير المنطقة اليوم المركز الصحي رقم {n + 1} في حي النخيل، "
            f"وقال مدير الصحة إن المركز يخدم نحو {1000 + n} مراجع في الشهر.\n"
        )
        path = folder / f"page_{n:03d}.txt"
        path.write_text(page, encoding="utf-8")
        paths.append(str(path))
    return paths


# every test starts and ends with the collector unsettled, its thresholds restored
pytestmark = pytest.mark.usefixtures("collector_as_python_sets_it")


def test_ingest_settles_the_collector_while_warm_and_puts_it_back(tmp_path: Path) -> None:
    paths = _write_pages(tmp_path, WARM_RECORDS + 24)
    before = gc.get_threshold()
    seen: list[bool] = []

    def report(counts: IngestCounts) -> None:
        seen.append(is_settled())

    counts = ingest_paths(tmp_path / "corpus.db", paths, batch_size=8, progress=report)

    assert counts.stored == len(paths)
    assert seen[0] is False  # the first batch is stored before the pipeline is warm
    assert True in seen  # later batches run with the collector settled
    assert gc.get_threshold() == before and gc.get_threshold() != WORKER_THRESHOLDS
    assert not is_settled() and gc.get_freeze_count() == 0


def test_extract_command_puts_the_collector_back(tmp_path: Path) -> None:
    _write_pages(tmp_path, WARM_RECORDS + 4)
    before = gc.get_threshold()

    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--no-annotate"])

    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == WARM_RECORDS + 4
    assert gc.get_threshold() == before
    assert not is_settled() and gc.get_freeze_count() == 0
