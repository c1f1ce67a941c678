from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramBotConfig(AppConfig):
    name = "telegram_bot"
    verbose_name = _("Telegram bot")
    default_auto_field = "django.db.models.BigAutoField"
