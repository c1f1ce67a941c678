"""Job input pictures: decoded with the galleries' safe validator (editor.uploads.open_upload:
format allowlist, byte and pixel caps, bombs, truncated files), re-encoded as PNG and stored
under a random name in MEDIA_ROOT/inputs/. JSON clients may send base64 data URLs instead of
multipart files; those go through the same validator.
"""

import base64
import binascii
import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from editor.uploads import UploadError, open_upload


def _from_data_url(value, field):
    # "data:<type>;base64,<payload>"; a data URL without the comma has no payload at all.
    payload = value.partition(",")[2] if value.startswith("data:") else value
    # Refuse by length before decoding, so a huge string never becomes huge bytes.
    if len(payload) * 3 // 4 > settings.UPLOAD_MAX_BYTES + 3:
        raise UploadError("file_too_large", _("The file is too large (at most %(mb)d MB).") % {
            "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}, field)
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("invalid_image", _("Not a valid base64 data URL."), field) from None
    return SimpleUploadedFile("upload", data)


def load_upload(value, field):
    """A validated RGB/RGBA PIL image from an uploaded file or a data URL string."""
    if isinstance(value, str):
        value = _from_data_url(value, field)
    return open_upload(value, field)


def store(image, role):
    """Write a PNG under MEDIA_ROOT/inputs/ with a random name; returns the Job.inputs entry."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    token = uuid.uuid4().hex
    path = default_storage.save(f"inputs/{token[:2]}/{token}.png", ContentFile(buffer.getvalue()))
    return {"role": role, "path": path, "width": image.width, "height": image.height}


def open_stored(entry):
    """A stored input as a PIL image (used by the worker)."""
    with default_storage.open(entry["path"], "rb") as handle:
        image = Image.open(handle)
        image.load()
    return image


def delete_stored(entries):
    for entry in entries:
        default_storage.delete(entry["path"])
