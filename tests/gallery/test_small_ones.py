"""Issue 9.14, the small ones: the style's name (not its slug) on the detail page in both
languages, the profile's token date without a double period, a favicon instead of a 404 on
every page, Russian wording (Upload as a verb, "Сид" for seed), and readable admin labels."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token

from generation.models import StylePreset

pytestmark = pytest.mark.django_db


def _html(client, path, language="en"):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("language,name", [("en", "Watercolour"), ("ru", "Акварель")])
def test_detail_page_shows_the_style_name(alice, alice_client, make_image, language, name):
    StylePreset.objects.update_or_create(slug="watercolour", defaults={
        "name_en": "Watercolour", "name_ru": "Акварель", "prompt_template": "{prompt}, watercolour"})
    image = make_image(alice, params={"prompt": "a harbour", "style": "watercolour"})
    html = _html(alice_client, reverse("editor:gallery-image", args=[image.pk]), language)
    assert f"<dd>{name}</dd>" in html and "<dd>watercolour</dd>" not in html


def test_a_style_no_preset_has_shows_as_it_is(alice, alice_client, make_image):
    image = make_image(alice, params={"prompt": "a harbour", "style": "gone-style"})
    assert "<dd>gone-style</dd>" in _html(alice_client, reverse("editor:gallery-image", args=[image.pk]))


def test_profile_token_date_has_one_period(alice, alice_client):
    token = Token.objects.create(user=alice)
    Token.objects.filter(pk=token.pk).update(created=datetime.datetime(2026, 12, 2, 7, 12, tzinfo=datetime.UTC))
    html = _html(alice_client, "/accounts/profile/")
    assert "Created: Dec. 2, 2026, 7:12 a.m.<" in html and "a.m.." not in html
    assert "Создан: 2 декабря 2026 г. 7:12<" in _html(alice_client, "/accounts/profile/", "ru")


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO
    page = _html(client, "/")
    assert 'rel="icon" href="/static/favicon.svg"' in page
    assert client.get("/static/favicon.svg").status_code == 200


def test_russian_wording(alice_client):
    html = _html(alice_client, "/editor/", "ru")
    assert "Загрузить" in html and ">Загрузка<" not in html  # the Upload button is a verb
    assert "Сид" in html and "Зерно" not in html
    # The kind of an uploaded picture is still a noun.
    assert "Загрузка" in _html(alice_client, reverse("editor:gallery-mine"), "ru")


def test_seed_error_in_russian(alice_client):
    response = alice_client.post(reverse("api-jobs"), {"kind": "text2img", "prompt": "a cat", "seed": "-1"},
                                 HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Сид должен быть неотрицательным целым числом."


def test_admin_lists_untitled_images_readably(alice, make_image):
    image = make_image(alice, kind="upload", params={})
    image.created_at = timezone.make_aware(datetime.datetime(2026, 12, 2, 7, 12))
    with translation.override("en"):
        assert str(image) == "Upload · 96×64 · 12/02/2026 7:12 a.m."
    with translation.override("ru"):
        assert str(image) == "Загрузка · 96×64 · 02.12.2026 07:12"
    assert str(make_image(alice, title="Harbour")) == "Harbour"
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "root-pass-123")
    client = Client()
    client.force_login(admin)
    html = _html(client, "/admin/editor/image/")
    assert "Upload · 96×64 ·" in html and f">{image.pk}<" not in html
