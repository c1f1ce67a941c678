"""Every response carries the Content-Security-Policy: pages, API answers, errors, static files."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    header = response.headers["Content-Security-Policy"]
    return {name: sources.split() for name, _, sources in (d.strip().partition(" ") for d in header.split(";"))}


@pytest.mark.parametrize("path,status", [
    ("/", 200), ("/accounts/login/", 200), ("/gallery/", 200), ("/api/v1/styles/", 200),
    ("/api/v1/jobs/", 403), ("/no-such-page/", 404), ("/static/editor/main.js", 200), ("/jsi18n/", 200),
])
def test_every_response_has_the_policy(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    # No inline code and nothing from elsewhere: the product uses no CDN.
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_logged_in_pages_too(client, django_user_model):
    user = django_user_model.objects.create_user("carol", password="carol-pass-123")
    client.force_login(user)
    for path in ("/editor/", "/gallery/mine/", "/accounts/profile/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
