from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Our user from day one, so profile fields never need a swap later."""

    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("Applied when you log in. Empty: follow the browser."),
    )
    # Moderation: a trusted user's public images skip the review queue.
    is_trusted = models.BooleanField(_("trusted"), default=False)
    # Staff can stop a user from generating without deleting the account.
    generation_banned = models.BooleanField(_("banned from generating"), default=False)

    def __str__(self):
        return self.display_name or self.username

    @property
    def shown_name(self):
        return self.display_name or self.username
