"""With no environment at all, the settings give SQLite, the nano backend, DEBUG off, local Redis."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import json
import config.settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "db_name": str(s.DATABASES["default"]["NAME"]),
    "model": s.KANDINSKY_MODEL,
    "debug": s.DEBUG,
    "redis": s.REDIS_URL,
    "broker": s.CELERY_BROKER_URL,
    "secret_key_len": len(s.SECRET_KEY),
    "email": s.EMAIL_BACKEND,
}))
"""


def _probe(var_dir, **extra_env):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VAR_DIR": str(var_dir), **extra_env}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_with_an_empty_environment(tmp_path):
    found = _probe(tmp_path)
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(tmp_path / "db.sqlite3")
    assert found["model"] == "nano"
    assert found["debug"] is False
    assert found["redis"] == "redis://127.0.0.1:6379/0"
    assert found["broker"] == "redis://127.0.0.1:6379/0"
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    # The development secret key is generated once into VAR_DIR, private, and then reused.
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert found["secret_key_len"] >= 40
    key = key_file.read_text()
    _probe(tmp_path)
    assert key_file.read_text() == key


def test_environment_overrides(tmp_path):
    found = _probe(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kstudio",
        REDIS_URL="redis://10.0.0.5:6380/2",
        DEBUG="1",
        KANDINSKY_MODEL="kandinsky-2.2",
        SECRET_KEY="x" * 50,
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["redis"] == "redis://10.0.0.5:6380/2" and found["broker"] == "redis://10.0.0.5:6380/2"
    assert found["debug"] is True and found["model"] == "kandinsky-2.2"
    assert not (tmp_path / "secret_key").exists()


FAILING_PROBE = "import config.settings"


@pytest.mark.parametrize("name,value", [
    ("DEBUG", "ture"),  # a typo must not mean False
    ("DEBUG", "2"),
    ("JOB_MAX_ACTIVE_PER_USER", "five"),
    ("JOB_PROGRESS_INTERVAL", "fast"),
    ("JOB_PROGRESS_INTERVAL", "nan"),
    ("JOB_PROGRESS_INTERVAL", "-1"),
    ("LOG_LEVEL", "LOUD"),
])
def test_an_unreadable_variable_stops_start_up_naming_it(tmp_path, name, value):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VAR_DIR": str(tmp_path), name: value}
    result = subprocess.run([sys.executable, "-c", FAILING_PROBE], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert f"{name}={value!r}" in last


def test_readable_spellings_are_accepted(tmp_path):
    probe = PROBE.replace('"debug": s.DEBUG,', '"debug": s.DEBUG, "interval": s.JOB_PROGRESS_INTERVAL,'
                                               ' "log": s.LOGGING["root"]["level"],')
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VAR_DIR": str(tmp_path),
           "DEBUG": " Off ", "JOB_PROGRESS_INTERVAL": "0.05", "LOG_LEVEL": "WARNING"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["debug"] is False and found["interval"] == 0.05 and found["log"] == "WARNING"


def _data_url_length(picture_bytes):
    return len("data:image/png;base64,") + 4 * ((picture_bytes + 2) // 3)


@pytest.mark.parametrize("upload_mb", [None, 50])
def test_the_request_limit_fits_a_largest_picture_as_a_data_url(tmp_path, upload_mb):
    extra = {"UPLOAD_MAX_BYTES": str(upload_mb * 1024 * 1024)} if upload_mb else {}
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VAR_DIR": str(tmp_path), **extra}
    probe = "import config.settings as s; print(s.UPLOAD_MAX_BYTES, s.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    upload, limit = map(int, result.stdout.split())
    assert upload == (upload_mb or 20) * 1024 * 1024
    # The picture's data URL plus room for the rest of the JSON job (prompt, style, settings).
    assert limit >= _data_url_length(upload) + 64 * 1024
