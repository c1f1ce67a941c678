"""scripts/run.sh, what `make run` ends with: daphne + a Celery worker under honcho, and
Ctrl-C stops everything it started, the private redis-server included."""

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest
from celery import Celery

from config.redis_urls import celery_broker_url

from .conftest import ROOT, processes_of


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, process, output, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "".join(output)
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail("run.sh did not come up in time:\n" + "".join(output))


@pytest.mark.timeout(240)
def test_run_serves_and_ctrl_c_stops_everything(script_env, var_dir):
    port = free_port()
    env = {**script_env, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
    run = subprocess.Popen(
        ["bash", "scripts/run.sh"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = []
    threading.Thread(target=lambda: output.extend(run.stdout), daemon=True).start()
    try:
        wait_for(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/jsi18n/", timeout=2).status == 200,
                 run, output)
        redis_url = f"unix://{var_dir}/redis/redis.sock?db=0"
        broker = Celery(broker=celery_broker_url(redis_url))
        wait_for(lambda: broker.control.ping(timeout=1), run, output)
        assert f"http://127.0.0.1:{port}/" in "".join(output)

        started = " ".join(processes_of(var_dir).values())
        for program in ("daphne", "celery", "redis-server"):
            assert program in started

        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        run.wait(timeout=60)
        assert processes_of(var_dir) == {}
        assert not (var_dir / "redis" / "redis.sock").exists()
        assert "Stopped the private redis-server" in "".join(output)
    finally:
        for pid in processes_of(var_dir):
            os.kill(pid, signal.SIGKILL)


def test_a_taken_port_is_reported_before_anything_starts(script_env, var_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env={**script_env, "PORT": str(port)},
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"Port {port} on 127.0.0.1 is taken" in run.stderr
    assert not (var_dir / "redis").exists()  # no private redis-server was started for nothing
