"""Error pages rendered with the site layout, in the visitor's language."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    # No request context: context processors touch the session, the user and the database,
    # any of which may be what just failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    # Usually a form left open across a log-out or a server restart: say so, in the layout.
    return render(request, "errors/403_csrf.html", status=403)
