"""Settings of the daphne and Celery subprocesses of the browser tests.

The test settings, pointed at the very database and media folder the pytest process created
(their names are passed in the environment), so the browser, the server, the worker and the
test all see the same rows and files.
"""

import os

from config.test_settings import *  # noqa: F403
from config.test_settings import DATABASES

MEDIA_ROOT = os.environ["LIVE_MEDIA_ROOT"]
DATABASES["default"]["NAME"] = os.environ["LIVE_DB_NAME"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Three processes write one SQLite file: wait for the lock instead of failing, and take
    # the write lock up front so two writers never deadlock on an upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
