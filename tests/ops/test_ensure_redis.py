"""scripts/ensure_redis.sh: the Redis every command runs against."""

import subprocess

import redis

from .conftest import ROOT


def ensure_redis(env):
    result = subprocess.run(
        ["bash", "scripts/ensure_redis.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip(), result.stderr


def test_an_answering_redis_url_is_used_as_is(script_env, var_dir):
    url = "redis://127.0.0.1:6379/11"
    assert redis.Redis.from_url(url).ping()
    printed, _ = ensure_redis({**script_env, "REDIS_URL": url})
    assert printed == url
    assert not (var_dir / "redis").exists()


def test_a_private_server_is_started_once_and_reused(script_env, var_dir, tmp_path):
    started = tmp_path / "started"
    url, messages = ensure_redis({**script_env, "REDIS_STARTED_FILE": str(started)})
    sock = var_dir / "redis" / "redis.sock"
    assert url == f"unix://{sock}?db=0"
    assert "starting a private redis-server" in messages
    server = redis.Redis.from_url(url)
    assert server.config_get("maxmemory-policy") == {"maxmemory-policy": "noeviction"}
    assert server.config_get("appendonly") == {"appendonly": "yes"}
    pid = started.read_text().strip()
    assert pid == (var_dir / "redis" / "redis.pid").read_text().strip()

    # The next command finds it and starts nothing, so it reports no pid to stop.
    started.unlink()
    again, messages = ensure_redis({**script_env, "REDIS_STARTED_FILE": str(started)})
    assert again == url and messages == ""
    assert not started.exists()


def test_the_celery_broker_url_reaches_the_private_server(script_env):
    from kombu import Connection

    from config.redis_urls import celery_broker_url

    url, _ = ensure_redis(script_env)
    db = url.replace("db=0", "db=11")
    with Connection(celery_broker_url(db)) as connection:
        queue = connection.SimpleQueue("ops-check")
        queue.put({"n": 1})
        queue.close()
    # The message sits in db 11 of that very server, where redis-py (the channel layer) looks.
    assert redis.Redis.from_url(db).llen("ops-check") == 1


def test_tests_use_db_15_of_the_private_server(script_env):
    from config.redis_urls import with_db

    url, _ = ensure_redis(script_env)
    client = redis.Redis.from_url(with_db(url, 15))
    assert client.ping()
    assert client.connection_pool.connection_kwargs["db"] == 15
