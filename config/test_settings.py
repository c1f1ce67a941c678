"""Settings for pytest: everything the tests write goes to throwaway places.

Redis: a separate database index, so a developer's queue and channel layer are never touched:
TEST_REDIS_URL; else REDIS_URL itself when it names a database other than 0 (the team runs
tests with REDIS_URL=redis://…/<own db>; mapping that to db 15 put everyone's runs, and their
session flushes and workers, on one database); else db 15 of REDIS_URL's server.
Media: a temporary directory.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from .redis_urls import celery_broker_url, with_db
from .settings import *  # noqa: F403
from .settings import REDIS_URL, channel_layers, env_str



def _test_redis_url(url):
    if env_str("TEST_REDIS_URL"):
        return env_str("TEST_REDIS_URL")
    if "REDIS_URL" in os.environ and urlparse(url).path.strip("/") not in ("", "0"):
        return url
    return with_db(url, 15)


REDIS_URL = _test_redis_url(REDIS_URL)
CHANNEL_LAYERS = channel_layers(REDIS_URL, "test-asgi")
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
MEDIA_ROOT = tempfile.mkdtemp(prefix="kstudio-test-media-")
# Static files come from the finders (WHITENOISE_USE_FINDERS); no collectstatic in tests.
STATIC_ROOT = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
KANDINSKY_MODEL = "tiny"
JOB_TEST_HOLDS = True  # tests hold a job at a step (generation.holds)

# SQLite tests use a file (not :memory:) so a daphne live server or a worker subprocess sees
# the same database; one per test run, so parallel runs never share it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(MEDIA_ROOT).parent / (Path(MEDIA_ROOT).name + ".sqlite3"))}  # noqa: F405
