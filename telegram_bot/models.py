"""What the bot remembers: who a Telegram user is on the site, one-time link codes, and which
jobs came from Telegram (so a restarted bot still delivers each finished job exactly once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TelegramAccount(models.Model):
    """A Telegram user ↔ a site user, with the bot's saved choices."""

    telegram_id = models.BigIntegerField(_("Telegram user id"), unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    style = models.SlugField(_("style"), max_length=50, blank=True)
    aspect_ratio = models.CharField(_("aspect ratio"), max_length=8, default="1:1")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Telegram account")
        verbose_name_plural = _("Telegram accounts")

    def __str__(self):
        return f"{self.telegram_id} → {self.user}"


class LinkCode(models.Model):
    """A one-time code from the profile page that links a Telegram account to a site user.
    Only its SHA-256 is stored; used_at makes it single use."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class TelegramJob(models.Model):
    """A job submitted from Telegram: where its status message is, and whether it was delivered."""

    job = models.OneToOneField("generation.Job", on_delete=models.CASCADE, primary_key=True, related_name="telegram")
    chat_id = models.BigIntegerField()
    status_message_id = models.BigIntegerField(null=True, blank=True)
    delivered = models.BooleanField(default=False, db_index=True)
