#!/usr/bin/env bash
# `make bench`: the engine, system and canvas (browser) benchmarks, whichever exist yet, against a
# Redis that answers. Each prints its own table (see docs/benchmarks.md).
set -euo pipefail
REDIS_URL=$(bash scripts/ensure_redis.sh)
export REDIS_URL
ran=0
# All keep their figures in docs/benchmarks.md (the engine bench by default, the others with --record).
# The canvas bench drives Debian's Chromium.
bash scripts/ensure_system_packages.sh chromium
for bench in "bench/engine_bench.py" "bench/system_bench.py --record" "bench/canvas_bench.py --record" "bench/nano_bench.py --record" "bench/queue_bench.py --record"; do
  [ -f "${bench%% *}" ] || { echo "(${bench%% *} is not there yet; skipped)"; continue; }
  echo "== $bench"
  # shellcheck disable=SC2086
  .venv/bin/python $bench
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "No benchmark scripts under bench/ yet." >&2; exit 1; }
