"""Fixtures of the bot tests: a stand-in Bot API server, the bot in a thread, a real worker."""

import asyncio
import threading

import pytest
from django.test import override_settings

from tests.jobs.conftest import _clean_redis, celery_worker, engine_ready, png_bytes, tiny_backend  # noqa: F401
from tests.telegram.fake_api import FakeTelegram

TOKEN = "123:TEST"


@pytest.fixture
def api():
    server = FakeTelegram()
    server.start()
    yield server
    server.stop()


class BotThread:
    """The real bot (telegram_bot.bot.run) polling the stand-in server, in its own loop."""

    def __init__(self, url, cancelled=False):
        self.url = url
        # cancelled: run without a stop event and stop it by a cancel, the way the management
        # command's asyncio.run() stops it on Ctrl-C / SIGTERM.
        self.cancelled = cancelled

    def start(self):
        from telegram_bot.bot import run

        self.loop = asyncio.new_event_loop()
        self.stop_event = None
        self.ready = threading.Event()  # set when the bot's start-up delivery pass is done
        started = threading.Event()

        def main():
            asyncio.set_event_loop(self.loop)

            async def go():
                self.stop_event = asyncio.Event()
                self.task = asyncio.create_task(
                    run(TOKEN, self.url, stop=None if self.cancelled else self.stop_event, ready=self.ready))
                started.set()
                try:
                    await self.task
                except asyncio.CancelledError:
                    assert self.cancelled
                # What run() started and left running would go on without a bot (polling a closed
                # session, editing messages): a stopped bot leaves no task behind.
                self.left_running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            self.loop.run_until_complete(go())

        self.thread = threading.Thread(target=main, daemon=True)
        self.thread.start()
        started.wait(10)
        return self

    def stop(self):
        self.loop.call_soon_threadsafe(self.task.cancel if self.cancelled else self.stop_event.set)
        self.thread.join(20)
        assert not self.thread.is_alive()
        assert self.left_running == [], self.left_running


@pytest.fixture
def bot(api, transactional_db, engine_ready, celery_worker):  # noqa: F811
    with override_settings(TELEGRAM_EDIT_INTERVAL=0.2, SITE_URL="https://studio.example.com"):
        running = [BotThread(api.url).start()]
        yield running
        for item in running:
            if item.thread.is_alive():
                item.stop()


ALICE = {"id": 501, "is_bot": False, "first_name": "Alice", "language_code": "en"}
BORIS = {"id": 502, "is_bot": False, "first_name": "Борис", "language_code": "ru"}
