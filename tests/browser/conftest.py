"""Live-server fixtures for browser tests: daphne + a Celery worker + Redis, driven by Chromium.

`live_site` starts, once per session, a daphne subprocess (HTTP + websockets) and a Celery
worker subprocess (queues gpu and default, tiny backend) against the test database and media
folder of this pytest run. Tests that use it must commit their data (`transactional_db`, which
the `page` fixture pulls in) so the subprocesses see it.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(settings.BASE_DIR)
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LOGS = ROOT / "test-artifacts" / "logs"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited with {process.returncode}; see {LOGS}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("daphne did not start listening in time")


def _wait_for_worker(log_path, process, timeout=180):
    """Ready means consuming and the engine loaded (it publishes its info to Redis then)."""
    from generation import engine_info

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {process.returncode}; see {log_path}")
        if re.search(r"\bready\b", log_path.read_text(errors="replace")) and engine_info.get_info():
            return
        time.sleep(0.3)
    raise RuntimeError(f"the Celery worker did not become ready in time; see {log_path}")


def _flush_test_redis():
    """Stale tasks or channel groups from an earlier run must not leak into this one."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(scope="package")
def live_site(django_db_setup, django_db_blocker):
    """Base URL of a daphne server with a Celery worker behind it."""
    from django.db import connection

    with django_db_blocker.unblock():
        db_name = str(connection.settings_dict["NAME"])
    _flush_test_redis()
    LOGS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.live_settings",
        "LIVE_DB_NAME": db_name,
        "LIVE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TEST_REDIS_URL": settings.REDIS_URL,
        "PYTHONUNBUFFERED": "1",
    }
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    worker_log = LOGS / "celery-worker.log"
    server_log = LOGS / "daphne.log"
    processes = []
    with open(server_log, "w") as server_out, open(worker_log, "w") as worker_out:
        try:
            server = subprocess.Popen(
                [str(bin_dir / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
                cwd=ROOT, env=env, stdout=server_out, stderr=subprocess.STDOUT,
            )
            processes.append(server)
            worker = subprocess.Popen(
                [str(bin_dir / "celery"), "-A", "config", "worker", "-Q", "gpu,default", "-c", "1",
                 "--pool", "prefork", "--without-gossip", "--without-mingle", "-l", "INFO",
                 "-n", f"browser-tests-{port}@%h"],
                cwd=ROOT, env=env, stdout=worker_out, stderr=subprocess.STDOUT,
            )
            processes.append(worker)
            _wait_for_port(port, server)
            _wait_for_worker(worker_log, worker)
            yield f"http://127.0.0.1:{port}"
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `apt-get install -y chromium` (make test does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch_errors(page):
    """JavaScript errors, and server errors (5xx) of any request the page made: both must stay empty."""
    page.console_errors = []
    page.server_errors = []
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
            and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 500 and page.server_errors.append(f"{r.status} {r.url}"))
    return page


@pytest.fixture
def open_page(browser, live_site, transactional_db):
    """open_page(**context_options) → a page in a new browser context (a tablet, say)."""
    contexts = []

    def open_(**options):
        options = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US", **options}
        context = browser.new_context(base_url=live_site, **options)
        contexts.append(context)
        context.set_default_timeout(20000)
        return watch_errors(context.new_page())

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def screenshot():
    """screenshot(page, "name") saves test-artifacts/screenshots/editor-<name>.png for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"editor-{name}.png"
        page.screenshot(path=str(path))
        return path

    return take


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def alice_page(page, alice):
    log_in(page, "alice", "alice-pass-123")
    return page


@pytest.fixture(scope="session", autouse=True)
def _fresh_editor_screenshots():
    # Screenshots of an earlier run would mislead a reviewer; other suites' files stay.
    for old in SCREENSHOTS.glob("editor-*.png"):
        old.unlink()
