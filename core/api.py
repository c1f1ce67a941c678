"""One error shape for every API answer that is not a success:
{"error": {"code": "<stable code>", "message": "<translated>", "fields": {name: [messages]}}}

Set as REST_FRAMEWORK["EXCEPTION_HANDLER"], so it covers every DRF view of the project:
authentication, permissions, 404s, throttling, parsing and validation, and coded errors
(core.errors.CodedError and its subclass ApiError). Django's own refusals under /api/
(editor.views.errors) use error_body too.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from core.errors import MESSAGES, CodedError, message_for

_CODES = [  # most specific first
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "authentication_failed"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.Throttled, "throttled"),
    (exceptions.ParseError, "parse_error"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.ValidationError, "invalid"),
]

# A validation error on exactly one of these fields gets that field's specific code.
FIELD_CODES = {
    "kind": "unsupported_kind", "width": "invalid_size", "height": "invalid_size",
    "aspect_ratio": "invalid_aspect_ratio", "steps": "invalid_steps", "num_images": "invalid_num_images",
    "guidance_scale": "invalid_guidance", "seed": "invalid_seed", "strength": "invalid_strength",
    "weights": "invalid_weights", "style": "unknown_style",
    "prompt": "invalid_prompt", "negative_prompt": "invalid_prompt", "prompts": "invalid_prompt",
}


def flatten_fields(detail):
    """DRF's nested error detail → {field: [message, ...]} with plain strings."""
    if isinstance(detail, dict):
        return {name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])] for name, msgs in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def validation_code(fields):
    return FIELD_CODES.get(next(iter(fields)), "invalid") if len(fields) == 1 else "invalid"


def error_body(code, message=None, fields=None):
    return {"error": {"code": code, "message": str(message or message_for(code)), "fields": fields or {}}}


def exception_handler(exc, context):
    headers = {}
    if isinstance(exc, CodedError):
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            headers["Retry-After"] = str(retry_after)
        return Response(exc.as_dict(), status=exc.status, headers=headers)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 handler (no traceback shown to the client)
    code = next((c for cls, c in _CODES if isinstance(exc, cls)), "error")
    fields = flatten_fields(exc.detail) if code == "invalid" else {}
    if fields:
        code = validation_code(fields)
    message = message_for(code) if code in MESSAGES else str(exc.detail)
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait) + 1)
    return Response(error_body(code, message, fields), status=exc.status_code, headers=headers)


# The error envelope in the OpenAPI schema of every app's views.
class ErrorSerializer(serializers.Serializer):
    class _Error(serializers.Serializer):
        code = serializers.CharField()
        message = serializers.CharField()
        fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))

    error = _Error()
