"""Uploads, saving, renaming, sharing and deleting through the API, and file serving."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage

from editor import actions
from editor.models import Image

pytestmark = pytest.mark.django_db


def encoded(fmt="PNG", size=(80, 60), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, "blue").save(buffer, format=fmt)
    return buffer.getvalue()


def upload(client, data, name="pic.png", **fields):
    return client.post(reverse("api-images"), {"file": SimpleUploadedFile(name, data), **fields})


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_upload_accepted_formats(alice_client, alice, fmt):
    response = upload(alice_client, encoded(fmt), title="Sky")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["kind"], body["width"], body["height"]) == ("Sky", "upload", 80, 60)
    assert (body["visibility"], body["moderation"]) == ("private", "none")
    image = Image.objects.get(pk=body["id"])
    assert image.owner == alice
    # Re-encoded as PNG with a random name, plus a WebP thumbnail.
    assert image.file.name.endswith(".png") and "pic" not in image.file.name
    with PILImage.open(image.thumbnail.path) as thumb:
        assert thumb.format == "WEBP" and max(thumb.size) <= 384


def test_upload_public_goes_to_review(alice_client):
    body = upload(alice_client, encoded(), visibility="public").json()
    assert (body["visibility"], body["moderation"]) == ("public", "pending")


def gif():
    return encoded("GIF")


def truncated():
    return encoded("JPEG", size=(300, 300))[:400]


def bomb():
    # A tiny file that decodes to 25 megapixels: refused from the header, before decoding.
    return encoded("PNG", size=(5000, 5000), mode="1")


@pytest.mark.parametrize("make,code", [
    (gif, "unsupported_format"),
    (truncated, "invalid_image"),
    (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "invalid_image"),
    (lambda: b"", "invalid"),  # Django/DRF refuse an empty file before we see it
    (bomb, "image_too_large"),
])
def test_bad_uploads_get_coded_400(alice_client, make, code):
    response = upload(alice_client, make())
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and "file" in error["fields"]
    assert not Image.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_upload_byte_cap(alice_client):
    response = upload(alice_client, encoded(size=(400, 400)) + b"\0" * 2000)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_too_large"


def test_upload_without_file(alice_client):
    response = alice_client.post(reverse("api-images"), {"title": "x"})
    assert response.status_code == 400 and "file" in response.json()["error"]["fields"]


def test_patch_rename_and_share(alice_client, alice, make_image):
    image = make_image(alice)
    url = reverse("api-image", args=[image.pk])
    body = alice_client.patch(url, {"title": "New", "visibility": "public"},
                              content_type="application/json").json()
    assert (body["title"], body["visibility"], body["moderation"]) == ("New", "public", "pending")
    bad = alice_client.patch(url, {"visibility": "everyone"}, content_type="application/json")
    assert bad.status_code == 400 and "visibility" in bad.json()["error"]["fields"]


def test_patch_with_deeply_nested_json_is_a_400(alice_client, alice, make_image):
    url = reverse("api-image", args=[make_image(alice).pk])
    bad = alice_client.generic("PATCH", url, '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}",
                               content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "parse_error"


def test_filter_by_kind(alice_client, alice, make_image):
    make_image(alice, kind="inpaint")
    upload_image = make_image(alice, kind="upload")
    data = alice_client.get(reverse("api-images"), {"kind": "upload"}).json()
    assert [item["id"] for item in data["results"]] == [str(upload_image.pk)]
    page = alice_client.get(reverse("editor:gallery-mine"), {"kind": "upload"}).content.decode()
    assert str(upload_image.pk) in page


def files_of(image):
    return [image.file.path, image.thumbnail.path]


def test_api_delete_removes_files(alice_client, alice, make_image, django_capture_on_commit_callbacks):
    image = make_image(alice)
    paths = files_of(image)
    assert all(os.path.exists(p) for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(reverse("api-image", args=[image.pk]))
    assert response.status_code == 204
    assert not Image.objects.filter(pk=image.pk).exists()
    assert not any(os.path.exists(p) for p in paths)


def test_bulk_and_cascade_delete_remove_files(alice, bob, make_image, django_capture_on_commit_callbacks):
    images = [make_image(alice) for _ in range(2)] + [make_image(bob)]
    paths = [p for image in images for p in files_of(image)]
    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.filter(owner=alice).delete()  # queryset delete
        bob.delete()  # cascade from the user
    assert not any(os.path.exists(p) for p in paths)


def test_page_delete_removes_files(alice_client, alice, make_image, django_capture_on_commit_callbacks):
    image = make_image(alice)
    paths = files_of(image)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("editor:gallery-image-delete", args=[image.pk]))
    assert response.status_code == 302
    assert not any(os.path.exists(p) for p in paths)


def test_deleted_image_keeps_its_log_line(alice, staff, make_image):
    image = make_image(alice, "pending")
    actions.approve([image], staff)
    pk = image.pk
    actions.delete_images([image])
    entry = actions.ModerationLog.objects.get()
    assert entry.image is None and entry.image_ref == str(pk)


def test_file_headers_private(alice_client, alice, make_image):
    image = make_image(alice)
    response = alice_client.get(image.get_file_url())
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    thumb = alice_client.get(image.get_thumbnail_url())
    assert thumb["Content-Type"] == "image/webp" and thumb["Cache-Control"].startswith("private")


def test_file_headers_public_and_download(anon_client, alice, make_image):
    image = make_image(alice, "approved", title="Red fox")
    response = anon_client.get(image.get_file_url())
    assert response["Cache-Control"].startswith("public")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" not in response or "attachment" not in response["Content-Disposition"]
    download = anon_client.get(reverse("editor:image-download", args=[image.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "red-fox" in download["Content-Disposition"]


@override_settings(FILES_X_ACCEL_REDIRECT_PREFIX="/protected/")
def test_x_accel_redirect(alice_client, bob_client, alice, make_image):
    image = make_image(alice)
    response = alice_client.get(image.get_file_url())
    assert response["X-Accel-Redirect"] == "/protected/" + image.file.name
    assert response["Content-Type"] == "image/png" and response.content == b""
    assert bob_client.get(image.get_file_url()).status_code == 404


def test_gallery_image_api_gives_remix_params(bob_client, alice, make_image):
    image = make_image(alice, "approved", params={"prompt": "a fox", "seed": 3, "style": "anime",
                                                  "inputs": ["secret/path.png"]})
    body = bob_client.get(reverse("api-gallery-image", args=[image.pk])).json()
    assert body["prompt"] == "a fox"
    assert body["params"] == {"prompt": "a fox", "seed": 3, "style": "anime"}
    assert body["author"] == "alice"


@override_settings(GALLERY_PAGE_SIZE=2)
def test_my_gallery_is_paginated_newest_first(alice_client, alice, make_image):
    made = [make_image(alice, title=f"pic {n}") for n in range(3)]
    first = alice_client.get(reverse("editor:gallery-mine")).content.decode()
    second = alice_client.get(reverse("editor:gallery-mine"), {"page": 2}).content.decode()
    assert str(made[2].pk) in first and str(made[1].pk) in first and str(made[0].pk) not in first
    assert str(made[0].pk) in second and "Page 2 of 2" in second
    # A junk page number shows a page, not an error.
    assert alice_client.get(reverse("editor:gallery-mine"), {"page": "zzz"}).status_code == 200


def test_a_saved_canvas_is_filed_as_a_canvas(alice_client):
    body = upload(alice_client, encoded(size=(728, 400)), kind="canvas").json()
    assert body["kind"] == "canvas"
    listed = alice_client.get(reverse("api-images"), {"kind": "canvas"}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [body["id"]]
    assert upload(alice_client, encoded()).json()["kind"] == "upload"  # the default
    page = alice_client.get(reverse("editor:gallery-mine") + "?kind=canvas").content.decode()
    assert "Saved canvas · 728×400" in page and "Upload · " not in page


def test_upload_kind_must_be_upload_or_canvas(alice_client):
    response = upload(alice_client, encoded(), kind="text2img")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid" and "kind" in response.json()["error"]["fields"]
