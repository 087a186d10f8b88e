#!/usr/bin/env bash
# The whole test suite. Uses PostgreSQL, Redis and Chromium when this machine has them and
# says what it skipped when it does not (make test on a bare laptop still runs the rest).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

if [ -z "${DATABASE_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/haimen_sci"
fi
if [ -z "${REDIS_URL:-}" ] && command -v redis-cli >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
  export REDIS_URL="redis://127.0.0.1:6379/15"
fi
echo "tests on: database=${DATABASE_URL:-SQLite (no PostgreSQL found)} redis=${REDIS_URL:-none (eager Celery, worker test skipped)} chromium=$([ -x /usr/bin/chromium ] && echo yes || echo 'no (browser tests skipped)')"

"$PY" -m pytest -rs "$@"
