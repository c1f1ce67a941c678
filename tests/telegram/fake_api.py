"""A stand-in Bot API server (aiohttp on 127.0.0.1, a random port) for the bot tests.

It answers the methods the bot uses, records every call, hands injected updates to getUpdates,
serves files for getFile, and can answer a planned error (429 retry_after, 400, 403) once.
"""

import asyncio
import itertools
import json
import threading
import time

from aiohttp import web

BOT_USER = {"id": 999, "is_bot": True, "first_name": "Studio", "username": "studio_bot"}


class FakeTelegram:
    def __init__(self):
        self.calls = []  # (method, params)
        self.updates = []
        self.files = {}  # file_id → bytes
        self.errors = {}  # method → [error answers, used in order]
        self.dropped = {}  # method → how many of its next calls lose the connection unanswered
        self.held = set()  # methods whose answers wait until released (a bot stopped mid-call)
        self.answered = []  # (method, params) whose answer reached the bot
        self.message_ids = itertools.count(100)
        self.update_ids = itertools.count(1)
        self.confirmed = 0
        self.loop = None
        self.url = None

    # --- test side ---------------------------------------------------------------------

    def start(self):
        ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _serve(self, ready):
        self.loop = asyncio.new_event_loop()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self.method)
        app.router.add_get("/file/bot{token}/{path:.*}", self.file)
        runner = web.AppRunner(app)
        self.loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        ready.set()
        self.loop.run_forever()

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def inject(self, **update):
        update["update_id"] = next(self.update_ids)
        self.updates.append(update)
        return update

    def text(self, user, text):
        return self.inject(message=self.message(user, text=text))

    def message(self, user, **fields):
        return {"message_id": next(self.message_ids), "date": int(time.time()),
                "chat": {"id": user["id"], "type": "private"}, "from": user, **fields}

    def press(self, user, data, message_id=1):
        return self.inject(callback_query={
            "id": str(next(self.update_ids)), "from": user, "chat_instance": "x", "data": data,
            "message": {"message_id": message_id, "date": 0, "chat": {"id": user["id"], "type": "private"}}})

    def calls_of(self, method, chat_id=None):
        return [p for m, p in self.calls if m == method and (chat_id is None or str(p.get("chat_id")) == str(chat_id))]

    def wait(self, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"timed out; calls: {[(m, p.get('text')) for m, p in self.calls]}")

    # --- server side -------------------------------------------------------------------

    async def _params(self, request):
        if request.content_type == "application/json":
            return await request.json()
        params = {}
        if request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                params[key] = value.file.read() if hasattr(value, "file") else value
        for key, value in list(params.items()):  # aiogram sends files as "attach://<field>"
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.pop(value.removeprefix("attach://"))
        return params

    async def method(self, request):
        method = request.match_info["method"]
        params = await self._params(request)
        for key in ("reply_markup", "commands"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        if method != "getUpdates":
            self.calls.append((method, params))
        if self.dropped.get(method):  # a network fault: the connection goes, no answer
            self.dropped[method] -= 1
            request.transport.close()
            return web.Response(status=499)
        planned = self.errors.get(method)
        if planned:
            status, body = planned.pop(0)
            return web.json_response(body, status=status)
        if method == "getUpdates":
            # Like Telegram, an offset confirms the updates before it for every later poller.
            self.confirmed = max(self.confirmed, int(params.get("offset") or 0))
            offset = self.confirmed
            for _ in range(10):
                pending = [u for u in self.updates if u["update_id"] >= offset]
                if pending:
                    return web.json_response({"ok": True, "result": pending})
                await asyncio.sleep(0.1)
            return web.json_response({"ok": True, "result": []})
        while method in self.held:
            await asyncio.sleep(0.05)
        if request.transport is None or request.transport.is_closing():
            return web.Response(status=499)  # the bot hung up while held
        self.answered.append((method, params))
        return web.json_response({"ok": True, "result": self.answer(method, params)})

    def answer(self, method, params):
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument", "editMessageMedia"):
            chat = {"id": int(params.get("chat_id", 0)), "type": "private"}
            message = {"message_id": int(params.get("message_id") or next(self.message_ids)),
                       "date": int(time.time()), "chat": chat, "from": BOT_USER}
            if method == "sendPhoto":
                message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 64, "height": 64}]
            elif method == "sendDocument":
                message["document"] = {"file_id": "d", "file_unique_id": "d"}
            else:
                message["text"] = params.get("text", "")
            return message
        if method == "sendMediaGroup":
            return []
        if method == "getFile":
            file_id = params["file_id"]
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id]),
                    "file_path": f"photos/{file_id}.jpg"}
        return True  # answerCallbackQuery, setMyCommands, deleteMessage

    async def file(self, request):
        file_id = request.match_info["path"].rsplit("/", 1)[-1].removesuffix(".jpg")
        return web.Response(body=self.files[file_id])

    def fail_next(self, method, status, description, retry_after=None):
        body = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self.errors.setdefault(method, []).append((status, body))
