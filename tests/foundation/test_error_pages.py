"""404/403/500 pages in the layout and in the visitor's language."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation

from editor.views import errors


@pytest.mark.django_db
def test_404_in_russian(ru_client, settings):
    settings.DEBUG = False
    response = ru_client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "Страница не найдена" in page and "Page not found" not in page
    assert "Войти" in page  # inside the layout, with the account menu


@pytest.mark.django_db
def test_404_in_english(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_403_in_russian(compiled_messages):
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("ru"):
        response = errors.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_500_renders_without_database_or_request_context(compiled_messages):
    # No django_db mark: any database query here would raise.
    request = RequestFactory().get("/broken/")
    with translation.override("ru"):
        response = errors.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ru">' in page and "Что-то пошло не так" in page
    with translation.override("en"):
        assert "Something went wrong" in errors.server_error(request).content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.foundation.urls_failing")
def test_a_crashing_view_gets_the_russian_500_page_without_a_traceback(ru_client, settings):
    settings.DEBUG = False
    ru_client.raise_request_exception = False
    response = ru_client.get("/crash/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Что-то пошло не так" in page
    assert "Traceback" not in page and "boom" not in page


@pytest.mark.django_db
def test_expired_form_gets_a_translated_403(compiled_messages, alice):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="ru")
    response = browser.post("/accounts/login/", {"username": "alice", "password": "alice-pass-123"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Срок действия формы истёк" in page and '<html lang="ru">' in page
    assert browser.session.get("_auth_user_id") is None
