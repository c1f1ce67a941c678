"""While Redis or the database is away, every /api/ answer is a coded JSON 503, not Django's
HTML 500.

Redis holds the broker, the socket layer, the engine info and the locks; a request that needs
it while it restarts fails with redis' ConnectionError/TimeoutError wherever it was raised
(a DRF view re-raises what its handler does not know, so this middleware sees those too).
A database restarting answers OperationalError ("the database system is shutting down",
"connection failed"); Django drops the broken connection at the request's end, so the next
request reconnects.
"""

from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import JsonResponse
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError, TimeoutError

from core.api import error_body

UNAVAILABLE = (ConnectionError, TimeoutError, OperationalError, DatabaseOperationalError, DatabaseInterfaceError)
RETRY_AFTER = 5  # a restarting Redis or database is usually back within seconds


class RedisUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/") or not isinstance(exception, UNAVAILABLE):
            return None
        response = JsonResponse(error_body("service_unavailable"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
