"""English/Russian: the header switch, Accept-Language, and the saved preference of a user."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def _messages(compiled_messages):
    return compiled_messages


def test_browser_language_picks_russian(ru_client):
    page = ru_client.get("/accounts/login/").content.decode()
    assert '<html lang="ru">' in page
    assert "Забыли пароль?" in page and "Forgot your password?" not in page


def test_header_switch_changes_language_and_keeps_the_page(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="next" value="/accounts/login/"' in page

    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert response.cookies[COOKIE].value == "ru"
    assert "Забыли пароль?" in client.get("/accounts/login/").content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Forgot your password?" in client.get("/accounts/login/").content.decode()


def test_saved_language_is_applied_at_login(client, alice):
    alice.language = "ru"
    alice.save()
    response = client.post("/accounts/login/", {"username": "alice", "password": "alice-pass-123"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ru"
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="ru">' in page and "Выйти" in page


def test_saved_language_wins_over_the_current_one_at_login(client, alice):
    alice.language = "en"
    alice.save()
    client.cookies[COOKIE] = "ru"
    client.post("/accounts/login/", {"username": "alice", "password": "alice-pass-123"})
    assert client.cookies[COOKIE].value == "en"
    assert "Log out" in client.get("/accounts/profile/").content.decode()


def test_no_saved_language_keeps_the_visitors_choice(client, alice):
    client.cookies[COOKIE] = "ru"
    response = client.post("/accounts/login/", {"username": "alice", "password": "alice-pass-123"})
    assert COOKIE not in response.cookies
    assert "Выйти" in client.get("/accounts/profile/").content.decode()


def test_profile_language_change_applies_at_once(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {"display_name": "", "language": "ru"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ru"
    alice.refresh_from_db()
    assert alice.language == "ru"
    page = alice_client.get(response["Location"]).content.decode()
    assert "Профиль сохранён." in page  # the flash message is already in Russian


def test_signup_saves_the_language_it_was_made_in(ru_client, django_user_model):
    ru_client.post("/accounts/signup/", {
        "username": "olga", "email": "olga@example.com",
        "password1": "paint-with-words-42", "password2": "paint-with-words-42",
    })
    assert django_user_model.objects.get(username="olga").language == "ru"


def test_javascript_catalogue_is_served(ru_client):
    response = ru_client.get("/jsi18n/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "django.gettext = function" in response.content.decode()


def test_saved_language_applies_in_a_browser_without_the_cookie(alice_client, alice):
    alice.language = "ru"
    alice.save()
    response = alice_client.get("/accounts/profile/")
    assert "Выйти" in response.content.decode()
    assert response.cookies[COOKIE].value == "ru"
    # Once the cookie is there, the header switch rules until the next log-in.
    alice_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log out" in alice_client.get("/accounts/profile/").content.decode()


def test_language_cookie_outlives_the_browser_session(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert int(response.cookies[COOKIE]["max-age"]) >= 30 * 24 * 3600


def test_header_switch_saves_a_logged_in_users_preference(alice_client, alice, client):
    alice.language = "en"
    alice.save()
    response = alice_client.post("/i18n/setlang/", {"language": "ru", "next": "/accounts/profile/"})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "ru"
    alice.refresh_from_db()
    assert alice.language == "ru"
    # The next log-in, in a fresh browser, comes back in Russian.
    from django.test import Client

    fresh = Client()
    fresh.post("/accounts/login/", {"username": "alice", "password": "alice-pass-123"})
    assert fresh.cookies[COOKIE].value == "ru"
    assert "Выйти" in fresh.get("/accounts/profile/").content.decode()


def test_header_switch_ignores_an_unknown_language_and_anonymous_visitors(alice_client, alice, client):
    alice_client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == ""
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "ru"
