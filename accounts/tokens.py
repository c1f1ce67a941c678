"""API tokens: DRF's TokenAuthentication, refusing keys that cannot be keys before any query.

DRF keys are 20 random bytes in hex. Looking up anything else is pointless, and a NUL byte in
the header made PostgreSQL fail the query (a 500 instead of a 403).
"""

import re

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

_KEY = re.compile(r"[0-9a-f]{40}")


def is_token_key(key):
    return bool(key) and _KEY.fullmatch(key) is not None


class StrictTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        if not is_token_key(key):
            raise AuthenticationFailed()
        return super().authenticate_credentials(key)
