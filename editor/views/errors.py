"""Error pages rendered with the site layout, in the visitor's language; under /api/ the same
refusals are the API's JSON error envelope (Django answers these before any API view runs:
unmatched URLs, bodies over DATA_UPLOAD_MAX_MEMORY_SIZE, too many form fields)."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults

from core.api import error_body
from editor.uploads import too_large


def _is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):  # in this API only pictures make a body that big
        return JsonResponse(too_large(field="").as_dict(), status=400)
    return JsonResponse(error_body("parse_error"), status=400)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body("not_found"), status=404)
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body("permission_denied"), status=403)
    return render(request, "errors/403.html", status=403)


def server_error(request):
    # No request context: context processors touch the session, the user and the database,
    # any of which may be what just failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    # Usually a form left open across a log-out or a server restart: say so, in the layout.
    return render(request, "errors/403_csrf.html", status=403)
