"""Account state changes, one function each: the DB write plus whatever must follow it."""

from django.db import transaction
from rest_framework.authtoken.models import Token


def rotate_api_token(user):
    """Issue a fresh API token; the previous one (if any) stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def change_profile(user, *, display_name, language):
    user.display_name = display_name
    user.language = language
    user.save(update_fields=["display_name", "language"])
