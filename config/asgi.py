"""ASGI entry point: HTTP goes to Django, websockets to the Channels router."""

import os

from django.core.asgi import get_asgi_application

from config.daphne_requests import leave_bodies_to_django

leave_bodies_to_django()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from generation.routing import websocket_urlpatterns  # noqa: E402
from generation.ws_auth import SameOriginValidator, TokenOrSessionAuthMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(
            TokenOrSessionAuthMiddleware(URLRouter(websocket_urlpatterns))
        ),
    }
)
