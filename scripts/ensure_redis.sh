#!/usr/bin/env bash
# Print a Redis URL that answers: REDIS_URL when it does, else a private redis-server under var/redis.
set -euo pipefail
url=${REDIS_URL:-redis://127.0.0.1:6379/0}
py=${PYTHON_BIN:-.venv/bin/python}
ping() { "$py" -c 'import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()' "$1" 2>/dev/null; }

if ping "$url"; then echo "$url"; exit 0; fi

dir=var/redis
sock="$PWD/$dir/redis.sock"
private="unix://$sock?db=0"
if [ -S "$sock" ] && ping "$private"; then echo "$private"; exit 0; fi

bash scripts/ensure_system_packages.sh redis-server >&2
mkdir -p "$dir"
echo "No Redis answered at $url; starting a private redis-server ($sock)." >&2
redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$PWD/$dir" \
  --daemonize yes --pidfile "$PWD/$dir/redis.pid" --logfile "$PWD/$dir/redis.log" \
  --appendonly yes --maxmemory-policy noeviction >&2
for _ in $(seq 50); do ping "$private" && { echo "$private"; exit 0; }; sleep 0.1; done
echo "The private redis-server did not start; see $dir/redis.log" >&2
exit 1
