"""Queue benchmark (issue 12 item 3): what one submit and one start cost with a long queue.

--users users each submit --per-user jobs through POST /api/v1/jobs/ (DRF test client, token
auth), round-robin so the fair queue interleaves them; then --starts jobs are claimed the way the
worker claims them (generation.actions.start on what the queue dispatched). For each submit and
each start: wall time, Redis commands (INFO commandstats delta on a private redis-server, so
nobody else's traffic counts) and database queries (CaptureQueriesContext). No worker runs:
the broker messages just accumulate in the private Redis.

Throwaway SQLite database and media folder; the engine info is published from a loaded tiny
backend, as a worker does.

    .venv/bin/python bench/queue_bench.py [--users 100] [--per-user 5] [--starts 100] [--record]

--record writes the table into docs/benchmarks.md between the queue-bench markers of --label
(before / after), so the figures of the code before a change stay next to those after it.
"""

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docs_block import write_block

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DOC = REPO / "docs" / "benchmarks.md"
INTRO = """`bench/queue_bench.py` (in `make bench`): N users' queued jobs through POST /api/v1/jobs/,
then worker-style starts (`generation.actions.start`); wall time, Redis commands (INFO
commandstats of a private redis-server) and DB queries per submit and per start. "before" is
the queue of commit 49b0eb7 (every change re-planned the whole queue under a global Redis
lock: one UPDATE of every moved position, one job event per moved job); "after" derives
positions on read and sends one "queue" message per user whose jobs moved, at most once per
JOB_QUEUE_BROADCAST_INTERVAL (generation/queue.py).
No socket is connected, so a group_send costs its bookkeeping only; with sockets open the
difference grows with each message not sent."""


def markers(label):
    return f"<!-- queue-bench:{label}:begin -->", f"<!-- queue-bench:{label}:end -->"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_redis(tmp):
    port = _free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp),
                                "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("redis-server did not start")


TMP = Path(tempfile.mkdtemp(prefix="kstudio-queue-bench-"))
REDIS, REDIS_PORT = _start_redis(TMP)
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=f"sqlite:///{TMP / 'bench.sqlite3'}",
    VAR_DIR=str(TMP), MEDIA_ROOT=str(TMP / "media"), REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
    KANDINSKY_MODEL="tiny", ALLOWED_HOSTS="localhost,testserver", JOB_MAX_ACTIVE_PER_USER="1000",
    JOB_RATE_PER_MINUTE="100000", ENGINE_INFO_TTL="86400", LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402


def redis_commands(client):
    """Total commands the server has run (INFO commandstats), minus the INFO calls themselves."""
    stats = client.info("commandstats")
    return sum(v["calls"] for k, v in stats.items() if k != "cmdstat_info")


class Meter:
    def __init__(self):
        self.redis = redis.Redis(port=REDIS_PORT)
        self.samples = []  # (seconds, redis commands, db queries)

    def measure(self, fn):
        # CaptureQueriesContext counts from Django's query log, which keeps the last 9,000:
        # once full, a difference of lengths is 0. Start each measure on an empty log.
        connection.queries_log.clear()
        before = redis_commands(self.redis)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = fn()
            took = time.perf_counter() - started
        self.samples.append((took, redis_commands(self.redis) - before, len(queries)))
        return result

    def summary(self):
        times, ops, queries = zip(*self.samples)
        return {
            "n": len(self.samples), "ms_p50": statistics.median(times) * 1000,
            "ms_max": max(times) * 1000, "redis_mean": statistics.mean(ops), "redis_max": max(ops),
            "db_mean": statistics.mean(queries), "db_max": max(queries),
        }


def publish_engine_info():
    """What a worker announces once its model is loaded (the tiny one: seconds on a CPU)."""
    from generation import engine_info
    from generation.engine.backends import tiny

    engine_info.publish(tiny.load_tiny("cpu"))


def run(args):
    from django.contrib.auth import get_user_model

    from generation import actions
    from generation.models import Job

    call_command("migrate", verbosity=0)
    publish_engine_info()
    clients = []
    for i in range(args.users):
        user = get_user_model().objects.create_user(f"queue{i}", password="x")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        clients.append(client)
    body = {"kind": "text2img", "prompt": "a red square", "steps": 2}
    submits = Meter()
    started = time.perf_counter()
    for _ in range(args.per_user):
        for client in clients:
            response = submits.measure(lambda: client.post("/api/v1/jobs/", body, format="json"))
            assert response.status_code == 201, response.content
    submit_wall = time.perf_counter() - started
    starts = Meter()
    started = time.perf_counter()
    for i in range(args.starts):
        # The worker takes the oldest message the broker holds: the queue's next dispatched job.
        job = Job.objects.filter(status=Job.Status.QUEUED, dispatched_at__isnull=False).order_by(
            "dispatched_at", "created_at").first()
        claimed = starts.measure(lambda: actions.start(str(job.pk), worker_id=f"bench pid {os.getpid()}",
                                                       task_id=job.task_id))
        assert claimed is not None
        Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED)  # done, off the queue
    start_wall = time.perf_counter() - started
    return submits.summary(), submit_wall, starts.summary(), start_wall


def table(args, submit, submit_wall, start, start_wall):
    total = args.users * args.per_user
    rows = [
        f"Run: `bench/queue_bench.py --users {args.users} --per-user {args.per_user} --starts {args.starts}` "
        f"({total} queued jobs); SQLite, private redis-server; {platform.machine()}, {os.cpu_count()} cores, "
        f"shared; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| step | count | wall (s) | ms p50 | ms max | Redis cmds mean | Redis cmds max | DB queries mean | DB queries max |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s, wall in (("submit (POST /api/v1/jobs/)", submit, submit_wall),
                          ("start (actions.start)", start, start_wall)):
        rows.append(f"| {name} | {s['n']} | {wall:.1f} | {s['ms_p50']:.1f} | {s['ms_max']:.1f} | "
                    f"{s['redis_mean']:.1f} | {s['redis_max']} | {s['db_mean']:.1f} | {s['db_max']} |")
    return "\n".join(rows)


def record(text, label):
    begin, end = markers(label)
    write_block(DOC, begin, end, f"**{label}**: {text}", heading="## Queue (issue 12)", intro=INTRO)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=5)
    parser.add_argument("--starts", type=int, default=100)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--label", default="after", help="the block --record replaces: before or after a change")
    arguments = parser.parse_args()
    try:
        results = run(arguments)
    finally:
        REDIS.kill()
        REDIS.wait()
    output = table(arguments, *results)
    print(output)
    if arguments.record:
        record(output, arguments.label)
