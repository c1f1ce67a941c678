"""NUL bytes in queries, headers and form text: PostgreSQL refuses them in a query, so they must
never reach it (these fail with a 500 on PostgreSQL, which CI runs, without the guards)."""

import pytest
from django.urls import reverse

from editor.models import Image

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/images/", "/api/v1/gallery/", "/gallery/", "/gallery/mine/"])
@pytest.mark.parametrize("kind", ["\x00", "no-such-kind"])
def test_unknown_kind_filter_lists_nothing(alice_client, alice, make_image, url, kind):
    make_image(alice, "approved")
    response = alice_client.get(url, {"kind": kind})
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response.json()["count"] == 0
    else:
        assert response.context["page"].paginator.count == 0


def test_known_kind_filter_still_filters(alice_client, alice, make_image):
    make_image(alice, kind="text2img")
    make_image(alice, kind="upload")
    assert alice_client.get("/api/v1/images/", {"kind": "upload"}).json()["count"] == 1


@pytest.mark.parametrize("key", ["\x00", "abc\x00def", "z" * 40, "0" * 39])
def test_a_token_that_cannot_be_a_key_is_refused_not_looked_up(client, alice, key):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_real_token_still_works(client, alice):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=alice).key
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").json()["username"] == "alice"


def test_nul_in_a_rejection_reason_is_dropped(staff_client, alice, make_image):
    image = make_image(alice, "pending")
    staff_client.post(reverse("editor:moderation-decide"),
                      {"one": f"reject:{image.pk}", f"reason-{image.pk}": "off\x00 topic"})
    image.refresh_from_db()
    assert (image.moderation, image.moderation_reason) == (Image.Moderation.REJECTED, "off topic")


def test_nul_in_a_title_and_a_report_is_dropped(alice_client, bob_client, alice, make_image):
    image = make_image(alice, "approved")
    alice_client.post(reverse("editor:gallery-image-update", args=[image.pk]), {"title": "fox\x00es"})
    bob_client.post(reverse("editor:gallery-image-report", args=[image.pk]), {"reason": "sp\x00am"})
    image.refresh_from_db()
    assert image.title == "foxes"
    assert image.reports.get().reason == "spam"
