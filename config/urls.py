from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts import language

from telegram_bot import views as telegram_views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Ahead of Django's own: the header switch also saves a logged-in user's preference.
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("accounts/profile/telegram/", telegram_views.telegram_link, name="telegram_link"),
    path("api/v1/", include("generation.api_urls")),
    path("api/v1/", include("editor.api_urls")),
    path("api/v1/", include("editor.canvas_urls")),
    path("api/v1/", include("accounts.api_urls")),
    path("", include("editor.urls")),
]

handler400 = "editor.views.errors.bad_request"
handler404 = "editor.views.errors.not_found"
handler403 = "editor.views.errors.permission_denied"
handler500 = "editor.views.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
