#!/usr/bin/env bash
# Run the test suite against a Redis that answers (a private one when none does; it stays up
# for the next run, `make stop-redis` stops it). Arguments go to pytest.
set -euo pipefail
REDIS_URL=$(bash scripts/ensure_redis.sh)
# The test settings, whatever the caller's shell exports: the environment beats pytest's ini.
export REDIS_URL DJANGO_SETTINGS_MODULE=config.test_settings
exec .venv/bin/pytest "$@"
