#!/usr/bin/env bash
# Run the test suite against a Redis that answers (a private one when none does).
set -euo pipefail
export REDIS_URL=$(bash scripts/ensure_redis.sh)
exec .venv/bin/pytest "$@"
