#!/usr/bin/env bash
# Set up everything the tests need (venv, Chromium for the UI tests) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh dev
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
export PYTHONHASHSEED=0
# The suite runs against what ships: the compiled build when setup made one (tests/test_compiled.py
# then insists on it). KHABAR_COMPILED=0 ./scripts/test.sh runs the same suite as pure Python.
if [ "${KHABAR_COMPILED:-1}" != 0 ] && .venv/bin/python scripts/build_compiled.py --check; then
  export KHABAR_EXPECT_COMPILED=1
fi
.venv/bin/python -m pytest -q "$@"
