#!/usr/bin/env bash
# Serve the product: daphne + a Celery worker under honcho. Ctrl-C stops what this started.
set -euo pipefail
export REDIS_URL=$(bash scripts/ensure_redis.sh)
export PORT=${PORT:-8000}
echo "Kandinsky Studio: http://127.0.0.1:$PORT/"
exec .venv/bin/honcho start -f Procfile
