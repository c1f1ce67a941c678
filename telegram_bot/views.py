"""The profile page's "Create a Telegram link" button. It lives here, not in accounts, so
accounts (the bottom app everyone imports for the user) never imports the bot."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.forms import ProfileForm
from accounts.views import render_profile, telegram_enabled
from telegram_bot.service import issue_link_code


@login_required
@require_POST
def telegram_link(request):
    """A fresh one-time deep link to the bot (docs/telegram.md), only when asked for: a visit
    to the profile page creates no code."""
    if not telegram_enabled():
        return redirect("accounts:profile")
    link = f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}?start={issue_link_code(request.user)}"
    return render_profile(request, ProfileForm(instance=request.user), telegram_link=link)
