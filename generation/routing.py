"""Websocket URL routes (see config/asgi.py)."""

websocket_urlpatterns = []
