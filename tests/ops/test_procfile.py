"""The Procfile `make run` starts with honcho: every command resolves in this project."""

import re
import shlex

from django.conf import settings

from .commands import options, resolve, worker_queues
from .conftest import ROOT


def procfile():
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            # honcho runs each line with sh: expand ${NAME:-default} the way sh would here.
            command = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", command)
            entries[name.strip()] = shlex.split(command)
    return entries


def test_procfile_runs_the_web_server_a_worker_and_beat():
    entries = procfile()
    assert set(entries) == {"web", "worker", "beat", "bot"}
    resolved = {name: resolve(argv) for name, argv in entries.items()}
    assert [program for program, _ in resolved["web"]] == ["daphne"]
    assert [program for program, _ in resolved["worker"]] == ["celery"]
    # beat schedules the stale-job sweep; its schedule file stays under var/.
    beat = entries["beat"]
    assert beat[beat.index("-A") + 2] == "beat"
    assert options(beat)["--schedule"].startswith("var/")
    # The Telegram bot; scripts/run.sh starts it only when TELEGRAM_BOT_TOKEN is set.
    assert entries["bot"][-2:] == ["manage.py", "telegram_bot"] and resolved["bot"]


def test_the_local_worker_takes_every_queue_tasks_are_routed_to():
    worker = procfile()["worker"]
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= worker_queues(worker)
    # One job at a time: the model is loaded once per process and a job holds the device.
    assert options(worker)["-c"] == "1"


def test_daphne_waits_out_a_handshake_storm():
    # daphne's default 5 s handshake limit reset 999 of 1,000 simultaneous sockets on 2 cores
    # (bench/chaos.py scenario g): handshakes queue behind each other's auth and group joins.
    web = procfile()["web"]
    assert int(options(web)["--websocket_connect_timeout"]) >= 60
    assert "--websocket_connect_timeout" in (ROOT / "Dockerfile").read_text()
    assert "--websocket_connect_timeout 60" in (ROOT / "docker-compose.yml").read_text()
