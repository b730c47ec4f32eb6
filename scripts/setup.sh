#!/usr/bin/env bash
# Create .venv and install khabar with the extras named in $1 (default: all).
# Idempotent: a second run only checks that everything is in place.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-all}"
# The compile tools (mypy brings mypyc) come along unless KHABAR_COMPILE=0.
if [ "${KHABAR_COMPILE:-1}" != 0 ]; then extras="$extras,compile"; fi
python3 -m venv .venv 2>/dev/null || { echo "python3 -m venv failed: install python3-venv" >&2; exit 1; }
stamp=".venv/.khabar-installed-$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[$extras]"
  touch "$stamp"
fi
# Optional: compile the NLP core with mypyc into build/compiled/ (needs mypy, from the
# compile extra, and a C compiler). khabar serves it only while it matches the sources (khabar/_compiled.py);
# without it, or with KHABAR_COMPILE=0, everything runs as pure Python. Never fails setup.
if [ "${KHABAR_COMPILE:-1}" = 0 ]; then
  echo "KHABAR_COMPILE=0: not compiling; khabar runs as pure Python"
else
  status=0
  .venv/bin/python scripts/build_compiled.py --if-stale || status=$?
  if [ "$status" != 0 ] && [ "$status" != 3 ]; then
    echo "warning: the mypyc compile failed (status $status); khabar runs as pure Python" >&2
  fi
fi
