"""System benchmark (issue 4): the whole jobs chain with one real Celery worker, tiny backend.

(a) one text2img at 256 px: POST → final websocket message, against the bare engine call with
    the same params in this process; the ratio is the system's overhead.
(b) 20 users × 3 jobs submitted at once: every job finishes, no "job"/"progress" message is
    lost or duplicated per job, each user hears only their own jobs; p50/p95 of the time from
    POST to the job's first progress message.

The chain is real: Django test client for HTTP, a `celery worker` subprocess (prefork, one
child) on the Redis broker, channels-redis, and WebsocketCommunicator clients on the ASGI app
(daphne's own framing is the only part left out). It runs on a throwaway SQLite database and
media folder, and on Redis db BENCH_REDIS_DB (default 11) of REDIS_URL's server, flushed first.

    .venv/bin/python bench/system_bench.py [--users 20] [--jobs 3] [--steps 4] [--record]

--record writes the table into docs/benchmarks.md between the system-bench markers.
"""

import argparse
import asyncio
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from config.redis_urls import with_db  # noqa: E402


def _environment():
    """Throwaway database, media and Redis db for this run and its worker subprocess."""
    tmp = Path(tempfile.mkdtemp(prefix="kstudio-bench-"))
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    # Its own Redis database, apart from a developer's (0) and the test suite's (15).
    bench_redis = with_db(redis_url, os.environ.get("BENCH_REDIS_DB", "14"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        VAR_DIR=str(tmp), MEDIA_ROOT=str(tmp / "media"), REDIS_URL=bench_redis, CHANNELS_PREFIX="bench-asgi",
        JOB_REDIS_PREFIX="bench", KANDINSKY_MODEL="tiny", ALLOWED_HOSTS="localhost,testserver",
        JOB_MAX_ACTIVE_PER_USER="100", JOB_RATE_PER_MINUTE="1000", LOG_LEVEL="WARNING",
    )
    return tmp


TMP = _environment()

import django  # noqa: E402

django.setup()

from asgiref.sync import sync_to_async  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from config.asgi import application  # noqa: E402


def start_worker():
    log = open(TMP / "worker.log", "wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "gpu,default", "-c", "1",
         "--without-mingle", "--without-gossip", "--loglevel", "INFO"],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while b" ready." not in (TMP / "worker.log").read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit("The worker did not start:\n" + (TMP / "worker.log").read_text())
        time.sleep(0.2)
    from generation import engine_info

    while engine_info.get_info() is None:  # the child loads the model in the background
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit("The worker did not load the model:\n" + (TMP / "worker.log").read_text())
        time.sleep(0.5)
    return worker


def make_users(count):
    from django.contrib.auth import get_user_model

    users = []
    for i in range(count):
        user = get_user_model().objects.create_user(f"bench{i}", password="x")
        users.append((user, Token.objects.create(user=user).key))
    return users


async def open_socket(token):
    socket = WebsocketCommunicator(application, "/ws/jobs/", headers=[
        (b"origin", b"http://localhost"), (b"host", b"localhost"), (b"authorization", f"Token {token}".encode())])
    connected, _ = await socket.connect()
    assert connected
    return socket


def post_job(token, params):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post("/api/v1/jobs/", params, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


FINAL = ("succeeded", "failed", "cancelled")


async def listen(socket, count, log, deadline):
    """Collect (time, message) until `count` jobs have had their final message."""
    finished = set()
    while len(finished) < count:
        message = await socket.receive_json_from(timeout=max(1, deadline - time.monotonic()))
        log.append((time.monotonic(), message))
        job = message.get("job")
        if job and job["status"] in FINAL:
            finished.add(job["id"])


async def end_to_end(token, params):
    socket = await open_socket(token)
    log = []
    start = time.monotonic()
    job_id = await sync_to_async(post_job)(token, params)
    await listen(socket, 1, log, start + 600)
    await socket.disconnect()
    final = log[-1][1]["job"]
    assert final["status"] == "succeeded", final
    return log[-1][0] - start


def bare_engine(params):
    from generation.engine import GenerationParams, load_backend, run

    backend = load_backend("tiny")
    start = time.perf_counter()
    run(backend, "text2img", GenerationParams(**params))
    return time.perf_counter() - start


async def crowd(users, jobs_per_user, params):
    """Everyone submits at once while every socket listens (so no channel buffer fills up)."""
    sockets = [await open_socket(token) for _, token in users]
    logs = [[] for _ in users]
    posted = {}  # job id → (user index, POST time)

    def submit_all():
        for _ in range(jobs_per_user):
            for index, (_, token) in enumerate(users):
                posted[post_job(token, params)] = (index, time.monotonic())

    start = time.monotonic()
    listeners = asyncio.gather(*[listen(s, jobs_per_user, log, start + 1800) for s, log in zip(sockets, logs)])
    await sync_to_async(submit_all)()
    await listeners
    wall = time.monotonic() - start
    for socket in sockets:
        await socket.disconnect()
    own = [{job for job, (i, _) in posted.items() if i == index} for index in range(len(users))]
    return posted, own, logs, wall


def check_crowd(posted, own, logs):
    """Every job finished once, progress steps never repeat, nobody heard another's job."""
    first_progress, problems = {}, []
    for index, log in enumerate(logs):
        finals, steps = {}, {}
        for at, message in log:
            job_id = message.get("job", {}).get("id") or message.get("job_id")
            if job_id not in own[index]:
                problems.append(f"user {index} heard job {job_id}")
                continue
            if message["type"] == "progress":
                first_progress.setdefault(job_id, at - posted[job_id][1])
                if message["step"] in steps.setdefault(job_id, set()):
                    problems.append(f"duplicate progress step {message['step']} of {job_id}")
                steps[job_id].add(message["step"])
            elif message["job"]["status"] in FINAL:
                finals[job_id] = finals.get(job_id, 0) + 1
                if message["job"]["status"] != "succeeded":
                    problems.append(f"{job_id} ended {message['job']['status']}")
        for job_id in own[index]:
            if finals.get(job_id) != 1:
                problems.append(f"{job_id}: {finals.get(job_id, 0)} final messages")
            if job_id not in first_progress:
                problems.append(f"{job_id}: no progress message")
    return first_progress, problems


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def record(table):
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"<!-- system-bench:start -->\n{table}\n<!-- system-bench:end -->"
    if "<!-- system-bench:start -->" in text:
        text = re.sub(r"<!-- system-bench:start -->.*?<!-- system-bench:end -->", lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## System (jobs end to end)\n\n" + block + "\n"
    path.write_text(text)


def prepare(args):
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    call_command("migrate", verbosity=0)
    return make_users(args.users)


async def main(args, users):
    worker = start_worker()
    try:
        single = {"prompt": "a lighthouse at dusk", "width": 256, "height": 256, "seed": 1}
        crowd_params = {**single, "steps": args.steps}
        # Warm both sides (model load in the worker child, and here) before measuring.
        await end_to_end(users[0][1], {"kind": "text2img", **crowd_params})
        bare_engine(crowd_params)
        e2e = [await end_to_end(users[0][1], {"kind": "text2img", **single}) for _ in range(args.repeat)]
        bare = [bare_engine(single) for _ in range(args.repeat)]
        posted, own, logs, wall = await crowd(users, args.jobs, {"kind": "text2img", **crowd_params})
    finally:
        worker.terminate()
        worker.wait(30)
    first_progress, problems = check_crowd(posted, own, logs)
    ttfp = list(first_progress.values())
    e2e_s, bare_s = statistics.median(e2e), statistics.median(bare)
    table = "\n".join([
        f"One Celery worker (prefork, 1 child), tiny backend on CPU, 256×256 text2img, seed 1; "
        f"median of {args.repeat}.",
        "",
        "| measurement | value |",
        "|---|---:|",
        f"| (a) POST → final websocket message, default steps | {e2e_s:.2f} s |",
        f"| (a) bare engine run(), same params, same run | {bare_s:.2f} s |",
        f"| (a) ratio end-to-end / bare | {e2e_s / bare_s:.2f} |",
        f"| (b) {args.users} users × {args.jobs} jobs ({args.steps} decoder steps) submitted at once: "
        f"finished | {sum(len(o) for o in own) - sum('final messages' in p for p in problems)}"
        f"/{len(posted)} |",
        f"| (b) wall time until the last job finished | {wall:.1f} s |",
        f"| (b) time to first progress p50 / p95 | {percentile(ttfp, 0.5):.1f} s / {percentile(ttfp, 0.95):.1f} s |",
        f"| (b) lost, duplicated or misdelivered messages | {len(problems)} |",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU threads, no GPU; Python {platform.python_version()}. "
        f"Date: {time.strftime('%Y-%m-%d')}. Run: `.venv/bin/python bench/system_bench.py --record`.",
    ])
    print(table)
    for problem in problems[:20]:
        print("PROBLEM:", problem)
    if args.record:
        record(table)
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record", action="store_true")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments, prepare(arguments))))
