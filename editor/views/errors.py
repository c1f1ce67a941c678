"""Error pages rendered with the site layout, in the visitor's language."""

from django.shortcuts import render


def _error(request, status, template):
    return render(request, template, status=status)


def not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def permission_denied(request, exception=None):
    return _error(request, 403, "errors/403.html")


def server_error(request):
    return _error(request, 500, "errors/500.html")
