"""Websocket authentication: the browser's session cookie, or `Authorization: Token <key>`."""

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, SessionMiddleware

from accounts.tokens import is_token_key


@database_sync_to_async
def _user_for_token(key):
    from rest_framework.authtoken.models import Token

    if not is_token_key(key):
        return None
    token = Token.objects.select_related("user").filter(key=key).first()
    return token.user if token and token.user.is_active else None


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
