"""Sign-up, the profile page (name, language, API token); log-in and passwords are Django's views."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from accounts import actions
from accounts.forms import ProfileForm, SignupForm
from accounts.language import apply_language


def signup(request):
    if request.user.is_authenticated:
        return redirect("/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        # The language the visitor signed up in becomes their saved preference.
        user.language = translation.get_language()
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Kandinsky Studio, %(name)s!") % {"name": user.shown_name})
        return redirect("/")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        actions.change_profile(
            user,
            display_name=form.cleaned_data["display_name"],
            language=form.cleaned_data["language"],
        )
        if user.language:
            apply_language(request, user.language)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render_profile(request, form)


def render_profile(request, form, telegram_link=None):
    user = request.user
    token = Token.objects.filter(user=user).first()
    member_days = (timezone.now() - user.date_joined).days
    return render(request, "accounts/profile.html", {"form": form, "token": token, "member_days": member_days,
                                                     "telegram_enabled": telegram_enabled(),
                                                     "telegram_link": telegram_link,
                                                     "telegram_minutes": settings.TELEGRAM_LINK_CODE_MINUTES})


def telegram_enabled():
    return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_BOT_USERNAME)


@login_required
@require_POST
def rotate_token(request):
    had_token = Token.objects.filter(user=request.user).exists()
    actions.rotate_api_token(request.user)
    if had_token:
        messages.success(request, _("A new API token was issued; the old one no longer works."))
    else:
        messages.success(request, _("Your API token was created."))
    return redirect("accounts:profile")
