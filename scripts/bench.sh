#!/usr/bin/env bash
# `make bench`: the engine benchmark and the system benchmark, whichever exist yet, against a
# Redis that answers. Each prints its own table (see docs/benchmarks.md).
set -euo pipefail
REDIS_URL=$(bash scripts/ensure_redis.sh)
export REDIS_URL
ran=0
# Both keep their figures in docs/benchmarks.md (the engine bench by default, the system bench with --record).
for bench in "bench/engine_bench.py" "bench/system_bench.py --record"; do
  [ -f "${bench%% *}" ] || { echo "(${bench%% *} is not there yet; skipped)"; continue; }
  echo "== $bench"
  # shellcheck disable=SC2086
  .venv/bin/python $bench
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "No benchmark scripts under bench/ yet." >&2; exit 1; }
