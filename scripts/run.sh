#!/usr/bin/env bash
# Serve the product: daphne, a Celery worker and celery beat under honcho (Procfile). Ctrl-C stops everything
# this started, including a private redis-server when this run had to start one.
set -euo pipefail
export PORT=${PORT:-8000} HOST=${HOST:-127.0.0.1}
# daphne would fail inside honcho's output; say it plainly before starting anything.
if ! .venv/bin/python -c 'import socket, sys; socket.create_server((sys.argv[1], int(sys.argv[2]))).close()' \
    "$HOST" "$PORT" 2>/dev/null; then
  echo "Port $PORT on $HOST is taken (another make run?). Pick another: PORT=$((PORT + 1)) make run" >&2
  exit 1
fi

started=$(mktemp)
stop_private_redis() {
  local pid; pid=$(cat "$started" 2>/dev/null || true); rm -f "$started"
  if bash scripts/stop_redis.sh "$pid"; then echo "Stopped the private redis-server (pid $pid)."; fi
}
trap stop_private_redis EXIT

REDIS_URL=$(REDIS_STARTED_FILE=$started bash scripts/ensure_redis.sh)
export REDIS_URL
# whitenoise serves from the finders in development but warns when STATIC_ROOT is missing.
mkdir -p "${VAR_DIR:-var}/static"
echo "Kandinsky Studio: http://$HOST:$PORT/  (Redis: $REDIS_URL; Ctrl-C stops it)"
echo "An admin account for /admin/: make superuser"

# honcho runs in the background so a signal reaches this script at once; honcho stops its
# process groups (daphne, the worker and its pool) on INT/TERM.
# The Telegram bot runs only with a token (docs/telegram.md); without one the rest runs alone.
services="web worker beat"
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then services="$services bot"; echo "Telegram bot: on"; fi
# shellcheck disable=SC2086
.venv/bin/honcho start -f Procfile $services &
honcho=$!
trap 'kill -TERM "$honcho" 2>/dev/null || true' INT TERM
status=0
wait "$honcho" || status=$?
# A trapped signal ends `wait` early: wait again until honcho has stopped its processes.
while kill -0 "$honcho" 2>/dev/null; do wait "$honcho" || status=$?; done
exit "$status"
