"""The interface language: a user's saved choice is applied at log-in and on saving the profile.

Django keeps the active language in a cookie (LocaleMiddleware reads it), so applying a language
means activating it for the rest of this request and setting the cookie on the response. The
log-in signal has no response to write to, so it marks the request and UserLanguageMiddleware
writes the cookie on the way out. The middleware also applies the saved language to a logged-in
user whose browser has no language cookie (a new browser on a still-valid session).
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.i18n import set_language as django_set_language

_PENDING = "_kstudio_language"


def _remember(request, language):
    """Mark `language` for the response's cookie; False when it is not one we offer."""
    if language not in dict(settings.LANGUAGES):
        return False
    setattr(request, _PENDING, language)
    return True


def apply_language(request, language):
    """Switch this request to `language` and remember it for the response's cookie."""
    if _remember(request, language):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def set_language(request):
    """The header switch: Django's set_language, which also saves the choice as a logged-in
    user's preference, so the next log-in does not switch them back."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = getattr(request, "user", None)
    if (request.method == "POST" and user is not None and user.is_authenticated
            and language in dict(settings.LANGUAGES) and user.language != language):
        user.language = language
        user.save(update_fields=["language"])
    if response.cookies.get(settings.LANGUAGE_COOKIE_NAME):
        # The middleware writes its pending language last: make it this choice, not the old one.
        _remember(request, response.cookies[settings.LANGUAGE_COOKIE_NAME].value)
    return response


@receiver(user_logged_in)
def apply_saved_language(sender, request, user, **kwargs):
    # Only the cookie: the log-in answer is a redirect, and activating here would also switch
    # the thread of code that logs users in outside a request (the test client's force_login).
    # Empty preference: keep whatever the visitor uses now (cookie or browser).
    if request is not None and user.language:
        _remember(request, user.language)


class UserLanguageMiddleware:
    """Applies a logged-in user's saved language where the browser has no language cookie,
    and writes the cookie for requests where a language was applied or remembered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.language:
                apply_language(request, user.language)
        response = self.get_response(request)
        language = getattr(request, _PENDING, None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
