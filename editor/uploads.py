"""Opening untrusted image uploads safely: an allowlist of formats, byte and pixel caps.

Used by the images API and meant for the jobs API too (one validator, not two). Every refusal
is an `UploadError` with a stable code and a translated message, so views answer a 400.
"""

import warnings

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps

from core.errors import CodedError

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}


class UploadError(CodedError):
    """A refused upload (400), `field` naming the form field it came in."""

    def __init__(self, code, message, field="file"):
        super().__init__(code, message, field)


def _max_bytes():
    return settings.UPLOAD_MAX_BYTES


def _max_pixels():
    return settings.UPLOAD_MAX_PIXELS


def too_large(field="file"):
    return UploadError(
        "file_too_large",
        _("The file is too large (at most %(mb)d MB).") % {"mb": _max_bytes() // (1024 * 1024)},
        field,
    )


def open_upload(file, field="file"):
    """Return a fully decoded RGB or RGBA PIL image from an uploaded file, or raise UploadError."""
    if file is None:
        raise UploadError("file_required", _("Choose an image file."), field)
    size = getattr(file, "size", None)
    if size is not None and size > _max_bytes():
        raise too_large(field)
    if size == 0:
        raise UploadError("empty_file", _("The file is empty."), field)
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        # Bomb warnings become errors; our own pixel cap below is stricter anyway.
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(file)
            if picture.format not in ALLOWED_FORMATS:
                raise UploadError(
                    "unsupported_format", _("Only PNG, JPEG and WebP images are accepted."), field
                )
            width, height = picture.size
            # Checked from the header, before any pixel is decoded.
            if width * height > _max_pixels() or width == 0 or height == 0:
                raise UploadError(
                    "image_too_large",
                    _("The image is too large (at most %(mp).1f megapixels).")
                    % {"mp": _max_pixels() / 1_000_000},
                    field,
                )
            picture.load()  # truncated or corrupt data fails here, not later in a worker
    except UploadError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise UploadError("image_too_large", _("The image is too large."), field) from None
    except (PILImage.UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadError("invalid_image", _("The file is not a readable image."), field) from None
    picture = ImageOps.exif_transpose(picture)  # phone photos come out the right way up
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    return picture.convert("RGBA" if has_alpha else "RGB")
