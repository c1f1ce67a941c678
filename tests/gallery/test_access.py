"""Who may see and do what, for every gallery, image, API and file URL.

alice owns the images; bob is a stranger; staff moderate; anonymous is logged out. Strangers
get 404 for anything not public and approved, never 403, so existence does not leak.
"""

import pytest
from django.urls import reverse

from editor.models import Image

pytestmark = pytest.mark.django_db

STATES = ["private", "pending", "approved", "rejected", "hidden"]
PERSONAS = ["alice", "bob", "staff", "anonymous"]

VIEW_URLS = {
    "detail": lambda pk: reverse("editor:gallery-image", args=[pk]),
    "file": lambda pk: reverse("editor:image-file", args=[pk]),
    "thumb": lambda pk: reverse("editor:image-thumb", args=[pk]),
    "download": lambda pk: reverse("editor:image-download", args=[pk]),
    "api-gallery-image": lambda pk: reverse("api-gallery-image", args=[pk]),
}


def may_view(persona, state):
    return persona in ("alice", "staff") or state == "approved"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(VIEW_URLS))
def test_viewing_an_image(clients, alice, make_image, state, persona, url_name):
    image = make_image(alice, state)
    response = clients[persona].get(VIEW_URLS[url_name](image.pk))
    assert response.status_code == (200 if may_view(persona, state) else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_unknown_image_is_404_for_everyone(clients, persona):
    missing = "00000000-0000-4000-8000-000000000000"
    for make_url in VIEW_URLS.values():
        assert clients[persona].get(make_url(missing)).status_code == 404


@pytest.mark.parametrize("persona,expected", [("alice", 200), ("bob", 404), ("staff", 404),
                                              ("anonymous", 403)])
def test_api_my_image_is_owner_only(clients, alice, make_image, persona, expected):
    image = make_image(alice, "approved")
    url = reverse("api-image", args=[image.pk])
    assert clients[persona].get(url).status_code == expected
    patched = clients[persona].patch(url, {"title": "mine now"}, content_type="application/json")
    assert patched.status_code == expected
    image.refresh_from_db()
    assert (image.title == "mine now") == (persona == "alice")


@pytest.mark.parametrize("persona,expected,code", [("bob", 404, "not_found"), ("staff", 404, "not_found"),
                                                   ("anonymous", 403, "not_authenticated")])
def test_api_delete_someone_elses_image_fails(clients, alice, make_image, persona, expected, code):
    # As for reading it: strangers (staff too, this is the owner's API) cannot tell it exists,
    # the logged-out are asked to log in.
    image = make_image(alice, "approved")
    response = clients[persona].delete(reverse("api-image", args=[image.pk]))
    assert (response.status_code, response.json()["error"]["code"]) == (expected, code)
    assert Image.objects.filter(pk=image.pk).exists()


def test_api_lists_only_my_images(clients, alice, bob, make_image):
    mine = make_image(alice, "private")
    make_image(bob, "approved")
    data = clients["alice"].get(reverse("api-images")).json()
    assert [item["id"] for item in data["results"]] == [str(mine.pk)]
    assert clients["anonymous"].get(reverse("api-images")).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_gallery_shows_only_approved_public(clients, alice, make_image, persona):
    shown = {str(make_image(alice, "approved", title="shown").pk)}
    hidden = {str(make_image(alice, state).pk) for state in STATES if state != "approved"}
    page = clients[persona].get(reverse("editor:gallery"))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(pk in html for pk in shown)
    assert not any(pk in html for pk in hidden)
    api = clients[persona].get(reverse("api-gallery"))
    assert api.status_code == 200
    assert {item["id"] for item in api.json()["results"]} == shown


@pytest.mark.parametrize("persona,status", [("alice", 200), ("bob", 200), ("staff", 200),
                                            ("anonymous", 302)])
def test_my_gallery_shows_only_my_images(clients, alice, make_image, persona, status):
    image = make_image(alice, "private")
    response = clients[persona].get(reverse("editor:gallery-mine"))
    assert response.status_code == status
    if status == 200:
        assert (str(image.pk) in response.content.decode()) == (persona == "alice")
    else:
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona,status", [("alice", 404), ("bob", 404), ("staff", 200),
                                            ("anonymous", 404)])
def test_moderation_page_is_staff_only(clients, persona, status):
    assert clients[persona].get(reverse("editor:moderation")).status_code == status


@pytest.mark.parametrize("persona", ["alice", "bob", "anonymous"])
def test_moderation_posts_are_staff_only(clients, alice, make_image, persona):
    image = make_image(alice, "pending")
    response = clients[persona].post(reverse("editor:moderation-decide"),
                                     {"one": f"approve:{image.pk}"})
    assert response.status_code == 404
    ban = clients[persona].post(reverse("editor:moderation-ban", args=[alice.pk]), {"banned": "1"})
    assert ban.status_code == 404
    image.refresh_from_db()
    alice.refresh_from_db()
    assert image.moderation == "pending" and not alice.generation_banned


@pytest.mark.parametrize("persona", ["bob", "staff"])
def test_strangers_cannot_change_or_delete_from_pages(clients, alice, make_image, persona):
    image = make_image(alice, "approved", title="original")
    update = clients[persona].post(reverse("editor:gallery-image-update", args=[image.pk]),
                                   {"title": "hacked", "visibility": "private"})
    delete = clients[persona].post(reverse("editor:gallery-image-delete", args=[image.pk]))
    assert update.status_code == 404 and delete.status_code == 404
    image.refresh_from_db()
    assert image.title == "original" and image.visibility == "public"


def test_anonymous_page_posts_go_to_login(anon_client, alice, make_image):
    image = make_image(alice, "approved")
    for name in ("editor:gallery-image-update", "editor:gallery-image-delete",
                 "editor:gallery-image-report"):
        response = anon_client.post(reverse(name, args=[image.pk]), {"reason": "x"})
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert image.reports.count() == 0


@pytest.mark.parametrize("state", [s for s in STATES if s != "approved"])
def test_only_public_images_can_be_reported(bob_client, alice, make_image, state):
    image = make_image(alice, state)
    page = bob_client.post(reverse("editor:gallery-image-report", args=[image.pk]), {"reason": "x"})
    api = bob_client.post(reverse("api-image-report", args=[image.pk]), {"reason": "x"},
                          content_type="application/json")
    assert page.status_code == 404 and api.status_code == 404
    assert image.reports.count() == 0


@pytest.mark.parametrize("state", ["private", "approved"])
@pytest.mark.parametrize("url_name", ["file", "thumb", "download"])
def test_files_answer_an_api_token_of_the_owner_only(client, alice, bob, make_image, state, url_name):
    from rest_framework.authtoken.models import Token

    image = make_image(alice, state)
    url = VIEW_URLS[url_name](image.pk)
    alice_token = Token.objects.create(user=alice)
    bob_token = Token.objects.create(user=bob)
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {alice_token.key}").status_code == 200
    expected_for_others = 200 if state == "approved" else 404
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {bob_token.key}").status_code == expected_for_others
    assert client.get(url, HTTP_AUTHORIZATION="Token not-a-real-key").status_code == expected_for_others
