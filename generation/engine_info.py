"""What the loaded model can do, for processes that must not load it (web, consumer).

A worker publishes its backend's info() to Redis once the engine is loaded, and re-announces
it every ENGINE_INFO_TTL / 3 seconds (generation.tasks): the key expires, so a Redis restart
that lost it heals within seconds and a dead fleet shows as 503 model_unavailable. The web reads it for GET /api/v1/models/ and builds a weightless stand-in
backend from it, so the engine's own validate() checks a request before it is queued —
one set of rules, and no model (or torch call) in the web process.
"""

import dataclasses
import json
from types import SimpleNamespace

from django.conf import settings

from core.errors import ApiError
from generation.redis_client import get_redis, key


def _key(name=None):
    return key("engine-info", name or settings.KANDINSKY_MODEL)


def publish(backend):
    """Called in a worker after load_backend(): what validation needs plus the public info."""
    info = backend.info()
    info["limits"] = dataclasses.asdict(backend.limits)
    info["needs_english"] = bool(getattr(backend, "needs_english", False))
    get_redis().set(_key(backend.name), json.dumps(info), px=int(settings.ENGINE_INFO_TTL * 1000))
    return info


def get_info():
    raw = get_redis().get(_key())
    return json.loads(raw) if raw else None


def public_info():
    """GET /api/v1/models/: info() minus the validation internals."""
    info = require_info()
    return {k: v for k, v in info.items() if k not in ("limits", "needs_english")}


def require_info():
    info = get_info()
    if info is None:
        # No live worker has announced the model (first start, or the fleet is gone): nothing
        # could run the job anyway.
        raise ApiError("model_unavailable", status=503, retry_after=30)
    return info


def stand_in():
    """A weightless object with what engine.validate() reads from a backend."""
    from generation.engine.backends.base import Limits

    info = require_info()
    known = {f.name for f in dataclasses.fields(Limits)}  # a newer worker may announce more
    limits = Limits(**{k: v for k, v in info["limits"].items() if k in known})
    return SimpleNamespace(
        name=info["name"], limits=limits, needs_english=info["needs_english"],
        translator=object() if info.get("translation") else None,
    )
