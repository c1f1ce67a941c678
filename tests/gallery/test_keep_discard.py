"""Issue 9.3: a job's results are its history; My gallery holds what the user keeps (accepted,
kept, shared, uploaded, saved); Discard deletes a result never kept. Owner only: others get 404."""

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from editor import actions
from editor.models import Image
from generation import actions as job_actions
from generation.models import Job

pytestmark = pytest.mark.django_db


def finished_job(owner, count=2):
    """A job through the real finish(): its results saved as the worker saves them."""
    job = Job.objects.create(owner=owner, kind="text2img", status=Job.Status.RUNNING,
                             params={"prompt": "a fox", "seed": 1}, started_at=timezone.now())
    assert job_actions.finish(job, [PILImage.new("RGB", (64, 64), c) for c in ("red", "blue")[:count]])
    return job, list(job.results.order_by("created_at", "id"))


def listed(client, query=""):
    response = client.get(reverse("api-images") + query)
    assert response.status_code == 200, response.content
    body = response.json()
    return {item["id"] for item in (body["results"] if isinstance(body, dict) else body)}


def test_job_results_are_history_not_gallery(alice, alice_client):
    job, results = finished_job(alice)
    assert [image.kept for image in results] == [False, False]
    ids = {str(image.pk) for image in results}
    assert listed(alice_client) == set()
    assert listed(alice_client, "?kept=false") == ids
    assert listed(alice_client, "?kept=all") == ids
    assert alice_client.get(reverse("api-images") + "?kept=maybe").json()["error"]["code"] == "invalid"
    # The job answer says so too, so the editor knows what Discard will do.
    job_body = alice_client.get(reverse("api-job", args=[job.pk])).json()
    assert [r["kept"] for r in job_body["results"]] == [False, False]
    page = alice_client.get(reverse("editor:gallery-mine")).content.decode()
    assert str(results[0].pk) not in page
    history = alice_client.get(reverse("editor:gallery-mine") + "?kept=false").content.decode()
    assert str(results[0].pk) in history and "Keep in My gallery" in history


def test_keep_puts_a_result_in_my_gallery(alice, alice_client):
    _, (first, second) = finished_job(alice)
    response = alice_client.post(reverse("api-image-keep", args=[first.pk]))
    assert response.status_code == 200 and response.json()["kept"] is True
    assert alice_client.post(reverse("api-image-keep", args=[first.pk])).status_code == 200  # idempotent
    assert listed(alice_client) == {str(first.pk)}
    # A kept picture is not discarded by a stray Discard: that is the gallery's Delete.
    response = alice_client.post(reverse("api-image-discard", args=[first.pk]))
    assert response.status_code == 409 and response.json()["error"]["code"] == "image_kept"
    assert Image.objects.filter(pk=first.pk).exists()


def test_discard_deletes_a_result_never_kept(alice, alice_client):
    _, (first, second) = finished_job(alice)
    response = alice_client.post(reverse("api-image-discard", args=[first.pk]))
    assert response.status_code == 204
    assert not Image.objects.filter(pk=first.pk).exists()
    assert listed(alice_client, "?kept=all") == {str(second.pk)}


def test_bob_can_neither_keep_nor_discard_alices_results(alice, bob_client):
    _, (first, _second) = finished_job(alice)
    for name in ("api-image-keep", "api-image-discard"):
        response = bob_client.post(reverse(name, args=[first.pk]))
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    first.refresh_from_db()
    assert first.kept is False
    assert bob_client.get(reverse("editor:gallery-image", args=[first.pk])).status_code == 404
    assert bob_client.post(reverse("editor:gallery-image-keep", args=[first.pk])).status_code == 404


def test_anonymous_is_refused(alice, anon_client):
    _, (first, _second) = finished_job(alice)
    assert anon_client.post(reverse("api-image-keep", args=[first.pk])).status_code in (401, 403)


def test_uploads_and_sharing_are_kept(alice, alice_client):
    from tests.gallery.test_images_api import encoded, upload

    body = upload(alice_client, encoded()).json()
    assert body["kept"] is True
    _, (first, _second) = finished_job(alice)
    actions.set_visibility(first, "public")
    first.refresh_from_db()
    assert first.kept is True


def test_keep_from_the_history_page(alice, alice_client):
    _, (first, _second) = finished_job(alice)
    history = reverse("editor:gallery-mine") + "?kept=false"
    response = alice_client.post(reverse("editor:gallery-image-keep", args=[first.pk]), {"next": history})
    assert response.status_code == 302 and response["Location"] == history
    first.refresh_from_db()
    assert first.kept is True
    assert str(first.pk) in alice_client.get(reverse("editor:gallery-mine")).content.decode()


def test_existing_results_stay_kept_after_the_migration():
    """The migration's default: rows from before it (all were in My gallery) stay kept."""
    from importlib import import_module

    migration = import_module("editor.migrations.0004_image_kept").Migration
    (operation,) = migration.operations
    assert operation.name == "kept" and operation.field.default is True
