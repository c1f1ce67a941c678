"""Storing pictures as gallery Images: one way in for uploads, generation results and canvases."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from editor.models import Image


def _png_bytes(picture):
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def make_thumbnail(picture, size=None):
    """A small WebP of the picture, aspect kept, longest side at most `size` pixels."""
    size = size or settings.GALLERY_THUMBNAIL_SIZE
    thumb = picture.copy()
    if thumb.mode not in ("RGB", "RGBA"):
        thumb = thumb.convert("RGBA" if "A" in thumb.getbands() else "RGB")
    thumb.thumbnail((size, size), PILImage.Resampling.LANCZOS)
    buffer = io.BytesIO()
    thumb.save(buffer, format="WEBP", quality=82, method=4)
    return buffer.getvalue()


def save_image(owner, pil_image, kind, title="", params=None, job=None, kept=True):
    """Re-encode `pil_image` as PNG under a random name, make its thumbnail, create the Image.

    Re-encoding drops whatever else an uploaded file carried (metadata, trailing bytes).
    The image starts private and, unless `kept` is False (a job's result, which joins My
    gallery only once kept: editor.actions.keep), in My gallery. Publishing goes through
    editor.actions.set_visibility, which decides moderation.
    """
    if pil_image.mode not in ("RGB", "RGBA"):
        pil_image = pil_image.convert("RGBA" if "A" in pil_image.getbands() else "RGB")
    image = Image(
        owner=owner, kind=kind, title=(title or "")[:200], params=params or {}, job=job, kept=kept,
    )
    # Names are random (see upload_to); the given name only supplies the extension.
    image.file.save("image.png", ContentFile(_png_bytes(pil_image)), save=False)
    image.thumbnail.save("thumb.webp", ContentFile(make_thumbnail(pil_image)), save=False)
    # Set after the saves: ImageField's width_field/height_field hooks reset them on assignment.
    image.width, image.height = pil_image.size
    image.save()
    return image
