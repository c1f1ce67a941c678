"""One Redis client per process for the jobs layer's own keys (locks, engine info)."""

from functools import lru_cache

import redis
from django.conf import settings


@lru_cache(maxsize=1)
def get_redis():
    return redis.Redis.from_url(settings.REDIS_URL)


def key(*parts):
    """Namespaced keys, so several checkouts can share one Redis server."""
    return ":".join([settings.JOB_REDIS_PREFIX, *map(str, parts)])
