"""The editor's autosave API: one CanvasState per user (picture as PNG + the editor's JSON state).

GET    /api/v1/canvas/          → {"state": {...}, "picture_url": str|null, "revision": int,
                                   "updated_at": str|null}
PUT    /api/v1/canvas/          multipart (`base_revision`, `state` JSON text, optional `picture`
                                PNG, optional `clear_picture`) or JSON {"base_revision": n,
                                "state": {...}}; the picture is kept when none is sent, so
                                prompt-only saves stay cheap. `base_revision` is the revision
                                the save started from: when another tab saved in between, the
                                answer is 409 canvas_conflict with the current revision.
DELETE /api/v1/canvas/          forget everything (a new, empty canvas).
GET    /api/v1/canvas/picture/  the saved PNG, only ever the caller's own.
"""

import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from PIL import Image as PILImage
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer
from core.errors import CodedError
from core.parsers import JSONParser
from editor.models import CanvasState


# Shapes for the OpenAPI schema; the views build the dicts themselves (_as_dict).
class CanvasSerializer(serializers.Serializer):
    state = serializers.DictField(help_text="The editor's JSON state ({} when nothing is saved).")
    picture_url = serializers.CharField(allow_null=True, help_text="GET it for the saved PNG; null when none.")
    revision = serializers.IntegerField(help_text="Bumped by every save (0: never saved). Send it back "
                                                  "as base_revision with the next PUT.")
    updated_at = serializers.DateTimeField(allow_null=True)


class CanvasMultipartSerializer(serializers.Serializer):
    base_revision = serializers.IntegerField(min_value=0, help_text="The revision this save is based on "
                                                                    "(from the last GET or PUT; 0 for a first save).")
    state = serializers.CharField(required=False, help_text="The editor state as JSON text (an object).")
    picture = serializers.FileField(required=False, help_text="PNG; kept as it is when not sent.")
    clear_picture = serializers.BooleanField(required=False, help_text="1/true/yes: forget the picture.")


class CanvasJsonSerializer(serializers.Serializer):
    base_revision = serializers.IntegerField(min_value=0)
    state = serializers.DictField(required=False)
    clear_picture = serializers.BooleanField(required=False)


NOT_LOGGED_IN = OpenApiResponse(ErrorSerializer, description="not_authenticated or authentication_failed.")


class CanvasConflict(CodedError):
    """A save based on an older revision (409): the client decides (load the current one, or
    save again on top of `revision` to keep its own)."""

    status = 409

    def __init__(self, revision):
        super().__init__("canvas_conflict", _("The canvas was changed in another tab or window."))
        self.revision = revision

    def as_dict(self):
        body = super().as_dict()
        body["error"]["revision"] = self.revision
        return body


ABSENT = object()  # a field not sent at all (JSON null is sent)


def _parse_revision(raw):
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise CodedError("revision_invalid", _("Send the revision this save is based on "
                                                "(base_revision, a whole number)."), "base_revision")
    return raw


def _parse_state(raw):
    if raw is ABSENT:  # kept as it is; a JSON null is no state and refused below
        return None
    not_json = CodedError("state_invalid", _("The editor state is not valid JSON."), "state")
    if isinstance(raw, str):
        if len(raw) > settings.CANVAS_STATE_MAX_BYTES:  # characters ≤ bytes; exact check below
            raise CodedError("state_too_large", _("The editor state is too large."), "state")
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):  # deep nesting raises RecursionError
            raise not_json from None
    if not isinstance(raw, dict):
        raise CodedError("state_invalid", _("The editor state must be a JSON object."), "state")
    try:
        # Stored only if strict JSON can carry it back (and PostgreSQL's jsonb takes it):
        # json.loads accepts NaN/Infinity and lone surrogates, jsonb refuses \u0000.
        size = len(json.dumps(raw, ensure_ascii=False, allow_nan=False).encode())
    except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        raise not_json from None
    if _has_nul(raw):
        raise not_json
    if size > settings.CANVAS_STATE_MAX_BYTES:
        raise CodedError("state_too_large", _("The editor state is too large."), "state")
    return raw


FORM_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False, "": False}


def _parse_flag(raw, form):
    """clear_picture: JSON true/false; in a form also 1/0, true/false, yes/no (any case)."""
    if raw is ABSENT:
        return False
    if isinstance(raw, bool):
        return raw
    if form and isinstance(raw, str) and raw.strip().lower() in FORM_FLAGS:
        return FORM_FLAGS[raw.strip().lower()]
    raise CodedError("invalid", _("clear_picture must be true or false."), "clear_picture")


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _check_picture(upload):
    """A PNG of bounded bytes and dimensions; checked from the header before decoding anything."""
    if upload.size > settings.CANVAS_MAX_BYTES:
        raise CodedError("picture_too_large", _("The picture file is too large."), "picture")
    try:
        with PILImage.open(upload) as probe:
            fmt, (width, height) = probe.format, probe.size
            if fmt == "PNG" and max(width, height) <= settings.CANVAS_MAX_SIDE:
                probe.verify()
    except Exception:  # Pillow raises many types for broken files; all mean the same to the user
        raise CodedError("picture_invalid", _("The picture is not a readable PNG image."), "picture") from None
    if fmt != "PNG":
        raise CodedError("picture_invalid", _("The picture is not a readable PNG image."), "picture")
    if max(width, height) > settings.CANVAS_MAX_SIDE:
        message = _("The picture is larger than %(side)d pixels on a side.") % {"side": settings.CANVAS_MAX_SIDE}
        raise CodedError("picture_too_large", message, "picture")
    upload.seek(0)


def _as_dict(canvas):
    picture_url = None
    if canvas and canvas.picture:
        # The version parameter keeps browser caches from serving an older autosave.
        picture_url = f"{reverse('canvas-picture')}?v={int(canvas.updated_at.timestamp() * 1000)}"
    return {
        "state": canvas.state if canvas else {},
        "picture_url": picture_url,
        "revision": canvas.revision if canvas else 0,
        "updated_at": canvas.updated_at.isoformat() if canvas else None,
    }


def _replace_picture(canvas, upload):
    old = canvas.picture.name if canvas.picture else ""
    if upload is None:
        canvas.picture = ""
    else:
        canvas.picture.save("canvas.png", upload, save=False)
    if old:
        canvas.picture.storage.delete(old)


class CanvasStateView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: CanvasSerializer, 403: NOT_LOGGED_IN})
    def get(self, request):
        canvas = CanvasState.objects.filter(user=request.user).first()
        return Response(_as_dict(canvas))

    @extend_schema(
        request={"multipart/form-data": CanvasMultipartSerializer, "application/json": CanvasJsonSerializer},
        responses={200: CanvasSerializer, 403: NOT_LOGGED_IN, 400: OpenApiResponse(
            ErrorSerializer, description="revision_invalid, state_invalid, state_too_large, picture_invalid, "
                                         "picture_too_large."),
            409: OpenApiResponse(ErrorSerializer, description="canvas_conflict: saved elsewhere since "
                                                              "base_revision; error.revision is the current one.")})
    def put(self, request):
        if not isinstance(request.data, dict):  # a JSON body of [], "x", 1, null or true
            raise ParseError()
        base = _parse_revision(request.data.get("base_revision"))
        state = _parse_state(request.data.get("state", ABSENT))
        clear = _parse_flag(request.data.get("clear_picture", ABSENT), form=request.content_type != "application/json")
        upload = request.FILES.get("picture")
        if upload is not None:
            _check_picture(upload)
        try:
            with transaction.atomic():
                # Locked, so of two saves on the same base only the first one wins.
                canvas = CanvasState.objects.select_for_update().filter(user=request.user).first()
                current = canvas.revision if canvas else 0
                if base != current:
                    raise CanvasConflict(current)
                if canvas is None:
                    canvas = CanvasState(user=request.user)
                if state is not None:
                    canvas.state = state
                if upload is not None:
                    _replace_picture(canvas, upload)
                elif clear:
                    _replace_picture(canvas, None)
                canvas.revision = current + 1
                canvas.save()
        except IntegrityError:  # two first saves at once: the other one created the row
            raise CanvasConflict(CanvasState.objects.get(user=request.user).revision) from None
        return Response(_as_dict(canvas))

    @extend_schema(responses={204: None, 403: NOT_LOGGED_IN})
    def delete(self, request):
        canvas = CanvasState.objects.filter(user=request.user).first()
        if canvas:
            if canvas.picture:
                canvas.picture.storage.delete(canvas.picture.name)
            canvas.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CanvasPictureView(APIView):
    @extend_schema(responses={
        (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="The saved picture."),
        403: NOT_LOGGED_IN,
        404: OpenApiResponse(ErrorSerializer, description="not_found: no picture saved."),
    })
    def get(self, request):
        canvas = CanvasState.objects.filter(user=request.user).first()
        if not canvas or not canvas.picture:
            raise Http404
        try:
            handle = canvas.picture.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type="image/png")
        response["Cache-Control"] = "private, max-age=0, must-revalidate"
        return response
