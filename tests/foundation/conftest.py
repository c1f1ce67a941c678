"""Fixtures of the foundation tests: compiled Russian messages, a Russian-speaking client."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"


@pytest.fixture(scope="session")
def compiled_messages():
    """The .mo files are build output (gitignored); `make test` compiles them, a bare pytest may not."""
    stale = [
        po for po in LOCALE_DIR.glob("*.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        subprocess.run(
            [sys.executable, "manage.py", "compilemessages", "-l", "ru", "-v", "0"],
            cwd=settings.BASE_DIR, check=True,
        )
        # Translations are cached per process; drop them so the fresh .mo is read.
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = trans_real.Local()
    return LOCALE_DIR


@pytest.fixture
def ru_client(client, compiled_messages):
    """A visitor whose browser asks for Russian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    return client
