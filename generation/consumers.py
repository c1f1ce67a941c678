"""The /ws/jobs/ socket: a user's own job events, and cancel requests.

Server → client: {"type": "job", "job": {...}}, {"type": "progress", ...} and
{"type": "queue", "positions": {...}} (generation.events).
Client → server: {"type": "cancel", "job_id": "<uuid>"}. Anything else gets
{"type": "error", "code": "bad_message"}; the socket stays open.
"""

import json
import uuid

import redis
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation

from core.errors import ApiError, message_for
from generation import actions, events
from generation.models import Job

CLOSE_UNAUTHENTICATED = 4401
CLOSE_TRY_AGAIN_LATER = 1013  # Redis away: the client reconnects with backoff (jobs/socket.js)
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class JobsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept then close, so the browser sees the 4401 code rather than a failed handshake.
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = events.group_name(user.pk)
        self.language = getattr(user, "language", "") or None
        try:
            await self._join()
        except REDIS_DOWN:
            self.group = None
            await self.accept()
            await self.close(code=CLOSE_TRY_AGAIN_LATER)
            return
        await self.accept()

    async def _join(self):
        # Once more on a connection error: after a Redis restart the pool's first connection
        # is a dead one (redis-py drops it), the next is fresh.
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
        except REDIS_DOWN:
            await self.channel_layer.group_add(self.group, self.channel_name)

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def job_event(self, event):
        await self.send_json(event["message"])

    async def receive(self, text_data=None, bytes_data=None):
        # Parsed here, not by the JSON base class, so bad input answers instead of raising.
        try:
            content = json.loads(text_data) if text_data is not None else None
        except (ValueError, RecursionError):  # deep nesting raises RecursionError
            content = None
        if not isinstance(content, dict) or content.get("type") != "cancel":
            await self._error("bad_message")
            return
        try:
            job_id = uuid.UUID(str(content.get("job_id")))
        except ValueError:
            await self._error("bad_message")
            return
        code = await self._cancel(job_id)
        if code:
            await self._error(code, job_id=str(job_id))

    @database_sync_to_async
    def _cancel(self, job_id):
        job = Job.objects.filter(pk=job_id, owner=self.scope["user"]).first()
        if job is None:  # someone else's job looks exactly like a missing one
            return "not_found"
        try:
            actions.cancel(job)  # the resulting "job" event reaches this socket via the group
        except ApiError as exc:
            return exc.code
        return None

    async def _error(self, code, **extra):
        with translation.override(self.language):
            message = message_for(code)
        await self.send_json({"type": "error", "code": code, "message": message, **extra})
