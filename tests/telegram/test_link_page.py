"""The profile page's Telegram card: a link code only when the button is pressed (POST)."""

import pytest

from telegram_bot.models import LinkCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def bot_configured(settings):
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_BOT_USERNAME = "123:TEST", "studio_bot"


def test_visit_creates_no_code_the_button_does(alice_client, bot_configured):
    page = alice_client.get("/accounts/profile/").content.decode()
    assert 'data-testid="telegram-link-create"' in page and "Create a Telegram link" in page
    assert "t.me/studio_bot" not in page and not LinkCode.objects.exists()
    assert alice_client.get("/accounts/profile/telegram/").status_code == 405
    page = alice_client.post("/accounts/profile/telegram/").content.decode()
    assert 'href="https://t.me/studio_bot?start=' in page and LinkCode.objects.count() == 1
    alice_client.get("/accounts/profile/")
    assert LinkCode.objects.count() == 1


def test_button_in_russian(alice_client, bot_configured):
    page = alice_client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Создать ссылку для Telegram" in page


def test_no_bot_no_card_no_code(alice_client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert 'id="telegram"' not in alice_client.get("/accounts/profile/").content.decode()
    response = alice_client.post("/accounts/profile/telegram/")
    assert response.status_code == 302 and not LinkCode.objects.exists()


def test_anonymous_is_sent_to_log_in(client, bot_configured):
    response = client.post("/accounts/profile/telegram/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LinkCode.objects.exists()
