"""The project's URLs plus one view that crashes, to see the real 500 path end to end."""

from django.urls import path

from config.urls import handler403, handler404, handler500, urlpatterns as project_urls  # noqa: F401


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("crash/", crash), *project_urls]
