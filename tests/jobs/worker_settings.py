"""Settings of a worker subprocess started by the jobs tests: the test settings, pointed at the
test process's own test database and media folder (both differ per run)."""

import os

from config.test_settings import *  # noqa: F403
from config.test_settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["KSTUDIO_TEST_DB_NAME"]
DATABASES["default"]["TEST"] = {"NAME": os.environ["KSTUDIO_TEST_DB_NAME"]}
MEDIA_ROOT = os.environ["KSTUDIO_TEST_MEDIA_ROOT"]
