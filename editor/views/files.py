"""Image files behind a permission check: the owner and staff, or anyone when public+approved."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from editor.models import Image


def image_file(request, image_id, variant="file"):
    image = get_object_or_404(Image, pk=image_id)
    # 404, never 403: a stranger must not learn that the image exists.
    if not image.can_view(request.user):
        raise Http404
    field = image.thumbnail if variant == "thumb" and image.thumbnail else image.file
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if image.is_public else "private, max-age=3600"
    return response
