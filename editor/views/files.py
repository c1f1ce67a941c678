"""Image files behind a permission check: the owner and staff, or anyone when public+approved.

Django streams the file itself by default; with FILES_X_ACCEL_REDIRECT_PREFIX set (production
behind nginx) it only checks and answers with X-Accel-Redirect, and nginx sends the bytes from
an `internal` location.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from rest_framework.exceptions import AuthenticationFailed

from accounts.tokens import StrictTokenAuthentication
from editor.models import Image


def _content_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def download_name(image):
    ext = image.file.name.rsplit(".", 1)[-1] if "." in image.file.name else "png"
    return f"{slugify(image.title, allow_unicode=True) or 'image'}-{str(image.pk)[:8]}.{ext}"


def _file_response(field, attachment_name=None):
    prefix = settings.FILES_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=_content_type(field.name))
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field.name)
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=_content_type(field.name))
    if attachment_name:
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(attachment_name)}"
        )
    return response


def _requesting_user(request):
    """The session user, or an API client's `Authorization: Token` user: a script that made a
    job with its token downloads the result URLs with the same token."""
    if request.user.is_authenticated:
        return request.user
    try:
        found = StrictTokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        found = None  # a bad token is just anonymous here: public files still answer
    return found[0] if found else request.user


def image_file(request, image_id, variant="file"):
    image = get_object_or_404(Image, pk=image_id)
    # 404, never 403: a stranger must not learn that the image exists.
    if not image.can_view(_requesting_user(request)):
        raise Http404
    if variant == "thumb" and image.thumbnail:
        field = image.thumbnail
    else:
        field = image.file
    response = _file_response(field, download_name(image) if variant == "download" else None)
    response["X-Content-Type-Options"] = "nosniff"
    # A private file must never sit in a shared cache; public ones may, but only briefly since
    # moderation can take them down. Vary on Cookie: the answer depends on who asks.
    if image.is_public:
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, max-age=3600"
    response["Vary"] = "Cookie, Authorization"
    return response
