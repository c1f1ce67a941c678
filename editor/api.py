"""REST API v1: my images (list, upload, read, rename/share, delete, report) and the public gallery.

Errors come as {"error": {"code", "message", "fields"}}; other users' images are 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from django.utils.translation import gettext_lazy
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer, flatten_fields
from core.errors import ApiError
from core.parsers import JSONParser
from editor import actions
from editor.images import save_image
from editor.models import KEPT_FILTERS, Image, filter_by_kept, filter_by_kind
from editor.serializers import ImageSerializer, PublicImageSerializer
from editor.uploads import open_upload


def invalid(serializer):
    """A serializer's errors as the coded 400 (rendered by core.api.exception_handler)."""
    return ApiError("invalid", fields=flatten_fields(serializer.errors))


def public_images():
    return (Image.objects.filter(visibility=Image.Visibility.PUBLIC,
                                 moderation=Image.Moderation.APPROVED)
            .select_related("owner").order_by("-created_at"))


def _error(description):
    return OpenApiResponse(ErrorSerializer, description=description)


# What the schema shows for the refusals below (codes and messages: docs/api.md).
NOT_LOGGED_IN = _error("not_authenticated or authentication_failed.")
NOT_FOUND = _error("not_found: no such image, or not yours.")
KIND_FILTER = OpenApiParameter("kind", OpenApiTypes.STR, description="Only images of this kind "
                               "(upload, canvas, text2img, inpaint, outpaint, fusion, mix, variation).")


KEPT_FILTER = OpenApiParameter(
    "kept", OpenApiTypes.STR, enum=list(KEPT_FILTERS), description=(
        "true (the default): what My gallery holds, i.e. uploads, saved canvases and the results "
        "the user kept; false: the jobs' results never kept (the history; Discard deletes "
        "them); all: both."))


KEPT_CHOICE_MESSAGE = gettext_lazy("Use true, false or all.")


def filter_kind(queryset, request):
    return filter_by_kind(queryset, request.query_params.get("kind"))


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    visibility = serializers.ChoiceField(choices=Image.Visibility.choices, required=False,
                                         default=Image.Visibility.PRIVATE)
    # The editor's Save sends "canvas", so saved canvases are not filed as uploads.
    kind = serializers.ChoiceField(choices=[("upload", "upload"), ("canvas", "canvas")], required=False,
                                   default="upload")


@extend_schema_view(get=extend_schema(parameters=[KIND_FILTER, KEPT_FILTER], responses={
    200: ImageSerializer(many=True), 400: _error("invalid: kept is not true, false or all."),
    403: NOT_LOGGED_IN}))
class MyImagesView(generics.ListAPIView):
    """GET: my images, newest first: what My gallery holds unless ?kept= says otherwise (?kind=
    filters too). POST: upload an image (kept at once)."""

    serializer_class = ImageSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = filter_by_kept(Image.objects.filter(owner=self.request.user),
                                  self.request.query_params.get("kept"))
        if queryset is None:
            raise ApiError("invalid", fields={"kept": [str(KEPT_CHOICE_MESSAGE)]})
        return filter_kind(queryset, self.request)

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={
        201: ImageSerializer, 403: NOT_LOGGED_IN,
        400: _error("invalid (see fields), or an upload refusal: file_required, file_too_large, "
                    "empty_file, unsupported_format, image_too_large, invalid_image.")})
    def post(self, request):
        form = UploadSerializer(data=request.data)
        if not form.is_valid():
            raise invalid(form)
        picture = open_upload(form.validated_data["file"], field="file")
        image = save_image(request.user, picture, kind=form.validated_data["kind"],
                           title=form.validated_data["title"])
        actions.set_visibility(image, form.validated_data["visibility"])
        return Response(ImageSerializer(image).data, status=status.HTTP_201_CREATED)


def _own_or_404(request, image_id):
    """The requester's image; anyone else's is the same 404 as one that does not exist."""
    image = Image.objects.filter(pk=image_id, owner=request.user).first()
    if image is None:
        raise ApiError("not_found", status=404)
    return image


class MyImageView(APIView):
    """One of my images: read, rename / share / unshare, delete. Anyone else's: 404."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = ImageSerializer

    @extend_schema(responses={200: ImageSerializer, 403: NOT_LOGGED_IN, 404: NOT_FOUND})
    def get(self, request, image_id):
        image = _own_or_404(request, image_id)
        return Response(ImageSerializer(image).data)

    @extend_schema(responses={200: ImageSerializer, 400: _error("invalid: see fields (title, visibility)."),
                              403: NOT_LOGGED_IN, 404: NOT_FOUND})
    def patch(self, request, image_id):
        image = _own_or_404(request, image_id)
        form = ImageSerializer(image, data=request.data, partial=True)
        if not form.is_valid():
            raise invalid(form)
        if "title" in form.validated_data:
            actions.rename(image, form.validated_data["title"])
        if "visibility" in form.validated_data:
            actions.set_visibility(image, form.validated_data["visibility"])
        return Response(ImageSerializer(image).data)

    @extend_schema(responses={204: None, 403: NOT_LOGGED_IN, 404: NOT_FOUND})
    def delete(self, request, image_id):
        image = _own_or_404(request, image_id)
        actions.delete_images([image])
        return Response(status=status.HTTP_204_NO_CONTENT)


class KeepView(APIView):
    """Keep a job's result in My gallery (the editor calls it when a result is accepted onto the
    canvas or kept from the staging strip). Idempotent. Anyone else's image: 404."""

    @extend_schema(request=None, responses={200: ImageSerializer, 403: NOT_LOGGED_IN, 404: NOT_FOUND})
    def post(self, request, image_id):
        image = _own_or_404(request, image_id)
        actions.keep(image)
        return Response(ImageSerializer(image).data)


class DiscardView(APIView):
    """Discard a job's result that was never kept: it is deleted. A kept one (in My gallery) is
    409 image_kept, deleting it is DELETE /images/{id}/. Anyone else's image: 404."""

    @extend_schema(request=None, responses={
        204: None, 403: NOT_LOGGED_IN, 404: NOT_FOUND,
        409: _error("image_kept: the picture is in My gallery; DELETE it to remove it.")})
    def post(self, request, image_id):
        actions.discard(_own_or_404(request, image_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ReportView(APIView):
    """Report a public image (reason required; once per user per image)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=ReportSerializer, responses={
        201: inline_serializer("Reported", {"reported": serializers.BooleanField()}),
        400: _error("invalid (reason missing, blank or over 1000 characters), or own_image."),
        403: NOT_LOGGED_IN,
        404: _error("not_found: no such image, or not in the public gallery."),
        409: _error("already_reported: you reported this image before."),
    })
    def post(self, request, image_id):
        # Only what the public gallery shows can be reported; anything else does not exist.
        image = public_images().filter(pk=image_id).first()
        if image is None:
            raise ApiError("not_found", status=404)
        form = ReportSerializer(data=request.data)
        if not form.is_valid():
            raise invalid(form)
        actions.report(image, request.user, form.validated_data["reason"])
        return Response({"reported": True}, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(parameters=[KIND_FILTER]))
class GalleryView(generics.ListAPIView):
    """Public, approved images of everyone, newest first. No login needed."""

    permission_classes = [AllowAny]
    serializer_class = PublicImageSerializer

    def get_queryset(self):
        return filter_kind(public_images(), self.request)


class GalleryImageView(APIView):
    """One image in the public shape (prompt and params, e.g. for a remix): public approved ones
    for anyone, the owner's own and, for staff, any; otherwise 404."""

    permission_classes = [AllowAny]
    serializer_class = PublicImageSerializer

    @extend_schema(responses={200: PublicImageSerializer, 404: _error("not_found: no such image, or not "
                                                                      "visible to you.")})
    def get(self, request, image_id):
        image = Image.objects.select_related("owner").filter(pk=image_id).first()
        if image is None or not image.can_view(request.user):
            raise ApiError("not_found", status=404)
        return Response(PublicImageSerializer(image).data)
