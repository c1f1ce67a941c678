"""Helpers of the ops tests: the repository root and a private runtime folder per test."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the private-server path


def processes_of(var_dir):
    """Pids and command lines of live processes started with VAR_DIR=var_dir, so a test finds
    exactly what it started whatever else runs here. redis-server rewrites its process title
    over its environment, so it is known by its socket path in that title instead."""
    marker, found = f"VAR_DIR={var_dir}".encode(), {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            if marker in (proc / "environ").read_bytes().split(b"\0") or str(var_dir).encode() in cmdline:
                found[int(proc.name)] = cmdline.decode()
        except OSError:
            continue  # gone, or not ours to read
    return found


@pytest.fixture
def var_dir(tmp_path):
    """A VAR_DIR of its own; a private redis-server started under it is stopped afterwards."""
    path = tmp_path / "var"
    yield path
    pidfile = path / "redis" / "redis.pid"
    if pidfile.exists():
        subprocess.run(["kill", pidfile.read_text().strip()], check=False)


@pytest.fixture
def script_env(var_dir):
    env = {**os.environ, "VAR_DIR": str(var_dir), "REDIS_URL": DEAD_REDIS}
    # The scripts' own defaults: config.settings with SQLite under var_dir, never the test
    # run's (or CI's PostgreSQL) database.
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TEST_REDIS_URL"):
        env.pop(name, None)
    return env
