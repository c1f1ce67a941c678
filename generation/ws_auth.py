"""Websocket handshakes: the Origin check, then the browser's session cookie or
`Authorization: Token <key>`."""

from urllib.parse import urlsplit

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.http.request import split_domain_port, validate_host

from accounts.tokens import is_token_key


@database_sync_to_async
def _user_for_token(key):
    from rest_framework.authtoken.models import Token

    if not is_token_key(key):
        return None
    token = Token.objects.select_related("user").filter(key=key).first()
    return token.user if token and token.user.is_active else None


DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}


def _header(scope, name):
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _origin(url):
    """(scheme-independent host, port) of an origin URL; None when it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port that is not a number
        return None
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname  # as Host writes IPv6
    return (host, port) if host and port else None


def origin_allowed(scope):
    """The page opening the socket must be this site: its Origin has the host *and port* the
    handshake was sent to (the Host header), or is one of CSRF_TRUSTED_ORIGINS (a proxy in
    front) — what Django's CSRF check accepts for a POST. Channels' AllowedHostsOriginValidator
    compares host names only, so any other page served on the same host (another port) could
    open sockets with the user's session cookie. No Origin: refused, as before."""
    origin = _header(scope, b"origin")
    parsed = _origin(origin) if origin else None
    if parsed is None or not validate_host(parsed[0], settings.ALLOWED_HOSTS):
        return False
    if any(_origin(trusted) == parsed for trusted in settings.CSRF_TRUSTED_ORIGINS):
        return True
    host, port = split_domain_port(_header(scope, b"host") or "")  # ("", "") when malformed
    return (host, int(port) if port else DEFAULT_PORTS.get(scope.get("scheme", "ws"))) == parsed


class SameOriginValidator:
    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)


def _token_from_headers(headers):
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, key = value.decode("latin-1").partition(" ")
            if scheme.lower() == "token" and key.strip():
                return key.strip()
    return None


class _TokenAuthMiddleware(AuthMiddleware):
    """Session auth as Channels does it; a valid token header takes precedence."""

    async def resolve_scope(self, scope):
        key = _token_from_headers(scope.get("headers", []))
        user = await _user_for_token(key) if key else None
        if user is not None:
            scope["user"]._wrapped = user
        else:
            await super().resolve_scope(scope)


def TokenOrSessionAuthMiddleware(inner):
    return CookieMiddleware(SessionMiddleware(_TokenAuthMiddleware(inner)))
