"""Spellings of one Redis address. No Django here: benchmarks use it before settings load.

redis-py and channels-redis say redis://host:port/N or unix:///path/redis.sock?db=N (the private
server scripts/ensure_redis.sh starts); kombu (Celery) says redis+socket:///path?virtual_host=N.
"""

from urllib.parse import parse_qs, urlsplit, urlunsplit


def with_db(redis_url, index):
    """The same server, database `index`."""
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":  # urlunsplit would drop the // of unix:///path
        return f"unix://{parts.path}?db={index}"
    return urlunsplit(parts._replace(path=f"/{index}"))


def celery_broker_url(redis_url):
    parts = urlsplit(redis_url)
    if parts.scheme != "unix":
        return redis_url
    db = parse_qs(parts.query).get("db", ["0"])[0]
    return f"redis+socket://{parts.path}?virtual_host={db}"
