"""Top-level pages: the landing page for visitors, the editor for people who are logged in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


def home(request):
    if request.user.is_authenticated:
        return canvas_page(request)
    return render(request, "home.html")


@login_required
def canvas(request):
    return canvas_page(request)


def canvas_page(request):
    # ?image=<id> opens a saved image, ?remix=<id> copies its prompt/style/seed; the browser
    # reads both from the query string, so the page itself needs no arguments.
    return render(request, "editor/canvas.html")


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on their own (a 404 on every page otherwise). Not a
    permanent redirect: the static file's hashed name changes with it."""
    return redirect(static("favicon.ico"))
