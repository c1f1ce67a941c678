"""Sign-up, log-in, log-out, passwords, the profile page and who may reach what."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

User = get_user_model()


def _session_user_id(client):
    return client.session.get("_auth_user_id")


def test_signup_creates_the_account_and_logs_in(client):
    response = client.post("/accounts/signup/", {
        "username": "carol", "email": "carol@example.com",
        "password1": "paint-with-words-42", "password2": "paint-with-words-42",
    })
    assert response.status_code == 302 and response["Location"] == "/"
    carol = User.objects.get(username="carol")
    assert carol.email == "carol@example.com" and carol.check_password("paint-with-words-42")
    assert _session_user_id(client) == str(carol.pk)
    # The welcome message is shown on the next page, with the account menu.
    page = client.get("/accounts/profile/").content.decode()
    assert "Welcome to Kandinsky Studio, carol!" in page
    assert "Log out" in page
    assert "joined today" in page and "member for 0 days" not in page  # not "0 days" on day one
    User.objects.filter(pk=carol.pk).update(date_joined=carol.date_joined - timedelta(days=3))
    assert "member for 3 days" in client.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize("data, field", [
    ({"username": "alice", "email": "new@example.com"}, "username"),
    ({"username": "newbie", "email": "ALICE@example.com"}, "email"),
    ({"username": "newbie", "email": "not-an-email"}, "email"),
])
def test_signup_rejects_taken_or_bad_details(client, alice, data, field):
    response = client.post("/accounts/signup/", {**data, "password1": "paint-with-words-42", "password2": "paint-with-words-42"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()
    assert _session_user_id(client) is None


def test_signup_rejects_mismatched_passwords(client):
    response = client.post("/accounts/signup/", {
        "username": "dave", "email": "dave@example.com", "password1": "paint-with-words-42", "password2": "other-words-42",
    })
    assert response.status_code == 200 and "password2" in response.context["form"].errors
    assert not User.objects.filter(username="dave").exists()


def test_login_and_logout(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200 and _session_user_id(client) is None

    response = client.post("/accounts/login/?next=/accounts/profile/", {
        "username": "alice", "password": "alice-pass-123", "next": "/accounts/profile/",
    })
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert _session_user_id(client) == str(alice.pk)

    # Log-out is POST only: a link (GET) must not be able to log anyone out.
    assert client.get("/accounts/logout/").status_code == 405
    assert _session_user_id(client) == str(alice.pk)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert _session_user_id(client) is None
    assert client.get("/accounts/profile/").status_code == 302


@pytest.mark.parametrize("url", ["/accounts/profile/", "/accounts/password/change/"])
def test_anonymous_is_sent_to_login_from_private_pages(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_anonymous_cannot_rotate_a_token(client):
    response = client.post("/accounts/profile/token/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_profile_saves_display_name(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {"display_name": "Alice K.", "language": ""})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Alice K."
    page = alice_client.get("/accounts/profile/").content.decode()
    assert "Alice K." in page and "Your profile has been saved." in page


def test_profile_rejects_unknown_language(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {"display_name": "", "language": "xx"})
    assert response.status_code == 200 and "language" in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.language == ""


def test_password_change(alice_client, alice):
    response = alice_client.post("/accounts/password/change/", {
        "old_password": "alice-pass-123", "new_password1": "new-canvas-pass-77", "new_password2": "new-canvas-pass-77",
    })
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/done/"
    alice.refresh_from_db()
    assert alice.check_password("new-canvas-pass-77")
    # The session survives the change (Django rotates its hash).
    assert alice_client.get("/accounts/password/change/done/").status_code == 200


def test_password_reset_by_email(client, alice):
    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Kandinsky Studio: reset your password"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/\S+/)", message.body).group(1)

    # The link leads to a form (via Django's session-token redirect) that sets the password.
    form_url = client.get(link)["Location"]
    assert client.get(form_url).context["validlink"] is True
    response = client.post(form_url, {"new_password1": "fresh-brush-909", "new_password2": "fresh-brush-909"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password("fresh-brush-909")
    # Used once: the same link is now invalid.
    page = client.get(link, follow=True)
    assert page.context["validlink"] is False


def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, alice):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_staff_reach_the_admin_and_others_do_not(client, staff, alice):
    client.force_login(alice)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_superuser_sees_the_studio_fields_in_the_user_admin(client, alice):
    admin = User.objects.create_superuser("root", "root@example.com", "root-pass-123")
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()
    for field in ("display_name", "language", "is_trusted", "generation_banned"):
        assert f'name="{field}"' in page


def test_layout_shows_the_right_menus(client, alice, staff):
    page = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in page and 'href="/accounts/signup/"' in page
    assert 'href="/moderation/"' not in page and 'href="/editor/"' not in page

    client.force_login(alice)
    page = client.get("/accounts/profile/").content.decode()
    assert 'href="/editor/"' in page and 'href="/gallery/mine/"' in page and 'href="/gallery/"' in page
    assert 'href="/moderation/"' not in page
    assert 'action="/accounts/logout/"' in page and 'src="/jsi18n/"' in page

    assert 'href="/admin/"' not in page

    client.force_login(staff)
    page = client.get("/accounts/profile/").content.decode()
    assert 'href="/moderation/"' in page and 'href="/admin/"' in page


def test_password_reset_email_speaks_the_visitors_language(client, alice, compiled_messages):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert mail.outbox[0].subject == "Kandinsky Studio: сброс пароля"
    assert "Здравствуйте!" in mail.outbox[0].body
