#!/usr/bin/env bash
# Stop a private redis-server (see ensure_redis.sh) by pid, waiting while it saves and exits.
# Exit status 1 when no such process was running.
set -u
pid=${1:-}
[ -n "$pid" ] && kill "$pid" 2>/dev/null || exit 1
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
echo "redis-server $pid is still shutting down." >&2
