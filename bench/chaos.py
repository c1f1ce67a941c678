"""Fault suite (issue 11): the real processes, real faults, measured from outside over 127.0.0.1.

It starts its own stack in a temp dir: a private redis-server on a free port (`--save ""`; the
"with data" restart writes an RDB with SHUTDOWN SAVE first), a private PostgreSQL cluster
(initdb into the temp dir as the postgres user; SQLite and no scenario (e) when that is not
possible), and the Procfile's web (daphne), worker (Celery, -Q gpu,default -c 1, tiny backend)
and beat (the sweep, every few seconds here) command lines. Test users talk to it with API tokens.

Scenarios (each bounded in time):
  a  Redis restarted with its data, jobs running and queued
  b  Redis restarted without its data (the broker's messages, the model info and the socket
     groups are gone), jobs running and queued
  c  the whole worker (main process and pool child) SIGKILLed mid-job, --kills times
  d  the worker's pool child SIGKILLed mid-job, --kills times
  e  PostgreSQL restarted (pg_ctl restart -m fast) under load
  f  daphne restarted with --sockets sockets open: every one must reconnect
  g  --handshakes simultaneous websocket handshakes: 0 errors

For each: the scenario's jobs that ended succeeded / failed (with their codes) / stuck (not
finished when the scenario's bound ran out), HTTP 5xx answers split into coded JSON 503s and
anything else, and seconds from the fault until the product is healthy again (a fresh job of
an idle user succeeds) with no other process restarted. Only the faulted process is restarted.

    .venv/bin/python bench/chaos.py [--full] [--kills 5] [--only abcdefg] [--record]   (make chaos)

--full uses 20 kills (the issue's figure); --record writes the table into docs/reliability.md
between the fault-suite markers. Never part of the test suite.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
import psutil
import redis
from docs_block import write_block

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
TERMINAL = {"succeeded", "failed", "cancelled"}
DOC = REPO / "docs" / "reliability.md"
BEGIN, END = "<!-- chaos:begin -->", "<!-- chaos:end -->"
# Short clocks so one run fits in minutes: a dead worker is noticed after 30 s (longer than a
# pool child takes to load the model again here, so a redelivered job gets its retry), the sweep runs
# every 3 s, a lost broker message is sent again after 8 s, the model info lives 9 s.
FAST_CLOCKS = {
    "JOB_HEARTBEAT_TIMEOUT": "30", "JOB_SWEEP_INTERVAL": "3", "JOB_REDISPATCH_AFTER": "8",
    "ENGINE_INFO_TTL": "9",
}


def procfile(name):
    """The product's own command line for a process (what `make run` starts), run by sh as
    honcho does; exec, so the pid is the process itself."""
    for line in (REPO / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return ["sh", "-c", "exec " + line.partition(":")[2].strip()]
    raise LookupError(f"no {name} in the Procfile")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def kill_tree(process, sig=signal.SIGKILL):
    """Signal a process and every descendant (by pid; only what this suite started)."""
    try:
        parent = psutil.Process(process.pid)
        family = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for member in family:
        try:
            member.send_signal(sig)
        except psutil.NoSuchProcess:
            pass


class Stack:
    """The processes under test, all on 127.0.0.1, all in one temp dir."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.redis_port, self.web_port = free_port(), free_port()
        self.redis_dir = tmp / "redis"
        self.redis_dir.mkdir()
        self.procs = {}
        self.pg_port = None
        self.env = {
            **os.environ, **FAST_CLOCKS,
            "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp), "MEDIA_ROOT": str(tmp / "media"),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0", "KANDINSKY_MODEL": "tiny",
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "JOB_MAX_ACTIVE_PER_USER": "100",
            "JOB_RATE_PER_MINUTE": "10000", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
            "DEBUG": "false", "PYTHONPATH": str(REPO), "HOST": "127.0.0.1", "PORT": str(self.web_port),
        }
        self.env.pop("CELERY_BROKER_URL", None)

    # --- redis ---------------------------------------------------------------------------
    def start_redis(self):
        self._spawn("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                              "--dir", str(self.redis_dir), "--save", "", "--appendonly", "no",
                              "--maxclients", "20000"])
        assert wait_port(self.redis_port), "redis-server did not start"
        r = self.redis()
        while True:
            try:
                if r.ping():
                    return
            except redis.exceptions.BusyLoadingError:
                time.sleep(0.05)

    def redis(self):
        return redis.Redis(port=self.redis_port)

    def stop_redis(self, keep_data):
        try:
            self.redis().shutdown(save=keep_data, nosave=not keep_data)
        except redis.exceptions.ConnectionError:
            pass  # it closes the connection as it goes
        self.procs.pop("redis").wait(timeout=30)
        if not keep_data:
            (self.redis_dir / "dump.rdb").unlink(missing_ok=True)

    # --- postgres ------------------------------------------------------------------------
    def start_postgres(self):
        """A private cluster, never the machine's shared one. False when that cannot be done."""
        if PG_BIN is None or not (PG_BIN / "initdb").exists():
            return False
        data = self.tmp / "pg"
        data.mkdir()
        shutil.chown(self.tmp, "postgres")
        shutil.chown(data, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        init = subprocess.run(as_pg + [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                              capture_output=True, text=True)
        if init.returncode:
            print("initdb failed; running on SQLite:", init.stderr[-300:])
            return False
        self.pg_port = free_port()
        self._pg = as_pg + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data / "postgres.log"),
                            "-o", f"-p {self.pg_port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200",
                            "-w"]
        subprocess.run(self._pg + ["start"], check=True, capture_output=True)
        subprocess.run(as_pg + [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port),
                                "-U", "postgres", "ks_chaos"], check=True)
        self.env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{self.pg_port}/ks_chaos"
        return True

    def restart_postgres(self):
        subprocess.run(self._pg + ["-m", "fast", "restart"], check=True, capture_output=True)

    def stop_postgres(self):
        if self.pg_port:
            subprocess.run(self._pg + ["-m", "immediate", "stop"], capture_output=True)

    # --- the product ---------------------------------------------------------------------
    def setup_db(self, usernames):
        if "DATABASE_URL" not in self.env:
            self.env["DATABASE_URL"] = f"sqlite:///{self.tmp / 'chaos.sqlite3'}"
        subprocess.run([str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"],
                       cwd=REPO, env=self.env, check=True)
        code = (
            "import json, sys\n"
            "from django.contrib.auth import get_user_model\n"
            "from rest_framework.authtoken.models import Token\n"
            "out = {}\n"
            f"for name in {usernames!r}:\n"
            "    user = get_user_model().objects.create_user(name, password='chaos-' + name)\n"
            "    out[name] = Token.objects.create(user=user).key\n"
            "print(json.dumps(out))\n"
        )
        result = subprocess.run([str(BIN / "python"), "manage.py", "shell", "-c", code], cwd=REPO,
                                env=self.env, check=True, capture_output=True, text=True)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start_web(self):
        self._spawn("web", procfile("web"))
        assert wait_port(self.web_port), "daphne did not start"

    def start_worker(self):
        self._spawn("worker", procfile("worker"))

    def start_beat(self):
        self._spawn("beat", procfile("beat"))

    def worker_ready(self, timeout=240):
        log = self.logs / "worker.log"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs["worker"].poll() is not None:
                raise RuntimeError(f"the worker exited; see {log}")
            text = log.read_text(errors="replace")
            if text.count(" ready.") >= self._worker_starts and self.pool_child():
                return
            time.sleep(0.2)
        raise RuntimeError(f"the worker did not get ready; see {log}")

    def pool_child(self):
        try:
            children = psutil.Process(self.procs["worker"].pid).children()
        except psutil.NoSuchProcess:
            return None
        return children[0] if children else None

    def _spawn(self, name, argv):
        if name == "worker":
            self._worker_starts = getattr(self, "_worker_starts", 0) + 1
        log = open(self.logs / f"{name}.log", "a")
        self.procs[name] = subprocess.Popen(argv, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def restart(self, name, starter, sig=signal.SIGTERM):
        process = self.procs.pop(name)
        kill_tree(process, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_tree(process)
            process.wait()
        starter()

    def stop_all(self):
        for name in ("web", "beat", "worker", "redis"):
            process = self.procs.pop(name, None)
            if process is not None:
                kill_tree(process, signal.SIGTERM)
        time.sleep(1)
        for process in list(self.procs.values()):
            kill_tree(process)
        self.stop_postgres()


class Client:
    """HTTP + websocket load against daphne; counts every 5xx it sees."""

    def __init__(self, base, tokens):
        self.base = base
        self.tokens = tokens
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                          timeout=aiohttp.ClientTimeout(total=30))
        self.statuses = Counter()
        self.codes_5xx = Counter()

    def headers(self, user):
        return {"Authorization": f"Token {self.tokens[user]}"}

    async def request(self, method, path, user, **kwargs):
        """(status, body) or (None, None) when the server could not be reached at all."""
        try:
            async with self.http.request(method, self.base + path, headers=self.headers(user), **kwargs) as resp:
                text = await resp.text()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            self.statuses["unreachable"] += 1
            return None, None
        self.statuses[resp.status] += 1
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if resp.status >= 500:
            code = (body or {}).get("error", {}).get("code") if isinstance(body, dict) else None
            self.codes_5xx[f"{resp.status} {code}" if code else f"{resp.status} uncoded"] += 1
        return resp.status, body

    async def submit(self, user, steps=10, size=256):
        return await self.request("POST", "/api/v1/jobs/", user, json={
            "kind": "text2img", "prompt": "a red square on blue", "width": size, "height": size, "steps": steps})

    async def job(self, user, job_id):
        return await self.request("GET", f"/api/v1/jobs/{job_id}/", user)

    async def ws(self, user):
        return await self.http.ws_connect(self.base.replace("http", "ws") + "/ws/jobs/", headers={
            **self.headers(user), "Origin": self.base}, timeout=aiohttp.ClientWSTimeout(ws_close=5),
            autoping=True)

    def reset(self):
        self.statuses.clear()
        self.codes_5xx.clear()

    async def close(self):
        await self.http.close()


class Run:
    def __init__(self, stack, client, users, args):
        self.stack, self.client, self.users, self.args = stack, client, users, args
        self.probe_user = users[-1]
        self.load_users = users[:-1]
        self.jobs = {}  # job id → owner

    async def submit_load(self, per_user=3, steps=30):
        for _ in range(per_user):
            for user in self.load_users:
                status, body = await self.client.submit(user, steps=steps)
                if status == 201:
                    self.jobs[body["id"]] = user

    async def statuses(self):
        out = {}
        for job_id, user in self.jobs.items():
            status, body = await self.client.job(user, job_id)
            out[job_id] = body if status == 200 else None
        return out

    async def wait_running(self, timeout=60, skip=()):
        """A job (id, started_at) past its first step; `skip`: runs already killed, whose rows
        say running until the sweep notices the dead worker."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for job_id, body in (await self.statuses()).items():
                run = (job_id, body and body.get("started_at"))
                if body and body["status"] == "running" and body.get("step", 0) >= 1 and run not in skip:
                    return run
            await asyncio.sleep(0.2)
        return None

    async def hammer(self, seconds):
        """API traffic while the fault lasts: the 5xx it meets are counted by the client."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            user = random.choice(self.load_users)
            await asyncio.gather(self.client.submit(user, steps=2), self.client.request("GET", "/api/v1/models/", user),
                                 self.client.request("GET", "/api/v1/jobs/", user))
            await asyncio.sleep(0.2)

    async def until_healthy(self, since, timeout=180):
        """Seconds from `since` until a fresh job of the idle probe user succeeds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = await self.client.submit(self.probe_user, steps=2)
            if status == 201:
                job_id = body["id"]
                end = min(deadline, time.monotonic() + 60)
                while time.monotonic() < end:
                    status, body = await self.client.job(self.probe_user, job_id)
                    if body and body.get("status") in TERMINAL:
                        break
                    await asyncio.sleep(0.2)
                if body and body.get("status") == "succeeded":
                    return round(time.monotonic() - since, 1)
            await asyncio.sleep(0.5)
        return None

    async def settle(self, timeout):
        """Wait (bounded) for every job of the scenario to finish; tally the outcome."""
        deadline = time.monotonic() + timeout
        while True:
            states = await self.statuses()
            pending = [j for j, b in states.items() if not b or b["status"] not in TERMINAL]
            if not pending or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        outcome = Counter()
        failed = Counter()
        for body in states.values():
            status = body["status"] if body else "unreadable"
            outcome[status if status in TERMINAL else "stuck"] += 1
            if status == "failed":
                failed[(body.get("error") or {}).get("code") or "no code"] += 1
        return outcome, failed

    async def cleanup(self):
        """Cancel what is left so the next scenario starts on an empty queue."""
        for job_id, body in (await self.statuses()).items():
            if body and body["status"] not in TERMINAL:
                await self.client.request("POST", f"/api/v1/jobs/{job_id}/cancel/", self.jobs[job_id])
        self.jobs.clear()
        await asyncio.sleep(1)

    async def scenario(self, name, fault, settle=120, load=True, extra=None):
        print(f"== {name}", flush=True)
        self.client.reset()
        if load:
            await self.submit_load()
            await self.wait_running()
        started = time.monotonic()
        note = await fault()
        healthy = await self.until_healthy(started)
        outcome, failed = await self.settle(settle) if self.jobs else (Counter(), Counter())
        row = {
            "scenario": name, "jobs": sum(outcome.values()), "succeeded": outcome["succeeded"],
            "failed": ", ".join(f"{n} {c}" for c, n in failed.most_common()) or "0",
            "stuck": outcome["stuck"] + outcome["unreadable"],
            "coded_503": sum(n for k, n in self.client.codes_5xx.items() if "service_unavailable" in k
                             or "model_unavailable" in k),
            "other_5xx": ", ".join(f"{n}× {k}" for k, n in self.client.codes_5xx.items()
                                   if "service_unavailable" not in k and "model_unavailable" not in k) or "0",
            "healthy_s": healthy, "note": note or "",
        }
        print(json.dumps(row), flush=True)
        await self.cleanup()
        return row

    # --- the faults ----------------------------------------------------------------------
    async def redis_restart(self, keep_data):
        self.stack.stop_redis(keep_data)
        await self.hammer(3)  # the outage: what the API answers while Redis is away
        self.stack.start_redis()
        return f"Redis down 3 s ({'RDB kept' if keep_data else 'data lost'})"

    async def kill_worker(self, whole):
        killed = set()
        for _ in range(self.args.kills):
            run = await self.wait_running(timeout=30, skip=killed)
            if run is None:
                await self.submit_load(per_user=1)
                run = await self.wait_running(timeout=60, skip=killed)
                if run is None:
                    continue
            killed.add(run)
            if whole:
                self.stack.restart("worker", self.stack.start_worker, sig=signal.SIGKILL)
                self.stack.worker_ready()
            else:
                child = self.stack.pool_child()
                child.kill()
                await asyncio.sleep(0.5)
                await asyncio.to_thread(self.stack.worker_ready)
        return f"{len(killed)} SIGKILLs ({'main process and child' if whole else 'pool child'})"

    async def pg_restart(self):
        await asyncio.gather(asyncio.to_thread(self.stack.restart_postgres), self.hammer(3))
        return "pg_ctl restart -m fast"

    async def daphne_restart(self):
        n = self.args.sockets
        sockets = await asyncio.gather(*(self.client.ws(self.load_users[i % len(self.load_users)]) for i in range(n)),
                                       return_exceptions=True)
        opened = [s for s in sockets if not isinstance(s, BaseException)]
        handshake_errors = Counter()
        reconnected = []

        async def reconnect(index, ws):
            await ws.receive()  # the server going away closes it
            delay = 0.2
            while True:
                await asyncio.sleep(delay * random.uniform(0.5, 1.5))  # jittered backoff, as the editor
                try:
                    fresh = await self.client.ws(self.load_users[index % len(self.load_users)])
                except aiohttp.WSServerHandshakeError as error:
                    handshake_errors[error.status] += 1
                except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                    pass
                else:
                    reconnected.append((time.monotonic(), fresh))
                    return
                delay = min(delay * 2, 3)

        tasks = [asyncio.create_task(reconnect(i, ws)) for i, ws in enumerate(opened)]
        down = time.monotonic()
        await asyncio.to_thread(self.stack.restart, "web", self.stack.start_web)
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=90)
        except asyncio.TimeoutError:
            pass
        last = max((t for t, _ in reconnected), default=down)
        for _, fresh in reconnected:
            await fresh.close()
        errors = ", ".join(f"{n}× HTTP {s}" for s, n in handshake_errors.items()) or "0 handshake errors"
        return (f"{len(opened)}/{n} open; {len(reconnected)}/{len(opened)} reconnected, the last "
                f"{last - down:.1f} s after the restart; {errors}")

    async def handshake_storm(self):
        n = self.args.handshakes
        started = time.monotonic()
        results = await asyncio.gather(*(self.client.ws(self.load_users[i % len(self.load_users)]) for i in range(n)),
                                       return_exceptions=True)
        took = time.monotonic() - started
        errors = Counter(
            f"HTTP {r.status}" if isinstance(r, aiohttp.WSServerHandshakeError) else f"{type(r).__name__}: {r}"[:80]
            for r in results if isinstance(r, BaseException))
        ok = [r for r in results if not isinstance(r, BaseException)]
        for ws in ok:
            await ws.close()
        return f"{len(ok)}/{n} accepted in {took:.1f} s; errors: {dict(errors) or 0}"


async def main(args):
    tmp = Path(tempfile.mkdtemp(prefix="kstudio-chaos-"))
    stack = Stack(tmp)
    rows = []
    client = None
    try:
        stack.start_redis()
        have_pg = stack.start_postgres()
        users = [f"chaos{i}" for i in range(args.users)] + ["probe"]
        tokens = stack.setup_db(users)
        stack.start_web()
        stack.start_worker()
        stack.start_beat()
        stack.worker_ready()
        client = Client(f"http://127.0.0.1:{stack.web_port}", tokens)
        run = Run(stack, client, users, args)
        await run.until_healthy(time.monotonic())  # warm: the first job loads nothing more
        plan = {
            "a": ("(a) Redis restarted with its data", lambda: run.redis_restart(True), {}),
            "b": ("(b) Redis restarted without its data", lambda: run.redis_restart(False), {}),
            "c": (f"(c) whole worker SIGKILLed mid-job ×{args.kills}", lambda: run.kill_worker(True), {}),
            "d": (f"(d) pool child SIGKILLed mid-job ×{args.kills}", lambda: run.kill_worker(False), {}),
            "e": ("(e) PostgreSQL restarted under load", run.pg_restart, {}),
            "f": (f"(f) daphne restarted, {args.sockets} sockets open", run.daphne_restart, {"load": False}),
            "g": (f"(g) {args.handshakes} simultaneous handshakes", run.handshake_storm, {"load": False}),
        }
        for letter in args.only:
            if letter == "e" and not have_pg:
                print("(e) skipped: no private PostgreSQL (initdb not available)")
                continue
            name, fault, options = plan[letter]
            rows.append(await run.scenario(name, fault, **options))
    finally:
        if client:
            await client.close()
        stack.stop_all()
        print(f"logs: {stack.logs}")
    return rows, have_pg


def table(rows, args, have_pg):
    lines = [
        f"Run: `bench/chaos.py{' --full' if args.full else ''}` — {args.kills} kills per kill scenario, "
        f"{args.sockets} sockets, {args.handshakes} handshakes, {args.users} load users × 3 jobs + 1 probe user; "
        f"tiny backend on CPU; {'private PostgreSQL' if have_pg else 'SQLite'}; {platform.machine()}, "
        f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| scenario | jobs | succeeded | failed (code) | stuck | coded 503 | other 5xx | healthy after (s) | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        healthy = "never (bound)" if r["healthy_s"] is None else r["healthy_s"]
        lines.append(f"| {r['scenario']} | {r['jobs']} | {r['succeeded']} | {r['failed']} | {r['stuck']} | "
                     f"{r['coded_503']} | {r['other_5xx']} | {healthy} | {r['note']} |")
    return "\n".join(lines)


def record(text):
    write_block(DOC, BEGIN, END, text, heading="## Fault suite", new_doc="# Reliability\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the issue's sizes: 20 kills each")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--handshakes", type=int, default=1000)
    parser.add_argument("--users", type=int, default=3)
    parser.add_argument("--only", default="abcdefg")
    parser.add_argument("--record", action="store_true")
    arguments = parser.parse_args()
    if arguments.full:
        arguments.kills = 20
    # A TERM (Ctrl-C's cousin, `kill`) unwinds through main's finally, so no process is left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result, pg = asyncio.run(main(arguments))
    output = table(result, arguments, pg)
    print(output)
    if arguments.record:
        record(output)
