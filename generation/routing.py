"""Websocket URL routes (see config/asgi.py)."""

from django.urls import path

from generation.consumers import JobsConsumer

websocket_urlpatterns = [
    path("ws/jobs/", JobsConsumer.as_asgi()),
]
