"""API tokens from the profile page: create, show, rotate (the old one stops working)."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def _me(client, key):
    return client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def _rejected(response):
    # DRF answers 403 rather than 401 because SessionAuthentication is listed first.
    return (response.status_code, response.json()["error"]["code"]) == (403, "authentication_failed")


def test_create_and_rotate_token(alice_client, alice):
    api = Client()  # a separate client: no session, only the token header
    assert _rejected(_me(api, "not-a-real-key"))
    assert "You have no API token yet." in alice_client.get("/accounts/profile/").content.decode()

    response = alice_client.post("/accounts/profile/token/")
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    first = Token.objects.get(user=alice).key
    page = alice_client.get("/accounts/profile/").content.decode()
    assert first in page and "Your API token was created." in page

    answer = _me(api, first)
    assert answer.status_code == 200
    assert answer.json() == {"id": alice.pk, "username": "alice", "display_name": "", "language": ""}

    alice_client.post("/accounts/profile/token/")
    second = Token.objects.get(user=alice).key
    assert second != first
    assert _rejected(_me(api, first))
    assert _me(api, second).status_code == 200
    assert "the old one no longer works" in alice_client.get("/accounts/profile/").content.decode()


def test_token_endpoint_is_post_only(alice_client, alice):
    assert alice_client.get("/accounts/profile/token/").status_code == 405
    assert not Token.objects.filter(user=alice).exists()


def test_me_with_session_and_anonymous(alice_client):
    assert alice_client.get("/api/v1/me/").json()["username"] == "alice"
    anonymous = Client().get("/api/v1/me/")
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (403, "not_authenticated")


def test_tokens_are_per_user(alice_client, alice, bob):
    alice_client.post("/accounts/profile/token/")
    alice_client.force_login(bob)
    alice_client.post("/accounts/profile/token/")
    alice_key, bob_key = Token.objects.get(user=alice).key, Token.objects.get(user=bob).key
    api = Client()
    assert _me(api, alice_key).json()["username"] == "alice"
    assert _me(api, bob_key).json()["username"] == "bob"
