"""python manage.py telegram_bot: run the Telegram bot with long polling (docs/telegram.md)."""

import asyncio

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the Telegram bot (long polling). Needs TELEGRAM_BOT_TOKEN."

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set: there is no bot to run. "
                               "Get a token from @BotFather (see docs/telegram.md).")
        from telegram_bot.bot import run

        asyncio.run(run(settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL))
