#!/usr/bin/env bash
# Quick start (1): set up, then run the main job on the bundled example pages.
# Pages in examples/ (text dumps, HTML, WARC, JSONL) → pipeline → khabar.db (embedded SQLite),
# then a readable summary: articles, dates, who said what.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh all
db="${KHABAR_DB:-khabar.db}"
.venv/bin/khabar ingest examples --db "$db"
.venv/bin/khabar report --db "$db"
