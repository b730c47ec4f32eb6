"""No data lost or duplicated: SIGKILL during ``khabar ingest``/``khabar batch``, and two
ingests on one database at once.

Real processes, a real SQLite file, a real ``kill -9``. Each scenario runs with 5 seeds
(the seed picks where the kills land), so CI runs it 5 times. The reference is an
uninterrupted run over the same pages, made once per session.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from fuzz_support import make_corpus

pytestmark = pytest.mark.slow

PAGES = 150
SEEDS = [11, 23, 37, 41, 59]
KILLS_PER_RUN = 3
RUN_TIMEOUT = 300  # seconds; a hung run fails the test instead of hanging CI


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.pop("KHABAR_INGEST_TOKEN", None)
    return env


def _khabar(*args: str) -> list[str]:
    return [sys.executable, "-m", "khabar", *args]


def _run(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        list(args), cwd=cwd, env=_env(), capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    assert done.returncode == 0, f"{' '.join(args)} → {done.returncode}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "pages"
    make_corpus(folder, PAGES, seed=2026)
    return folder


# --- the corpus database ------------------------------------------------------------------
def _ingest_args(corpus: Path, db: Path, batch: int) -> list[str]:
    return _khabar(
        "ingest", str(corpus), "--db", str(db), "--batch", str(batch), "--allow-failures"
    )


def _article_count(db: Path) -> int:
    if not db.exists():
        return -1
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return -1  # schema not created yet, or locked for a moment


def _snapshot(db: Path) -> dict[str, object]:
    """Everything that must be identical between a killed-and-resumed and a clean corpus."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # FTS5 external-content indexes agree with their tables (raises when they do not).
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES('integrity-check')")
        ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
        assert len(ids) == len(set(ids))
        sightings = conn.execute(
            "SELECT a.id, s.path FROM sightings s JOIN articles a ON a.rowid = s.article "
            "ORDER BY s.path"
        ).fetchall()
        quotes = conn.execute(
            'SELECT a.id, q.start, q."end", q.text FROM quotes q '
            'JOIN articles a ON a.rowid = q.article ORDER BY a.id, q.start, q."end"'
        ).fetchall()
        entities = conn.execute(
            'SELECT a.id, e.start, e."end", e.label FROM entities e '
            'JOIN articles a ON a.rowid = e.article ORDER BY a.id, e.start, e."end", e.label'
        ).fetchall()
        layers_in_json = conn.execute(
            "SELECT sum(json_array_length(json, '$.quotes')), "
            "sum(json_array_length(json, '$.entities')) FROM articles"
        ).fetchone()
        assert tuple(layers_in_json) == (len(quotes), len(entities)) or not ids
        fts_rows = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert fts_rows == len(ids)
        failed_paths = {row[0] for row in conn.execute("SELECT DISTINCT path FROM failures")}
    finally:
        conn.close()
    return {
        "ids": ids,
        "sightings": sightings,
        "quotes": quotes,
        "entities": entities,
        "failed": sorted(p for p in failed_paths if p),
    }


@pytest.fixture(scope="module")
def reference_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("reference") / "clean.db"
    _run(_ingest_args(corpus, db, 50), corpus.parent)
    snapshot = _snapshot(db)
    ids = snapshot["ids"]
    assert isinstance(ids, list) and len(ids) >= PAGES * 0.9, "most generated pages must store"
    return snapshot


def _kill_at(proc: subprocess.Popen[bytes], db: Path, rng: random.Random) -> tuple[str, bool]:
    """SIGKILL ``proc`` at a seeded point: a fraction of a second after start (schema,
    first transaction) or once the corpus holds a seeded number of articles."""
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.0, 1.5))
        where = "early"
    else:
        target = rng.randrange(PAGES)
        deadline = time.monotonic() + RUN_TIMEOUT
        while proc.poll() is None and _article_count(db) < target:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.05))
        where = f"after ~{target} articles"
    return where, _kill(proc)


def _start(args: Sequence[str], cwd: Path) -> subprocess.Popen[bytes]:
    """Start a khabar command in its own process group (its workers die with it)."""
    return subprocess.Popen(
        list(args),
        cwd=cwd,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[bytes]) -> bool:
    """``kill -9`` the command and any worker processes it started, then reap it.

    True when the kill interrupted it (it had not finished on its own)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=30)
    return proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("seed", SEEDS)
def test_ingest_killed_repeatedly_then_resumed_stores_every_page_once(
    seed: int, corpus: Path, reference_db: dict[str, object], tmp_path: Path
) -> None:
    rng = random.Random(seed)
    db = tmp_path / "corpus.db"
    kills = []
    for _ in range(KILLS_PER_RUN):
        batch = rng.choice([1, 7, 50])
        proc = _start(_ingest_args(corpus, db, batch), corpus.parent)
        kills.append(_kill_at(proc, db, rng))
    assert any(killed for _, killed in kills), f"no kill interrupted a run: {kills}"
    _run(_ingest_args(corpus, db, rng.choice([7, 50])), corpus.parent)
    assert _snapshot(db) == reference_db, f"seed {seed}, kills at {kills}"


@pytest.mark.parametrize("seed", SEEDS)
def test_two_ingests_on_one_database_at_once(
    seed: int, corpus: Path, reference_db: dict[str, object], tmp_path: Path
) -> None:
    rng = random.Random(seed)
    db = tmp_path / "shared.db"
    procs = []
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                _ingest_args(corpus, db, rng.choice([1, 5, 25])),
                cwd=corpus.parent,
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        time.sleep(rng.uniform(0.0, 0.5))
    for proc in procs:
        _, err = proc.communicate(timeout=RUN_TIMEOUT)
        assert proc.returncode == 0, f"concurrent ingest failed ({proc.returncode}): {err[-3000:]}"
        assert "Traceback" not in err and "locked" not in err.lower(), err[-3000:]
    assert _snapshot(db) == reference_db


# --- batch shards -------------------------------------------------------------------------
SHARD_SIZE = 20


def _batch_args(corpus: Path, out: Path, workers: int) -> list[str]:
    return _khabar(
        "batch",
        str(corpus),
        "--out",
        str(out),
        "--shard-size",
        str(SHARD_SIZE),
        "--workers",
        str(workers),
        "--quiet",
    )


def _output_files(out: Path) -> dict[str, bytes]:
    """Every output file except the manifest's run-specific fields (timings, counts of skips)."""
    files: dict[str, bytes] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(out).as_posix()
        assert not name.rsplit("/", 1)[-1].startswith("."), f"temporary file left: {name}"
        if name == "manifest.json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            files[name] = json.dumps(manifest.get("shards"), sort_keys=True).encode()
        else:
            files[name] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def reference_batch(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("batch-ref") / "out"
    _run(_batch_args(corpus, out, 1), corpus.parent)
    files = _output_files(out)
    shards = [n for n in files if n.startswith("articles/")]
    assert len(shards) == -(-PAGES // SHARD_SIZE), shards
    return files


def _finished_shards(out: Path) -> int:
    folder = out / "articles"
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_resumed_after_kills_writes_what_an_uninterrupted_run_writes(
    seed: int, corpus: Path, reference_batch: dict[str, bytes], tmp_path: Path
) -> None:
    rng = random.Random(seed)
    out = tmp_path / "out"
    total_shards = -(-PAGES // SHARD_SIZE)
    interrupted = []
    for _ in range(KILLS_PER_RUN):
        proc = _start(_batch_args(corpus, out, rng.choice([1, 2])), corpus.parent)
        target = rng.randrange(total_shards)
        deadline = time.monotonic() + RUN_TIMEOUT
        while proc.poll() is None and _finished_shards(out) < target:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.3))
        interrupted.append(_kill(proc))
    assert any(interrupted), "no kill interrupted a run"
    _run(_batch_args(corpus, out, 1), corpus.parent)
    assert _output_files(out) == reference_batch
