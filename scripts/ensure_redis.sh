#!/usr/bin/env bash
# Print a Redis URL that answers: REDIS_URL when it does, else a private redis-server on a unix
# socket under $VAR_DIR/redis (var/redis). A private server already running is reused.
# REDIS_STARTED_FILE: when set and this call starts the server, its pid is written there, so
# the caller (scripts/run.sh) can stop what it started.
set -euo pipefail
url=${REDIS_URL:-redis://127.0.0.1:6379/0}
py=${PYTHON_BIN:-.venv/bin/python}
ping() { "$py" -c 'import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()' "$1" 2>/dev/null; }

if ping "$url"; then echo "$url"; exit 0; fi

dir=$(realpath -m "${VAR_DIR:-var}/redis")
sock=$dir/redis.sock
# A unix socket path must fit in 107 bytes; a deep checkout gets one under /tmp instead.
if [ ${#sock} -gt 100 ]; then sock=/tmp/kstudio-redis-$(id -u)-$(printf %s "$dir" | cksum | cut -d' ' -f1).sock; fi
private="unix://$sock?db=0"
if [ -S "$sock" ] && ping "$private"; then echo "$private"; exit 0; fi

bash scripts/ensure_system_packages.sh redis-server >&2
mkdir -p "$dir"
# Two commands starting at once (make run + make test) must not start two servers on one socket.
exec 9>"$dir/start.lock"
command -v flock >/dev/null && flock 9
if ! { [ -S "$sock" ] && ping "$private"; }; then
  echo "No Redis answered at $url; starting a private redis-server on $sock." >&2
  redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
    --appendonly yes --maxmemory-policy noeviction >&2 9>&-  # the daemon must not hold the lock
  for _ in $(seq 50); do ping "$private" && break; sleep 0.1; done
  ping "$private" || { echo "The private redis-server did not start; see $dir/redis.log" >&2; exit 1; }
  [ -z "${REDIS_STARTED_FILE:-}" ] || cat "$dir/redis.pid" >"$REDIS_STARTED_FILE"
fi
echo "$private"
