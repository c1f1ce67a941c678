"""Fixtures of the jobs tests: the real chain (Redis, a Celery worker, channels-redis).

The Redis database is TEST_REDIS_URL's (db 12 for the jobs engineer); it is flushed once per
session so stale broker messages or locks of an earlier run never leak in.
"""

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def _clean_redis():
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(scope="session")
def tiny_backend():
    """The tiny engine loaded in this process; also publishes its info for the web checks."""
    from generation.tasks import get_backend

    return get_backend()


@pytest.fixture
def engine_ready(tiny_backend):
    """Tests of validation need the info a worker publishes; republish after any flush."""
    from generation import engine_info

    engine_info.publish(tiny_backend)
    return tiny_backend


@pytest.fixture(scope="module")
def celery_worker(tiny_backend, django_db_blocker):
    """A real Celery worker consuming the gpu and default queues, in a thread of this process
    (per module, so a module can run its own subprocess worker without this one competing)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from generation import engine_info
    from generation.tasks import announce

    # Like a real worker process, it announces its model at once and again before the info key
    # expires. At once matters: the session's first announcement (tiny_backend) is long expired
    # in a full run, and the announcer's first tick is ENGINE_INFO_TTL / 3 away, so the module's
    # first POST was a 503 model_unavailable (and its test timed out waiting for progress).
    engine_info.publish(tiny_backend)
    stopped = threading.Event()
    announcer = threading.Thread(target=announce, args=(tiny_backend, stopped), daemon=True)
    announcer.start()
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False,
                          queues=["gpu", "default"], shutdown_timeout=30, loglevel="WARNING") as worker:
            yield worker
    finally:
        stopped.set()
        announcer.join()


def png_bytes(size=(64, 64), mode="RGB", color=(200, 30, 30), fmt="PNG", alpha_box=None):
    picture = Image.new(mode, size, color if mode != "RGBA" else (*color[:3], 255))
    if alpha_box:  # transparent hole to fill (inpaint / outpaint)
        picture.paste((0, 0, 0, 0), alpha_box)
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def upload(data, name="picture.png", content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def _api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(alice):
    return _api_client(alice)


@pytest.fixture
def bob_api(bob):
    return _api_client(bob)


def token_for(user):
    return Token.objects.get_or_create(user=user)[0].key


async def connect(user=None, token=None):
    """A websocket to /ws/jobs/ through the real ASGI app (origin check + auth middleware)."""
    from channels.db import database_sync_to_async

    from config.asgi import application

    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if user is not None:
        token = await database_sync_to_async(token_for)(user)
    if token:
        headers.append((b"authorization", f"Token {token}".encode()))
    communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@contextlib.contextmanager
def worker_process(name):
    """A real `celery worker` subprocess (prefork, one child) on this test run's database,
    media folder and Redis. Yields the Popen; stopped (or already killed) at exit."""
    from django.db import connection

    log_path = Path(settings.MEDIA_ROOT) / f"worker-{name}.log"
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="tests.jobs.worker_settings", TEST_REDIS_URL=settings.REDIS_URL,
        KSTUDIO_TEST_DB_NAME=str(connection.settings_dict["NAME"]), KSTUDIO_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PYTHONPATH=str(REPO),
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "gpu,default", "-c", "1",
             "-P", "prefork", "-n", f"{name}-{uuid.uuid4().hex[:6]}@%h", "--without-mingle", "--without-gossip",
             "--loglevel", "INFO"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    process.log_path = log_path
    try:
        deadline = time.monotonic() + 60
        while b" ready." not in log_path.read_bytes():
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


async def post_job(client, body):
    """POST a JSON job; anything but 201 fails here, loudly, not as a wait for events that
    never come."""
    from asgiref.sync import sync_to_async

    response = await sync_to_async(client.post)("/api/v1/jobs/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


async def wait_for(communicator, predicate, timeout=90):
    """The first socket message matching predicate (earlier ones are skipped)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if predicate(message):
            return message


def job_status(job_id, *statuses):
    """Predicate: a "job" message about job_id in one of statuses."""
    return lambda m: m["type"] == "job" and m["job"]["id"] == job_id and m["job"]["status"] in statuses


async def assert_heard_nothing(communicator, user):
    """Nothing is waiting for `user` on `communicator`: a sentinel sent to the user's group now
    is the next message (a group delivers in order), with no timeout to guess."""
    from channels.layers import get_channel_layer

    from generation import events

    sentinel = {"type": "sentinel", "id": uuid.uuid4().hex}
    await get_channel_layer().group_send(events.group_name(user.pk), {"type": "job.event", "message": sentinel})
    assert await communicator.receive_json_from(timeout=10) == sentinel


@pytest.fixture
def held(alice):
    """Alice's next job stops after step 1 (generation.holds) until cancelled or released."""
    from generation import holds

    holds.hold(alice.pk, step=1)
    yield
    holds.release(alice.pk)
