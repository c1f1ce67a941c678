"""python manage.py telegram_bot without a token: a clear refusal, nothing started."""

import pytest
from django.core.management import CommandError, call_command


def test_without_token_the_command_explains(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(CommandError, match="TELEGRAM_BOT_TOKEN is not set"):
        call_command("telegram_bot")
